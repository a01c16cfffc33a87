#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The verify hot path over HTTP (issue 6): wrk against tokendesk-server's POST /v1/verify with
# valid tokens of a seeded 100,000-token store, and against an nginx `return 200` location on the
# same machine as the ceiling, in the same run. Prints requests/s, p50/p99 latency and the ratio.
# Targets: >= 0.5 x nginx's requests/s, p99 <= 2 ms at 64 connections.
# A third row (issue 13): the server's transport alone (verify-http-transport: the same Beast
# connections, limits and timeouts, answering a fixed body without a store), target >= 0.7 x nginx;
# it tells what the transport costs apart from the store lookup. Each row also prints the server's
# CPU time per request (user + system, from /proc), which does not depend on how wrk shares the cores.
# --postgres (issue 7): the same store moved into a throwaway PostgreSQL cluster, served by two
# instances at once (half the connections and workers each), plus the revocation propagation time
# between them. Targets (issue 18): both instances together >= 0.6 x the SQLite server's
# requests/s, and the slower instance's p99 <= 3 x nginx's p99, all measured in this run.
#   tests/bench/verify-http/verify-http.sh [--tokens N] [--seconds S] [--connections C] [--workers W] [--postgres]
set -euo pipefail
cd "$(dirname "$0")/../../.."

tokens=100000 seconds=10 connections=64 workers=2 postgres=0
while [ $# -gt 0 ]; do
    case $1 in
    --postgres) postgres=1; shift ;;
    --tokens) tokens=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    *) echo "usage: $0 [--tokens N] [--seconds S] [--connections C] [--workers W] [--postgres]" >&2; exit 2 ;;
    esac
done

packaging/install-deps.sh bench
cmake --preset bench >/dev/null
cmake --build --preset bench --target tokendesk-server tokendesk-cli verify-http-transport >/dev/null
bin=build/bench/app

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
store=$work/verify.tokendesk
cli() { "$bin/tokendesk-cli" --store "$store" --as bench "$@"; }

echo "Seeding $tokens tokens..."
cli init --admin bench >/dev/null
cli seed --count "$tokens" >/dev/null
cli settings --token-limit 1000 >/dev/null
# 100 live tokens the load cycles through (the seeded ones' secrets are never kept anywhere).
for n in $(seq 100); do cli generate --label "verify load $n"; done >"$work/tokens.txt"

