#!/bin/sh
# score.sh: end-to-end scoring throughput, model loading time, and memory on
# a long JSON Lines stream, with fastText's prediction speed on the same text
# in the same run for comparison.
#
#   bench/score.sh [CORPORA_DIR]      (default ../shared/corpora)
#
# The articles are built from GerNTSA's news sentences (CC BY 4.0), five
# sentences to a paragraph and six paragraphs to an article (about 3 KB, the
# length of a news article), plus the example article if present. Each MB/s
# figure is on one core (-j 1) unless it says otherwise.
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
C=${1:-${CORPORA:-$REPO/../shared/corpora}}
H=${HALTUNG:-$REPO/haltung}
PY=/usr/bin/python3
OUT=$REPO/build/bench
mkdir -p "$OUT"
ART=$OUT/articles.jsonl
STREAM_MB=${STREAM_MB:-1024}

"$PY" - "$C/gerntsa/train.jsonl" "$REPO/../shared/examples/putin-trump-telefonat.txt" "$ART" <<'PYEOF'
import json, sys, os
sents = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
arts = []
for i in range(0, len(sents) - 30, 30):
    paras = [" ".join(sents[i + p * 5:i + p * 5 + 5]) for p in range(6)]
    arts.append("\n".join(paras))
if os.path.exists(sys.argv[2]):
    arts.append(open(sys.argv[2], encoding="utf-8").read())
with open(sys.argv[3], "w", encoding="utf-8") as f:
    for r in range(40):  # about 10 MB
        for k, a in enumerate(arts):
            f.write(json.dumps({"id": "a%d-%d" % (r, k), "text": a}, ensure_ascii=False) + "\n")
PYEOF
BYTES=$(wc -c < "$ART")
N=$(wc -l < "$ART")
echo "input: $N articles, $BYTES bytes of JSON Lines ($ART)"

now() { "$PY" -c 'import time; print(time.time())'; }
# rate BYTES ARTICLES T0 T1
rate() { "$PY" -c "import sys; b,n,t0,t1=map(float,sys.argv[1:5]); t=t1-t0; print('%.2f s = %.1f MB/s, %.0f articles/s' % (t, b/t/1e6, n/t))" "$@"; }

# model loading: all three models and the gazetteer, an empty article
t0=$(now); for i in 1 2 3 4 5 6 7 8 9 10; do printf '' | "$H" score > /dev/null; done; t1=$(now)
"$PY" -c "print('load all models + gazetteer + score an empty text: %.1f ms per run (mean of 10 process runs)' % (($t1 - $t0) * 100))"

# best_of3 OUTFILE CMD...: the shortest wall time of three runs of CMD, its
# output written to OUTFILE (as a user would keep it), timed without the
# interpreter's start-up.
best_of3() {
    "$PY" - "$@" <<'PYEOF'
import subprocess, sys, time
out, cmd, best = sys.argv[1], sys.argv[2:], None
for _ in range(3):
    with open(out, "wb") as f:
        t = time.perf_counter()
        subprocess.run(cmd, stdout=f, check=True)
        t = time.perf_counter() - t
    best = t if best is None else min(best, t)
print(best)
PYEOF
}
t=$(best_of3 "$OUT/scores.jsonl" "$H" score --jsonl -j 1 "$ART")
echo "haltung score --jsonl -j 1, best of 3:  $(rate "$BYTES" "$N" 0 "$t")"
t=$(best_of3 "$OUT/scores-j2.jsonl" "$H" score --jsonl -j 2 "$ART")
echo "haltung score --jsonl -j 2, best of 3:  $(rate "$BYTES" "$N" 0 "$t")"
cmp -s "$OUT/scores.jsonl" "$OUT/scores-j2.jsonl" && echo "  -j 1 and -j 2 outputs are identical" \
    || echo "  WARNING: -j 1 and -j 2 outputs differ"
# The same task as the peer below: tone only (of the article and each paragraph,
# with evidence), no actors.
t=$(best_of3 "$OUT/scores-tone.jsonl" "$H" score --jsonl -j 1 --tone-only "$ART")
echo "haltung score --jsonl -j 1 --tone-only, best of 3:  $(rate "$BYTES" "$N" 0 "$t")"

# The peer: fastText's supervised prediction (one label per article, no actors,
# no offsets) on the same texts, one line per article, one thread.
if command -v fasttext > /dev/null; then
    "$PY" - "$C/sb10k/train.jsonl" "$ART" "$OUT/ft.train" "$OUT/ft.txt" <<'PYEOF'
import json, sys
with open(sys.argv[3], "w", encoding="utf-8") as f:
    for l in open(sys.argv[1], encoding="utf-8"):
        d = json.loads(l)
        f.write("__label__%s %s\n" % (d["label"], " ".join(d["text"].split())))
with open(sys.argv[4], "w", encoding="utf-8") as f:
    for l in open(sys.argv[2], encoding="utf-8"):
        f.write(" ".join(json.loads(l)["text"].split()) + "\n")
PYEOF
    fasttext supervised -input "$OUT/ft.train" -output "$OUT/ft" -wordNgrams 2 -dim 50 -epoch 5 \
        -thread 1 -verbose 0
    FTB=$(wc -c < "$OUT/ft.txt")
    t=$(best_of3 "$OUT/ft.out" fasttext predict-prob "$OUT/ft.bin" "$OUT/ft.txt")
    echo "fasttext predict-prob (tone only, one label per article, same texts), best of 3: $(rate "$FTB" "$N" 0 "$t")"
else
    echo "fasttext not installed (apt-get install fasttext): no peer figure"
fi

# memory on a long stream: maximum resident size after 100 MB and after STREAM_MB
for mb in 100 "$STREAM_MB"; do
    rss=$("$PY" - "$ART" "$mb" <<'PYEOF' | /usr/bin/time -f %M "$H" score --jsonl -j 2 - 2>&1 >/dev/null | tail -n 1
import sys
data = open(sys.argv[1], "rb").read()
want = int(sys.argv[2]) << 20
out = sys.stdout.buffer
while want > 0:
    out.write(data)
    want -= len(data)
PYEOF
)
    echo "stream of $mb MB through score --jsonl -j 2: maximum resident size $rss KB"
done
