#!/usr/bin/env bash
# bench/officer.sh BUILD_DIR: the share-link redirect (GET /r/<code>) under wrk against nginx
# serving a static file in the same run, then the visit count check. Called from the end of
# bench/run.sh; prints markdown.
#
# 1. A fresh data directory (`tala init`, `tala demo` for article 1), one active officer and
#    one share link, written with sqlite3.
# 2. `tala serve` (access log off, officer.flush_ms=1000) and nginx serving the bytes Tala's
#    redirect carries (an empty body) as a static file with Tala's Content-Type.
# 3. wrk with bench/officer.lua against each, alternating, BENCH_OFFICER_ROUNDS rounds: each
#    request is a distinct reader (its own tala_reader cookie) with a phone browser's
#    User-Agent, and one in 16 is a link previewer (not counted by rule).
# 4. Stops Tala (SIGTERM writes the queued visits) and compares: rows in share_visits against
#    the visits Tala queued and wrote (its log line at stop) and against the responses wrk
#    reports minus the previewer requests. wrk counts only completed responses, so requests
#    in flight when it stops (at most one per connection per run) may be answered and recorded
#    without being in wrk's count; the check allows exactly that.
# Exits 1 when a server fails, a write is lost, or the counts disagree.
#
# Environment: BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_DURATION (10),
# BENCH_WARMUP (2), BENCH_OFFICER_ROUNDS (3), BENCH_TIMEOUT (10). The "all" row is the rounds
# together (requests over time), the figure to quote on a shared machine.
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: bash bench/officer.sh BUILD_DIR" >&2
	exit 2
fi
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TALA=$(cd "$1" && pwd)/tala
[ -x "$TALA" ] || { echo "officer.sh: $TALA: not built" >&2; exit 2; }
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-64}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-2}
ROUNDS=${BENCH_OFFICER_ROUNDS:-3}
TIMEOUT=${BENCH_TIMEOUT:-10}
OUT=$HERE/out/officer
mkdir -p "$OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tala-officer.XXXXXX")
chmod 755 "$TMP"
TALA_PID= NGINX_PID=
CODE=BenchCode1

say() { printf 'officer.sh: %s\n' "$*" >&2; }
die() {
	printf 'officer.sh: %s\n' "$*" >&2
	exit 1
}
stop() { # stop PID: SIGTERM, wait up to 15 s; sets RC
	local i
	RC=0
	kill -TERM "$1" 2>/dev/null || true
	for ((i = 0; i < 150; i++)); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$1" 2>/dev/null && kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null || RC=$?
}
cleanup() {
	local rc=$?
	[ -n "$TALA_PID" ] && stop "$TALA_PID"
	[ -n "$NGINX_PID" ] && stop "$NGINX_PID"
	rm -rf "$TMP"
	exit "$rc"
}
trap cleanup EXIT

# --- data: an officer and a link ----------------------------------------------------------
"$TALA" init --data "$TMP/data" >"$OUT/init.log" 2>&1 || die "tala init failed"
"$TALA" demo --data "$TMP/data" >"$OUT/demo.log" 2>&1 || die "tala demo failed"
echo "Bench-Password-2024" | "$TALA" user add officer1 --data "$TMP/data" \
	--set auth.argon2_m_kib=64 --set auth.argon2_t=1 >>"$OUT/init.log" 2>&1 || die "user add failed"
sqlite3 "$TMP/data/tala.db" "
	INSERT INTO officers(id, user_id, township_code, status, created_at)
	  SELECT 1, id, (SELECT code FROM regions WHERE level = 'township' LIMIT 1), 'active', 0
	  FROM users WHERE login = 'officer1';
	INSERT INTO share_links(code, officer_id, target_kind, target_id, created_at)
	  VALUES ('$CODE', 1, 'article', 1, 0);" || die "cannot add the officer and link"

# --- Tala ---------------------------------------------------------------------------------
"$TALA" serve --data "$TMP/data" --port 0 --set server.access_log=off \
	--set officer.flush_ms=1000 >"$OUT/tala.stdout" 2>"$OUT/tala.stderr" &
TALA_PID=$!
PORT=
for ((i = 0; i < 200; i++)); do
	PORT=$(sed -n 's|^tala: serving on http://[^:]*:\([0-9]*\)/.*|\1|p' "$OUT/tala.stdout" || true)
	[ -n "$PORT" ] && break
	kill -0 "$TALA_PID" 2>/dev/null || die "tala serve exited: $(tail -5 "$OUT/tala.stderr")"
	sleep 0.05
