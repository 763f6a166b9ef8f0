#!/usr/bin/env bash
# What `run --listen` costs on a Monitor backlog: the time `run` takes to collect the backlog (its
# first cycle's summary line) with and without the listener, runs alternating, while a scraper
# reads /metrics and the status page every second as Prometheus and a browser would (`listen`),
# or nothing asks (`idle`). Wall time varies with the machine's load; the CPU time is steadier.
# Usage: bench/scripts/listener-overhead.sh [EVENTS] [ROUNDS]   (needs cli/target/docusign-collector.jar)
set -euo pipefail
events=${1:-400000}
rounds=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
jar=$root/cli/target/docusign-collector.jar
work=$(mktemp -d)
cd "$work"
sim_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ops_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -jar "$jar" simulator --port "$sim_port" --events "$events" --consent --key-out "$work/key.pem" \
  >"$work/sim.out" 2>"$work/sim.err" &
sim=$!
trap 'kill $sim 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q '^private_key_file' "$work/sim.out" 2>/dev/null && break; sleep 0.1; done
{ tail -n +2 "$work/sim.out"; printf 'first_fetch: 7d\ninterval: 1h\nmax_customer_events_per_fetch: 2000\napi_budget_per_hour: 100000\napi_burst_per_30s: 100000\n'; } >"$work/config.yaml"

one_run() { # $1 = plain | listen (scraped every second) | idle (listening, never asked)
  rm -rf "$work/state" "$work/run.out"
  local args=(--config "$work/config.yaml" run)
  [ "$1" != plain ] && args+=(--listen "127.0.0.1:$ops_port")
  local t0 t1 scraper=
  t0=$(date +%s.%N)
  DOCUSIGN_LOG_LEVEL=warn java -XX:+UseSerialGC -jar "$jar" "${args[@]}" >"$work/run.out" 2>"$work/run.err" &
  local pid=$!
  if [ "$1" = listen ]; then
    ( while sleep 1; do curl -s -o /dev/null "http://127.0.0.1:$ops_port/metrics" || true
        curl -s -o /dev/null "http://127.0.0.1:$ops_port/" || true; done ) &
    scraper=$!
  fi
  until [ -s "$work/run.out" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/run.err" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s.%N)
  local cpu
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$pid/stat")
  [ -n "$scraper" ] && kill "$scraper"
  kill -TERM "$pid"; wait "$pid" || true
  printf '%-6s wall %6.2f s  cpu %6.2f s  %s\n' "$1" "$(echo "$t1 - $t0" | bc)" "$cpu" "$(head -c 80 "$work/run.out")"
}
for _ in $(seq "$rounds"); do one_run plain; one_run idle; one_run listen; done
