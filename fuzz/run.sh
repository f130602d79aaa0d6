#!/bin/sh
# Builds the libFuzzer targets in build-fuzz/ (clang) and runs each for SECONDS (default
# 60) on a scratch copy of its seed corpus in fuzz/corpus/<target>. Crashes are written to
# build-fuzz/crashes/; keep each one as a regression test (tests/hostile or a doctest).
# usage: fuzz/run.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-deal config csv edit}
cxx=${DEALS_FUZZ_CXX:-$(command -v clang++-14 || command -v clang++)}
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
  -DDEALS_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
set --
for t in $targets; do set -- "$@" "fuzz_$t"; done
cmake --build build-fuzz -j "$(nproc)" --target "$@"
mkdir -p build-fuzz/crashes
status=0
for t in $targets; do
  work=build-fuzz/corpus-$t
  rm -rf "$work" && mkdir -p "$work" && cp fuzz/corpus/$t/* "$work"/
  log=build-fuzz/fuzz-$t.log
  if build-fuzz/fuzz/fuzz_$t -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -artifact_prefix=build-fuzz/crashes/$t- -print_final_stats=1 \
      "$work" fuzz/corpus/$t >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz_$t: ${runs:-?} executions in ${seconds}s, no crash"
  else
    echo "fuzz_$t: FAILED, see $log and build-fuzz/crashes/" >&2
    tail -40 "$log" >&2
    status=1
  fi
done
exit $status
