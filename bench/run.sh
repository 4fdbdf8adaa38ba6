#!/usr/bin/env bash
# Overtime benchmarks; see BENCHMARKS.md. Builds what it needs, then prints its figures.
#
#   bench/run.sh processor    # 1. javac with the annotation processor vs -proc:none, N = 10, 100, 1000, 2000
#   bench/run.sh enqueue      # 2. run() on the local engine vs JobRunr + SQLite (JMH), 1 and 4 threads
#   bench/run.sh start        # 3. run() to the handler's first line vs a bare `java -cp dir Hello`
#   bench/run.sh bootstrap-cpu # 3b. CPU and wall time to the handler's first line vs a bare JVM's
#   bench/run.sh memory       # 4. resident set of the bootstrap running factorial (sample-app.jar)
#   bench/run.sh throughput   # 5. 200 short runs with concurrency 2 vs the start-latency bound
#   bench/run.sh warm         # 6. warm and cold run() → first line vs a bare JVM; warm JVM and idle engine memory
#   bench/run.sh first-run    # 7. the first run() in a fresh application JVM
#   bench/run.sh cli          # 8. overtime runs / status / jobs vs a bare JVM (needs the CLI jar)
#   bench/run.sh batch        # 9. runAll(List) vs one-at-a-time run() on the local engine, one thread
#   bench/run.sh all          # all of them, one after the other
#
# Extra arguments after the name go to the benchmark (see each class's Javadoc), e.g.
#   bench/run.sh processor 7 10,100,1000      # rounds, sizes
#   bench/run.sh processor 5 10,100,1000,2000 ten-packages,large-payload  # shapes (also: small)
#   bench/run.sh processor 5 10,1000 ten-packages /tmp/old-processor.jar  # and an earlier processor
#   bench/run.sh cli 20 /tmp/old-checkout     # rounds, and an earlier build (./overtime + CLI jar)
#   bench/run.sh start 30 3                   # rounds, warm-up rounds
# Environment: MVN_FLAGS (e.g. "-o" offline), BENCH_WORK (work directory, default bench/target/work),
# BENCH_SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

name="${1:-}"
[ $# -gt 0 ] && shift
case "$name" in
  processor|enqueue|start|bootstrap-cpu|memory|throughput|warm|first-run|cli|batch|all) ;;
  *) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # The processor and sample-app are listed: -am does not follow annotationProcessorPaths.
  # The CLI is listed for bench/run.sh cli, which starts ./overtime.
  mvn -B -ntp -q ${MVN_FLAGS:-} package -DskipTests -pl processor,sample-app,bench,cli -am
fi

VERSION="0.1.0-SNAPSHOT"
CP="bench/target/overtime-bench-$VERSION.jar:bench/target/lib/*"
WORK="${BENCH_WORK:-bench/target/work}"
PROCESSOR_JAR="processor/target/overtime-processor-$VERSION.jar"
SAMPLE_JAR="sample-app/target/sample-app.jar"

run() {
  java -Xmx1g -Dbench.work="$WORK" -cp "$CP" "$@"
}

bench() {
  local which="$1"
  shift
  echo "==== bench/run.sh $which $* ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
  case "$which" in
    processor)  run dev.overtime.bench.ProcessorOverhead "$PROCESSOR_JAR" "$@" ;;
    enqueue)    run dev.overtime.bench.enqueue.EnqueueReport "$@" ;;
    start)      run dev.overtime.bench.StartLatency "$@" ;;
    bootstrap-cpu) run dev.overtime.bench.BootstrapCpu "$@" ;;
    memory)     run dev.overtime.bench.ResidentMemory "$SAMPLE_JAR" "$@" ;;
    throughput) run dev.overtime.bench.Throughput "$@" ;;
    warm)       run dev.overtime.bench.WarmStartLatency "$@" ;;
    first-run)  run dev.overtime.bench.FirstRun "$@" ;;
    cli)        run dev.overtime.bench.CliStart "$ROOT/overtime" "$@" ;;
    batch)      run dev.overtime.bench.enqueue.BatchEnqueue "$@" ;;
  esac
}

if [ "$name" = all ]; then
  for which in processor enqueue start bootstrap-cpu memory throughput warm first-run cli batch; do
    bench "$which"
  done
else
  bench "$name" "$@"
fi
