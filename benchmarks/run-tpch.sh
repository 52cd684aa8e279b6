#!/usr/bin/env bash
# TPC-H: ours vs DuckDB vs H2. Example: benchmarks/run-tpch.sh --sf 1 --runs 3 --warmup 1 --timeout-s 120
exec "$(dirname "$0")/run.sh" TpchBench "$@"
