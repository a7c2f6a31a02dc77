#!/usr/bin/env bash
# run.sh: `make bench` — Tala against nginx, and group commit against one fsync per write.
# Usage: bash bench/run.sh BUILD_DIR   (BUILD_DIR holds a Release `tala`)
#
# 1. Creates a temp data directory with `tala init` and starts `tala serve` on a free port,
#    and a second `tala serve` on the same directory with --set cache.ttl=0 (no response
#    cache: it renders every request).
# 2. Fetches the exact bytes Tala answers for /healthz, a region page and a JSON list,
#    and starts nginx (bench/nginx.conf.in) serving them as static files with Tala's
#    Content-Type and headers; checks that nginx and both Tala servers answer those bytes.
# 3. Drives them with wrk, same settings, and reports requests/s, p50, p99 and Tala/nginx:
#    every URL against the default server (the region page and the list are then answered
#    from the response cache), the region page and the list also against the uncached one.
# 4. Drives POST /api/v1/feedback (bench/feedback.lua) against that server (group commit
#    on) and against a second one with store.group_commit=off (one fsync per request),
#    alternating, BENCH_WRITE_ROUNDS runs each; after stopping both, counts the rows stored
#    with sqlite3 and checks that every acknowledged write is there.
# 5. Writes bench/RESULTS.md (machine, versions, settings, tables) and prints the tables;
#    appends the output of bench/text.sh when that script exists.
# Raw wrk output, server logs and the generated nginx.conf are left in bench/out/.
# Exits 1 when a server fails or misbehaves (non-2xx answers, socket errors, lost writes).
#
# Environment: BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_WRITE_CONNECTIONS (128),
# BENCH_DURATION seconds per run (10), BENCH_WARMUP seconds (2), BENCH_WRITE_ROUNDS write
# runs per mode (2), BENCH_TIMEOUT wrk request timeout in seconds (10), BENCH_KEEP=1 keeps
# the temp directory.
set -euo pipefail

if [ $# -ne 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
	echo "usage: bash bench/run.sh BUILD_DIR" >&2
	exit 2
fi
BUILD_ARG=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
OUT=$HERE/out
RESULTS=$HERE/RESULTS.md

THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-64}
WCONNS=${BENCH_WRITE_CONNECTIONS:-128}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-2}
WRITE_ROUNDS=${BENCH_WRITE_ROUNDS:-2}
TIMEOUT=${BENCH_TIMEOUT:-10}

SECONDS=0
FAILURES=()

say() { printf 'bench: %s\n' "$*"; }
die() {
	printf 'bench: %s\n' "$*" >&2
	exit 1
}
fail() {
	printf 'bench: FAIL: %s\n' "$*" >&2
	FAILURES+=("$*")
}

[ -d "$BUILD_ARG" ] || die "$BUILD_ARG: no such build directory"
TALA=$(cd "$BUILD_ARG" && pwd)/tala
[ -x "$TALA" ] || die "$TALA: not built (run 'make bench')"
for cmd in wrk nginx curl sqlite3; do
	command -v "$cmd" >/dev/null 2>&1 && continue
	case $cmd in
	wrk) pkg=wrk ;; nginx) pkg=nginx-light ;; *) pkg=$cmd ;;
	esac
	die "needs '$cmd': apt-get install -y $pkg"
done
NGINX=$(command -v nginx)

rm -rf "$OUT"
mkdir -p "$OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tala-bench.XXXXXX")
# nginx started as root runs its workers as 'nobody': they must be able to read the files.
chmod 755 "$TMP"

# --- processes we started, stopped on exit ------------------------------------------------

declare -A TALA_PID TALA_PORT
NGINX_PID=

