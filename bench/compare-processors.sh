#!/usr/bin/env bash
# Two builds of the processor side by side on the same sources, interleaved: javac -proc:none, with
# the "before" processor, with the "after" one (the order rotates each round), then -proc:only with
# each; prints one line per javac run with its wall time and the load average, then the medians.
#
#   bench/compare-processors.sh <before checkout> <after checkout> <rounds> <sources dir> [<shape>-<N> ...]
#
# Each checkout must have been built with `bench/run.sh processor` (or
# `mvn -B -ntp -o -q package -DskipTests -pl processor,bench -am`); <sources dir> is a work directory
# that `bench/run.sh processor` filled (bench/target/work), holding processor-<shape>-<N>/sources.txt.
# Example: bench/compare-processors.sh /tmp/main-build . 3 bench/target/work ten-packages-10 ten-packages-1000
# (bench/run.sh processor also compares two processor jars itself: pass the earlier one last).
set -euo pipefail
[ $# -ge 5 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
BEFORE=$(cd "$1" && pwd); AFTER=$(cd "$2" && pwd); ROUNDS=$3; SOURCES=$(cd "$4" && pwd); shift 4
VERSION="0.1.0-SNAPSHOT"
OUT="${BENCH_WORK:-$AFTER/bench/target}/compare"
classpath() { # what generated code compiles against: annotations, runtime, jackson-core
  ls "$1"/bench/target/app-lib/overtime-annotations-*.jar "$1"/bench/target/app-lib/overtime-runtime-*.jar \
    "$1"/bench/target/app-lib/jackson-core-*.jar | tr '\n' ':'
}
FLAGS=(--release 17 -encoding UTF-8 -nowarn -implicit:none)
LOG=$(mktemp)
one() { # <none|before|after> <N> [-proc:only]
  local which=$1 n=$2 mode=${3:-} home start rc
  local dir="$OUT/$which$mode-$n"
  rm -rf "$dir"; mkdir -p "$dir/classes" "$dir/generated"
  home=$AFTER; [ "$which" = before ] && home=$BEFORE
  local args=("${FLAGS[@]}" -d "$dir/classes" -cp "$(classpath "$home")")
  if [ "$which" = none ]; then args+=(-proc:none); else
    args+=(-processorpath "$home/processor/target/overtime-processor-$VERSION.jar" -s "$dir/generated" $mode)
  fi
  start=$(date +%s%N)
  rc=0; javac "${args[@]}" "@$SOURCES/processor-$n/sources.txt" >"$dir/javac.log" 2>&1 || rc=$?
  echo "$which${mode:+ $mode} N=$n $(( ($(date +%s%N) - start) / 1000000 )) ms rc=$rc load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$LOG"
}
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$ROUNDS"); do
  case $(( r % 3 )) in 1) order="none before after" ;; 2) order="before after none" ;; *) order="after none before" ;; esac
  for n in "$@"; do
    for which in $order; do one "$which" "$n"; done
    one before "$n" -proc:only
    one after "$n" -proc:only
  done
done
echo; echo "medians (ms), ratio to -proc:none:"
for n in "$@"; do
  median() { grep "^$1 N=$n " "$LOG" | sed -E 's/.* ([0-9]+) ms .*/\1/' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  none=$(median none); b=$(median before); a=$(median after)
  bo=$(median "before -proc:only"); ao=$(median "after -proc:only")
  echo "N=$n  -proc:none $none  before $b ($(awk "BEGIN{printf \"%.2f\", $b/$none}")x)  after $a ($(awk "BEGIN{printf \"%.2f\", $a/$none}")x)  -proc:only before $bo after $ao"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$LOG"
