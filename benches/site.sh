#!/usr/bin/env bash
# Follower-site benchmark: qiao's public pages under wrk, next to nginx serving the same bytes
# as a static file, measured one after the other in the same run on the same machine.
#
#   1. The corpus imported into a fresh SQLite database; one Chinese article of it
#      (BENCH_ARTICLE_ID, default weekly-100, 科技爱好者周刊：第 100 期) fetched once from qiao and
#      written to a file that nginx serves with the same Content-Type. wrk runs against nginx,
#      then against qiao, with the same settings. Targets: qiao ≥ 50 % of nginx's requests per
#      second, qiao's p99 ≤ 2 × nginx's.
#   2. BENCH_ARTICLES (default 100,000) more published articles with short generated bodies,
#      qiao restarted (empty page cache), then (a) the same article page and (b) the
#      organization's profile page, each ≥ 90 % of the first qiao figure; (c) cold article
#      pages: every request a different article (benches/site-cold.lua), so every request
#      renders (qiao restarts before each cold run); BENCH_ROUNDS runs at light load
#      (BENCH_COLD_CONNECTIONS, default 2: one per worker, latency without queueing) whose mean
#      p99 must be < 5 ms, and one run at full load for the record.
#
#   1b. The same article and file again with logging as people run it: qiao at its default
#      level (QIAO_LOG=info, a line per request), nginx writing its access log. Target: qiao
#      ≥ 50 % of nginx.
#   1c. The same Chinese article in Traditional characters (?script=hant) from the cache, next
#      to the original. Target: ≥ 90 % of the original's req/s ("at the same speed").
#
# The cached pages and nginx are measured BENCH_ROUNDS times, interleaved (nginx, qiao, nginx,
# qiao…), and the cold pages BENCH_ROUNDS times; targets count by the mean of the rounds, and
# the best round is printed beside it.
#
#   benches/site.sh                   # corpus from TEST_CORPUS_DIR or ../shared/corpus
#   BENCH_DATABASE_URL=postgres://u:p@127.0.0.1/empty_db benches/site.sh   # on PostgreSQL
#   BENCH_DURATION=15 benches/site.sh
#
# Knobs: BENCH_DURATION (10 s per measured run), BENCH_ROUNDS (3), BENCH_WARMUP (5 s),
# BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_COLD_CONNECTIONS (2), BENCH_ARTICLES
# (100000), BENCH_ARTICLE_ID (weekly-100), BENCH_WORKERS (2: QIAO_WORKERS and nginx
# worker_processes), BENCH_KEEP=1 keeps the temp dir. Needs cargo, curl, nginx, wrk, sqlite3,
# awk, shuf. Prints figures and PASS/FAIL per target; exits 0 either way (1 only when it could
# not measure).

set -euo pipefail

DURATION=${BENCH_DURATION:-10}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-5}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
COLD_CONNECTIONS=${BENCH_COLD_CONNECTIONS:-2}
ARTICLES=${BENCH_ARTICLES:-100000}
ARTICLE_ID=${BENCH_ARTICLE_ID:-weekly-100}
WORKERS=${BENCH_WORKERS:-2}
ORG=bench

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPUS=${TEST_CORPUS_DIR:-$REPO/../shared/corpus}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

say() { printf '%s\n' "$*" >&2; }
die() {
    say "site.sh: $*"
    exit 1
}

for tool in cargo curl wrk sqlite3 awk shuf; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done
[ -x "$NGINX" ] || die "nginx is not installed"
[ -f "$CORPUS/zh-weekly-even.jsonl" ] || die "no corpus in $CORPUS (set TEST_CORPUS_DIR)"