# stop_pid PID NAME: SIGTERM, up to 15 s to exit, then SIGKILL. Sets STOP_RC.
stop_pid() {
	local pid=$1 name=$2 i
	STOP_RC=0
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 150; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		fail "$name (pid $pid) still running 15 s after SIGTERM; sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || STOP_RC=$?
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	local name
	for name in "${!TALA_PID[@]}"; do stop_pid "${TALA_PID[$name]}" "tala ($name)"; done
	[ -n "$NGINX_PID" ] && stop_pid "$NGINX_PID" nginx
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		say "kept $TMP"
	else
		rm -rf "$TMP"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Tala ---------------------------------------------------------------------------------

# tala_init DIR: creates a data directory with the region tree.
tala_init() {
	"$TALA" init --data "$1" >"$OUT/init-$(basename "$1").log" 2>&1 ||
		die "tala init --data $1 failed: $(tail -5 "$OUT/init-$(basename "$1").log")"
}

# tala_start NAME DIR [ARGS...]: starts `tala serve` on a free port; sets TALA_PID[NAME],
# TALA_PORT[NAME].
tala_start() {
	local name=$1 dir=$2 i port=
	shift 2
	: >"$OUT/$name.stdout"
	"$TALA" serve --data "$dir" --port 0 --set server.access_log=off \
		--set feedback.rate_per_minute=0 "$@" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr" &
	TALA_PID[$name]=$!
	for ((i = 0; i < 200; i++)); do
		port=$(sed -n 's|^tala: serving on http://[^:]*:\([0-9]*\)/.*|\1|p' "$OUT/$name.stdout" || true)
		[ -n "$port" ] && break
		kill -0 "${TALA_PID[$name]}" 2>/dev/null ||
			die "tala serve ($name) exited at start: $(tail -5 "$OUT/$name.stderr")"
		sleep 0.05
	done
	[ -n "$port" ] || die "tala serve ($name) printed no port within 10 s"
	TALA_PORT[$name]=$port
	say "tala ($name) pid ${TALA_PID[$name]} on port $port"
}

# tala_stop NAME: SIGTERM and wait; a non-zero exit is a failure.
tala_stop() {
	local name=$1
	stop_pid "${TALA_PID[$name]}" "tala ($name)"
	unset "TALA_PID[$name]"
	if [ "$STOP_RC" -ne 0 ]; then
		fail "tala ($name) exited with status $STOP_RC: $(tail -5 "$OUT/$name.stderr")"
	fi
}

# tala_alive NAME WHEN: fails the run when the server has died.
tala_alive() {
	kill -0 "${TALA_PID[$1]}" 2>/dev/null && return 0
	local rc=0
	wait "${TALA_PID[$1]}" 2>/dev/null || rc=$?
	unset "TALA_PID[$1]"
	die "tala ($1) died during $2 (exit status $rc); last lines of bench/out/$1.stderr:
$(tail -20 "$OUT/$1.stderr")"
}

# --- the bytes nginx serves ---------------------------------------------------------------

ENDPOINTS=(/healthz /regions/1525 "/api/v1/regions?parent=15" /s/nmg/a/1)
LABELS=("/healthz" "region page (HTML) /regions/1525" "/api/v1/regions?parent=15 (JSON)"
	"article page (HTML) /s/nmg/a/1")
# The rows of the read table, in the order they are measured: "ENDPOINT_INDEX TALA_NAME".
# gc-on is the default server (response cache on), no-cache the one with cache.ttl=0;
# nginx is measured once per endpoint, after the endpoint's first row.
READ_ROWS=("0 gc-on" "1 gc-on" "1 no-cache" "2 gc-on" "2 no-cache" "3 gc-on" "3 no-cache")
WWW=$TMP/www

# nginx_quote VALUE: the value as a double-quoted nginx string.
nginx_quote() {
	local v=$1
	case $v in *'$'*) die "header value with '\$' cannot go into nginx.conf: $v" ;; esac
	v=${v//\\/\\\\}
	v=${v//\"/\\\"}
	printf '"%s"' "$v"
}

# fetch_endpoint URLPATH: saves Tala's body under $WWW and appends an nginx location
# with the same Content-Type and headers to LOCATIONS.
LOCATIONS=
fetch_endpoint() {
	local url=$1 path=${1%%\?*} file hdr code ctype line name value
	file=$WWW$path
	hdr=$TMP/headers$(printf '%s' "$path" | tr '/' '_')
	mkdir -p "$(dirname "$file")"
	code=$(curl -sS -o "$file" -D "$hdr" -w '%{http_code}' "http://127.0.0.1:${TALA_PORT[gc-on]}$url") ||
		die "curl $url failed"
	[ "$code" = 200 ] || die "Tala answered $url with $code: $(head -c 300 "$file")"
	ctype=
	LOCATIONS+=$'\t\t'"location = $path {"$'\n'
	while IFS= read -r line; do
		line=${line%$'\r'}
		case $line in HTTP/* | "") continue ;; esac
		name=${line%%:*}
		value=${line#*:}
		value=${value# }
		case ${name,,} in
		content-type) ctype=$value ;;
		date | content-length | connection | keep-alive | transfer-encoding | server | etag | last-modified) ;;
		*) LOCATIONS+=$'\t\t\t'"add_header $name $(nginx_quote "$value") always;"$'\n' ;;
		esac
	done <"$hdr"
	[ -n "$ctype" ] || die "Tala sent no Content-Type for $url"
	LOCATIONS+=$'\t\t\t'"default_type $(nginx_quote "$ctype");"$'\n\t\t}\n'
	printf '%s' "$ctype" >"$file.ctype"
	say "$url: $(wc -c <"$file") bytes, $ctype"
}

# --- nginx --------------------------------------------------------------------------------

# nginx_start: writes $TMP/nginx.conf from the template and starts nginx on a free port;
# sets NGINX_PID, NGINX_PORT.
nginx_start() {
	local attempt i port conf temp_paths m template
	temp_paths=
	for m in proxy fastcgi uwsgi scgi; do
		"$NGINX" -V 2>&1 | grep -q -- "--without-http_${m}_module" && continue
		temp_paths+=$'\t'"${m}_temp_path $TMP/nginx-$m;"$'\n'
	done
	template=$(<"$HERE/nginx.conf.in")
	for ((attempt = 0; attempt < 5; attempt++)); do
		for ((i = 0; i < 50; i++)); do
			port=$((20000 + RANDOM % 30000))
			(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
		done
		conf=${template//@DIR@/$TMP}
		conf=${conf//@ROOT@/$WWW}
		conf=${conf//@PORT@/$port}
		conf=${conf//@TEMP_PATHS@/$temp_paths}
		conf=${conf//@LOCATIONS@/$LOCATIONS}
		printf '%s\n' "$conf" >"$TMP/nginx.conf"
		cp "$TMP/nginx.conf" "$OUT/nginx.conf"
		"$NGINX" -t -q -p "$TMP/" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" >"$OUT/nginx-t.log" 2>&1 ||
			die "nginx rejects the generated config (bench/out/nginx.conf): $(cat "$OUT/nginx-t.log")"
		"$NGINX" -p "$TMP/" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" >"$OUT/nginx.stdout" 2>&1 &
		NGINX_PID=$!
		for ((i = 0; i < 100; i++)); do
			if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then
				NGINX_PORT=$port
				say "nginx pid $NGINX_PID on port $NGINX_PORT"
				return 0
			fi
			kill -0 "$NGINX_PID" 2>/dev/null || break
			sleep 0.05
		done
		stop_pid "$NGINX_PID" nginx
		NGINX_PID=
	done
	die "nginx did not start: $(tail -5 "$TMP/nginx-error.log" 2>/dev/null) $(tail -5 "$OUT/nginx.stdout")"
}

# same_answer WHO PORT URLPATH [LOG]: the server on PORT answers the bytes and Content-Type
# that fetch_endpoint saved from Tala; otherwise dies, quoting the last lines of LOG.
same_answer() {
	local who=$1 port=$2 url=$3 path=${3%%\?*} log=${4:-} got ctype
	ctype=$(curl -sS -o "$TMP/check" -w '%{content_type}' "http://127.0.0.1:$port$url")
	cmp -s "$TMP/check" "$WWW$path" ||
		die "$who answers $url with other bytes: $(head -c 300 "$TMP/check"; [ -n "$log" ] && tail -3 "$log" 2>/dev/null)"
	got=$(<"$WWW$path.ctype")
	[ "$ctype" = "$got" ] || die "$who answers $url with Content-Type '$ctype', Tala with '$got'"
}

# --- wrk ----------------------------------------------------------------------------------

declare -A R

# run_wrk KEY URL CONNECTIONS SCRIPT: one measured run; results in R[KEY.field].
run_wrk() {
	local key=$1 url=$2 conns=$3 script=$4 line kv
	wrk -t"$THREADS" -c"$conns" -d"${DURATION}s" --timeout "${TIMEOUT}s" --latency \
		-s "$script" "$url" >"$OUT/wrk-$key.txt" 2>&1 || die "wrk failed for $key: $(tail -5 "$OUT/wrk-$key.txt")"
	line=$(grep '^BENCH ' "$OUT/wrk-$key.txt" || true)
	[ -n "$line" ] || die "wrk printed no result for $key: $(tail -5 "$OUT/wrk-$key.txt")"
	for kv in ${line#BENCH }; do
		R[$key.${kv%%=*}]=${kv#*=}
	done
	R[$key.rps]=$(awk -v n="${R[$key.requests]}" -v us="${R[$key.duration_us]}" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
	local e="${R[$key.status]} non-2xx, socket errors: connect ${R[$key.connect]} read ${R[$key.read]} write ${R[$key.write]} timeout ${R[$key.timeout]}"
	say "$key: ${R[$key.rps]} req/s, p50 $(ms "${R[$key.p50_us]}"), p99 $(ms "${R[$key.p99_us]}"); $e"
	if [ "${R[$key.status]}" -ne 0 ] || [ "${R[$key.connect]}" -ne 0 ] ||
		[ "${R[$key.read]}" -ne 0 ] || [ "${R[$key.write]}" -ne 0 ]; then
		fail "$key: $e"
	elif [ "${R[$key.timeout]}" -gt $((${R[$key.requests]} / 1000 + 5)) ]; then
		fail "$key: ${R[$key.timeout]} timeouts in ${R[$key.requests]} requests"
	fi
}

warm() {
	wrk -t"$THREADS" -c"$2" -d"${WARMUP}s" --timeout "${TIMEOUT}s" "$1" >/dev/null 2>&1 || true
}

ms() { awk -v us="$1" 'BEGIN { printf "%.2f ms", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

rows_stored() { sqlite3 "$1/tala.db" 'SELECT count(*) FROM feedback;'; }

# --- the disk: how many synchronous 4 KiB writes per second it takes ------------------------

# fsync_probe: O_DSYNC 4 KiB writes per second in the temp directory, what one fsync per
# request is bound by.
fsync_probe() {
	local line secs n=200
	line=$(dd if=/dev/zero of="$TMP/fsync-probe" bs=4k count=$n oflag=dsync 2>&1 | tail -1) || true
	rm -f "$TMP/fsync-probe"
	secs=$(printf '%s\n' "$line" | sed -n 's/.* copied, \([0-9.]*\) s,.*/\1/p')
	[ -n "$secs" ] && awk -v n=$n -v s="$secs" 'BEGIN { if (s > 0) printf "%.0f", n / s }' || echo "?"
}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
FSYNC_BEFORE=$(fsync_probe)
say "disk: $FSYNC_BEFORE synchronous 4 KiB writes/s (dd oflag=dsync)"

# --- 1-3: reads ---------------------------------------------------------------------------

D1=$TMP/data-gc-on
D2=$TMP/data-gc-off
tala_init "$D1"
# the demo network (142 sites, 2,100 articles) for the article page row (~10 s)
"$TALA" demo --data "$D1" >"$OUT/demo.log" 2>&1 || die "tala demo failed: $(tail -5 "$OUT/demo.log")"
tala_start gc-on "$D1"
# Same data directory (read only here), so the same region tree and the same bytes.
tala_start no-cache "$D1" --set cache.ttl=0
for url in "${ENDPOINTS[@]}"; do fetch_endpoint "$url"; done
nginx_start
for url in "${ENDPOINTS[@]}"; do same_answer nginx "$NGINX_PORT" "$url" "$TMP/nginx-error.log"; done
for row in "${READ_ROWS[@]}"; do
	name=${row#* }
	same_answer "tala ($name)" "${TALA_PORT[$name]}" "${ENDPOINTS[${row%% *}]}" "$OUT/$name.stderr"
done

# read_run NAME I: warm-up, then one measured run of GET ${ENDPOINTS[I]} against nginx or
# the Tala server NAME; results in R[read-NAME-I.field].
read_run() {
	local name=$1 url=${ENDPOINTS[$2]} port
	if [ "$name" = nginx ]; then port=$NGINX_PORT; else port=${TALA_PORT[$name]}; fi
	warm "http://127.0.0.1:$port$url" "$CONNS"
	[ "$name" = nginx ] || tala_alive "$name" "the warm-up for GET $url"
	run_wrk "read-$name-$2" "http://127.0.0.1:$port$url" "$CONNS" "$HERE/report.lua"
	[ "$name" = nginx ] || tala_alive "$name" "GET $url"
}
for row in "${READ_ROWS[@]}"; do
	i=${row%% *}
	read_run "${row#* }" "$i"
	[ -n "${R[read-nginx-$i.rps]:-}" ] || read_run nginx "$i"
done
stop_pid "$NGINX_PID" nginx
NGINX_PID=
tala_stop no-cache

# --- 4: writes ----------------------------------------------------------------------------

# Both servers run at once and the runs alternate (on, off, on, off, ...), so that a change
# in the disk's speed during the run (other work on the machine) hits both modes alike.
tala_init "$D2"
tala_start gc-off "$D2" --set store.group_commit=off
WRITE_KEYS=()
for ((round = 1; round <= WRITE_ROUNDS; round++)); do
	for mode in on off; do
		run_wrk "write-$mode-$round" "http://127.0.0.1:${TALA_PORT[gc-$mode]}/api/v1/feedback" \
			"$WCONNS" "$HERE/feedback.lua"
		tala_alive "gc-$mode" "POST /api/v1/feedback"
		WRITE_KEYS+=("write-$mode-$round")
	done
done
tala_stop gc-on
tala_stop gc-off
FSYNC_AFTER=$(fsync_probe)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# sum_runs MODE FIELD: FIELD summed over the write runs of MODE.
sum_runs() {
	local k n=0
	for ((k = 1; k <= WRITE_ROUNDS; k++)); do n=$((n + ${R[write-$1-$k.$2]})); done
	echo "$n"
}
for mode in on off; do
	if [ $mode = on ]; then dir=$D1; else dir=$D2; fi
	rows=$(rows_stored "$dir")
	ok=$(sum_runs $mode ok2xx)
	R[gc-$mode.rows]=$rows
	R[gc-$mode.ok2xx]=$ok
	R[gc-$mode.rps]=$(awk -v n="$(sum_runs $mode requests)" -v us="$(sum_runs $mode duration_us)" \
		'BEGIN { printf "%.0f", n / (us / 1e6) }')
	say "gc-$mode: $ok answers 2xx, $rows rows stored"
	if [ "$rows" -lt "$ok" ]; then
		fail "gc-$mode: $ok writes acknowledged with 2xx but only $rows rows in the database"
	elif [ $((rows - ok)) -gt $((WCONNS * WRITE_ROUNDS)) ]; then
		fail "gc-$mode: $rows rows stored for $ok acknowledged writes (more than $WCONNS in flight at the end of each run)"
	fi
done

# --- 5: results ---------------------------------------------------------------------------

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
# shellcheck disable=SC1091
debian="$(. /etc/os-release && echo "$PRETTY_NAME") ($(cat /etc/debian_version 2>/dev/null || echo '?'))"
fs=$(df -PT "$TMP" | awk 'NR == 2 { print $2 " on " $1 }')
nginx_version=$("$NGINX" -v 2>&1 | sed 's/^nginx version: nginx\///')
wrk_version=$({ wrk -v 2>&1 || true; } | awk 'NR == 1 { print $2 }')
mhd_version=$(pkg-config --modversion libmicrohttpd 2>/dev/null || echo unknown)
sqlite_version=$(pkg-config --modversion sqlite3 2>/dev/null || sqlite3 --version | awk '{ print $1 }' || true)
tala_version=$("$TALA" version 2>&1 | head -1)
commit=$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_ARG/CMakeCache.txt" 2>/dev/null || echo unknown)
gc_ratio=$(ratio "${R[gc-on.rps]}" "${R[gc-off.rps]}")

read_table() {
	echo "| endpoint | Tala req/s | Tala p50 | Tala p99 | nginx req/s | nginx p50 | nginx p99 | ratio |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	local row i name t n label
	for row in "${READ_ROWS[@]}"; do
		i=${row%% *} name=${row#* }
		t=read-$name-$i n=read-nginx-$i label="\`${ENDPOINTS[$i]}\`"
		[ "$name" = no-cache ] && label+=" (no cache)"
		echo "| $label | ${R[$t.rps]} | $(ms "${R[$t.p50_us]}") | $(ms "${R[$t.p99_us]}") | ${R[$n.rps]} | $(ms "${R[$n.p50_us]}") | $(ms "${R[$n.p99_us]}") | $(ratio "${R[$t.rps]}" "${R[$n.rps]}")× |"
	done
	echo
	echo "Cache hits: the \`/regions/1525\` and \`/api/v1/regions?parent=15\` rows without \"(no cache)\" (default \`cache.ttl\`: Tala renders the answer once and then serves it from its response cache until the TTL runs out); rendered on every request: the two \"(no cache)\" rows (\`--set cache.ttl=0\`) and \`/healthz\` (never cached)."
}

mode_label() {
	if [ "$1" = on ]; then echo "group commit (default)"; else echo "one fsync per request (\`store.group_commit=off\`)"; fi
}

write_table() {
	echo "| mode | run | req/s | p50 | p99 | 2xx answers |"
	echo "|---|---:|---:|---:|---:|---:|"
	local k mode round
	for k in "${WRITE_KEYS[@]}"; do
		mode=${k#write-} round=${mode#*-} mode=${mode%%-*}
		echo "| $(mode_label "$mode") | $round | ${R[$k.rps]} | $(ms "${R[$k.p50_us]}") | $(ms "${R[$k.p99_us]}") | ${R[$k.ok2xx]} |"
	done
	echo
	echo "| mode | req/s over all runs | 2xx answers | rows stored |"
	echo "|---|---:|---:|---:|"
	for mode in on off; do
		echo "| $(mode_label $mode) | ${R[gc-$mode.rps]} | ${R[gc-$mode.ok2xx]} | ${R[gc-$mode.rows]} |"
	done
	echo
	echo -n "Group commit ÷ one fsync per request: ${gc_ratio}× over all runs"
	for ((round = 1; round <= WRITE_ROUNDS; round++)); do
		echo -n "; run $round: $(ratio "${R[write-on-$round.rps]}" "${R[write-off-$round.rps]}")×"
	done
	echo "."
}

goals() {
	local i verdict r
	for i in 1 2; do
		r=$(ratio "${R[read-gc-on-$i.rps]}" "${R[read-nginx-$i.rps]}")
		if at_least "$r" 0.8; then verdict=met; else verdict="**not met**"; fi
		echo "- ${LABELS[$i]}: Tala reaches ${r}× nginx's static throughput answering from its response cache (goal ≥ 0.8×: $verdict); rendering every request (\`cache.ttl=0\`): $(ratio "${R[read-no-cache-$i.rps]}" "${R[read-nginx-$i.rps]}")×."
	done
	if at_least "$gc_ratio" 5; then verdict=met; else verdict="**not met**"; fi
	echo "- Group commit: ${R[gc-on.rps]} writes/s against ${R[gc-off.rps]} with one fsync per request, ${gc_ratio}× (target ≥ 5×: $verdict)."
}

{
	echo "# Benchmarks"
	echo
	echo "Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'); rerun it rather than editing this file."
	echo "Raw wrk output and server logs of the last run are in \`bench/out/\` (not committed)."
	echo
	echo "## Machine"
	echo
	echo "- CPU: $cpu_model, $(nproc) cores (nproc)"
	echo "- Memory: $mem"
	echo "- Kernel: $(uname -sr) $(uname -m)"
	echo "- OS: $debian"
	echo "- Data directory filesystem: $fs (SQLite WAL, \`synchronous=FULL\`); synchronous 4 KiB writes (\`dd oflag=dsync\`): $FSYNC_BEFORE/s before the run, $FSYNC_AFTER/s after it"
	echo "- nginx $nginx_version (Debian nginx-light $(dpkg-query -W -f '${Version}' nginx-light 2>/dev/null || echo '?')), wrk $wrk_version, libmicrohttpd $mhd_version, SQLite $sqlite_version"
	echo "- Tala: $tala_version, commit $commit, CMake build type $build_type"
	echo
	echo "wrk and the server under test run on the same $(nproc) cores and compete for them;"
	echo "the numbers compare Tala with nginx under the same handicap, not either one's ceiling."
	echo "Load average (1, 5, 15 min) before the run: $LOAD_BEFORE; after: $LOAD_AFTER (anything above"
	echo "about 1 before the run is other work on the machine, which makes these numbers noisier)."
	echo
	echo "## Settings"
	echo
	echo "- Reads: \`wrk -t$THREADS -c$CONNS -d${DURATION}s --timeout ${TIMEOUT}s --latency\`, the same for Tala and nginx, each run after a ${WARMUP} s warm-up of the same URL."
	echo "- Writes: \`wrk -t$THREADS -c$WCONNS -d${DURATION}s --timeout ${TIMEOUT}s --latency -s bench/feedback.lua\`: \`POST /api/v1/feedback\` with \`{\"body\":\"bench message\",\"lang\":\"zh\"}\`, one row per request; no warm-up; $WRITE_ROUNDS runs per mode, alternating between the two servers, which run side by side on fresh data directories."
	echo "- Tala: \`tala serve --port 0 --set server.access_log=off --set feedback.rate_per_minute=0\` (request threads: one per core), on a fresh \`tala init\` data directory; response cache on (default \`cache.ttl\`)."
	echo "- Tala (no cache): the same with \`--set cache.ttl=0\`, on the same data directory, running alongside during the reads (idle while the others are measured)."
	echo "- nginx: \`bench/nginx.conf.in\`, worker_processes auto ($(nproc) workers), sendfile, keep-alive, open_file_cache, access_log off; it serves the bytes Tala answered, with Tala's Content-Type and response headers."
	echo "- ratio = Tala req/s ÷ nginx req/s."
	echo
	echo "## Reads: Tala against nginx serving the same bytes"
	echo
	read_table
	echo
	echo "## Writes: \`POST /api/v1/feedback\`"
	echo
	write_table
	echo
	echo "Rows are counted with sqlite3 after the server has stopped. The 2xx answers are those wrk"
	echo "received within the run; rows stored may exceed them by the requests still in flight when it ended."
	echo
	echo "## Against the goals of issue 2"
	echo
	goals
	if [ ${#FAILURES[@]} -gt 0 ]; then
		echo
		echo "## Problems seen in this run"
		echo
		printf -- '- %s\n' "${FAILURES[@]}"
	fi
} >"$TMP/results.md"

echo
read_table
echo
write_table
echo
goals
echo

# --- 6: the text engine's benchmark, when present -----------------------------------------

if [ -f "$HERE/text.sh" ]; then
	say "bench/text.sh $BUILD_ARG"
	text_rc=0
	bash "$HERE/text.sh" "$BUILD_ARG" >"$OUT/text.txt" 2>&1 || text_rc=$?
	cat "$OUT/text.txt"
	{
		echo
		echo "## Text engine (bench/text.sh)"
		echo
		# Markdown (headings or tables) goes in as it is; anything else as a code block.
		if grep -qE '^(#|\|)' "$OUT/text.txt"; then
			cat "$OUT/text.txt"
		else
			echo '```'
			cat "$OUT/text.txt"
			echo '```'
		fi
		[ "$text_rc" -eq 0 ] || { echo; echo "bench/text.sh exited with status $text_rc."; }
	} >>"$TMP/results.md"
	[ "$text_rc" -eq 0 ] || fail "bench/text.sh exited with status $text_rc"
fi

# --- 7: search over a generated corpus (bench/search.sh), when present ----------------------

if [ -f "$HERE/search.sh" ]; then
	say "bench/search.sh $BUILD_ARG"
	search_rc=0
	bash "$HERE/search.sh" "$BUILD_ARG" >"$OUT/search.txt" 2>&1 || search_rc=$?
	cat "$OUT/search.txt"
	{ echo; cat "$OUT/search.txt"; } >>"$TMP/results.md"
	[ "$search_rc" -eq 0 ] || fail "bench/search.sh exited with status $search_rc"
fi

# --- 8: quiz answers through the API against nginx static (bench/quiz.sh), when present -----

if [ -f "$HERE/quiz.sh" ]; then
	say "bench/quiz.sh $BUILD_ARG"
	quiz_rc=0
	bash "$HERE/quiz.sh" "$BUILD_ARG" >"$OUT/quiz.txt" 2>"$OUT/quiz.stderr" || quiz_rc=$?
	cat "$OUT/quiz.txt"
	{ echo; cat "$OUT/quiz.txt"; } >>"$TMP/results.md"
	[ "$quiz_rc" -eq 0 ] || fail "bench/quiz.sh exited with status $quiz_rc: $(tail -3 "$OUT/quiz.stderr")"
fi

# --- 9: the share-link redirect against nginx, and the visit count (bench/officer.sh) ------

if [ -f "$HERE/officer.sh" ]; then
	say "bench/officer.sh $BUILD_ARG"
	officer_rc=0
	bash "$HERE/officer.sh" "$BUILD_ARG" >"$OUT/officer.txt" 2>"$OUT/officer.stderr" || officer_rc=$?
	cat "$OUT/officer.txt"
	{ echo; cat "$OUT/officer.txt"; } >>"$TMP/results.md"
	[ "$officer_rc" -eq 0 ] || fail "bench/officer.sh exited with status $officer_rc: $(tail -3 "$OUT/officer.stderr")"
fi

cp "$TMP/results.md" "$RESULTS"
say "wrote bench/RESULTS.md in ${SECONDS} s"
if [ ${#FAILURES[@]} -gt 0 ]; then
	printf 'bench: %d problem(s):\n' ${#FAILURES[@]} >&2
	printf '  - %s\n' "${FAILURES[@]}" >&2
	exit 1
fi
