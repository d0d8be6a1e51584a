#!/bin/sh
# Runs every CUnit suite program given as an argument and sums up their results.
# Exits non-zero if any suite fails or none ran.
passed=0 failed=0 suites=0
mkdir -p build/test-tmp
for t in "$@"; do
    suites=$((suites + 1))
    out=$("$t" 2>&1); rc=$?
    printf '%s\n' "$out"
    line=$(printf '%s\n' "$out" | awk '$1 == "tests" && NF >= 6 { print $4, $5 }' | tail -n 1)
    p=${line% *} f=${line#* }
    [ -n "$line" ] || { p=0; f=1; }
    [ $rc -eq 0 ] || [ "$f" -gt 0 ] || f=1
    passed=$((passed + p)); failed=$((failed + f))
    [ $rc -eq 0 ] || echo "FAILED: $t (exit $rc)"
done
echo
echo "suites: $suites, tests: $passed passed, $failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$suites" -gt 0 ]