cat >"$work/verify.lua" <<'LUA'
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do tokens[#tokens + 1] = line end
local counter = 0
wrk.method = "POST"
request = function()
    counter = counter + 1
    wrk.headers["Authorization"] = "Bearer " .. tokens[(counter % #tokens) + 1]
    return wrk.format()
end
local bad = 0
response = function(status) if status ~= 200 then bad = bad + 1 end end
done = function() if bad > 0 then io.stderr:write("non-200 answers: " .. bad .. "\n") end end
LUA
export TOKENS_FILE=$work/tokens.txt

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

cpu_ticks() { # the CPU time (clock ticks) of these processes and their threads so far
    local total=0 pid
    for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
    echo "$total"
}

measure() { # name url pid...
    local name=$1 url=$2 out before after
    shift 2
    wrk -t2 -c"$connections" -d2s -s "$work/verify.lua" "$url" >/dev/null # warm-up
    before=$(cpu_ticks "$@")
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/verify.lua" "$url")
    after=$(cpu_ticks "$@")
    awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '/requests in/ {
        printf "%.1f", ticks / hz * 1e6 / $1 }' <<<"$out" >"$work/$name.cpu"
    grep -q "Non-2xx" <<<"$out" && { echo "$name answered non-2xx:"; echo "$out"; exit 1; }
    awk '/Requests\/sec/ {print $2}' <<<"$out" >"$work/$name.rps"
    awk '$1 == "50%" {print $2}' <<<"$out" >"$work/$name.p50"
    awk '$1 == "99%" {print $2}' <<<"$out" >"$work/$name.p99"
}

port=$(free_port)
cat >"$work/nginx.conf" <<NGINX
worker_processes $workers;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$port;
        location = /v1/verify { default_type application/json; return 200 '{"id":1,"label":"x","role":"developer","valid":true}'; }
    }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
wait_port "$port"
measure nginx "http://127.0.0.1:$port/v1/verify" $(pgrep -P "$nginx_pid")
kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true

port=$(free_port)
"$bin/tokendesk-server" --store "$store" --listen "127.0.0.1:$port" --workers "$workers" >"$work/server.log" 2>&1 &
server_pid=$!
wait_port "$port"
measure tokendesk "http://127.0.0.1:$port/v1/verify" "$server_pid"
kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true

port=$(free_port)
build/bench/tests/bench/verify-http-transport "$port" "$workers" &
transport_pid=$!
wait_port "$port"
measure transport "http://127.0.0.1:$port/v1/verify" "$transport_pid"
kill -TERM "$transport_pid"; wait "$transport_pid" 2>/dev/null || true

echo
echo "verify-http: $tokens-token store, wrk -t2 -c$connections -d${seconds}s, $workers server workers, $(nproc) cores"
printf '%-12s %14s %10s %10s %16s\n' "" "requests/s" "p50" "p99" "server CPU/req"
for name in nginx tokendesk transport; do
    printf '%-12s %14s %10s %10s %13s us\n' "$name" "$(cat "$work/$name.rps")" "$(cat "$work/$name.p50")" \
        "$(cat "$work/$name.p99")" "$(cat "$work/$name.cpu")"
done
awk -v a="$(cat "$work/tokendesk.rps")" -v b="$(cat "$work/nginx.rps")" \
    'BEGIN { printf "verify       %.2f x nginx (target >= 0.50)\n", a / b }'
awk -v a="$(cat "$work/transport.rps")" -v b="$(cat "$work/nginx.rps")" \
    'BEGIN { printf "transport    %.2f x nginx (target >= 0.70)\n", a / b }'

[ "$postgres" = 1 ] || exit 0

# --- PostgreSQL: two instances, one database ----------------------------------------------------
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgdir=$work/pg
mkdir -p "$pgdir/data" "$pgdir/sockets"
chmod 755 "$work"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$pgdir"
    as_pg=(runuser -u postgres --)
fi
pgport=$(free_port)
"${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -U tokendesk -A trust --no-sync >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
    -o "-p $pgport -k $pgdir/sockets -c listen_addresses=127.0.0.1" start >/dev/null
trap '"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1; kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
psql -q -h 127.0.0.1 -p "$pgport" -U tokendesk -d postgres -c "CREATE DATABASE verify" >/dev/null
db="postgresql://tokendesk@127.0.0.1:$pgport/verify"
echo "Moving the store into PostgreSQL..."
"$bin/tokendesk-cli" migrate --from "sqlite:$store" --to "$db" >/dev/null
admin=$("$bin/tokendesk-cli" --db "$db" --as bench generate --label "bench console" --role admin)

port_a=$(free_port) port_b=$(free_port)
half=$((workers > 1 ? workers / 2 : 1))
"$bin/tokendesk-server" --db "$db" --listen "127.0.0.1:$port_a" --workers "$half" >"$work/a.log" 2>&1 &
server_a=$!
"$bin/tokendesk-server" --db "$db" --listen "127.0.0.1:$port_b" --workers "$half" >"$work/b.log" 2>&1 &
server_b=$!
wait_port "$port_a"; wait_port "$port_b"
for port in "$port_a" "$port_b"; do wrk -t1 -c$((connections / 2)) -d2s -s "$work/verify.lua" "http://127.0.0.1:$port/v1/verify" >/dev/null; done
# Where the CPU goes: the two servers, and the database's backends (their verify connections
# are open after the warm-up and stay for the run).
backends=$(pgrep -P "$(head -1 "$pgdir/data/postmaster.pid")" | tr '\n' ' ')
servers_before=$(cpu_ticks "$server_a" "$server_b")
# shellcheck disable=SC2086
backends_before=$(cpu_ticks $backends)
wrk -t1 -c$((connections / 2)) -d"${seconds}s" --latency -s "$work/verify.lua" "http://127.0.0.1:$port_a/v1/verify" >"$work/wrk-a.out" &
wrk_a=$!
wrk -t1 -c$((connections / 2)) -d"${seconds}s" --latency -s "$work/verify.lua" "http://127.0.0.1:$port_b/v1/verify" >"$work/wrk-b.out" &
wrk_b=$!
wait "$wrk_a" "$wrk_b"
servers_ticks=$(($(cpu_ticks "$server_a" "$server_b") - servers_before))
# shellcheck disable=SC2086
backends_ticks=$(($(cpu_ticks $backends) - backends_before))
for side in a b; do
    grep -q "Non-2xx" "$work/wrk-$side.out" && { echo "instance $side answered non-2xx:"; cat "$work/wrk-$side.out"; exit 1; }
done
rps_a=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-a.out"); rps_b=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-b.out")
p99_a=$(awk '$1 == "99%" {print $2}' "$work/wrk-a.out"); p99_b=$(awk '$1 == "99%" {print $2}' "$work/wrk-b.out")
p50_a=$(awk '$1 == "50%" {print $2}' "$work/wrk-a.out"); p50_b=$(awk '$1 == "50%" {print $2}' "$work/wrk-b.out")
echo
echo "verify-http PostgreSQL: two instances x $half workers on one database, wrk -t1 -c$((connections / 2)) each"
printf '%-12s %14s %10s %10s\n' "" "requests/s" "p50" "p99"
printf '%-12s %14s %10s %10s\n' "instance A" "$rps_a" "$p50_a" "$p99_a"
printf '%-12s %14s %10s %10s\n' "instance B" "$rps_b" "$p50_b" "$p99_b"
awk -v a="$rps_a" -v b="$rps_b" -v n="$(cat "$work/nginx.rps")" \
    'BEGIN { printf "both         %14.2f  (%.2f x the nginx ceiling measured above)\n", a + b, (a + b) / n }'
awk -v a="$rps_a" -v b="$rps_b" -v s="$servers_ticks" -v d="$backends_ticks" -v t="$seconds" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { n = (a + b) * t; printf "CPU/req      servers %.1f us, database %.1f us\n", s / hz * 1e6 / n, d / hz * 1e6 / n }'
# wrk prints latencies as 950.00us, 1.20ms or 1.05s.
micros() { awk -v t="$1" 'BEGIN { n = t + 0; if (t ~ /us$/) print n; else if (t ~ /ms$/) print n * 1000; else print n * 1e6 }'; }
awk -v a="$rps_a" -v b="$rps_b" -v s="$(cat "$work/tokendesk.rps")" \
    'BEGIN { printf "PostgreSQL   %.2f x SQLite verify requests/s (target >= 0.60)\n", (a + b) / s }'
awk -v a="$(micros "$p99_a")" -v b="$(micros "$p99_b")" -v n="$(micros "$(cat "$work/nginx.p99")")" \
    'BEGIN { printf "PostgreSQL   p99 %.2f x nginx p99 (slower instance; target <= 3.00)\n", (a > b ? a : b) / n }'
python3 tests/bench/verify-http/propagation.py "http://127.0.0.1:$port_a" "http://127.0.0.1:$port_b" "$admin" 20
