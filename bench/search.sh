#!/bin/sh
# bench/search.sh BUILD_DIR [MILLION_WORDS]: builds bench_search in a (Release) build
# directory and prints the search benchmark (markdown): a generated corpus of Mongolian
# words and Chinese characters (8 M each by default; how: bench/bench_search.c), the index
# build rate and p50/p99 of a query mix.
set -eu
if [ $# -lt 1 ]; then
	echo "usage: bench/search.sh BUILD_DIR [MILLION_WORDS]" >&2
	exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$root" -B "$1" >/dev/null
cmake --build "$1" --target bench_search >/dev/null
"$1/bench_search" "$root" "${2:-8}"