done
[ -n "$PORT" ] || die "tala serve printed no port"
URL=http://127.0.0.1:$PORT/r/$CODE
# the answer nginx is to serve: Tala's status line, Content-Type and body
curl -sS -o "$TMP/body" -D "$TMP/headers" -A 'Mozilla/5.0 (bench setup) facebookexternalhit' "$URL"
grep -q '^HTTP/1.1 302' "$TMP/headers" || die "the redirect answered: $(head -1 "$TMP/headers")"
LOCATION=$(sed -n 's/^Location: \(.*\)\r$/\1/p' "$TMP/headers")
CTYPE=$(sed -n 's/^Content-Type: \(.*\)\r$/\1/p' "$TMP/headers")

# --- nginx --------------------------------------------------------------------------------
mkdir -p "$TMP/www/r"
cp "$TMP/body" "$TMP/www/r/$CODE"
for ((i = 0; i < 50; i++)); do
	NPORT=$((20000 + RANDOM % 30000))
	(exec 3<>"/dev/tcp/127.0.0.1/$NPORT") 2>/dev/null || break
done
temp_paths=
for m in proxy fastcgi uwsgi scgi; do
	nginx -V 2>&1 | grep -q -- "--without-http_${m}_module" && continue
	temp_paths+="	${m}_temp_path $TMP/nginx-$m;"$'\n'
done
cat >"$TMP/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_requests 1000000;
	open_file_cache max=64 inactive=60s;
	server_tokens off;
	client_body_temp_path $TMP/nginx-body;
$temp_paths	types {}
	server {
		listen 127.0.0.1:$NPORT;
		root $TMP/www;
		location = /r/$CODE { default_type "$CTYPE"; add_header Cache-Control "no-store"; }
		location / { return 404; }
	}
}
EOF
nginx -p "$TMP/" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" >"$OUT/nginx.stdout" 2>&1 &
NGINX_PID=$!
for ((i = 0; i < 100; i++)); do
	curl -s -o /dev/null "http://127.0.0.1:$NPORT/r/$CODE" && break
	sleep 0.05
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NPORT/r/$CODE")" = 200 ] ||
	die "nginx did not start: $(tail -3 "$TMP/nginx-error.log")"

