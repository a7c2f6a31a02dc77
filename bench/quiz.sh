#!/usr/bin/env bash
# bench/quiz.sh BUILD_DIR: quiz answers through the HTTP API at the highest rate wrk can
# drive, against nginx serving a static file of the answer's size in the same run; prints
# markdown (bench/run.sh appends it to RESULTS.md).
#
# 1. `tala init` in a temp directory, a bank of QUIZ_QUESTIONS single-choice questions
#    (sqlite3), QUIZ_PARTICIPANTS participants with proven phones (one made by
#    `tala user add`, the rest copies of it in SQL), `tala serve` with the quiz rate limits
#    off (wrk is one client address).
# 2. Through the real API: a manager creates a campaign of QUIZ_ITEMS questions; every
#    participant signs in (POST /api/v1/sessions) and starts an attempt
#    (POST /api/v1/quiz/attempts): the server picks and stores its questions.
# 3. wrk -s bench/quiz.lua: PUT /api/v1/quiz/attempts/:id/answers/:position as the owner,
#    each request a different (attempt, position) — a durable write through the group
#    commit, acknowledged only after it; then nginx (bench/nginx.conf.in) serving the
#    answer's bytes as a static file, same wrk settings.
# 4. After stopping tala: every acknowledged answer is in the database (answered items ≥
#    2xx answers) and scored as its option deserves.
# Environment: BENCH_THREADS (2), QUIZ_CONNECTIONS (2000: a push brings many at once; server.max_connections follows), BENCH_DURATION (10),
# QUIZ_PARTICIPANTS (1000), QUIZ_ITEMS (20), QUIZ_QUESTIONS (60), BENCH_KEEP=1,
# QUIZ_PERF=FILE (perf record -g of tala during the answers, for profiling).
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: bash bench/quiz.sh BUILD_DIR" >&2
	exit 2
fi
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TALA=$(cd "$1" && pwd)/tala
OUT=$HERE/out
mkdir -p "$OUT"
THREADS=${BENCH_THREADS:-2}
CONNS=${QUIZ_CONNECTIONS:-2000}
DURATION=${BENCH_DURATION:-10}
P=${QUIZ_PARTICIPANTS:-1000}
ITEMS=${QUIZ_ITEMS:-20}
QUESTIONS=${QUIZ_QUESTIONS:-60}
PASS=Steppe-Wind-2024

