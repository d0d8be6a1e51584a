#!/bin/sh
# make-models.sh: retrains the three shipped models from the corpora folder.
# `make models CORPORA=path` runs it. The same corpora and seed reproduce the
# same files byte for byte.
#
#   training/make-models.sh CORPORA_DIR [OUT_DIR [TRAIN_ONLY_DIR]]
#
# Each task is fitted twice. First on the train splits alone, C chosen by
# cross-validation on them: that model's dev figures are the ones the model
# cards and bench/accuracy.sh report (it goes to TRAIN_ONLY_DIR, by default
# build/models-train, and is not shipped). Then the shipped model: the same
# settings and that C, fitted on train and dev together. Dev only ever chose
# settings; the test splits are held back outside the project, and the
# shipped model gains what more labelled data gives (for stance, the latest
# election, the nearest to any it will read).
set -eu
C=${1:?usage: make-models.sh CORPORA_DIR [OUT_DIR [TRAIN_ONLY_DIR]]}
OUT=${2:-models}
T=${3:-build/models-train}
H=${HALTUNG:-./haltung}
for s in train dev; do
    for c in sb10k potts gerntsa wahlomat; do
        [ -r "$C/$c/$s.jsonl" ] || { echo "make-models: $C/$c/$s.jsonl is missing" >&2; exit 1; }
    done
done
mkdir -p "$OUT" "$T"
[ "$(cd "$OUT" && pwd)" != "$(cd "$T" && pwd)" ] ||
    { echo "make-models: OUT_DIR and TRAIN_ONLY_DIR must differ" >&2; exit 1; }

# chosen_C MODEL: the C that cross-validation chose for it
chosen_C() { "$H" info "$1" | awk '$1 == "C:" { print $2 }'; }

# The settings of each task (see models/NAME.md): train_TASK DIR C-OPTION WITH-DEV
# (C-OPTION empty: C by cross-validation; WITH-DEV non-empty: the dev splits too)
train_tone() {
    "$H" train --task tone --skip-label mixed --nb 2 --nb-binary --emoticons --char 4-5 --seed 1 \
        $2 -o "$1/tone.model" "$C/sb10k/train.jsonl" ${3:+"$C/sb10k/dev.jsonl"} \
        "$C/potts/train.jsonl" ${3:+"$C/potts/dev.jsonl"}
}
train_actor() {  # the tone model beside it is its helper
    "$H" train --task actor --seed 1 --balance problems --tone-model "$1/tone.model" \
        $2 -o "$1/actor.model" "$C/gerntsa/train.jsonl" ${3:+"$C/gerntsa/dev.jsonl"}
}
train_stance() {
    "$H" train --task stance --hash-bits 19 --solver dual --seed 1 \
        $2 -o "$1/stance.model" "$C/wahlomat/train.jsonl" ${3:+"$C/wahlomat/dev.jsonl"}
}

for task in tone actor stance; do
    echo "== $task: train split, C by cross-validation ($T)"
    "train_$task" "$T" "" ""
    c=$(chosen_C "$T/$task.model")
    echo "== $task: train and dev splits, C = $c ($OUT)"
    "train_$task" "$OUT" "-C $c" dev
done

echo "== dev figures of the models fitted on the train splits alone"
for pair in tone:sb10k actor:gerntsa stance:wahlomat; do
    task=${pair%%:*} corpus=${pair#*:}
    printf '%s on %s/dev: ' "$task" "$corpus"
    "$H" eval --model "$T/$task.model" "$C/$corpus/dev.jsonl" | grep -E '^(accuracy|macro-F1):' | tr '\n' ' '
    echo
done
