#!/usr/bin/env bash
# interval_align on seeded random spans. Example: benchmarks/run-interval-align.sh --left 1000000 --right 1000000 --files 10000 --runs 5 --warmup 2
exec "$(dirname "$0")/run.sh" IntervalAlignBench "$@"
