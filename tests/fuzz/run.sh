#!/bin/sh
# Runs each libFuzzer target given (after the build folder) for FUZZ_SECONDS
# on its seeds in tests/fuzz/TARGET/ plus the corpus it grew before in
# BUILD/corpus/TARGET/, with a memory limit, hang detection and leak checks.
# Prints one line per target from libFuzzer's own figures and exits non-zero
# if any target found something (its input is kept in BUILD/findings/).
build=$1; shift
secs=${FUZZ_SECONDS:-60} rss=${FUZZ_RSS_MB:-2048} timeout=${FUZZ_TIMEOUT:-10}
mkdir -p "$build/logs" "$build/findings"
failed=""
printf '%-16s %8s %10s %8s %7s %7s %7s  %s\n' target seconds runs exec/s cov ft corpus result
for t in "$@"; do
    corpus="$build/corpus/$t" seeds="tests/fuzz/$t" log="$build/logs/$t.log"
    mkdir -p "$corpus"
    dict=""
    [ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
    start=$(date +%s)
    "$build/fuzz/$t" -max_total_time="$secs" -rss_limit_mb="$rss" -timeout="$timeout" \
        -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$build/findings/$t-" \
        $dict "$corpus" "$seeds" > "$log" 2>&1
    rc=$?
    took=$(( $(date +%s) - start ))
    # The last status line: "#RUNS DONE cov: N ft: N corp: N/SIZE lim: N exec/s: N rss: ..."
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    runs=$(printf '%s' "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
    cov=$(printf '%s' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(printf '%s' "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | grep . || echo "${runs:--}")
    result=clean
    if [ $rc -ne 0 ]; then
        result="FOUND SOMETHING (exit $rc, see $log)"
        failed="$failed $t"
    fi
    printf '%-16s %8s %10s %8s %7s %7s %7s  %s\n' "$t" "$took" "${runs:--}" "${eps:--}" \
        "${cov:--}" "${ft:--}" "${corp:--}" "$result"
done
if [ -n "$failed" ]; then
    echo "fuzz: findings in:$failed (inputs in $build/findings/)"
    exit 1
fi
echo "fuzz: every target ran ${secs} s without a finding"
