#!/bin/sh
# browser.sh: drives headless Chromium against the page `haltung serve`
# answers GET / with: the page is opened with ?text=ARTICLE, which fills the
# form and submits it; the rendered DOM must show the actors' mentions
# highlighted (span class "m ...") with their names. A screenshot is saved
# as build/browser.png. The page's "tone only" box and the page `haltung
# score --format html` writes are checked too. Skips with a message when
# chromium is missing (`make deps-browser` installs it).
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
H=${HALTUNG:-$REPO/build/haltung}
ARTICLE=${1:-$REPO/../shared/examples/putin-trump-telefonat.txt}
[ -r "$ARTICLE" ] || ARTICLE=$REPO/tests/data/articles/kreml.txt
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    echo "test-browser: SKIPPED: chromium is not installed (make deps-browser)"
    exit 0
fi
OUT=$REPO/build
mkdir -p "$OUT"
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$H" serve --listen 127.0.0.1:$PORT --threads 2 2> "$OUT/browser-serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for i in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/v1/health" > /dev/null && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT/?text=$(/usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(open(sys.argv[1], encoding="utf-8").read()))' "$ARTICLE")"
FLAGS="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --virtual-time-budget=10000"
"$CHROMIUM" $FLAGS --dump-dom "$URL" > "$OUT/browser-dom.html" 2> "$OUT/browser-chromium.log"
"$CHROMIUM" $FLAGS --window-size=1200,2400 --screenshot="$OUT/browser.png" "$URL" \
    >> "$OUT/browser-chromium.log" 2>&1
fail=0
marks=$(grep -o 'class="m [a-z]*"' "$OUT/browser-dom.html" | wc -l)
[ "$marks" -gt 0 ] || { echo "test-browser: FAILED: no highlighted mentions in the rendered page"; fail=1; }
for name in "Wladimir Putin" "Donald Trump" "Wolodymyr Selenskyj"; do
    if grep -q "title=\"$name (person)\"" "$OUT/browser-dom.html"; then :; else
        case "$ARTICLE" in *putin-trump*) echo "test-browser: FAILED: $name not highlighted"; fail=1 ;; esac
    fi
done
grep -q '<h2>Ton: <span id="tone">[a-z]* (-\?[0-9]' "$OUT/browser-dom.html" || { echo "test-browser: FAILED: no article tone in the heading"; fail=1; }
grep -q '<svg xmlns="http://www.w3.org/2000/svg" width="[0-9]' "$OUT/browser-dom.html" || { echo "test-browser: FAILED: no chart"; fail=1; }
grep -q '<caption>Haltung gegenüber Schlagzeile und Vorspann: [A-ZÄÖÜ]' "$OUT/browser-dom.html" ||
    { echo "test-browser: FAILED: the actors table does not say what stance is toward"; fail=1; }
[ -s "$OUT/browser.png" ] || { echo "test-browser: FAILED: no screenshot"; fail=1; }
# A tone-only report renders with no actors (its "actors" is null), chart
# and all (a drawn chart has a width in digits; the script's source has an
# expression there), and highlights nothing. check_tone_only DOM WHAT
check_tone_only() {
    grep -q '<svg xmlns="http://www.w3.org/2000/svg" width="[0-9]' "$1" ||
        { echo "test-browser: FAILED: $2 did not render"; fail=1; }
    if grep -q 'class="m [a-z]*"' "$1"; then
        echo "test-browser: FAILED: $2 highlights mentions"; fail=1
    fi
}
# The served page's "tone only" box (ticked by &tone_only) asks /v1/score?tone_only.
"$CHROMIUM" $FLAGS --dump-dom "$URL&tone_only" > "$OUT/browser-dom-tone.html" \
    2>> "$OUT/browser-chromium.log"
check_tone_only "$OUT/browser-dom-tone.html" "the served page's tone-only report"
# The page `haltung score --format html` writes renders the same report from
# its built-in result; invalid bytes (an overlong form, a surrogate, a stray
# byte) must not shift the highlights off the names.
printf 'Olaf Scholz \300\200\355\240\200 lobte den Plan. Friedrich Merz \377 kritisierte ihn, sagte Angela Merkel.\n' \
    > "$OUT/browser-report.txt"
"$H" score --format html "$OUT/browser-report.txt" > "$OUT/browser-report.html"
"$CHROMIUM" $FLAGS --dump-dom "file://$OUT/browser-report.html" > "$OUT/browser-report-dom.html" \
    2>> "$OUT/browser-chromium.log"
for name in "Olaf Scholz" "Friedrich Merz" "Angela Merkel"; do
    grep -q "title=\"$name (person)\">$name</span>" "$OUT/browser-report-dom.html" ||
        { echo "test-browser: FAILED: $name not highlighted on its name in the --format html page"; fail=1; }
done
# Several articles make one page with a picker; the first is shown, and a
# bad record among them is listed, not fatal to the page.
printf '{"id": "eins", "text": "Olaf Scholz lobte den Plan von Friedrich Merz."}\n{"id": "zwei", "text": 7}\n' \
    > "$OUT/browser-many.jsonl"
"$H" score --jsonl --format html "$OUT/browser-many.jsonl" > "$OUT/browser-many.html" 2>/dev/null
"$CHROMIUM" $FLAGS --dump-dom "file://$OUT/browser-many.html" > "$OUT/browser-many-dom.html" \
    2>> "$OUT/browser-chromium.log"
grep -q '<select id="pick"><option value="0">1: eins</option><option value="1">2: zwei (Fehler)</option></select>' \
    "$OUT/browser-many-dom.html" || { echo "test-browser: FAILED: no picker of both articles on the page of two"; fail=1; }
grep -q 'title="Olaf Scholz (person)">Olaf Scholz</span>' "$OUT/browser-many-dom.html" ||
    { echo "test-browser: FAILED: the first of two articles not rendered"; fail=1; }
# The page `haltung score --tone-only --format html` writes.
"$H" score --tone-only --format html "$OUT/browser-report.txt" > "$OUT/browser-tone.html"
"$CHROMIUM" $FLAGS --dump-dom "file://$OUT/browser-tone.html" > "$OUT/browser-tone-dom.html" \
    2>> "$OUT/browser-chromium.log"
check_tone_only "$OUT/browser-tone-dom.html" "the --tone-only page"
kill -TERM $PID; wait $PID || { echo "test-browser: FAILED: serve did not exit 0"; fail=1; }
trap - EXIT
[ $fail -eq 0 ] && echo "test-browser: passed ($marks highlighted mentions; screenshot build/browser.png)"
exit $fail
