#!/usr/bin/env bash
# E1: 1 KiB TCP echo over 100 connections, one server at a time pinned to one core, the Java load
# generator (io.weft.benchmarks.EchoLoad: one NIO thread, each connection sends 1 KiB and waits
# for its echo, in a loop) pinned to the other, warm-up then measurement in one run. Builds
# nothing: build benchmarks/target/weft-benchmarks.jar first.
#
#   benchmarks/run-echo.sh                        # every variant, once
#   ROUNDS=3 benchmarks/run-echo.sh               # three rounds, medians in the table
#   benchmarks/run-echo.sh weft-protocol netty    # some variants
#
# Variants and settings as run-http.sh (PORT defaults to 18081; SIZE, the message size, 1024).
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/net-common.sh
PORT=${PORT:-18081}
SIZE=${SIZE:-1024}
VARIANTS=${*:-$ALL_VARIANTS}

echo "E1: EchoLoad, $CONNECTIONS connections x $SIZE B, ${DURATION}s after ${WARMUP}s of warm-up;" \
  "server on core $SERVER_CPU, client on core $CLIENT_CPU; $ROUNDS round(s); logs in $LOGS"
machine_state
# measure VARIANT: one measurement; sets rps p99 ccpu scpu others
measure() {
  local v=$1 t0 t1 m0 m1 s0 s1 client line
  wait_quiet
  start_server "$v" echo "$PORT"
  taskset -c "$CLIENT_CPU" "$JAVA" -Xms256m -Xmx256m -cp "$JAR" io.weft.benchmarks.EchoLoad \
    "$PORT" "$DURATION" "$WARMUP" "$CONNECTIONS" "$SIZE" >"$LOGS/echo.out" 2>&1 &
  client=$!
  # the server's CPU over the measured seconds (give or take the client's start-up)
  sleep "$WARMUP"
  t0=$(server_ticks); m0=$(machine_ticks); s0=$(date +%s.%N)
  sleep "$DURATION"
  t1=$(server_ticks); m1=$(machine_ticks); s1=$(date +%s.%N)
  wait "$client" || { cat "$LOGS/echo.out" >&2; die "EchoLoad failed against $v"; }
  stop_server
  line=$(grep '^E1 ' "$LOGS/echo.out")
  rps=$(sed -E 's/.*rt\/s=([0-9.]+).*/\1/' <<<"$line")
  p99=$(sed -E 's/.*p99_us=([0-9]+).*/\1/' <<<"$line")
  ccpu=$(sed -E 's/.*client_cpu=([0-9]+)%.*/\1/' <<<"$line")
  scpu=$(awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$TICKS_PER_SECOND" \
    'BEGIN { printf "%.0f", (b - a) / hz / (e - s) * 100 }')
  others=$(others_percent "$m0" "$m1" "$t0" "$t1" "$ccpu" "$(awk -v s="$s0" -v e="$s1" 'BEGIN { print e - s }')")
  sleep 1
}

declare -A OTH RPS P99 CCPU SCPU
for round in $(seq 1 "$ROUNDS"); do
  for v in $VARIANTS; do
    for try in $(seq 1 "$TRIES"); do
      measure "$v"
      printf '  round %d %-14s %10.0f rt/s  p99 %7.2f ms  server cpu %3d%%  client cpu %3d%%  others %3d%%\n' \
        "$round" "$v" "$rps" "$(awk -v u="$p99" 'BEGIN { print u / 1000 }')" "$scpu" "$ccpu" "$others"
      [ "$others" -le "$DISTURBED" ] && break
      [ "$try" -lt "$TRIES" ] && echo "  (disturbed: other processes took ${others}% of a core; again)"
    done
    RPS[$v]+="$rps "; OTH[$v]+="$others "; P99[$v]+="$p99 "; CCPU[$v]+="$ccpu "; SCPU[$v]+="$scpu "
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# shellcheck disable=SC2086
netty=$(median ${RPS[netty]:-})
echo
echo "| server (1 core) | E1 round trips/s | p99 ms | vs Netty | server CPU % | server CPU µs/rt | client CPU % | others CPU % |"
echo "|---|---|---|---|---|---|---|---|"
for v in $VARIANTS; do
  # shellcheck disable=SC2086
  r=$(median ${RPS[$v]}); p=$(median ${P99[$v]}); s=$(median ${SCPU[$v]}); c=$(median ${CCPU[$v]})
  ratio=$(awk -v r="$r" -v n="$netty" 'BEGIN { if (n == "n/a" || n == 0) print "n/a"; else printf "%.2f", r / n }')
  us=$(awk -v s="$s" -v r="$r" 'BEGIN { printf "%.2f", s / 100 / r * 1e6 }')
  printf '| %s | %.0f | %.2f | %s | %.0f | %s | %.0f | %.0f |\n' "$v" "$r" "$(awk -v u="$p" 'BEGIN { print u / 1000 }')" "$ratio" "$s" "$us" "$c" "$(median ${OTH[$v]})"
done
