#!/usr/bin/env bash
# Builds the benchmarks module (and the modules it needs) and runs one benchmark main class in a plain JVM with the
# flags Arrow needs on JDK 25. Usage: benchmarks/run.sh <MainClass> [args...]; see docs/benchmarks.md.
# Extra JVM options: BENCH_JVM_OPTS (default -Xmx12g -XX:+UseParallelGC).
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
  ${BENCH_JVM_OPTS:--Xmx12g -XX:+UseParallelGC} \
  -cp "benchmarks/target/classes:$(cat "$cp_file")" "io.codeanatomy.bench.$main" "$@"