# Nothing from the caller's environment or a qiao.toml may change the setup.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep '^QIAO_' || true)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/qiao-site.XXXXXX")
QPID=
NPID=
cleanup() {
    set +e
    [ -n "$QPID" ] && kill "$QPID" 2>/dev/null && wait "$QPID" 2>/dev/null
    [ -n "$NPID" ] && kill "$NPID" 2>/dev/null && wait "$NPID" 2>/dev/null
    if [ "${BENCH_KEEP:-}" = 1 ]; then say "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$TMP"

# ---------------------------------------------------------------------------------- build
say "building qiao (release)…"
(cd "$REPO" && cargo build --release --bin qiao --quiet)
TARGET=${CARGO_TARGET_DIR:-$(cd "$REPO" && cargo metadata --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')}
BIN=$TARGET/release/qiao
[ -x "$BIN" ] || die "no binary at $BIN"

export QIAO_DATA_DIR=$TMP/data
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
    # PostgreSQL, as operators at scale run it: an empty database the script may fill.
    export QIAO_DATABASE_URL=$BENCH_DATABASE_URL
    command -v psql >/dev/null || die "psql is not installed"
    [ "$(psql "$BENCH_DATABASE_URL" -Atc "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")" = 0 ] ||
        die "BENCH_DATABASE_URL must name an empty database"
else
    export QIAO_DATABASE_URL=sqlite://$TMP/data/qiao.db
fi
export QIAO_LOG=warn
export QIAO_WORKERS=$WORKERS
export QIAO_SHUTDOWN_TIMEOUT=1
DB=$TMP/data/qiao.db
# sql QUERY: runs a query on the benchmark's database, rows as `a|b` lines.
sql() {
    if [ -n "${BENCH_DATABASE_URL:-}" ]; then
        psql "$BENCH_DATABASE_URL" -AtF '|' -c "$1"
    else
        sqlite3 "$DB" "$1"
    fi
}
db_size_mb() {
    if [ -n "${BENCH_DATABASE_URL:-}" ]; then
        sql "SELECT pg_database_size(current_database()) / 1048576"
    else
        du -m "$DB" | cut -f1
    fi
}
mkdir -p "$QIAO_DATA_DIR"

# free_port: a port nothing listens on, below the range the kernel gives client sockets (wrk's
# and everyone else's connections), so that it is still free when the server binds it.
free_port() {
    local p low
    low=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
    [ "$low" -gt 20100 ] || low=32768
    for _ in $(seq 100); do
        p=$(shuf -i 20000-$((low - 1)) -n 1)
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    die "no free port"
}

# wait_up URL PID LOG: until URL answers, or the process died (then the end of its LOG).
wait_up() {
    for _ in $(seq 300); do
        curl -fso /dev/null "$1" && return
        kill -0 "$2" 2>/dev/null || die "the server exited: $(tail -5 "$3")"
        sleep 0.1
    done
    die "$1 did not answer"
}

QPORT=
NPORT=
# start_qiao: serves on a fresh port (QPORT).
start_qiao() {
    QPORT=$(free_port)
    while [ "$QPORT" = "$NPORT" ]; do QPORT=$(free_port); done
    QIAO_BIND=127.0.0.1:$QPORT "$BIN" serve >>"$TMP/qiao.log" 2>&1 &
    QPID=$!
    wait_up "http://127.0.0.1:$QPORT/healthz" "$QPID" "$TMP/qiao.log"
}
stop_qiao() {
    kill "$QPID"
    wait "$QPID" || true
    QPID=
}

# -------------------------------------------------------------------------------- versions
commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$REPO" status --porcelain 2>/dev/null)" ] || commit="$commit+dirty"
sqlite_crate=$(awk '/^name = "libsqlite3-sys"/ { getline; gsub(/"/, "", $3); print $3 }' "$REPO/Cargo.lock")
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
    echo "qiao:    $("$BIN" --version) (commit $commit), PostgreSQL $(sql "SHOW server_version")"
else
    echo "qiao:    $("$BIN" --version) (commit $commit), SQLite bundled (libsqlite3-sys $sqlite_crate)"
fi
echo "nginx:   $("$NGINX" -v 2>&1 | sed 's/^nginx version: //')"
echo "wrk:     $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
echo "machine: $(nproc) cores, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "wrk:     -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, mean (and best) of $ROUNDS interleaved rounds after a ${WARMUP}s warm-up; qiao workers $WORKERS, nginx worker_processes $WORKERS"

# ---------------------------------------------------------------------------- corpus setup
"$BIN" org create --slug "$ORG" --name "基准 Bench" --language zh 2>>"$TMP/cli.log"
for file in zh-weekly-even.jsonl en-blog-even.jsonl; do
    "$BIN" import articles "$CORPUS/$file" --org "$ORG" --publish 2>>"$TMP/cli.log" ||
        die "importing $file failed: $(tail -3 "$TMP/cli.log")"
done
corpus_count=$(sql "SELECT count(*) FROM articles WHERE status = 'published'")
IFS='|' read -r slug title < <(sql \
    "SELECT slug, title FROM articles WHERE import_key = '$ARTICLE_ID' AND status = 'published'")
[ -n "$slug" ] || die "article $ARTICLE_ID is not in the corpus"
ARTICLE_PATH="/@$ORG/$slug"

start_qiao
mkdir -p "$TMP/www" "$TMP/nginx/tmp"
info=$(curl -fsS -o "$TMP/www/article.html" -w '%{content_type}|%{size_download}' \
    "http://127.0.0.1:$QPORT$ARTICLE_PATH")
content_type=${info%%|*}
size=${info##*|}
echo "corpus:  $corpus_count published articles; page: $ARTICLE_ID «$title» $ARTICLE_PATH, $size bytes, $content_type"

# ------------------------------------------------------------------------------------ nginx
NPORT=$(free_port)
while [ "$NPORT" = "$QPORT" ]; do NPORT=$(free_port); done
chmod 755 "$TMP" "$TMP/www"
chmod 644 "$TMP/www/article.html"
user_line=
[ "$(id -u)" = 0 ] && user_line="user root;"
cat >"$TMP/nginx/nginx.conf" <<CONF
daemon off;
$user_line
worker_processes $WORKERS;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 75s;
    keepalive_requests 1000000;
    client_body_temp_path $TMP/nginx/tmp/body;
    proxy_temp_path $TMP/nginx/tmp/proxy;
    fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
    uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
    scgi_temp_path $TMP/nginx/tmp/scgi;
    server {
        listen 127.0.0.1:$NPORT;
        root $TMP/www;
        location / {
            types { }
            default_type "$content_type";
            try_files /article.html =404;
        }
    }
}
CONF
"$NGINX" -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" &
NPID=$!
wait_up "http://127.0.0.1:$NPORT$ARTICLE_PATH" "$NPID" "$TMP/nginx/error.log"
curl -fsS "http://127.0.0.1:$NPORT$ARTICLE_PATH" | cmp -s - "$TMP/www/article.html" ||
    die "nginx does not serve the same bytes"
nginx_type=$(curl -fsS -o /dev/null -w '%{content_type}' "http://127.0.0.1:$NPORT$ARTICLE_PATH")
[ "$nginx_type" = "$content_type" ] || die "nginx serves $nginx_type, qiao $content_type"

# ------------------------------------------------------------------------------ measuring
# wrk_run NAME URL CONNECTIONS: a measured run, its output kept in wrk-NAME.txt.
wrk_run() {
    wrk -t"$THREADS" -c"$3" -d"${DURATION}s" --latency "$2" >"$TMP/wrk-$1.txt"
}
# wrk_cold NAME CONNECTIONS PATHS: a measured run over the paths listed in the file PATHS.
wrk_cold() {
    wrk -t"$THREADS" -c"$2" -d"${DURATION}s" --latency -s "$REPO/benches/site-cold.lua" \
        "http://127.0.0.1:$QPORT" "$3" "$THREADS" >"$TMP/wrk-$1.txt"
}
# warm URL: one request (the page is rendered and cached once, not by 64 requests at once),
# then a wrk run that is not measured.
warm() {
    curl -fso /dev/null "$1"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$1" >/dev/null
}
# rounds NAME=URL…: BENCH_ROUNDS measured runs of each URL, interleaved; wrk-NAME.R.txt.
rounds() {
    local r pair
    for r in $(seq "$ROUNDS"); do
        for pair in "$@"; do wrk_run "${pair%%=*}.$r" "${pair#*=}" "$CONNECTIONS"; done
    done
}
# figures NAME: "rps p99_ms mean_ms requests errors" from wrk's --latency output (errors:
# socket errors plus non-2xx/3xx responses).
figures() {
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /s$/) return v * 1000
            if (v ~ /m$/) return v * 60000
            return v + 0
        }
        $1 == "Latency" && NF == 5 { mean = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        $1 == "Requests/sec:" { rps = $2 }
        $2 == "requests" && $3 == "in" { n = $1 }
        /Non-2xx or 3xx responses:/ { errors += $NF }
        /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
        END { printf "%.0f %.3f %.3f %d %d\n", rps, p99, mean, n, errors }
    ' "$TMP/wrk-$1.txt"
}
# best NAME: the figures of NAME's round with the most requests per second, then every round's
# requests per second joined by "/", then the mean requests per second of the rounds (targets
# count by the mean). Warns about errors in any round.
best() {
    local r f all= top= sum=0
    for r in $(seq "$ROUNDS"); do
        no_errors "$1.$r"
        f=$(figures "$1.$r")
        all="$all${all:+/}${f%% *}"
        sum=$((sum + ${f%% *}))
        if [ -z "$top" ] || [ "${f%% *}" -gt "${top%% *}" ]; then top=$f; fi
    done
    echo "$top $all $((sum / ROUNDS))"
}
no_errors() {
    local e
    e=$(figures "$1" | awk '{ print $5 }')
    [ "$e" = 0 ] || say "warning: $1: $e socket errors or non-2xx/3xx responses (see wrk-$1.txt)"
}
# check OK: sets V to PASS (OK is 1) or FAIL, and counts failures.
failed=0
check() {
    if [ "$1" = 1 ]; then V=PASS; else
        V=FAIL
        failed=$((failed + 1))
    fi
}
ge() { awk -v a="$1" -v b="$2" 'BEGIN { print (a >= b) ? 1 : 0 }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b) ? 1 : 0 }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0) ? 100 * a / b : 0 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }

NGINX_URL=http://127.0.0.1:$NPORT$ARTICLE_PATH
QIAO_URL=http://127.0.0.1:$QPORT$ARTICLE_PATH
say "run 1: nginx and qiao, ${WARMUP}s warm-up each, then $ROUNDS rounds of ${DURATION}s each…"
warm "$NGINX_URL"
warm "$QIAO_URL"
rounds nginx="$NGINX_URL" qiao="$QIAO_URL"
read -r n_rps n_p99 n_mean _ _ n_all n_avg < <(best nginx)
read -r q_rps q_p99 q_mean _ _ q_all q_avg < <(best qiao)

check "$(ge "$(pct "$q_avg" "$n_avg")" 50)"
v_rps=$V
check "$(awk -v a="$q_p99" -v b="$n_p99" 'BEGIN { print (a <= 2 * b) ? 1 : 0 }')"
v_p99=$V

echo
echo "Run 1: article page $ARTICLE_PATH ($size bytes), $corpus_count articles in the database"
echo "logging off (qiao QIAO_LOG=warn, nginx access_log off); mean req/s of $ROUNDS interleaved"
echo "rounds of ${DURATION}s, then the best round's figures, then every round's req/s"
printf '%-30s %10s %10s %10s %10s   %s\n' "" "mean req/s" "best req/s" "p99 ms" "mean ms" "rounds"
printf '%-30s %10s %10s %10.2f %10.2f   %s\n' "nginx, static file" "$n_avg" "$n_rps" "$n_p99" "$n_mean" "$n_all"
printf '%-30s %10s %10s %10.2f %10.2f   %s\n' "qiao, page cache" "$q_avg" "$q_rps" "$q_p99" "$q_mean" "$q_all"
printf '%-30s %9s%% %9s%% %9sx\n' "qiao / nginx" "$(pct "$q_avg" "$n_avg")" "$(pct "$q_rps" "$n_rps")" "$(ratio "$q_p99" "$n_p99")"
echo "target: qiao mean req/s >= 50% of nginx's: $v_rps; qiao p99 <= 2x nginx: $v_p99"

# ------------------------------------------------------------ run 1c, the Traditional page
# The same Chinese article at ?script=hant: converted once, then served from the cache like
# the original. Interleaved with the original, so both see the same machine.
HANT_URL="$QIAO_URL?script=hant"
curl -sf "$HANT_URL" -o "$TMP/hant.html" || die "$HANT_URL does not answer"
grep -q 'lang="zh-Hant"' "$TMP/hant.html" || die "$HANT_URL is not a Traditional page"
say "run 1c: the article and its Traditional page, both from qiao's cache, $ROUNDS rounds…"
warm "$HANT_URL"
rounds orig="$QIAO_URL" hant="$HANT_URL"
read -r o_rps o_p99 o_mean _ _ o_all o_avg < <(best orig)
read -r h_rps h_p99 h_mean _ _ h_all h_avg < <(best hant)
check "$(ge "$(pct "$h_avg" "$o_avg")" 90)"
v_hant=$V
echo
echo "Run 1c: $ARTICLE_PATH and $ARTICLE_PATH?script=hant ($(wc -c <"$TMP/hant.html") bytes), page cache, logging off"
printf '%-30s %10s %10s %10s %10s   %s\n' "" "mean req/s" "best req/s" "p99 ms" "mean ms" "rounds"
printf '%-30s %10s %10s %10.2f %10.2f   %s\n' "qiao, original" "$o_avg" "$o_rps" "$o_p99" "$o_mean" "$o_all"
printf '%-30s %10s %10s %10.2f %10.2f   %s\n' "qiao, 繁體 (?script=hant)" "$h_avg" "$h_rps" "$h_p99" "$h_mean" "$h_all"
printf '%-30s %9s%% %9s%%\n' "繁體 / original" "$(pct "$h_avg" "$o_avg")" "$(pct "$h_rps" "$o_rps")"
echo "target: the Traditional page at the original's speed (mean req/s >= 90%): $v_hant"

# ------------------------------------------------------------------ run 1, logging on
# As people run them: qiao at its default log level (a line per request, to stderr, here a
# file), nginx writing its access log.
stop_qiao
QIAO_LOG=info start_qiao
LPORT=$(free_port)
while [ "$LPORT" = "$QPORT" ] || [ "$LPORT" = "$NPORT" ]; do LPORT=$(free_port); done
sed -e "s|access_log off;|access_log $TMP/nginx/access.log;|" \
    -e "s|listen 127.0.0.1:$NPORT;|listen 127.0.0.1:$LPORT;|" \
    -e "s|pid $TMP/nginx/nginx.pid;|pid $TMP/nginx/nginx-logging.pid;|" \
    "$TMP/nginx/nginx.conf" >"$TMP/nginx/nginx-logging.conf"
"$NGINX" -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx-logging.conf" &
LNPID=$!
wait_up "http://127.0.0.1:$LPORT$ARTICLE_PATH" "$LNPID" "$TMP/nginx/error.log"
NGINX_LOG_URL=http://127.0.0.1:$LPORT$ARTICLE_PATH
QIAO_URL=http://127.0.0.1:$QPORT$ARTICLE_PATH
say "run 1, logging on: nginx and qiao, $ROUNDS rounds of ${DURATION}s each…"
warm "$NGINX_LOG_URL"
warm "$QIAO_URL"
rounds nginxlog="$NGINX_LOG_URL" qiaolog="$QIAO_URL"
kill "$LNPID" 2>/dev/null && wait "$LNPID" 2>/dev/null || true
read -r nl_rps nl_p99 nl_mean _ _ nl_all nl_avg < <(best nginxlog)
read -r ql_rps ql_p99 ql_mean _ _ ql_all ql_avg < <(best qiaolog)
check "$(ge "$(pct "$ql_avg" "$nl_avg")" 50)"
v_log=$V
log_lines=$(grep -c '"request"\|request' "$TMP/qiao.log" || true)
access_lines=$(wc -l <"$TMP/nginx/access.log")
echo
echo "Run 1, logging on (qiao QIAO_LOG=info: $log_lines request lines written; nginx access_log: $access_lines lines)"
printf '%-30s %10s %10s %10s %10s   %s\n' "" "mean req/s" "best req/s" "p99 ms" "mean ms" "rounds"
printf '%-30s %10s %10s %10.2f %10.2f   %s\n' "nginx, static file, logging" "$nl_avg" "$nl_rps" "$nl_p99" "$nl_mean" "$nl_all"
printf '%-30s %10s %10s %10.2f %10.2f   %s\n' "qiao, page cache, logging" "$ql_avg" "$ql_rps" "$ql_p99" "$ql_mean" "$ql_all"
printf '%-30s %9s%% %9s%%\n' "qiao / nginx" "$(pct "$ql_avg" "$nl_avg")" "$(pct "$ql_rps" "$nl_rps")"
echo "target: qiao mean req/s >= 50% of nginx's, both logging: $v_log"

# ---------------------------------------------------------------------------------- scale
stop_qiao
say "generating $ARTICLES articles…"
awk -v n="$ARTICLES" 'BEGIN {
    # Published every two hours from 2001 on: interleaved with the corpus dates.
    for (i = 1; i <= n; i++) {
        t = strftime("%Y-%m-%dT%H:%M:%SZ", 978307200 + i * 7200, 1)
        if (i % 2) {
            printf "{\"id\":\"gen-%d\",\"title\":\"生成的文章 第 %d 篇\",\"language\":\"zh\",\"category\":\"culture\",\"published_at\":\"%s\",\"source\":\"benches/site.sh\",\"body_markdown\":\"这是第 %d 篇生成的文章，只用于测试规模。\\n\\n第二段有**重点**和[一个链接](https://example.com/%d)。\"}\n", i, i, t, i, i
        } else {
            printf "{\"id\":\"gen-%d\",\"title\":\"Generated article %d\",\"language\":\"en\",\"category\":\"news\",\"published_at\":\"%s\",\"source\":\"benches/site.sh\",\"body_markdown\":\"Generated article number %d, a short body for the scale run.\\n\\nA second paragraph with *emphasis* and [a link](https://example.com/%d).\"}\n", i, i, t, i, i
        }
    }
}' >"$TMP/generated.jsonl"
say "importing them (qiao import articles --publish)…"
started=$(date +%s.%N)
"$BIN" import articles "$TMP/generated.jsonl" --org "$ORG" --publish 2>>"$TMP/cli.log" ||
    die "importing the generated articles failed: $(tail -3 "$TMP/cli.log")"
ended=$(date +%s.%N)
total=$(sql "SELECT count(*) FROM articles WHERE status = 'published'")
import_secs=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')
echo
echo "scale:   $ARTICLES generated articles imported in ${import_secs}s ($(awk -v n="$ARTICLES" -v s="$import_secs" 'BEGIN { printf "%.0f", n / s }') articles/s); $total published articles in the database ($(db_size_mb) MB)"
# The generated articles' paths, shuffled (reproducibly, a different order for each cold run).
# qiao restarts before each cold run, so each has every page uncached.
sql "SELECT '/@$ORG/' || slug FROM articles WHERE import_key LIKE 'gen-%'" >"$TMP/gen-paths.txt"
paths=$(wc -l <"$TMP/gen-paths.txt")
# cold_paths N: the N-th shuffled order, in cold-paths-N.txt.
cold_paths() {
    shuf --random-source=<(yes "$1") "$TMP/gen-paths.txt" >"$TMP/cold-paths-$1.txt"
}

start_qiao
QIAO_URL=http://127.0.0.1:$QPORT$ARTICLE_PATH
PROFILE_URL=http://127.0.0.1:$QPORT/@$ORG
say "run 2: nginx, article, profile ($ROUNDS rounds), then cold articles…"
warm "$NGINX_URL"
warm "$QIAO_URL"
warm "$PROFILE_URL"
rounds nginx2="$NGINX_URL" article="$QIAO_URL" profile="$PROFILE_URL"
profile_size=$(curl -fsS -o /dev/null -w '%{size_download}' "$PROFILE_URL")
# Cold pages: BENCH_ROUNDS runs at -c$COLD_CONNECTIONS (the target, by the mean of the rounds'
# p99), then one at -c$CONNECTIONS for the record; qiao restarts before each.
for r in $(seq "$ROUNDS"); do
    stop_qiao
    start_qiao
    cold_paths "$r"
    wrk_cold "cold.$r" "$COLD_CONNECTIONS" "$TMP/cold-paths-$r.txt"
    no_errors "cold.$r"
done
stop_qiao
start_qiao
cold_paths 0
wrk_cold coldload "$CONNECTIONS" "$TMP/cold-paths-0.txt"
no_errors coldload
read -r n2_rps n2_p99 n2_mean _ _ n2_all n2_avg < <(best nginx2)
read -r a_rps a_p99 a_mean _ _ a_all a_avg < <(best article)
read -r p_rps p_p99 p_mean _ _ p_all p_avg < <(best profile)
# The cold rounds: mean p99 (the target), the best round's p99, every round's p99, the mean
# req/s and mean latency, and the most requests any round made.
c_sum=0 c_best= c_all= c_rps_sum=0 c_mean_sum=0 c_n=0
for r in $(seq "$ROUNDS"); do
    read -r rps p99 mean n _ < <(figures "cold.$r")
    c_sum=$(awk -v a="$c_sum" -v b="$p99" 'BEGIN { print a + b }')
    c_rps_sum=$((c_rps_sum + rps))
    c_mean_sum=$(awk -v a="$c_mean_sum" -v b="$mean" 'BEGIN { print a + b }')
    c_all="$c_all${c_all:+/}$(printf '%.2f' "$p99")"
    if [ -z "$c_best" ] || [ "$(lt "$p99" "$c_best")" = 1 ]; then c_best=$p99; fi
    [ "$n" -gt "$c_n" ] && c_n=$n
done
c_p99=$(awk -v a="$c_sum" -v n="$ROUNDS" 'BEGIN { printf "%.3f", a / n }')
c_rps=$((c_rps_sum / ROUNDS))
c_mean=$(awk -v a="$c_mean_sum" -v n="$ROUNDS" 'BEGIN { printf "%.3f", a / n }')
read -r l_rps l_p99 l_mean l_n _ < <(figures coldload)
check "$(ge "$(pct "$a_avg" "$q_avg")" 90)"
v_article=$V
check "$(ge "$(pct "$p_avg" "$q_avg")" 90)"
v_profile=$V
check "$(lt "$c_p99" 5)"
v_cold=$V
repeats() { awk -v n="$1" -v m="$2" 'BEGIN { print (n > m) ? n - m : 0 }'; }

echo
echo "Run 2: $total published articles in the database, qiao restarted (empty page cache)"
printf '%-36s %10s %10s %10s %9s   %s\n' "" "mean req/s" "p99 ms" "mean ms" "of run 1" "rounds"
printf '%-36s %10s %10.2f %10.2f %8s%%   %s\n' "nginx, static file (reference)" "$n2_avg" "$n2_p99" "$n2_mean" "$(pct "$n2_avg" "$n_avg")" "$n2_all"
printf '%-36s %10s %10.2f %10.2f %8s%%   %s\n' "(a) qiao, same article page" "$a_avg" "$a_p99" "$a_mean" "$(pct "$a_avg" "$q_avg")" "$a_all"
printf '%-36s %10s %10.2f %10.2f %8s%%   %s\n' "(b) qiao, profile /@$ORG" "$p_avg" "$p_p99" "$p_mean" "$(pct "$p_avg" "$q_avg")" "$p_all"
printf '%-36s %10s %10.2f %10.2f %9s   p99 best %.2f, rounds %s\n' "(c) qiao, cold articles, -c$COLD_CONNECTIONS" "$c_rps" "$c_p99" "$c_mean" "" "$c_best" "$c_all"
printf '%-36s %10s %10.2f %10.2f\n' "    qiao, cold articles, -c$CONNECTIONS" "$l_rps" "$l_p99" "$l_mean"
echo "target: (a) >= 90% of run 1's qiao req/s: $v_article; (b) >= 90%: $v_profile; (c) mean p99 of $ROUNDS cold rounds < 5 ms: $v_cold"
echo "profile page: $profile_size bytes; cold runs (qiao restarted before each): at most $c_n and $l_n requests over $paths distinct paths, $(repeats "$c_n" "$paths") and $(repeats "$l_n" "$paths") repeated (cache hits)"
[ "$(repeats "$c_n" "$paths")$(repeats "$l_n" "$paths")" = 00 ] ||
    echo "warning: the cold runs asked for some pages twice: raise BENCH_ARTICLES or lower BENCH_DURATION"
echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; targets missed: $failed of 6"