say() { printf 'quiz bench: %s\n' "$*" >&2; }
die() {
	printf 'quiz bench: %s\n' "$*" >&2
	exit 1
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tala-quiz-bench.XXXXXX")
chmod 755 "$TMP"
D=$TMP/data
TALA_PID=
NGINX_PID=
cleanup() {
	local rc=$?
	[ -n "$TALA_PID" ] && kill -TERM "$TALA_PID" 2>/dev/null && wait "$TALA_PID" 2>/dev/null
	[ -n "$NGINX_PID" ] && kill -TERM "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
	if [ "${BENCH_KEEP:-0}" = 1 ]; then say "kept $TMP"; else rm -rf "$TMP"; fi
	exit "$rc"
}
trap cleanup EXIT

# --- 1: data ------------------------------------------------------------------------------

"$TALA" init --data "$D" >"$OUT/quiz-init.log" 2>&1 || die "tala init failed"
SETS=(--set auth.argon2_m_kib=64 --set auth.argon2_t=1)
printf '%s\n' "$PASS" | "$TALA" user add qm --data "$D" "${SETS[@]}" >/dev/null 2>&1 || die "user add qm"
"$TALA" user grant qm quiz_manager 15 --data "$D" >/dev/null 2>&1 || die "grant qm"
printf '%s\n' "$PASS" | "$TALA" user add u0 --phone 13900000000 --data "$D" "${SETS[@]}" >/dev/null 2>&1 ||
	die "user add u0"
{
	echo "BEGIN;"
	echo "UPDATE users SET phone_verified_at = 1, region_code = '150102' WHERE login = 'u0';"
	echo "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $((P - 1)))"
	echo " INSERT INTO users(login, region_code, password_hash, created_at, phone_verified_at)"
	echo " SELECT 'u' || i, CASE i % 3 WHEN 0 THEN '150102' WHEN 1 THEN '150203' ELSE '152502' END,"
	echo " (SELECT password_hash FROM users WHERE login = 'u0'), 0, 1 FROM n;"
	echo "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $QUESTIONS)"
	echo " INSERT INTO quiz_questions(kind, category, stem_zh, stem_mn, created_at, updated_at)"
	echo " SELECT 'single', 'sci', '问题' || i, 'ᠠᠰᠠᠭᠤᠯᠲᠠ ' || i, 0, 0 FROM n;"
	echo "INSERT INTO quiz_options(question_id, position, text_zh, correct)"
	echo " SELECT q.id, p.p, '选项' || p.p, p.p = 1 FROM quiz_questions q,"
	echo " (SELECT 1 AS p UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) p;"
	echo "COMMIT;"
} | sqlite3 "$D/tala.db" || die "seeding the bank and participants failed"

: >"$OUT/quiz-tala.stdout"
"$TALA" serve --data "$D" --port 0 --set server.access_log=off --set quiz.rate_per_minute=0 \
	--set quiz.participant_rate_per_minute=0 --set server.max_connections=$((CONNS + 64)) \
	"${SETS[@]}" >"$OUT/quiz-tala.stdout" 2>"$OUT/quiz-tala.stderr" &
TALA_PID=$!
PORT=
for ((i = 0; i < 200; i++)); do
	PORT=$(sed -n 's|^tala: serving on http://[^:]*:\([0-9]*\)/.*|\1|p' "$OUT/quiz-tala.stdout" || true)
	[ -n "$PORT" ] && break
	sleep 0.05
done
[ -n "$PORT" ] || die "tala serve printed no port"
BASE=http://127.0.0.1:$PORT

# --- 2: campaign, sign-ins and attempts through the API -------------------------------------

# sign_in LOGIN: prints "SESSION CSRF"
sign_in() {
	local hdr body
	hdr=$(mktemp "$TMP/h.XXXXXX")
	body=$(curl -sS -D "$hdr" -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1\",\"password\":\"$PASS\"}" "$BASE/api/v1/sessions")
	printf '%s %s\n' "$(sed -n 's/^Set-Cookie: tala_session=\([^;]*\);.*/\1/p' "$hdr")" \
		"$(printf '%s' "$body" | jq -r .csrf)"
	rm -f "$hdr"
}
read -r QS QC < <(sign_in qm)
NOW=$(($(date +%s) * 1000))
CAMPAIGN=$(curl -sS -H 'Content-Type: application/json' -H "Cookie: tala_session=$QS" \
	-H "X-CSRF-Token: $QC" -d "{\"title_zh\":\"压测\",\"region\":\"15\",\"opens_at\":$((NOW - 1000)),
	\"closes_at\":$((NOW + 7200000)),\"pass_mark\":1,\"time_limit_s\":7200,\"draws\":\"sci:$ITEMS\"}" \
	"$BASE/api/v1/quiz/campaigns" | jq -r .id)
[ "$CAMPAIGN" != null ] || die "creating the campaign failed"

# start_one LOGIN: signs in, starts an attempt; prints "ATTEMPT TOKEN SESSION CSRF"
start_one() {
	local s c r
	read -r s c < <(sign_in "$1")
	r=$(curl -sS -H 'Content-Type: application/json' -H "Cookie: tala_session=$s" \
		-H "X-CSRF-Token: $c" -d "{\"campaign_id\":$CAMPAIGN}" "$BASE/api/v1/quiz/attempts")
	printf '%s %s %s %s\n' "$(printf '%s' "$r" | jq -r .id)" "$(printf '%s' "$r" | jq -r .token)" "$s" "$c"
}
export -f start_one sign_in
export BASE PASS CAMPAIGN TMP
T0=$SECONDS
seq 0 $((P - 1)) | sed 's/^/u/' | xargs -P 4 -I{} bash -c 'start_one {}' >"$TMP/started.txt"
STARTED=$(grep -c '^[0-9]' "$TMP/started.txt" || true)
[ "$STARTED" -eq "$P" ] || die "$STARTED of $P attempts started: $(grep -v '^[0-9]' "$TMP/started.txt" | head -3)"
say "$P participants signed in and started attempts through the API in $((SECONDS - T0)) s"
# each attempt's first option (in the attempt's own order) per position, from the store
sqlite3 -separator ' ' "$D/tala.db" "SELECT attempt_id, group_concat(opt, ' ') FROM (SELECT attempt_id,
	substr(option_order, 1, instr(option_order, ',') - 1) AS opt FROM quiz_attempt_items
	ORDER BY attempt_id, position) GROUP BY attempt_id" >"$TMP/options.txt"
