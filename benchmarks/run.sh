#!/usr/bin/env bash
# Builds the benchmarks module (and the modules it needs) and runs one benchmark main class in a plain JVM with the
# flags Arrow needs on JDK 25. Usage: benchmarks/run.sh <MainClass> [args...]; see docs/benchmarks.md.
# Extra JVM options: BENCH_JVM_OPTS (default -Xms12g -Xmx12g -XX:+UseParallelGC). The heap is fixed at its maximum
# (as database servers on the JVM are run): with a growing heap the parallel collector resized its generations between
# queries, and one run in three or four of TPC-H q18 took 0.9-1.9 s instead of 0.25 s (young pauses of 150-350 ms,
# and slow runs without any pause); with -Xms12g every run of 24 took 0.19-0.42 s, pauses 4-100 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
main="$1"; shift
./mvnw -q -pl benchmarks -am install -DskipTests
cp_file="$PWD/benchmarks/target/classpath.txt"
./mvnw -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
exec "${JAVA_HOME}/bin/java" \
  --add-opens=java.base/java.nio=ALL-UNNAMED --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  ${BENCH_JVM_OPTS:--Xms12g -Xmx12g -XX:+UseParallelGC} \
  -cp "benchmarks/target/classes:$(cat "$cp_file")" "io.codeanatomy.bench.$main" "$@"
