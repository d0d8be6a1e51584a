#!/bin/sh
# make-models.sh: retrains the three shipped models from the corpora folder
# and evaluates each on its dev split. `make models CORPORA=path` runs it.
# The same corpora and seed reproduce the same files byte for byte.
#
#   training/make-models.sh CORPORA_DIR [OUT_DIR]
set -eu
C=${1:?usage: make-models.sh CORPORA_DIR [OUT_DIR]}
OUT=${2:-models}
H=${HALTUNG:-./haltung}
for f in sb10k/train.jsonl potts/train.jsonl gerntsa/train.jsonl wahlomat/train.jsonl; do
    [ -r "$C/$f" ] || { echo "make-models: $C/$f is missing" >&2; exit 1; }
done
mkdir -p "$OUT"

echo "== tone: sb10k + potts (without 'mixed'), NB-scaled, emoticon classes, char 4-5-grams (see models/tone.md)"
"$H" train --task tone --skip-label mixed --nb 2 --nb-binary --emoticons --char 4-5 --seed 1 \
    -o "$OUT/tone.model" "$C/sb10k/train.jsonl" "$C/potts/train.jsonl"
echo "== actor: gerntsa, with the tone model's help"
"$H" train --task actor --seed 1 --balance problems --tone-model "$OUT/tone.model" -o "$OUT/actor.model" \
    "$C/gerntsa/train.jsonl"
echo "== stance: wahlomat, 2^19 dimensions, dual solver (see models/stance.md)"
"$H" train --task stance --hash-bits 19 --solver dual --seed 1 -o "$OUT/stance.model" \
    "$C/wahlomat/train.jsonl"

echo "== dev figures"
for pair in tone:sb10k actor:gerntsa stance:wahlomat; do
    task=${pair%%:*} corpus=${pair#*:}
    printf '%s on %s/dev: ' "$task" "$corpus"
    "$H" eval --model "$OUT/$task.model" "$C/$corpus/dev.jsonl" | sed -n '2,3p' | tr '\n' ' '
    echo
done