join -j1 <(sort -k1,1 "$TMP/started.txt") <(sort -k1,1 "$TMP/options.txt") >"$TMP/attempts.txt"
[ "$(wc -l <"$TMP/attempts.txt")" -eq "$P" ] || die "attempt options missing"

# --- 3: answers, then nginx -----------------------------------------------------------------

run() { # run KEY URL SCRIPT: one wrk run; sets R_<field>
	local line kv
	QUIZ_ATTEMPTS=$TMP/attempts.txt QUIZ_THREADS=$THREADS wrk -t"$THREADS" -c"$CONNS" \
		-d"${DURATION}s" --timeout 10s --latency -s "$3" "$2" >"$OUT/wrk-$1.txt" 2>&1 ||
		die "wrk $1 failed: $(tail -3 "$OUT/wrk-$1.txt")"
	line=$(grep '^BENCH ' "$OUT/wrk-$1.txt") || die "wrk $1 printed no result"
	for kv in ${line#BENCH }; do eval "R_$1_${kv%%=*}=${kv#*=}"; done
}
ANSWER_BODY=$(curl -sS -X PUT -H 'Content-Type: application/json' \
	-H "Cookie: tala_session=$(awk 'NR == 1 { print $3 }' "$TMP/attempts.txt")" \
	-H "X-CSRF-Token: $(awk 'NR == 1 { print $4 }' "$TMP/attempts.txt")" \
	-H "X-Attempt-Token: $(awk 'NR == 1 { print $2 }' "$TMP/attempts.txt")" \
	-d "{\"options\":[$(awk 'NR == 1 { print $5 }' "$TMP/attempts.txt")]}" \
	"$BASE/api/v1/quiz/attempts/$(awk 'NR == 1 { print $1 }' "$TMP/attempts.txt")/answers/1")
case $ANSWER_BODY in *'"saved": true'* | *'"saved":true'*) ;; *) die "a test answer failed: $ANSWER_BODY" ;; esac
PERF_PID=
if [ -n "${QUIZ_PERF:-}" ]; then # QUIZ_PERF=FILE: perf record of tala during the answers
	perf record -F 499 -g -p "$TALA_PID" -o "$QUIZ_PERF" -- sleep "$DURATION" >/dev/null 2>&1 &
	PERF_PID=$!
fi
run answers "$BASE/" "$HERE/quiz.lua"
[ -n "$PERF_PID" ] && wait "$PERF_PID"
kill -0 "$TALA_PID" 2>/dev/null || die "tala died under the load: $(tail -5 "$OUT/quiz-tala.stderr")"
kill -TERM "$TALA_PID"
wait "$TALA_PID" || die "tala exited with an error: $(tail -5 "$OUT/quiz-tala.stderr")"
TALA_PID=

