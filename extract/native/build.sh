#!/usr/bin/env bash
# Builds libtree-sitter (plus our bulk-walk helpers, codeanatomy_walk.c) and the Python and Java grammars with gcc -O2
# from the C sources that the pinned npm packages ship, into <target>/classes/native/linux-x86_64/. Called by Maven
# (generate-resources); see README.md.
# Inputs are pinned by version and SHA-256, so the same sources are compiled everywhere.
set -euo pipefail

target="${1:?usage: build.sh <maven target dir>}"
work="$target/native-build"
out="$target/classes/native/linux-x86_64"
here="$(cd "$(dirname "$0")" && pwd)"
script_hash="$(cat "$0" "$here/codeanatomy_walk.c" | sha256sum | cut -c1-64)"

# name@version sha256-of-tarball
packages=(
  "tree-sitter@0.25.1 07aeba8dd71630e7e72b2d4ca3bd2680c3471824100cc5ebff44e78a6ed0b6d3"
  "tree-sitter-python@0.25.0 63b76b3fa8181fd79eaad4abcdb21e2babcb504dbfc7710a89934fa456d26096"
  "tree-sitter-java@0.23.5 6b6c1b62605f9d8bb80efd2ebe5951a87b182faafa3eeb67c460a667818551b6"
)

# Up to date when the libraries exist and were built by this exact script.
if [[ -f "$out/STAMP" && "$(cat "$out/STAMP")" == "$script_hash" ]]; then
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "build.sh: only linux-x86_64 is built here; see extract/README.md for other platforms" >&2; exit 1 ;;
esac
command -v npm >/dev/null || { echo "build.sh: npm is needed to fetch the tree-sitter C sources" >&2; exit 1; }
command -v gcc >/dev/null || { echo "build.sh: gcc is needed to compile the tree-sitter natives" >&2; exit 1; }

mkdir -p "$work" "$out"
for entry in "${packages[@]}"; do
  spec="${entry%% *}"; want="${entry##* }"
  name="${spec%@*}"; version="${spec##*@}"
  tgz="$work/$name-$version.tgz"
  if [[ ! -f "$tgz" ]]; then
    (cd "$work" && npm pack --silent "$spec" >/dev/null)
  fi
  have="$(sha256sum "$tgz" | cut -c1-64)"
  if [[ "$have" != "$want" ]]; then
    echo "build.sh: $tgz has SHA-256 $have, expected $want; delete it and retry, or update the pin" >&2
    exit 1
  fi
  rm -rf "$work/$name"; mkdir -p "$work/$name"
  tar xzf "$tgz" -C "$work/$name"
done

core="$work/tree-sitter/package/vendor/tree-sitter/lib"
gcc -O2 -fPIC -shared -std=c11 -D_DEFAULT_SOURCE -D_DARWIN_C_SOURCE \
  -I "$core/include" -I "$core/src" "$core/src/lib.c" "$here/codeanatomy_walk.c" -o "$out/libtree-sitter.so" & pids=($!)
py="$work/tree-sitter-python/package/src"
gcc -O2 -fPIC -shared -I "$py" "$py/parser.c" "$py/scanner.c" -o "$out/libtree-sitter-python.so" & pids+=($!)
java="$work/tree-sitter-java/package/src"
gcc -O2 -fPIC -shared -I "$java" "$java/parser.c" -o "$out/libtree-sitter-java.so" & pids+=($!)
for pid in "${pids[@]}"; do wait "$pid"; done
# the versions compiled, for the build manifests that name the tools behind a graph
for entry in "${packages[@]}"; do spec="${entry%% *}"; echo "${spec%@*}=${spec##*@}"; done > "$out/versions.properties"
echo "$script_hash" > "$out/STAMP"
