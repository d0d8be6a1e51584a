#!/bin/sh
# features.sh: feature extraction throughput on one core, with fastText's
# own text processing on the same text in the same run for comparison.
#
#   bench/features.sh [CORPORA_DIR]      (default ../shared/corpora)
#
# The text is the `text` field of every ../shared/corpora/*/train.jsonl, one
# document per line (build/bench/corpus.txt; corpus text, never committed).
# bench-features reads it into memory and runs haltung's front half on each
# line: normalisation, tokens, negation, hashed n-grams, finished vectors.
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
C=${1:-${CORPORA:-$REPO/../shared/corpora}}
OUT=$REPO/build/bench
PY=/usr/bin/python3
mkdir -p "$OUT"
make -s -C "$REPO" build/bench/bench-features
if [ ! -s "$OUT/corpus.txt" ]; then
    "$PY" - "$C" "$OUT/corpus.txt" <<'PYEOF'
import glob, json, os, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*", "train.jsonl"))):
        for line in open(path, encoding="utf-8"):
            out.write(" ".join(json.loads(line)["text"].split()) + "\n")
PYEOF
fi
echo "corpus: $(wc -l < "$OUT/corpus.txt") documents, $(wc -c < "$OUT/corpus.txt") bytes"
echo "haltung, word 1-2-grams + stems + negation (the shipped models' settings):"
"$OUT/bench-features" -r 5 "$OUT/corpus.txt"
echo "haltung, with character 3-5-grams as well:"
"$OUT/bench-features" -c -r 3 "$OUT/corpus.txt"
if command -v fasttext > /dev/null; then
    # fastText reads, tokenises, hashes word bigrams and predicts with a small
    # supervised model: the nearest thing it does to this work.
    awk 'NR % 7 == 0 { print "__label__a " $0 } NR % 7 == 1 { print "__label__b " $0 }' \
        "$OUT/corpus.txt" > "$OUT/ft-features.train"
    fasttext supervised -input "$OUT/ft-features.train" -output "$OUT/ft-features" -epoch 1 \
        -dim 10 -wordNgrams 2 -thread 1 -verbose 0
    BYTES=$(wc -c < "$OUT/corpus.txt")
    best=
    for r in 1 2 3; do
        t=$("$PY" -c 'import time; print(time.time())')
        fasttext predict "$OUT/ft-features.bin" "$OUT/corpus.txt" > /dev/null
        t=$("$PY" -c "import time; print(time.time() - $t)")
        best=$("$PY" -c "print(min(float('$t'), float('${best:-1e9}')))")
    done
    "$PY" -c "print('fasttext predict (word 1-2-grams, dim 10, one thread): best of 3 %.3f s = %.1f MB/s' % ($best, $BYTES / $best / 1e6))"
fi
