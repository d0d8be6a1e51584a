#!/usr/bin/python3
"""Peer baselines for the haltung accuracy benchmark.

Run with the Debian interpreter (it has scikit-learn):

    /usr/bin/python3 bench/peers.py --corpora ../shared/corpora --task all --system all --out peers.jsonl

Systems
  sklearn   FeatureUnion(word 1-2-gram TF-IDF, char_wb 2-5-gram TF-IDF) + LogisticRegression
            (liblinear one-vs-rest for tone and stance, lbfgs multinomial for actor).
            C in {0.5,1,2,4,8} and class_weight in {None, balanced} chosen by 5-fold grouped, stratified CV on train (macro-F1).
  fasttext  `fasttext supervised -wordNgrams 2 -dim 50 -thread 1 -seed 1`, lr and epoch chosen
            by the same 5-fold CV on train; input lowercased, punctuation split off.

Tasks and splits (train on train, evaluate on dev; dev is never used for any choice)
  tone    train sb10k/train + potts/train (potts `mixed` dropped);
          dev sb10k/dev (primary) and potts/dev (mixed dropped, secondary row)
  actor   gerntsa; target span replaced by " TARGETX " (target masked)
  stance  wahlomat; input is topic + " ||| " + text

CV groups (so near-duplicates never straddle a fold): tone and actor group by text
(GerNTSA holds several targets per sentence and was split by sentence); stance groups by
election (the id prefix, e.g. wahlomat-2021/deutschland) because dev is a later election.

Output: one JSON object per (system, task, dev set) on stdout and, with --out, appended to
that file:  system, task, dev, n, macro_f1, accuracy, train_seconds (final fit on the whole of
train: vectorising + fitting, or the `fasttext supervised` call), cv_seconds (hyper-parameter
search, wall time, run with --jobs workers in parallel), params (the chosen settings), and with
--predictions the predicted label of every dev record in file order (for bench/paired.py).
No corpus text is written anywhere except into a temporary directory that is removed.
"""
import argparse
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
from joblib import Parallel, delayed
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import FeatureUnion

SEED = 1
N_FOLDS = 5
SK_CS = [0.5, 1, 2, 4, 8]
SK_CLASS_WEIGHTS = [None, "balanced"]
# Solver per task, fixed after a preliminary check on train CV folds only (never dev):
#   tone:   liblinear (one-vs-rest) and lbfgs (multinomial) tie (best CV macro-F1 0.621 vs 0.623),
#           liblinear is ~8x faster;
#   actor:  lbfgs multinomial is clearly better (0.41 vs 0.36) and cheap on 2.6k rows;
#   stance: liblinear is as good or better (0.546 vs 0.544 on one fold) and 3-4x faster
#           (lbfgs needs ~130-300 s per fit on 28k rows, too slow for a 50-fit grid).
SK_SOLVER = {"tone": "liblinear", "actor": "lbfgs", "stance": "liblinear"}
FT_LRS = [0.1, 0.25, 0.5, 1.0]
FT_EPOCHS = [5, 10, 25]
FT_FIXED = ["-wordNgrams", "2", "-dim", "50", "-thread", "1", "-seed", str(SEED), "-verbose", "0"]
TARGET_TOKEN = " TARGETX "
FASTTEXT = os.environ.get("FASTTEXT", "/usr/bin/fasttext")


# ---------------------------------------------------------------- data

def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def mask_target(r):
    t, s, e = r["text"], r["start"], r["end"]
    if t[s:e] != r["target"]:
        raise ValueError("span mismatch in %s" % r["id"])
    return t[:s] + TARGET_TOKEN + t[e:]


