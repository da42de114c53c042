#!/usr/bin/env bash
# H1: HTTP/1.1 keep-alive hello world (13-byte body), one server at a time pinned to one core,
# wrk pinned to the other: `wrk -t1 -c100 -d10s --latency`, after a warm-up run. Builds nothing:
# build benchmarks/target/weft-benchmarks.jar first. Needs wrk (Debian: apt-get install -y wrk).
#
#   benchmarks/run-http.sh                        # every variant, once
#   ROUNDS=3 benchmarks/run-http.sh               # three rounds, medians in the table
#   benchmarks/run-http.sh weft-protocol netty    # some variants
#
#   PIPELINE=16 benchmarks/run-http.sh            # each connection sends 16 requests at once
#
# Variants: weft-protocol weft-streams netty loom (the four compared), raw-nio (the hand-written
# JVM limit). Settings (environment): JAVA, JAR, ROUNDS, DURATION, WARMUP, CONNECTIONS, PORT,
# SERVER_CPU, CLIENT_CPU, SERVER_OPTS, LOGS, QUIET, QUIET_WAIT (before each server starts, wait up
# to QUIET_WAIT s for other processes to use under QUIET % of a core), DISTURBED, TRIES (a
# measurement during which others took over DISTURBED % of a core is made again, TRIES in all).
# See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/net-common.sh
command -v wrk >/dev/null || die "wrk not found (Debian: apt-get install -y wrk)"
PORT=${PORT:-18080}
PIPELINE=${PIPELINE:-1}   # requests each connection sends at once (1: none, the H1 workload)
VARIANTS=${*:-$ALL_VARIANTS}
WRK_SCRIPT=()
if [ "$PIPELINE" -gt 1 ]; then
  # wrk sends the PIPELINE requests in one write and the next batch once all are answered; it
  # counts (and times) every response
  cat >"$LOGS/pipeline.lua" <<LUA
init = function(args)
  local batch = {}
  for i = 1, $PIPELINE do batch[i] = wrk.format(nil, "/") end
  pipelined = table.concat(batch)
end
request = function() return pipelined end
LUA
  WRK_SCRIPT=(-s "$LOGS/pipeline.lua")
fi

# wrk's figures: "requests/s p99_ms errors wrk_cpu_%"
run_wrk() {
  local seconds=$1 out="$LOGS/wrk.out" times="$LOGS/wrk.time"
  local TIMEFORMAT='%U %S %R'
  { time taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency \
      "${WRK_SCRIPT[@]}" "http://127.0.0.1:$PORT/" >"$out"; } 2>"$times"
  awk -v times="$(cat "$times")" -v pipelined="$([ "$PIPELINE" -gt 1 ] && echo 1)" '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v
    }
    /Requests\/sec:/ { rps = $2 }
    /^ +99%/ { p99 = pipelined ? "n/a" : sprintf("%.2f", ms($2)) }
    /Socket errors:/ { for (i = 3; i <= NF; i += 2) { gsub(",", "", $(i+1)); err += $(i+1) } }
    /Non-2xx/ { err += $NF }
    END { split(times, t, " "); printf "%s %s %d %.0f\n", rps, p99, err, (t[1] + t[2]) / t[3] * 100 }
  ' "$out"
}

echo "H1: wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency after ${WARMUP}s of warm-up;" \
  "$([ "$PIPELINE" -gt 1 ] && echo "$PIPELINE requests pipelined per connection;")" \
  "server on core $SERVER_CPU, wrk on core $CLIENT_CPU; $ROUNDS round(s); logs in $LOGS"
machine_state
# measure VARIANT: one measurement; sets rps p99 err wcpu scpu others
measure() {
  local v=$1 t0 t1 m0 m1 s0 s1
  wait_quiet
  start_server "$v" http "$PORT"
  run_wrk "$WARMUP" >/dev/null
  t0=$(server_ticks); m0=$(machine_ticks); s0=$(date +%s.%N)
  read -r rps p99 err wcpu < <(run_wrk "$DURATION")
  t1=$(server_ticks); m1=$(machine_ticks); s1=$(date +%s.%N)
  stop_server
  scpu=$(awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$TICKS_PER_SECOND" \
    'BEGIN { printf "%.0f", (b - a) / hz / (e - s) * 100 }')
  others=$(others_percent "$m0" "$m1" "$t0" "$t1" "$wcpu" "$(awk -v s="$s0" -v e="$s1" 'BEGIN { print e - s }')")
  sleep 1 # let the sockets of this run go
}

declare -A OTH RPS P99 ERR WCPU SCPU
for round in $(seq 1 "$ROUNDS"); do
  for v in $VARIANTS; do
    for try in $(seq 1 "$TRIES"); do
      measure "$v"
      printf '  round %d %-14s %10.0f req/s  p99 %7s ms  errors %d  server cpu %3d%%  wrk cpu %3d%%  others %3d%%\n' \
        "$round" "$v" "$rps" "$p99" "$err" "$scpu" "$wcpu" "$others"
      [ "$err" = 0 ] || echo "  (errors: see $LOGS/wrk.out of the last run)"
      [ "$others" -le "$DISTURBED" ] && break
      [ "$try" -lt "$TRIES" ] && echo "  (disturbed: other processes took ${others}% of a core; again)"
    done
    RPS[$v]+="$rps "; OTH[$v]+="$others "; P99[$v]+="$p99 "; ERR[$v]+="$err "; WCPU[$v]+="$wcpu "; SCPU[$v]+="$scpu "
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# shellcheck disable=SC2086
netty=$(median ${RPS[netty]:-})
echo
echo "| server (1 core) | H1 req/s | p99 ms | vs Netty | server CPU % | server CPU µs/req | wrk CPU % | others CPU % |"
echo "|---|---|---|---|---|---|---|---|"
for v in $VARIANTS; do
  # shellcheck disable=SC2086
  r=$(median ${RPS[$v]}); p=$(median ${P99[$v]}); s=$(median ${SCPU[$v]}); w=$(median ${WCPU[$v]})
  p=$(awk -v p="$p" 'BEGIN { if (p == "n/a") print p; else printf "%.2f", p }')
  ratio=$(awk -v r="$r" -v n="$netty" 'BEGIN { if (n == "n/a" || n == 0) print "n/a"; else printf "%.2f", r / n }')
  us=$(awk -v s="$s" -v r="$r" 'BEGIN { printf "%.2f", s / 100 / r * 1e6 }')
  o=$(median ${OTH[$v]})
  printf '| %s | %.0f | %s | %s | %.0f | %s | %.0f | %.0f |\n' "$v" "$r" "$p" "$ratio" "$s" "$us" "$w" "$o"
done
