#!/usr/bin/env bash
# Benchmarks `deals` against `cat` (the floor) and Taskwarrior on generated pipelines.
#
# usage: bench/run.sh [N...]            (default: 10000)
# env:   DEALS_BIN  deals binary        (default: build/deals in the repo)
#        CSV        CSV file to import  (default: ../shared/datasets/maven-crm-sales-opportunities/sales_pipeline.csv)
#        RUNS, WARMUP                   hyperfine runs / warmups (default 10 / 2)
#        RUNS_ONE                       runs of each one-deal command (default 30)
#        RESULTS    where hyperfine JSON goes (default bench/results)
#        KEEP=1     keep the generated data sets (printed path)
# A deals command that fails is reported as n/a; the rest goes on.
set -u -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEALS_BIN=${DEALS_BIN:-$ROOT/build/deals}
[[ $DEALS_BIN == /* ]] || DEALS_BIN=$ROOT/$DEALS_BIN
CSV=${CSV:-$ROOT/../shared/datasets/maven-crm-sales-opportunities/sales_pipeline.csv}
RUNS=${RUNS:-10}
RUNS_ONE=${RUNS_ONE:-30}
WARMUP=${WARMUP:-2}
RESULTS=${RESULTS:-$ROOT/bench/results}
BENCH=$ROOT/bench
TARGET_SRC=$ROOT/examples/deals/becker-haustechnik-gmbh-website-redesign.yaml
TARGET=becker-haustechnik-gmbh-website-redesign   # a proposal-stage deal put in every pipeline
export DEALS_TODAY=2026-11-30 NO_COLOR=1
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(10000)

for tool in hyperfine python3 task; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || echo "run.sh: /usr/bin/time missing (apt-get install time); no peak memory" >&2
[[ -x $DEALS_BIN ]] || echo "run.sh: warning: $DEALS_BIN is not executable; deals figures will be n/a" >&2

WORK=$(mktemp -d "${TMPDIR:-/tmp}/deals-bench.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then echo "data sets kept in $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
mkdir -p "$RESULTS"
q() { printf '%q' "$1"; }        # shell-quote for hyperfine command strings
D=$(q "$DEALS_BIN")
TABLE=$WORK/table.txt
: >"$TABLE"

# mean seconds of command NAME in hyperfine JSON FILE, or n/a
mean() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
try:
    for r in json.load(open(sys.argv[1]))["results"]:
        if r["command"] == sys.argv[2]:
            print("%.6f" % r["mean"]); break
    else:
        print("n/a")
except Exception:
    print("n/a")
EOF
}
# ratio A/B, or n/a
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
ms() { awk -v a="$1" 'BEGIN { if (a == "n/a") print "n/a"; else printf "%.1f", a * 1000 }'; }
# runs a deals command once; true when it exits 0
works() { "$DEALS_BIN" "$@" >/dev/null 2>&1; }

# builds an N-deal pipeline (N-1 generated + the target deal) and the task set in DIR
build() {
  local n=$1 dir=$2
  python3 "$BENCH/gen_pipeline.py" $((n - 1)) "$dir" --seed "$n" || exit 1
  cp "$TARGET_SRC" "$dir/deals/$TARGET.yaml"
  chmod 700 "$dir" "$dir/deals"   # deal files hold contact data; deals warns otherwise
  python3 "$BENCH/gen_tasks.py" "$n" "$dir" --seed "$n" || exit 1
}

echo "== building the 10-deal pipeline"
SMALL=$WORK/p10
build 10 "$SMALL"

for N in "${SIZES[@]}"; do
  P=$WORK/p$N
  echo "== N=$N: generating in $P"
  t0=$(date +%s.%N)
  build "$N" "$P"
  echo "   generated in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s," \
       "$(du -sh "$P/deals" | cut -f1) of deal files"
  if [[ $N -le 20000 ]]; then
    CAT="cat $(q "$P")/deals/*.yaml > /dev/null"
  else  # a glob of 100,000 names exceeds ARG_MAX
    CAT="find $(q "$P")/deals -name '*.yaml' -exec cat {} + > /dev/null"
  fi
  TASK="task rc:$(q "$P")/taskrc list > /dev/null"
  lines=$(task rc:"$P/taskrc" list 2>/dev/null | wc -l)
  echo "   task list prints $lines lines"

  # --- read-only commands, side by side
  names=("cat" "task list") cmds=("$CAT" "$TASK") preps=(true true)
  # review/stats/forecast/stalled are timed once the binary has them (--help succeeds).
  READS=("list --all" "list --all --format json" "list" "export --format json" "check")
  for c in review stats forecast stalled; do works "$c" --help && READS+=("$c"); done
  # The Monday cron job: the week before, the pipeline as it stood at its end.
  works review --help && READS+=("review --week last --format md")
  READS+=("show $TARGET")
  for c in "${READS[@]}"; do
    # shellcheck disable=SC2086
    if works -C "$P" $c; then names+=("deals $c"); cmds+=("$D -C $(q "$P") $c > /dev/null"); preps+=(true)
    else echo "   deals $c: failed, n/a"; fi
  done
  # The first run after a clone: no deal cache (removed before every run, untimed).
  if works -C "$P" stats; then
    names+=("deals stats, no cache"); cmds+=("$D -C $(q "$P") stats > /dev/null")
    preps+=("rm -rf $(q "$P")/.deals-cache")
  fi
  READS+=("stats, no cache")
  args=()
  for i in "${!names[@]}"; do args+=(-n "${names[$i]}" --prepare "${preps[$i]}" "${cmds[$i]}"); done
  J=$RESULTS/read-$N.json
  hyperfine -i --warmup "$WARMUP" --runs "$RUNS" --export-json "$J" "${args[@]}" || echo "   hyperfine failed" >&2
  cat_s=$(mean "$J" cat); task_s=$(mean "$J" "task list")
  {
    echo ""
    echo "N = $N deals ($(du -sh "$P/deals" | cut -f1)); times are hyperfine means"
    printf '  %-32s %10s %8s %8s\n' command ms "/ cat" "/ task"
    for c in "cat" "task list" "${READS[@]/#/deals }"; do
      s=$(mean "$J" "$c")
      printf '  %-32s %10s %8s %8s\n' "${c/ $TARGET/ ID}" "$(ms "$s")" "$(ratio "$s" "$cat_s")" "$(ratio "$s" "$task_s")"
    done
  } >>"$TABLE"

  works -C "$P" list --all   # the deal cache again, for what follows

  # --- one-deal commands: 10-deal pipeline vs N-deal pipeline, mutating ones on a copy
  C=$WORK/c$N
  cp -al "$P" "$C"     # hard links: cheap; deals writes by rename, so $P stays intact
  rm -f "$C/deals/$TARGET.yaml"; cp "$TARGET_SRC" "$C/deals/$TARGET.yaml"
  S=$WORK/s10
  rm -rf "$S"; cp -a "$SMALL" "$S"
  ONE=("show $TARGET" "next $TARGET" "log $TARGET bench-note --kind note"
       "advance $TARGET" "qualify $TARGET --budget yes --authority yes --need yes --timeline yes")
  RESTORE_S="cp --remove-destination $(q "$TARGET_SRC") $(q "$S/deals/$TARGET.yaml")"
  RESTORE_C="cp --remove-destination $(q "$TARGET_SRC") $(q "$C/deals/$TARGET.yaml")"
  {
    echo ""
    echo "  one-deal commands                  10 deals ms  $N deals ms   ratio"
  } >>"$TABLE"
  for c in "${ONE[@]}"; do
    verb=${c%% *}
    eval "$RESTORE_S"; eval "$RESTORE_C"
    # shellcheck disable=SC2086
    if works -C "$S" $c && eval "$RESTORE_S" && works -C "$C" $c; then
      J=$RESULTS/one-$verb-$N.json
      # No shell (-N): these take a few ms, where the shell's own start-up is noise.
      hyperfine -N --warmup "$WARMUP" --runs "$RUNS_ONE" --export-json "$J" \
        --prepare "$RESTORE_S" --prepare "$RESTORE_C" \
        -n "10" "$D -C $(q "$S") $c" \
        -n "$N" "$D -C $(q "$C") $c" || echo "   hyperfine failed" >&2
      a=$(mean "$J" 10); b=$(mean "$J" "$N")
    else
      echo "   deals $verb: failed, n/a"; a=n/a; b=n/a
    fi
    eval "$RESTORE_S"; eval "$RESTORE_C"
    printf '  %-32s %12s %12s %8s\n' "deals $verb" "$(ms "$a")" "$(ms "$b")" "$(ratio "$b" "$a")" >>"$TABLE"
  done
  rm -rf "$C"

  # --- peak memory
  mem=n/a
  if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M -o "$WORK/mem" "$DEALS_BIN" -C "$P" list --all >/dev/null 2>&1; then
    mem="$(awk '{ printf "%.1f", $1 / 1024 }' "$WORK/mem") MiB"
  fi
  echo "  peak memory of deals list --all: $mem" >>"$TABLE"
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$P"
done

# --- CSV import into a fresh pipeline
imp=n/a
if [[ -f $CSV ]]; then
  I=$WORK/import
  python3 "$BENCH/gen_pipeline.py" 0 "$I" && chmod 700 "$I" "$I/deals"
  MAP=(--map title=opportunity_id --map company=account --map created=engage_date
       --map closed=close_date --map value=close_value --map stage=deal_stage
       --stage-map Prospecting=lead --stage-map Engaging=contacted
       --stage-map Won=won --stage-map Lost=lost)
  if "$DEALS_BIN" -C "$I" import "$CSV" "${MAP[@]}" >"$WORK/import.out" 2>&1; then
    n_imp=$(find "$I/deals" -name '*.yaml' | wc -l)
    margs=""; for m in "${MAP[@]}"; do margs+=" $(q "$m")"; done
    J=$RESULTS/import.json
    size=$(( $(du -sb "$I/deals" | cut -f1) / (n_imp > 0 ? n_imp : 1) ))
    # Beside it, the floor: creating as many files of that size, atomically, in Python.
    hyperfine --warmup 1 --runs 3 --export-json "$J" \
      --prepare "rm -rf $(q "$I/deals") && mkdir -m 700 $(q "$I/deals")" \
      -n import "$D -C $(q "$I") import $(q "$CSV")$margs > /dev/null 2>&1" \
      -n create "python3 $(q "$BENCH/create_files.py") $n_imp $(q "$I/deals") $size" \
      || echo "   hyperfine failed" >&2
    sec() { awk -v a="$1" 'BEGIN { if (a == "n/a") print a; else printf "%.2f", a }'; }
    imp=$(sec "$(mean "$J" import)")
    echo "" >>"$TABLE"
    echo "import of $(($(wc -l <"$CSV") - 1)) CSV rows ($n_imp deal files): $imp s" >>"$TABLE"
    echo "  floor, creating $n_imp files of $size bytes (bench/create_files.py): $(sec "$(mean "$J" create)") s" >>"$TABLE"
  else
    echo "   deals import failed: $(head -3 "$WORK/import.out")"
    printf '\nimport of %s: n/a\n' "$(basename "$CSV")" >>"$TABLE"
  fi
else
  printf '\nimport: n/a (no %s)\n' "$CSV" >>"$TABLE"
fi

echo ""
echo "deals benchmark, $(date -u +%Y-%m-%d), deals binary: $DEALS_BIN"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
echo "task $(task --version 2>/dev/null), $(hyperfine --version)"
cat "$TABLE"
echo ""
echo "hyperfine JSON in $RESULTS"
