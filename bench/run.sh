#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar and runs the benchmarks. Results go to bench/results/ (git-ignored):
#   <date>-jmh.txt / .json       raw JMH output
#   <date>-jmh-ratios.md         every JMH score with its ratio to the baseline of its class
#   <date>-stream-fidelity.md    StreamFidelityBench's report (integrations vs direct)
#   <date>-network-routing.md    NetworkRoutingBench's report (network on one core vs a bare echo relay)
#   <date>-logging-ingest.md     LoggingIngestBench's report (ingest vs plain JDBC, queries over 1M rows)
#   <date>-catalog-search.md     CatalogSearchBench's report (catalog search/list through HTTP vs the same SQL over JDBC)
#   <date>-gateway-hop.md        GatewayHopBench's report (GET/POST/first SSE byte through the gateway vs straight to a
#                                fake upstream; the gateway's CPU per request)
#   <date>-runtime.md            RuntimeBench's report (engine msgs/s per core vs a plain loop; inject vs no-op p50/p99)
#   <date>-assistants.md         AssistantsBench's report (rule evaluations vs hand-coded Java; added latency to the first delta)
#   <date>-models.md             ModelsBench's report (models over HTTP vs llama.cpp in-process; `models` only)
#   <date>-chat-path.md          ChatPathBench's report (gateway → messaging → integrations vs direct; `chat` only)
#   <date>-assistant-path.md     AssistantPathBench's report (message post → an assistant's first streamed delta through
#                                the whole stack vs integrations direct; `assistant-path` only)
#   <date>-summary.md            the ratio tables, the raw JMH table and every report of the day above,
#                                with the machine they ran on (rebuilt after each run; `summary` only rebuilds it)
#
#   bench/run.sh [all|jmh|stream|network|logging|catalog|gateway|runtime|chat|assistant-path|models|assistants|summary] [--no-build]
#
# `all` runs every part, about 17 minutes on 2 cores (JMH ~5, stream ~3, network ~4, logging ~2, gateway ~3);
# `chat` and `assistant-path` are not part of `all`: they start the whole stack (start.sh, ten JVMs and PostgreSQL).
# Environment: JMH_ARGS (default "-f 1 -wi 3 -i 5"; e.g. add a regex: JMH_ARGS="-f 1 -wi 3 -i 5 Envelope"),
# STREAM_ARGS (extra StreamFidelityBench options, e.g. "--concurrency 100,500"), NETWORK_ARGS (extra
# NetworkRoutingBench options, e.g. "--rate 200 --senders 1"), LOGGING_ARGS (extra LoggingIngestBench
# options, e.g. "--rows 200000"), CATALOG_ARGS (extra CatalogSearchBench options, e.g. "--resources 20000"), GATEWAY_ARGS (extra GatewayHopBench options, e.g. "--jfr --samples 1000"), RUNTIME_ARGS (extra RuntimeBench options, e.g. "--messages 50000"), CHAT_ARGS (extra ChatPathBench options, e.g. "--concurrency 100,500"), ASSISTANT_PATH_ARGS (extra AssistantPathBench options, e.g. "--samples 200"),
# Each *_ARGS is split as a command line is, so quotes group: CATALOG_ARGS='--java-opts "-Xms256m -Xmx1g"'.
# JAVA_HOME (a JDK >= 21; found like start.sh does when unset or older).
set -euo pipefail

cd "$(dirname "$0")/.."
what="${1:-all}"
build=1
for arg in "$@"; do
  [[ "$arg" == "--no-build" ]] && build=0
done
case "$what" in all|jmh|stream|network|logging|catalog|gateway|runtime|chat|assistant-path|models|assistants|summary|--no-build) ;;
  *) echo "usage: bench/run.sh [all|jmh|stream|network|logging|catalog|gateway|runtime|chat|assistant-path|models|assistants|summary] [--no-build]" >&2; exit 2 ;;
esac
[[ "$what" == "--no-build" ]] && what=all