def load_task(corpora, task):
    """Returns (train, devs) where train = (texts, labels, groups) and devs = [(name, texts, labels)]."""
    p = lambda rel: os.path.join(corpora, rel)
    if task == "tone":
        tr = [r for r in read_jsonl(p("sb10k/train.jsonl")) + read_jsonl(p("potts/train.jsonl"))
              if r["label"] != "mixed"]
        devs = [("sb10k/dev", read_jsonl(p("sb10k/dev.jsonl"))),
                ("potts/dev", [r for r in read_jsonl(p("potts/dev.jsonl")) if r["label"] != "mixed"])]
        view = lambda r: r["text"]
        group = lambda r: r["text"]
    elif task == "actor":
        tr = read_jsonl(p("gerntsa/train.jsonl"))
        devs = [("gerntsa/dev", read_jsonl(p("gerntsa/dev.jsonl")))]
        view = mask_target
        group = lambda r: r["text"]
    elif task == "stance":
        tr = read_jsonl(p("wahlomat/train.jsonl"))
        devs = [("wahlomat/dev", read_jsonl(p("wahlomat/dev.jsonl")))]
        view = lambda r: r["topic"] + " ||| " + r["text"]
        group = lambda r: r["id"].rsplit("-", 1)[0]
    else:
        raise ValueError(task)
    train = ([view(r) for r in tr], [r["label"] for r in tr], [group(r) for r in tr])
    return train, [(name, [view(r) for r in rs], [r["label"] for r in rs]) for name, rs in devs]


def cv_folds(labels, groups):
    skf = StratifiedGroupKFold(n_splits=N_FOLDS, shuffle=True, random_state=SEED)
    return list(skf.split(np.zeros(len(labels)), labels, groups))


def macro_f1(y_true, y_pred, labels):
    return f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)


# ---------------------------------------------------------------- scikit-learn

def sk_features():
    return FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True)),
    ])


def sk_clf(C, cw, solver):
    return LogisticRegression(C=C, class_weight=cw, solver=solver, max_iter=2000, random_state=SEED)


def sk_fold(X, y, tr_idx, va_idx, labels, solver):
    feats = sk_features()
    Xtr = feats.fit_transform([X[i] for i in tr_idx])
    Xva = feats.transform([X[i] for i in va_idx])
    ytr, yva = [y[i] for i in tr_idx], [y[i] for i in va_idx]
    out = {}
    for cw, C in itertools.product(SK_CLASS_WEIGHTS, SK_CS):
        out[(cw, C)] = macro_f1(yva, sk_clf(C, cw, solver).fit(Xtr, ytr).predict(Xva), labels)
    return out


def run_sklearn(task, train, devs, labels, jobs, tmp):
    X, y, g = train
    solver = SK_SOLVER[task]
    t0 = time.time()
    per_fold = Parallel(n_jobs=jobs)(delayed(sk_fold)(X, y, a, b, labels, solver) for a, b in cv_folds(y, g))
    cv_seconds = time.time() - t0
    scores = {k: float(np.mean([f[k] for f in per_fold])) for k in per_fold[0]}
    cw, C = max(scores, key=lambda k: scores[k])   # ties: first in grid order
    t0 = time.time()
    feats = sk_features()
    clf = sk_clf(C, cw, solver).fit(feats.fit_transform(X), y)
    train_seconds = time.time() - t0
    params = {"C": C, "class_weight": cw or "none", "solver": solver, "cv_macro_f1": round(scores[(cw, C)], 4)}
    preds = [(name, yd, clf.predict(feats.transform(Xd))) for name, Xd, yd in devs]
    return preds, train_seconds, cv_seconds, params


# ---------------------------------------------------------------- fastText

_TOKEN = re.compile(r"\w+|[^\w\s]")


def ft_line(text):
    return " ".join(_TOKEN.findall(text.lower()))


def ft_write(path, texts, labels=None):
    with open(path, "w", encoding="utf-8") as f:
        for i, t in enumerate(texts):
            f.write(("__label__%s " % labels[i] if labels is not None else "") + ft_line(t) + "\n")


def ft_train(inp, model, lr, epoch):
    cmd = [FASTTEXT, "supervised", "-input", inp, "-output", model,
           "-lr", str(lr), "-epoch", str(epoch)] + FT_FIXED
    t0 = time.time()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.time() - t0


def ft_predict(model, inp):
    out = subprocess.run([FASTTEXT, "predict", model + ".bin", inp], check=True,
                         stdout=subprocess.PIPE, text=True).stdout.split("\n")
    return [line.strip().replace("__label__", "", 1) for line in out if line.strip()]


def ft_remove(model):
    for ext in (".bin", ".vec"):
        if os.path.exists(model + ext):
            os.remove(model + ext)


