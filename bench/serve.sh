#!/bin/sh
# serve.sh: load test of `haltung serve` with wrk (Debian's wrk): requests per
# second and p99 latency for the example article at 1, 2 and 8 connections,
# the error count, and the server's resident memory before and after
# REQUESTS requests (default 100000).
#
#   bench/serve.sh [ARTICLE]
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
H=${HALTUNG:-$REPO/haltung}
ARTICLE=${1:-$REPO/../shared/examples/putin-trump-telefonat.txt}
REQUESTS=${REQUESTS:-100000}
SECONDS_EACH=${SECONDS_EACH:-10}
PORT=${PORT:-18977}
OUT=$REPO/build/bench
mkdir -p "$OUT"
command -v wrk > /dev/null || { echo "serve.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -r "$ARTICLE" ] || { echo "serve.sh: $ARTICLE not found" >&2; exit 1; }

# wrk posts the article body on every request; it reports "Non-2xx or 3xx
# responses" and "Socket errors" itself when there are any.
cat > "$OUT/post.lua" <<LUA
local f = io.open("$ARTICLE", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"
LUA

"$H" serve --listen 127.0.0.1:$PORT --threads 2 2> "$OUT/serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT
for i in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/v1/health" > /dev/null && break; sleep 0.2; done
rss() { ps -o rss= -p "$PID" | tr -d ' '; }
echo "article: $ARTICLE ($(wc -c < "$ARTICLE") bytes); server: --threads 2 on $(nproc) cores"
echo "resident memory at start: $(rss) KB"
for c in 1 2 8; do
    echo "== $c connection(s), ${SECONDS_EACH}s"
    wrk -t 1 -c $c -d ${SECONDS_EACH}s --latency -s "$OUT/post.lua" "http://127.0.0.1:$PORT/v1/score" \
        > "$OUT/wrk.out"
    grep -E "Requests/sec|  99%|Non-2xx|Socket errors" "$OUT/wrk.out"
    grep -qE "Non-2xx|Socket errors" "$OUT/wrk.out" || echo "errors: none (no non-2xx responses, no socket errors)"
done
echo "== $REQUESTS requests at 8 connections"
START=$(rss)
# wrk runs for a time, not a count: run until REQUESTS are done, in slices.
done_n=0
while [ "$done_n" -lt "$REQUESTS" ]; do
    wrk -t 1 -c 8 -d 10s -s "$OUT/post.lua" "http://127.0.0.1:$PORT/v1/score" > "$OUT/wrk.out"
    grep -E "Non-2xx|Socket errors" "$OUT/wrk.out" || true
    n=$(awk '/requests in/ { print $1 }' "$OUT/wrk.out")
    done_n=$((done_n + n))
done
echo "requests: $done_n; resident memory before: $START KB, after: $(rss) KB"
kill -TERM $PID
wait $PID && echo "server exited 0 on SIGTERM"
trap - EXIT