# The benchmarks are built for Java 21: pick a JDK >= 21 the way start.sh and .ci/run do.
# shellcheck source=scripts/find-java.sh
source scripts/find-java.sh && symbia_find_java || exit 1
java="$JAVA_HOME/bin/java"
jar=bench/target/benchmarks.jar
out=bench/results
stamp="$(date +%Y-%m-%d)"
mkdir -p "$out"

if [[ "$build" -eq 1 && "$what" != summary ]]; then
  echo "== building $jar"
  ./mvnw -B -ntp -q -pl bench -am package -DskipTests
fi

# The extra options of one bench from its environment variable, split as the shell splits a command line (so
# quotes group: CATALOG_ARGS='--java-opts "-Xms256m -Dspring.threads.virtual.enabled=true"'); into EXTRA.
extra_args() {
  eval "EXTRA=(${!1:-})"
}

machine() {
  echo "- Machine: $(nproc) CPU(s) ($(uname -sm)), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo 2>/dev/null || echo "? GB") RAM;" \
       "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")"
  echo "- Java: $("$java" -version 2>&1 | head -1)"
}

if [[ "$what" == all || "$what" == jmh ]]; then
  echo "== JMH ${JMH_ARGS:--f 1 -wi 3 -i 5}"
  {
    echo "# JMH run $(date -u +%Y-%m-%dT%H:%MZ)"
    machine
  } >"$out/$stamp-jmh-machine.md"
  # shellcheck disable=SC2086
  "$java" -jar "$jar" ${JMH_ARGS:--f 1 -wi 3 -i 5} -rf json -rff "$out/$stamp-jmh.json" 2>&1 | tee "$out/$stamp-jmh.txt"
  "$java" -cp "$jar" dev.symbia.bench.JmhSummary "$out/$stamp-jmh.json" "$out/$stamp-jmh-ratios.md" >/dev/null
fi

if [[ "$what" == all || "$what" == stream ]]; then
  if [[ ! -f integrations/target/integrations.jar ]]; then
    echo "== building integrations/target/integrations.jar"
    ./mvnw -B -ntp -q -pl integrations -am package -DskipTests
  fi
  echo "== StreamFidelityBench ${STREAM_ARGS:-}"
  extra_args STREAM_ARGS
  "$java" -cp "$jar" dev.symbia.bench.integrations.StreamFidelityBench --out "$out/$stamp-stream-fidelity.md" ${EXTRA[@]+"${EXTRA[@]}"}
fi

# A service jar the benchmark starts as a child JVM; built when missing (as the stream part does).
service_jar() {
  if [[ ! -f "$1/target/$1.jar" ]]; then
    echo "== building $1/target/$1.jar"
    ./mvnw -B -ntp -q -pl "$1" -am package -DskipTests
  fi
}

if [[ "$what" == all || "$what" == network ]]; then
  service_jar network
  echo "== NetworkRoutingBench ${NETWORK_ARGS:-}"
  extra_args NETWORK_ARGS
  "$java" -cp "$jar" dev.symbia.bench.network.NetworkRoutingBench --out "$out/$stamp-network-routing.md" ${EXTRA[@]+"${EXTRA[@]}"}
fi

if [[ "$what" == all || "$what" == logging ]]; then
  service_jar logging
  echo "== LoggingIngestBench ${LOGGING_ARGS:-}"
  extra_args LOGGING_ARGS
  "$java" -cp "$jar" dev.symbia.bench.logging.LoggingIngestBench --out "$out/$stamp-logging-ingest.md" ${EXTRA[@]+"${EXTRA[@]}"}
fi

if [[ "$what" == all || "$what" == catalog ]]; then
  service_jar catalog
  echo "== CatalogSearchBench ${CATALOG_ARGS:-}"
  extra_args CATALOG_ARGS
  "$java" -cp "$jar" dev.symbia.bench.catalog.CatalogSearchBench --out "$out/$stamp-catalog-search.md" ${EXTRA[@]+"${EXTRA[@]}"}
fi

if [[ "$what" == all || "$what" == gateway ]]; then
  service_jar gateway
  echo "== GatewayHopBench ${GATEWAY_ARGS:-}"
  extra_args GATEWAY_ARGS
  "$java" -cp "$jar" dev.symbia.bench.gateway.GatewayHopBench --out "$out/$stamp-gateway-hop.md" ${EXTRA[@]+"${EXTRA[@]}"}