def ft_cv_job(tmp, k, lr, epoch, yva, labels):
    model = os.path.join(tmp, "cv%d_%s_%d" % (k, lr, epoch))
    ft_train(os.path.join(tmp, "cv%d.train" % k), model, lr, epoch)
    pred = ft_predict(model, os.path.join(tmp, "cv%d.valid" % k))
    ft_remove(model)
    if len(pred) != len(yva):
        raise RuntimeError("fasttext predicted %d lines for %d inputs" % (len(pred), len(yva)))
    return (lr, epoch), macro_f1(yva, pred, labels)


def run_fasttext(task, train, devs, labels, jobs, tmp):
    X, y, g = train
    t0 = time.time()
    jobs_list, folds = [], cv_folds(y, g)
    for k, (a, b) in enumerate(folds):
        ft_write(os.path.join(tmp, "cv%d.train" % k), [X[i] for i in a], [y[i] for i in a])
        ft_write(os.path.join(tmp, "cv%d.valid" % k), [X[i] for i in b])
        for lr, epoch in itertools.product(FT_LRS, FT_EPOCHS):
            jobs_list.append((k, lr, epoch, [y[i] for i in b]))
    res = Parallel(n_jobs=jobs, prefer="threads")(
        delayed(ft_cv_job)(tmp, k, lr, epoch, yva, labels) for k, lr, epoch, yva in jobs_list)
    cv_seconds = time.time() - t0
    scores = {}
    for key, f in res:
        scores.setdefault(key, []).append(f)
    scores = {k: float(np.mean(v)) for k, v in scores.items()}
    lr, epoch = max(scores, key=lambda k: scores[k])
    ft_write(os.path.join(tmp, "full.train"), X, y)
    model = os.path.join(tmp, "full")
    train_seconds = ft_train(os.path.join(tmp, "full.train"), model, lr, epoch)
    params = {"lr": lr, "epoch": epoch, "wordNgrams": 2, "dim": 50, "cv_macro_f1": round(scores[(lr, epoch)], 4)}
    preds = []
    for j, (name, Xd, yd) in enumerate(devs):
        path = os.path.join(tmp, "dev%d.txt" % j)
        ft_write(path, Xd)
        p = ft_predict(model, path)
        if len(p) != len(yd):
            raise RuntimeError("fasttext predicted %d lines for %d inputs" % (len(p), len(yd)))
        preds.append((name, yd, p))
    ft_remove(model)
    return preds, train_seconds, cv_seconds, params


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "..", "..", "shared", "corpora"))
    ap.add_argument("--task", choices=["tone", "actor", "stance", "all"], default="all")
    ap.add_argument("--system", choices=["sklearn", "fasttext", "all"], default="all")
    ap.add_argument("--out", help="append JSON lines here as well as printing them")
    ap.add_argument("--jobs", type=int, default=2, help="parallel workers for the CV search (default 2)")
    ap.add_argument("--predictions", action="store_true",
                    help="add each dev record's predicted label (in file order) to the output")
    args = ap.parse_args()

    tasks = ["tone", "actor", "stance"] if args.task == "all" else [args.task]
    systems = ["sklearn", "fasttext"] if args.system == "all" else [args.system]
    runners = {"sklearn": run_sklearn, "fasttext": run_fasttext}
    tmp = tempfile.mkdtemp(prefix="haltung-peers-")
    try:
        for task in tasks:
            train, devs = load_task(args.corpora, task)
            labels = sorted(set(train[1]))
            for system in systems:
                print("[peers] %s / %s: n_train=%d ..." % (system, task, len(train[0])), file=sys.stderr, flush=True)
                preds, train_s, cv_s, params = runners[system](task, train, devs, labels, args.jobs, tmp)
                for name, yd, pd in preds:
                    rec = {"system": system, "task": task, "dev": name, "n": len(yd),
                           "macro_f1": round(macro_f1(yd, list(pd), labels), 4),
                           "accuracy": round(accuracy_score(yd, list(pd)), 4),
                           "train_seconds": round(train_s, 2), "cv_seconds": round(cv_s, 2),
                           "params": params}
                    if args.predictions:
                        rec["predictions"] = [str(x) for x in pd]
                    line = json.dumps(rec, sort_keys=False)
                    print(line, flush=True)
                    if args.out:
                        with open(args.out, "a", encoding="utf-8") as f:
                            f.write(line + "\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
