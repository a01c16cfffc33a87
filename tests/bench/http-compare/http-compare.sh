#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The HTTP library measurement of issue 6: QtHttpServer and Boost.Beast answering POST /v1/verify
# with a fixed body, and nginx `return 200` as the ceiling, each loaded by wrk in the same run.
# Usage: tests/bench/http-compare/http-compare.sh BUILD_DIR [SERVER_THREADS] [SECONDS]
# (BUILD_DIR: a configured build with tests, e.g. build/bench; needs wrk, nginx, libboost-dev.)
set -euo pipefail
build=${1:?usage: http-compare.sh BUILD_DIR [SERVER_THREADS] [SECONDS]}
threads=${2:-2}
seconds=${3:-10}
cmake --build "$build" --target http-compare-qt http-compare-beast >/dev/null
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer tdk_0000000000000000000000000000000000"
LUA

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

measure() { # name port
    local name=$1 port=$2 out
    for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done
    wrk -t2 -c64 -d2s -s "$work/post.lua" "http://127.0.0.1:$port/v1/verify" >/dev/null # warm-up
    out=$(wrk -t2 -c64 -d"${seconds}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port/v1/verify")
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    printf '%-14s %12s req/s   p50 %-9s p99 %-9s\n' "$name" "$rps" "$p50" "$p99"
    echo "$rps" >"$work/$name.rps"
}

port=$(free_port)
cat >"$work/nginx.conf" <<NGINX
worker_processes $threads;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$port;
        location / { default_type application/json; return 200 '{"valid":true,"id":1,"role":"developer","label":"x"}'; }
    }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" &
pid=$!
measure nginx "$port"
kill "$pid"; wait "$pid" 2>/dev/null || true

port=$(free_port)
"$build/tests/bench/http-compare/http-compare-qt" "$port" "$threads" &
pid=$!
measure qthttpserver "$port"
kill "$pid"; wait "$pid" 2>/dev/null || true

port=$(free_port)
"$build/tests/bench/http-compare/http-compare-beast" "$port" "$threads" &
pid=$!
measure beast "$port"
kill "$pid"; wait "$pid" 2>/dev/null || true

nginx_rps=$(cat "$work/nginx.rps")
for name in qthttpserver beast; do
    awk -v n="$name" -v a="$(cat "$work/$name.rps")" -v b="$nginx_rps" 'BEGIN { printf "%-14s %.2f x nginx\n", n, a / b }'
done