WWW=$TMP/www
mkdir -p "$WWW"
printf '%s' "$ANSWER_BODY" >"$WWW/answer.json"
NPORT=$((20000 + RANDOM % 30000))
conf=$(<"$HERE/nginx.conf.in")
conf=${conf//@DIR@/$TMP}
conf=${conf//@ROOT@/$WWW}
conf=${conf//@PORT@/$NPORT}
temp_paths=
for m in proxy fastcgi uwsgi scgi; do
	nginx -V 2>&1 | grep -q -- "--without-http_${m}_module" && continue
	temp_paths+=$'\t'"${m}_temp_path $TMP/nginx-$m;"$'\n'
done
conf=${conf//@TEMP_PATHS@/$temp_paths}
conf=${conf//@LOCATIONS@/$'\t\tlocation = /answer.json { default_type "application/json; charset=utf-8"; }'}
printf '%s\n' "$conf" >"$TMP/nginx.conf"
nginx -p "$TMP/" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" >"$OUT/quiz-nginx.stdout" 2>&1 &
NGINX_PID=$!
for ((i = 0; i < 100; i++)); do
	curl -s -o /dev/null "http://127.0.0.1:$NPORT/answer.json" && break
	sleep 0.05
done
run nginx "http://127.0.0.1:$NPORT/answer.json" "$HERE/report.lua"
kill -TERM "$NGINX_PID"
wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=

# --- 4: every acknowledged answer stored and scored -------------------------------------------

ANSWERED=$(sqlite3 "$D/tala.db" "SELECT count(*) FROM quiz_attempt_items WHERE answer IS NOT NULL")
# each answer commits with its audit entry, in one savepoint: the entries count the answers
# made durable, repeats of a position included
AUDITED=$(sqlite3 "$D/tala.db" "SELECT count(*) FROM audit_log WHERE action = 'quiz.attempt.answer'")
MISSCORED=$(sqlite3 "$D/tala.db" "SELECT count(*) FROM quiz_attempt_items WHERE answer IS NOT NULL
	AND points <> (SELECT correct FROM quiz_options WHERE id = CAST(answer AS INTEGER))")
OK=$R_answers_ok2xx
UNIQUE=$((P * ITEMS))
rps=$(awk -v n="$R_answers_requests" -v us="$R_answers_duration_us" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
nrps=$(awk -v n="$R_nginx_requests" -v us="$R_nginx_duration_us" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
ratio=$(awk -v a="$rps" -v b="$nrps" 'BEGIN { printf "%.2f", a / b }')
verdict="**not met**"
awk -v r="$ratio" 'BEGIN { exit !(r >= 0.5) }' && verdict=met
# answered items: the test answer, and each 2xx a different (attempt, position) until they
# run out; unacknowledged answers still in flight at the end may add up to CONNS more
EXPECT=$((OK + 1 < UNIQUE ? OK + 1 : UNIQUE))
stored=ok
if [ "$ANSWERED" -lt "$EXPECT" ] || [ "$AUDITED" -lt $((OK + 1)) ] ||
	[ "$AUDITED" -gt $((OK + 1 + CONNS)) ] || [ "$MISSCORED" -ne 0 ] || [ "$R_answers_status" -ne 0 ]; then
	stored="**FAILED**: $ANSWERED answered items and $AUDITED answer commits for $OK acknowledged answers, $MISSCORED mis-scored, $R_answers_status non-2xx"
fi
total=$((2400000 * ITEMS))
ms() { awk -v us="$1" 'BEGIN { printf "%.2f ms", us / 1000 }'; }

cat <<EOF
## Quiz answers (bench/quiz.sh)

$P participants with proven phones signed in and started attempts of $ITEMS questions through
the API (\`POST /api/v1/sessions\`, \`POST /api/v1/quiz/attempts\`: the server picked and stored
each attempt's questions and option order); then \`wrk -t$THREADS -c$CONNS -d${DURATION}s -s bench/quiz.lua\`
answered as their owners (\`PUT /api/v1/quiz/attempts/:id/answers/:position\` with session,
CSRF and attempt token), every request a different (attempt, position), each a durable write
(the answer and its audit entry through the writer's group commit, acknowledged after it).
nginx serves the answer's bytes ($(wc -c <"$WWW/answer.json") B) as a static file with the same wrk settings.
The machine was shared with other builds and tests during the run: ratios from one run only.

| server | req/s | p50 | p99 | 2xx |
|---|---:|---:|---:|---:|
| Tala, answers (durable) | $rps | $(ms "$R_answers_p50_us") | $(ms "$R_answers_p99_us") | $OK |
| nginx, static file | $nrps | $(ms "$R_nginx_p50_us") | $(ms "$R_nginx_p99_us") | $R_nginx_ok2xx |

- Answers ÷ nginx static: **${ratio}×** (goal ≥ 0.5×: $verdict).
- Stored: $AUDITED answers committed (each with its audit entry) for $OK acknowledged (+1 test answer; up to $CONNS more may have been in flight when wrk stopped), $ANSWERED distinct (attempt, position) answered, each scored as its option deserves: $stored.
- Fraction simulated: $OK answers of the $total that 2.4 M participants × $ITEMS questions make
  ($(awk -v a="$OK" -v t="$total" 'BEGIN { printf "%.3f %%", 100 * a / t }')); at $rps answers/s the whole
  2.4 M would take $(awk -v t="$total" -v r="$rps" 'BEGIN { printf "%.1f h", t / r / 3600 }') of answering on this machine
  ($(awk -v i="$ITEMS" -v r="$rps" 'BEGIN { printf "%.0f", r * 600 / i }') participants finishing within any 10 minutes of a push).
EOF
[ "$stored" = ok ] || exit 1
