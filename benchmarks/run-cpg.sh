#!/usr/bin/env bash
# The main job, timed as a user runs it: `codeanatomy build <tree>` in a fresh JVM (JVM start included), on the
# Python 3.11 standard library and on the guava sources jar from Maven Central. Prints a markdown table (wall time,
# peak RSS, nodes, edges, the build's own stage timings) and writes it to benchmarks/results/cpg-build.md.
# Usage: benchmarks/run-cpg.sh [--runs N] [--python-root DIR] [--guava-version V]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
runs=3
python_root=/usr/lib/python3.11
guava_version=33.5.0-jre
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --python-root) python_root="$2"; shift 2 ;;
    --guava-version) guava_version="$2"; shift 2 ;;
    *) echo "unknown option $1 (use --runs, --python-root, --guava-version)" >&2; exit 2 ;;
  esac
done
source .ci/jdk.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

./codeanatomy --help >/dev/null        # builds the CLI first, so no run below pays for it

# guava: the sources jar of one release, unpacked (the Java files of its main source tree)
./mvnw -q dependency:copy -Dartifact="com.google.guava:guava:${guava_version}:jar:sources" -DoutputDirectory="$work" \
  -Dmdep.stripVersion=false >/dev/null
mkdir -p "$work/guava"
(cd "$work/guava" && "$JAVA_HOME/bin/jar" xf "$work/guava-${guava_version}-sources.jar")

trees=()
[[ -d "$python_root" ]] && trees+=("python:$python_root") || echo "skipping the Python stdlib: $python_root is missing" >&2
trees+=("java:$work/guava")

# one untimed build first: it records the AOT cache the launcher gives every later run (see ./codeanatomy), which is
# then created in the background: wait for it (at most 2 minutes), so no timed run records or competes with it
first="${trees[0]}"
./codeanatomy build "${first#*:}" --out "$work/out" --lang "${first%%:*}" >/dev/null 2>&1
rm -rf "$work/out"
for _ in $(seq 120); do
  [[ -f cli/target/codeanatomy.aot ]] && break
  sleep 1
done

out_md="$ROOT/benchmarks/results/cpg-build.md"
{
  echo "| tree | files | wall s (median of $runs) | peak RSS MiB | nodes | edges | extract / compile (during extract) / views / write after views, s |"
  echo "|---|---:|---:|---:|---:|---:|---|"
} > "$out_md"
for entry in "${trees[@]}"; do
  lang="${entry%%:*}"; tree="${entry#*:}"
  walls=(); rss=0
  for ((i = 1; i <= runs; i++)); do
    rm -rf "$work/out"
    /usr/bin/time -f "%e %M" -o "$work/time" ./codeanatomy build "$tree" --out "$work/out" --lang "$lang" >/dev/null 2>&1
    read -r wall kb < "$work/time"
    walls+=("$wall"); (( kb > rss )) && rss=$kb
  done
  median="$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  summary="$(python3 - "$work/out/manifest.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
rows = {t["table"]: t["rows"] for t in m["delta"]["tables"]}
t = m["timingsMs"]
files = sum(m["inputs"]["filesByLanguage"].values())
print(f'{files}|{rows["cpg_nodes"]:,}|{rows["cpg_edges"]:,}|'
      f'{t["extract"]/1000:.1f} / {t["compile"]/1000:.1f} / {t["views"]/1000:.1f} / {t["write"]/1000:.1f}')
EOF
)"
  IFS='|' read -r files nodes edges stages <<< "$summary"
  name="$(basename "$tree")"; [[ "$lang" == java ]] && name="guava ${guava_version} sources"
  echo "| $name | $files | $median | $((rss / 1024)) | $nodes | $edges | $stages |" >> "$out_md"
done
cat "$out_md"