# --- wrk ----------------------------------------------------------------------------------
declare -A REQ DUR SUM_P50 SUM_P99 RPS
TALA_SENT_PEOPLE=0 TALA_SENT_BOTS=0 TALA_REQUESTS=0
run() { # run NAME URL ROUND
	local line
	wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout "${TIMEOUT}s" --latency \
		-s "$HERE/officer.lua" "$2" >"$OUT/wrk-$1-$3.txt" 2>&1 || die "wrk failed: $(tail -3 "$OUT/wrk-$1-$3.txt")"
	line=$(grep '^BENCH ' "$OUT/wrk-$1-$3.txt") || die "no BENCH line from wrk ($1)"
	eval "$(printf '%s' "${line#BENCH }" | tr ' ' '\n' | sed 's/^/W_/')"
	[ "$W_errors" -eq 0 ] || die "$1: $W_errors errors (see bench/out/officer/wrk-$1-$3.txt)"
	RPS[$1-$3]=$(awk -v r="$W_requests" -v d="$W_duration_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
	SUM_P50[$1-$3]=$W_p50_us
	SUM_P99[$1-$3]=$W_p99_us
	REQ[$1-$3]=$W_requests
	DUR[$1-$3]=$W_duration_us
	if [ "$1" = tala ]; then
		TALA_REQUESTS=$((TALA_REQUESTS + W_requests))
		TALA_SENT_PEOPLE=$((TALA_SENT_PEOPLE + W_sent_people))
		TALA_SENT_BOTS=$((TALA_SENT_BOTS + W_sent_bots))
	fi
}
# warm-ups (the Tala warm-up's visits are counted like the rest)
wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -s "$HERE/officer.lua" "http://127.0.0.1:$NPORT/r/$CODE" >/dev/null 2>&1 || true
for ((r = 1; r <= ROUNDS; r++)); do
	run tala "$URL" "$r"
	kill -0 "$TALA_PID" 2>/dev/null || die "tala died during the run: $(tail -5 "$OUT/tala.stderr")"
	run nginx "http://127.0.0.1:$NPORT/r/$CODE" "$r"
done

# --- the count ----------------------------------------------------------------------------
# the redirects Tala answered (302 is counted under status "other" for this route)
ANSWERED=$(curl -s "http://127.0.0.1:$PORT/metrics" |
	sed -n 's|^tala_http_requests_total{method="GET",route="/r/:code",status="other"} \([0-9]*\)$|\1|p')
stop "$TALA_PID"
TALA_PID=
[ "$RC" -eq 0 ] || die "tala exited with status $RC: $(tail -5 "$OUT/tala.stderr")"
ROWS=$(sqlite3 "$TMP/data/tala.db" "SELECT count(*) FROM share_visits")
STATS=$(grep 'event=officer.visits' "$OUT/tala.stderr" | tail -1)
QUEUED=$(printf '%s' "$STATS" | sed -n 's/.*queued=\([0-9]*\).*/\1/p')
WRITTEN=$(printf '%s' "$STATS" | sed -n 's/.*written=\([0-9]*\).*/\1/p')
EXCLUDED=$(printf '%s' "$STATS" | sed -n 's/.*excluded=\([0-9]*\).*/\1/p')
# wrk's completed responses, less the previewer requests among them (one in 16 sent)
EXPECTED=$((TALA_REQUESTS - TALA_SENT_BOTS))
INFLIGHT=$((CONNS * ROUNDS))
status=ok
[ "$ROWS" = "$QUEUED" ] && [ "$ROWS" = "$WRITTEN" ] || status="LOST WRITES"
[ "$((ROWS + EXCLUDED))" = "$ANSWERED" ] || status="ANSWERED $ANSWERED != ROWS + EXCLUDED"
if [ "$ROWS" -lt "$((EXPECTED - INFLIGHT))" ] || [ "$ROWS" -gt "$((EXPECTED + INFLIGHT))" ]; then
	status="COUNT MISMATCH"
fi

echo "## Share-link redirect (bench/officer.sh)"
echo
echo "\`GET /r/$CODE\` → 302 \`$LOCATION\` from Tala's link cache, the visit queued in memory and"
echo "written every second (officer.flush_ms=1000); nginx serves the same (empty) body as a static"
echo "file. \`wrk -t$THREADS -c$CONNS -d${DURATION}s -s bench/officer.lua\`: every request a distinct"
echo "reader cookie and a phone browser's User-Agent, one in 16 a link previewer; $ROUNDS rounds,"
echo "alternating. The machine is shared (2 cores, other builds running): compare within a row."
echo
echo "| round | Tala req/s | Tala p50 | Tala p99 | nginx req/s | nginx p50 | nginx p99 | ratio |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for ((r = 1; r <= ROUNDS; r++)); do
	awk -v r="$r" -v t="${RPS[tala-$r]}" -v tp50="${SUM_P50[tala-$r]}" -v tp99="${SUM_P99[tala-$r]}" \
		-v n="${RPS[nginx-$r]}" -v np50="${SUM_P50[nginx-$r]}" -v np99="${SUM_P99[nginx-$r]}" \
		'BEGIN { printf "| %d | %d | %.2f ms | %.2f ms | %d | %.2f ms | %.2f ms | %.2f× |\n", r, t, tp50 / 1000, tp99 / 1000, n, np50 / 1000, np99 / 1000, t / n }'
done
tr=0 td=0 nr=0 nd=0
for ((r = 1; r <= ROUNDS; r++)); do
	tr=$((tr + REQ[tala-$r])) td=$((td + DUR[tala-$r])) nr=$((nr + REQ[nginx-$r])) nd=$((nd + DUR[nginx-$r]))
done
awk -v tr="$tr" -v td="$td" -v nr="$nr" -v nd="$nd" \
	'BEGIN { t = tr / (td / 1e6); n = nr / (nd / 1e6); printf "| all | %d | | | %d | | | %.2f× |\n", t, n, t / n }'
echo
echo "Visits: wrk reports $TALA_REQUESTS completed responses from Tala, of which $TALA_SENT_BOTS were sent"
echo "as a link previewer → $EXPECTED expected records; share_visits holds **$ROWS** rows; Tala queued"
echo "$QUEUED, wrote $WRITTEN and left $EXCLUDED uncounted by rule (previewers, including the setup"
echo "request). Tala answered $ANSWERED redirects (its /metrics) = rows + uncounted. Requests in"
echo "flight when wrk stops are answered and recorded but not in wrk's count (at most $INFLIGHT"
echo "here): rows − expected = $((ROWS - EXPECTED)). Check: **$status**."
[ "$status" = ok ] || exit 1
