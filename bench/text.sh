#!/bin/sh
# bench/text.sh BUILD_DIR [MB]: builds bench_text in a (Release) build directory and prints
# the text engine's throughput table (markdown) against ICU NFC on the same bytes.
set -eu
if [ $# -lt 1 ]; then
	echo "usage: bench/text.sh BUILD_DIR [MB]" >&2
	exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
cmake --build "$1" --target bench_text >/dev/null
"$1/bench_text" "$root" "${2:-50}"
