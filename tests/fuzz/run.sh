#!/usr/bin/env bash
# run.sh BUILD_DIR SECONDS: runs every libFuzzer target (fuzz_*) built in BUILD_DIR for
# SECONDS each, with a corpus under build dir; fails on the first finding.
set -euo pipefail
build=$1
secs=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
status=0
for bin in "$build"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	build=$(cd "$build" && pwd)
	corpus="$build/corpus-$name"
	mkdir -p "$corpus"
	if [ -d "$here/seeds/$name" ]; then cp -n "$here/seeds/$name"/* "$corpus"/ 2>/dev/null || true; fi
	echo "== $name for ${secs}s"
	if ! (cd "$build" && "./$name" -max_total_time="$secs" -max_len=65536 -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 "$corpus" 2>&1 | tail -n 12); then
		echo "!! $name found a problem (see the crash-* file in $build)"
		status=1
	fi
done
exit $status
