#!/usr/bin/python3
"""Paired bootstrap of haltung's lead over a peer on one dev set.

    /usr/bin/python3 bench/paired.py HALTUNG_PREDICTIONS PEERS_JSONL TASK DEV [RESAMPLES]

HALTUNG_PREDICTIONS is what `haltung eval --predictions` wrote for DEV (one JSON line per
record, in file order, with gold and predicted); PEERS_JSONL is `bench/peers.py --predictions
--out` output, whose record for (system, TASK, DEV) lists the peer's predicted labels in the
same order. Each resample draws the dev records with replacement (seed 1) and scores both
systems on the same draw, so the interval is of the difference itself: prints one line per
peer, `system: +0.0191 (95% interval +0.0012..+0.0370, 2000 resamples)`.
"""
import json
import sys

import numpy as np


def macro_f1(gold, pred, k, idx):
    """Macro-F1 over the records idx (indices, with repeats), classes 0..k-1."""
    g, p = gold[idx], pred[idx]
    conf = np.bincount(g * k + p, minlength=k * k).reshape(k, k)
    tp = np.diag(conf).astype(float)
    prec = np.divide(tp, conf.sum(0), out=np.zeros(k), where=conf.sum(0) > 0)
    rec = np.divide(tp, conf.sum(1), out=np.zeros(k), where=conf.sum(1) > 0)
    f1 = np.divide(2 * prec * rec, prec + rec, out=np.zeros(k), where=prec + rec > 0)
    return f1.mean()


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    ours, peers, task, dev = sys.argv[1:5]
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 2000
    lines = [json.loads(l) for l in open(ours, encoding="utf-8") if l.strip()]
    labels = sorted({l["gold"] for l in lines} | {l["predicted"] for l in lines})
    code = {name: i for i, name in enumerate(labels)}
    gold = np.array([code[l["gold"]] for l in lines])
    mine = np.array([code[l["predicted"]] for l in lines])
    n, k = len(gold), len(labels)
    rng = np.random.default_rng(1)
    draws = [rng.integers(0, n, n) for _ in range(rounds)]
    everything = np.arange(n)
    for line in open(peers, encoding="utf-8"):
        d = json.loads(line)
        if d["task"] != task or d["dev"] != dev or "predictions" not in d:
            continue
        if len(d["predictions"]) != n:
            print("%s: %d predictions for %d records; not compared" % (d["system"], len(d["predictions"]), n))
            continue
        theirs = np.array([code.setdefault(x, len(code)) for x in d["predictions"]])
        kk = max(k, len(code))
        diff = macro_f1(gold, mine, kk, everything) - macro_f1(gold, theirs, kk, everything)
        ds = sorted(macro_f1(gold, mine, kk, i) - macro_f1(gold, theirs, kk, i) for i in draws)
        lo, hi = ds[int(0.025 * (rounds - 1) + 0.5)], ds[int(0.975 * (rounds - 1) + 0.5)]
        print("%s: %+.4f (95%% interval %+.4f..%+.4f, %d resamples)" % (d["system"], diff, lo, hi, rounds))


if __name__ == "__main__":
    main()