fi

if [[ "$what" == all || "$what" == assistants ]]; then
  echo "== AssistantsBench ${ASSISTANTS_ARGS:-}"
  extra_args ASSISTANTS_ARGS
  "$java" -cp "$jar" dev.symbia.bench.assistants.AssistantsBench --out "$out/$stamp-assistants.md" ${EXTRA[@]+"${EXTRA[@]}"}
fi

if [[ "$what" == all || "$what" == runtime ]]; then
  service_jar runtime
  service_jar gateway
  echo "== RuntimeBench ${RUNTIME_ARGS:-}"
  extra_args RUNTIME_ARGS
  "$java" -cp "$jar" dev.symbia.bench.runtime.RuntimeBench --out "$out/$stamp-runtime.md" ${EXTRA[@]+"${EXTRA[@]}"}
fi

if [[ "$what" == chat ]]; then
  chat_build=()
  [[ "$build" -eq 0 ]] && chat_build=(--no-build)
  echo "== ChatPathBench ${CHAT_ARGS:-}"
  # start.sh builds the service jars that are stale unless --no-build.
  extra_args CHAT_ARGS
  "$java" -cp "$jar" dev.symbia.bench.chat.ChatPathBench --out "$out/$stamp-chat-path.md" "${chat_build[@]}" ${EXTRA[@]+"${EXTRA[@]}"}
fi

if [[ "$what" == assistant-path ]]; then
  path_build=()
  [[ "$build" -eq 0 ]] && path_build=(--no-build)
  echo "== AssistantPathBench ${ASSISTANT_PATH_ARGS:-}"
  # start.sh builds the service jars that are stale unless --no-build.
  extra_args ASSISTANT_PATH_ARGS
  "$java" -cp "$jar" dev.symbia.bench.assistants.AssistantPathBench --out "$out/$stamp-assistant-path.md" \
    "${path_build[@]}" ${EXTRA[@]+"${EXTRA[@]}"}
fi

if [[ "$what" == models ]]; then
  [[ "$build" -eq 1 ]] && ./mvnw -B -ntp -q -pl models -am package -DskipTests
  echo "== ModelsBench ${MODELS_ARGS:-}"
  extra_args MODELS_ARGS
  "$java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.symbia.bench.models.ModelsBench \
    --out "$out/$stamp-models.md" ${EXTRA[@]+"${EXTRA[@]}"}
fi

{
  echo "# Benchmark summary $stamp"
  echo
  echo "Every figure is relative to a baseline measured in the same run (see bench/README.md)."
  echo "Machines shared with other work give noisy absolute numbers; compare ratios and deltas."
  if [[ -f "$out/$stamp-jmh-ratios.md" ]]; then
    echo
    echo "## JMH (${JMH_ARGS:--f 1 -wi 3 -i 5})"
    echo
    [[ -f "$out/$stamp-jmh-machine.md" ]] && tail -n +2 "$out/$stamp-jmh-machine.md" && echo
    cat "$out/$stamp-jmh-ratios.md"
    if [[ -f "$out/$stamp-jmh.txt" ]]; then
      echo
      echo "Raw JMH output (end of $stamp-jmh.txt):"
      echo
      echo '```'
      sed -n '/^Benchmark  /,$p' "$out/$stamp-jmh.txt" | grep -v '^Benchmark result is saved'
      echo '```'
    fi
  fi
  for report in "$out/$stamp"-stream-fidelity*.md "$out/$stamp"-network-routing*.md "$out/$stamp"-logging-ingest*.md \
      "$out/$stamp"-catalog-search*.md "$out/$stamp"-gateway-hop*.md "$out/$stamp"-runtime*.md "$out/$stamp"-chat-path*.md \
      "$out/$stamp"-assistants*.md "$out/$stamp"-assistant-path*.md; do
    [[ -f "$report" ]] || continue
    echo
    cat "$report"
  done
} >"$out/$stamp-summary.md"
echo "== summary: $out/$stamp-summary.md"
