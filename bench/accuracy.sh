#!/usr/bin/env bash
# bench/accuracy.sh - haltung against the peer baselines (scikit-learn, fastText) on the dev splits.
#
#   bench/accuracy.sh [CORPORA_DIR]
#
# Environment:
#   CORPORA        corpora dir (or first argument); default ../shared/corpora relative to the repo root
#   HALTUNG        haltung binary; default ./haltung (repo root)
#   PEERS_RESULTS  an existing peers.py --out file to reuse instead of re-running the peers
#                  (the full peer run with its CV search takes a while, see bench/peers.py)
#   PEERS_SYSTEMS  sklearn|fasttext|all (default all);  SKIP_PEERS=1 to show haltung rows only
#
# Splits (same for every system; train on train, evaluate on dev):
#   tone   train sb10k/train + potts/train without `mixed`; dev sb10k/dev (primary),
#          potts/dev without `mixed` (secondary row)
#   actor  gerntsa train/dev        stance  wahlomat train/dev
# Prints one table: task | system | macro-F1 | accuracy | train seconds, then haltung's
# macro-F1 lead over each peer with a paired-bootstrap interval (bench/paired.py), then notes.
set -u -o pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
abspath() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

if [ $# -ge 1 ]; then C=$(abspath "$1")
elif [ -n "${CORPORA:-}" ]; then C=$(abspath "$CORPORA")
else C="$REPO/../shared/corpora"; fi
if [ -n "${HALTUNG:-}" ]; then HALTUNG=$(abspath "$HALTUNG"); else HALTUNG="$REPO/haltung"; fi
PY=/usr/bin/python3
cd "$REPO" || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/haltung-accuracy.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

# ============================================================================================
# haltung commands - ADJUST HERE when the CLI changes.
# Each eval command must print ONE JSON object with keys n, accuracy, macro_f1 on stdout.
# ============================================================================================
# The train commands are those of training/make-models.sh's first fit (train splits only; the shipped
# models are then refitted on train and dev with the same settings). Extra
# arguments ("$@") are appended: the final-fit timing run adds -C VALUE --threads 1.
haltung_train_tone()   { "$HALTUNG" train -q --task tone --skip-label mixed --nb 2 --nb-binary --emoticons --char 4-5 --seed 1 -o "$TMP/tone.model" "$@" "$C/sb10k/train.jsonl" "$C/potts/train.jsonl"; }
haltung_eval_tone()    { "$HALTUNG" eval --model "$TMP/tone.model" --format json --predictions "$TMP/h-tone.pred" "$C/sb10k/dev.jsonl"; }
# secondary tone row: potts/dev with `mixed` removed (filtered copy in $TMP, made below)
haltung_eval_tone_potts() { "$HALTUNG" eval --model "$TMP/tone.model" --format json --predictions "$TMP/h-tone_potts.pred" "$TMP/potts-dev-nomixed.jsonl"; }
haltung_train_actor()  { "$HALTUNG" train -q --task actor --seed 1 --balance problems --tone-model "$TMP/tone.model" -o "$TMP/actor.model" "$@" "$C/gerntsa/train.jsonl"; }
haltung_eval_actor()   { "$HALTUNG" eval --model "$TMP/actor.model" --format json --predictions "$TMP/h-actor.pred" "$C/gerntsa/dev.jsonl"; }
haltung_train_stance() { "$HALTUNG" train -q --task stance --hash-bits 19 --solver dual --seed 1 -o "$TMP/stance.model" "$@" "$C/wahlomat/train.jsonl"; }
haltung_eval_stance()  { "$HALTUNG" eval --model "$TMP/stance.model" --format json --predictions "$TMP/h-stance.pred" "$C/wahlomat/dev.jsonl"; }
# ============================================================================================

ROWS="$TMP/rows.tsv"   # task-key <TAB> system <TAB> macro_f1 <TAB> accuracy <TAB> train_seconds <TAB> n
NOTES=()
note() { NOTES+=("$*"); }
have_jq() { command -v jq >/dev/null 2>&1; }

# json_fields FILE -> "n<TAB>macro_f1<TAB>accuracy" from a file holding one JSON object
json_fields() {
    if have_jq; then
        jq -er 'select(type=="object") | [.n, .macro_f1, .accuracy] | map(tostring) | @tsv' "$1" 2>/dev/null | head -n 1
    else
        "$PY" - "$1" <<'EOF' 2>/dev/null
import json, sys
raw = open(sys.argv[1], encoding="utf-8").read()
try:
    objs = [json.loads(raw)]
except ValueError:
    objs = [json.loads(l) for l in raw.splitlines() if l.strip().startswith("{")]
d = [o for o in objs if isinstance(o, dict)][0]
print("%s\t%s\t%s" % (d["n"], d["macro_f1"], d["accuracy"]))
EOF
    fi
}

# filter_mixed IN OUT : copy a JSONL file without its `mixed` records
filter_mixed() {
    if have_jq; then jq -c 'select(.label != "mixed")' "$1" > "$2"
    else "$PY" -c '
import json, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in open(sys.argv[1], encoding="utf-8"):
        if line.strip() and json.loads(line)["label"] != "mixed":
            out.write(line if line.endswith("\n") else line + "\n")' "$1" "$2"
    fi
}

if [ ! -d "$C" ]; then echo "accuracy.sh: corpora dir not found: $C" >&2; exit 1; fi
echo "corpora: $C" >&2

# ---------------------------------------------------------------- haltung
run_haltung_task() {   # $1 = tone|actor|stance
    local task=$1 t0 t1 tcv t2 secs cvsecs rc chosen
    echo "[haltung] train $task (C by cross-validation) ..." >&2
    t0=$EPOCHREALTIME
    "haltung_train_$task" > "$TMP/h-$task-train.out" 2> "$TMP/h-$task-train.err"; rc=$?
    tcv=$EPOCHREALTIME
    if [ $rc -ne 0 ]; then
        note "haltung $task: train failed (exit $rc): $(tail -n 3 "$TMP/h-$task-train.err" | tr '\n' ' ')"
        return
    fi
    # Like the peers' train seconds (their hyper-parameter search is timed apart), the
    # train seconds are a final fit with the chosen C, on one thread as fastText's -thread 1.
    chosen=$("$HALTUNG" info "$TMP/$task.model" | awk '$1 == "C:" { print $2 }')
    echo "[haltung] train $task (final fit, C=$chosen, one thread) ..." >&2
    t1=$EPOCHREALTIME
    if ! "haltung_train_$task" -C "$chosen" --threads 1 > /dev/null 2>> "$TMP/h-$task-train.err"; then
        note "haltung $task: final fit failed"; return
    fi
    t2=$EPOCHREALTIME
    secs=$("$PY" -c "print('%.2f' % ($t2 - $t1))")
    cvsecs=$("$PY" -c "print('%.0f' % ($tcv - $t0))")
    note "haltung $task: C=$chosen chosen by 5-fold CV in $cvsecs s (both cores; not in train seconds)"
    local evals=("$task") ev
    [ "$task" = tone ] && evals+=("tone_potts")
    for ev in "${evals[@]}"; do
        echo "[haltung] eval $ev ..." >&2
        if ! "haltung_eval_$ev" > "$TMP/h-$ev-eval.out" 2> "$TMP/h-$ev-eval.err"; then
            note "haltung $ev: eval failed: $(tail -n 3 "$TMP/h-$ev-eval.err" | tr '\n' ' ')"; continue
        fi
        local f; f=$(json_fields "$TMP/h-$ev-eval.out")
        if [ -z "$f" ]; then
            note "haltung $ev: eval output is not a JSON object with n, macro_f1, accuracy: $(head -c 200 "$TMP/h-$ev-eval.out")"; continue
        fi
        local n f1 acc; IFS=$'\t' read -r n f1 acc <<< "$f"
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$ev" haltung "$f1" "$acc" "$secs" "$n" >> "$ROWS"
    done
}

if [ ! -x "$HALTUNG" ]; then
    note "haltung rows skipped: $HALTUNG not found or not executable"
else
    filter_mixed "$C/potts/dev.jsonl" "$TMP/potts-dev-nomixed.jsonl"
    for task in tone actor stance; do run_haltung_task "$task"; done
fi

# ---------------------------------------------------------------- peers
PEERS_OUT="$TMP/peers.jsonl"
if [ "${SKIP_PEERS:-0}" = 1 ]; then
    note "peer rows skipped (SKIP_PEERS=1)"; : > "$PEERS_OUT"
elif [ -n "${PEERS_RESULTS:-}" ]; then
    cp "$PEERS_RESULTS" "$PEERS_OUT" && note "peer rows reused from $PEERS_RESULTS (not re-run)"
else
    echo "[peers] running bench/peers.py (CV search included; this takes a while) ..." >&2
    t0=$EPOCHREALTIME
    if ! "$PY" "$REPO/bench/peers.py" --corpora "$C" --task all --system "${PEERS_SYSTEMS:-all}" \
            --predictions --out "$PEERS_OUT" > /dev/null; then
        note "peers.py failed; peer rows may be missing"
    fi
    t1=$EPOCHREALTIME
    note "peers.py wall time (incl. CV and dev prediction): $("$PY" -c "print('%.0f' % ($t1 - $t0))") s"
fi
if [ -s "$PEERS_OUT" ]; then
    # peers.py emits one object per (system, task, dev); map the dev set to the row key
    if have_jq; then
        jq -r '[(if .dev == "potts/dev" then "tone_potts" else .task end), .system,
                 (.macro_f1|tostring), (.accuracy|tostring), (.train_seconds|tostring), (.n|tostring)] | @tsv' \
            "$PEERS_OUT" >> "$ROWS"
        while IFS= read -r line; do note "$line"; done < <(jq -r 'select(.dev != "potts/dev") |
            "\(.system) \(.task): CV \(.cv_seconds) s (not in train seconds); chosen \(.params | to_entries | map("\(.key)=\(.value)") | join(" "))"' "$PEERS_OUT")
    else
        "$PY" - "$PEERS_OUT" >> "$ROWS" <<'EOF'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    key = "tone_potts" if d["dev"] == "potts/dev" else d["task"]
    print("\t".join(map(str, [key, d["system"], d["macro_f1"], d["accuracy"], d["train_seconds"], d["n"]])))
EOF
        while IFS= read -r line; do note "$line"; done < <("$PY" - "$PEERS_OUT" <<'EOF'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    if d["dev"] != "potts/dev":
        p = " ".join("%s=%s" % kv for kv in d["params"].items())
        print("%s %s: CV %s s (not in train seconds); chosen %s" % (d["system"], d["task"], d["cv_seconds"], p))
EOF
)
    fi
fi

# ---------------------------------------------------------------- table
touch "$ROWS"
# sanity: every system must have been scored on the same number of dev records
while IFS= read -r line; do note "$line"; done < <(awk -F'\t' '
    { if (($1) in n && n[$1] != $6) bad[$1] = 1; else if (!(($1) in n)) n[$1] = $6; all[$1] = all[$1] " " $2 "=" $6 }
    END { for (k in bad) printf "WARNING: %s rows were scored on different n:%s\n", k, all[k] }' "$ROWS")
label_of() {
    case "$1" in
        tone) echo "tone (sb10k/dev)" ;; tone_potts) echo "tone (potts/dev, no mixed)" ;;
        actor) echo "actor (gerntsa/dev)" ;; stance) echo "stance (wahlomat/dev)" ;; *) echo "$1" ;;
    esac
}
fmt='| %-27s | %-8s | %8s | %8s | %13s |\n'
echo
printf "$fmt" task system macro-F1 accuracy "train seconds"
printf '|%s|%s|%s|%s|%s|\n' "-----------------------------" "----------" "----------" "----------" "---------------"
for key in tone tone_potts actor stance; do
    for sys in haltung sklearn fasttext; do
        awk -F'\t' -v k="$key" -v s="$sys" '$1==k && $2==s' "$ROWS" | while IFS=$'\t' read -r _ _ f1 acc secs n; do
            printf "$fmt" "$(label_of "$key")" "$sys" "$(printf '%.4f' "$f1")" "$(printf '%.4f' "$acc")" "$secs"
        done
    done
