# Shared by run-http.sh and run-echo.sh: starting and stopping one server pinned to a core,
# reading its CPU time, and the result table. Sourced, not run.

JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
# the servers' class path: the jar, or a class path ending with it (changed runtime classes first)
JAR=${JAR:-benchmarks/target/weft-benchmarks.jar}
SERVER_CPU=${SERVER_CPU:-1}   # the core the server is pinned to
CLIENT_CPU=${CLIENT_CPU:-0}   # the core the load generator is pinned to
ROUNDS=${ROUNDS:-1}           # rounds over all the variants; the table shows medians
DURATION=${DURATION:-10}      # seconds measured
WARMUP=${WARMUP:-5}           # seconds of load before, not measured (JIT warm-up)
CONNECTIONS=${CONNECTIONS:-100}
SERVER_OPTS=${SERVER_OPTS:--Xms1g -Xmx1g}   # the same for every server
LOGS=${LOGS:-$(mktemp -d /tmp/weft-net-bench.XXXXXX)}

ALL_VARIANTS="weft-protocol weft-streams netty loom raw-nio"

die() { echo "error: $*" >&2; exit 1; }

[ -x "$JAVA" ] || die "no JDK at $JAVA (set JAVA=/path/to/bin/java; JDK 21+ for the loom variant)"
[ -f "${JAR##*:}" ] || die "no ${JAR##*:}: build it first (see docs/performance.md); this script builds nothing"
command -v taskset >/dev/null || die "taskset not found (util-linux)"

# The main class and the extra JVM options of a variant.
variant_class() {
  case $1 in
    weft-protocol) echo io.weft.benchmarks.WeftProtocolServers ;;
    weft-streams) echo io.weft.benchmarks.WeftStreamsServers ;;
    netty) echo io.weft.benchmarks.NettyServers ;;
    loom) echo io.weft.benchmarks.LoomServers ;;
    raw-nio) echo io.weft.benchmarks.RawNioServers ;;
    *) die "unknown variant $1 (one of: $ALL_VARIANTS)" ;;
  esac
}
variant_opts() {
  case $1 in
    loom) echo -Djdk.virtualThreadScheduler.parallelism=1 ;;  # one carrier
    *) echo ;;
  esac
}

SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
trap stop_server EXIT

# start_server VARIANT KIND PORT: starts it pinned to SERVER_CPU, waits until it listens.
start_server() {
  local variant=$1 kind=$2 port=$3 log="$LOGS/$1-$2.log"
  rm -f "$log" # the wait below must not see the line of an earlier round
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "something already listens on port $port (set PORT=...)"
  fi
  # shellcheck disable=SC2046
  taskset -c "$SERVER_CPU" "$JAVA" $SERVER_OPTS $(variant_opts "$variant") \
    -cp "$JAR" "$(variant_class "$variant")" "$kind" "$port" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    grep -q '^listening' "$log" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; die "$variant did not start"; }
    sleep 0.1
  done
  die "$variant did not listen within 30 s (log: $log)"
}

# CPU time (user + system, in clock ticks) of the server process so far.
server_ticks() {
  awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"
}
TICKS_PER_SECOND=$(getconf CLK_TCK)

# CPU time (user + nice + system, and steal: time the hypervisor gave to other machines, in
# clock ticks) of the whole machine so far: with the server's and the client's, it tells how much
# other processes (or machines) took during a measurement.
machine_ticks() {
  awk '$1 == "cpu" { print $2 + $3 + $4 + $9 }' /proc/stat
}

# others_percent MACHINE0 MACHINE1 SERVER0 SERVER1 CLIENT_PERCENT SECONDS: the CPU that other
# processes used meanwhile, in % of one core (approximate: the kernel's network work done in
# interrupt context is not in it).
others_percent() {
  awk -v m0="$1" -v m1="$2" -v s0="$3" -v s1="$4" -v c="$5" -v secs="$6" -v hz="$TICKS_PER_SECOND" \
    'BEGIN { o = ((m1 - m0) - (s1 - s0)) / hz / secs * 100 - c; if (o < 0) o = 0; printf "%.0f", o }'
}

QUIET=${QUIET:-15}            # wait until other processes use less than this % of one core
QUIET_WAIT=${QUIET_WAIT:-300} # ... but at most this many seconds
DISTURBED=${DISTURBED:-20}    # a measurement during which others took more than this % of a core
TRIES=${TRIES:-3}             # ... is made again, up to this many times in all

# Waits (up to QUIET_WAIT s) until the machine is quiet: less than QUIET % of one core busy over
# 2 s while no server of ours runs. Other builds on a shared machine would otherwise take the
# server's or the client's core. Says so when it gives up.
wait_quiet() {
  local waited=0 m0 m1 busy
  while true; do
    m0=$(machine_ticks); sleep 2; m1=$(machine_ticks)
    busy=$(awk -v a="$m0" -v b="$m1" -v hz="$TICKS_PER_SECOND" 'BEGIN { printf "%.0f", (b - a) / hz / 2 * 100 }')
    [ "$busy" -lt "$QUIET" ] && return 0
    if [ "$waited" -ge "$QUIET_WAIT" ]; then
      echo "  (machine still busy: ${busy}% of a core used by others; measuring anyway)"
      return 0
    fi
    sleep 3; waited=$((waited + 5))
  done
}

# The median of the numbers given as arguments.
median() {
  printf '%s\n' "$@" | sort -g | awk 'NF { a[++k] = $1 } END {
    if (k == 0) print "n/a"; else if (k % 2) print a[(k+1)/2]; else print (a[k/2]+a[k/2+1])/2 }'
}

machine_state() {
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) cores"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"
  echo "busiest processes over the last second (%CPU, command):"
  top -b -n 2 -d 1 -o %CPU -w 200 | awk '/^top -/ { n++ } n == 2 && /^ *[0-9]/ { print "  " $9, $12 }' | head -4
}
