#!/usr/bin/env bash
# Runs the benchmark suite and turns its results into the chart and the figures of docs/benchmarks.md.
#
#   benchmarks/run-suite.sh               build, run every benchmark (about 15 minutes on 2 cores), then update
#                                         docs/benchmarks.png and the generated part of docs/benchmarks.md; the
#                                         durable and Kafka benchmarks are part of it (each contender starts its own
#                                         PostgreSQL server or in-JVM Kafka broker in its fork)
#   benchmarks/run-suite.sh 'Sync.*' ...  run only what the JMH arguments select; its results and report go to a
#                                         folder of their own, benchmarks/results/partial/<date-time>/, never over
#                                         the full run's committed benchmarks/results/results.json nor to docs/
#   REPORT_ONLY=1 benchmarks/run-suite.sh redo the report from benchmarks/results/results.json without running
#   SKIP_BUILD=1 benchmarks/run-suite.sh  use benchmarks/target/benchmarks.jar as it is
#   JMH_JAVA_OPTS=... benchmarks/run-suite.sh
#                                         options for the JVM that runs JMH, e.g. -Djmh.ignoreLock=true
#
# Settings: one fork per benchmark, 3 warm-up and 5 measured iterations of 1 s, allocation measured with -prof gc.
# Per-event latencies (the Kafka benchmark) go to latencies.jsonl beside results.json, which the report reads.
# Run it on a quiet machine: the report states the load average around the run.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=benchmarks/target/benchmarks.jar
if [[ $# -eq 0 ]]; then
    # the full suite: its results.json and load.txt are committed, the figures docs/benchmarks.md shows
    results=benchmarks/results
else
    if [[ "${REPORT_ONLY:-0}" == 1 ]]; then
        echo "run-suite.sh: REPORT_ONLY=1 redoes the full run's report and takes no JMH arguments" >&2
        exit 2
    fi
    results=benchmarks/results/partial/$(date +%Y%m%d-%H%M%S)
fi
mkdir -p "$results"

if [[ "${REPORT_ONLY:-0}" != 1 ]]; then
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        ./mvnw -B -q -pl benchmarks -am package -DskipTests
    fi
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s)
    # the Kafka benchmark's trials append their latency percentiles here (the forks inherit the -D option)
    rm -f "$results/latencies.jsonl"
    # shellcheck disable=SC2086
    java ${JMH_JAVA_OPTS:-} -Deventbus.benchmarks.latencies="$results/latencies.jsonl" -jar "$jar" \
        -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc -rf json -rff "$results/results.json" "$@" | tee "$results/run.log"
    minutes=$(( ($(date +%s) - start + 30) / 60 ))
    after=$(cut -d' ' -f1-3 /proc/loadavg)
    printf '%s\n' "$before before and $after after (1-, 5- and 15-minute averages); the run took $minutes minutes" \
        > "$results/load.txt"
    echo "The run took $minutes minutes."
fi

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
hypervisor=$(lscpu | sed -n 's/^Hypervisor vendor: *//p' | head -1)
machine="${cpu:-an unknown CPU}${hypervisor:+ under $hypervisor}, $(nproc) cores"
load=$(cat "$results/load.txt" 2>/dev/null || true)

report=(java -cp "$jar" dev.eventbus.benchmarks.report.BenchmarkReport "$results/results.json"
    --machine "$machine" --load "$load" --markdown "$results/report.md")
if [[ $# -eq 0 ]]; then
    "${report[@]}" --png docs/benchmarks.png --doc docs/benchmarks.md
else
    "${report[@]}" --png "$results/benchmarks.png"
    echo "This run of part of the suite is in $results/ (report.md, benchmarks.png)."
fi