done
echo
echo "n: $(awk -F'\t' '!seen[$1]++ {printf "%s=%s ", $1, $6}' "$ROWS")"

# ---------------------------------------------------------------- paired differences
# haltung's macro-F1 minus each peer's on the same dev records, with a 95 % paired-bootstrap
# interval (bench/paired.py): the two systems are scored on the same resampled records.
if grep -q '"predictions"' "$PEERS_OUT" 2> /dev/null; then
    echo
    echo "haltung minus peer, macro-F1 (paired bootstrap over the dev records):"
    for pair in tone:tone:sb10k/dev tone_potts:tone:potts/dev actor:actor:gerntsa/dev stance:stance:wahlomat/dev; do
        IFS=: read -r key task dev <<< "$pair"
        [ -s "$TMP/h-$key.pred" ] || continue
        "$PY" "$REPO/bench/paired.py" "$TMP/h-$key.pred" "$PEERS_OUT" "$task" "$dev" |
            sed "s|^|  $(label_of "$key") |"
    done
fi
echo "train seconds = wall time of the final training run on the whole train split"
echo "(haltung: read, vectorise and fit with the chosen C on one thread; sklearn: vectorise + fit;"
echo " fastText: the supervised call with -thread 1)."
if [ ${#NOTES[@]} -gt 0 ]; then
    echo "notes:"
    for n in "${NOTES[@]}"; do echo "  - $n"; done
fi
