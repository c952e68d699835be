#!/usr/bin/env bash
# Many concurrent held requests on Temurin 25 with virtual threads: how punctual the 102 Processing interim
# responses are under that load (HeldLoad.java reports it from the client side), and what holding them costs the
# server in threads, heap and CPU, against the same load with processing.enabled=false.
#
# Environment (all optional): JAVA25 (/usr/lib/jvm/temurin-25-jdk-amd64/bin/java), CONNECTIONS (1000),
# HOLD_MS (10000), INITIAL_MS (100), INTERVAL_MS (100), RAMP_MS (1000, connects spread over this long),
# PROBE_HOLD_MS (6000, hold of the second load, under which jcmd looks inside), HEAP (512m),
# PORT_ON (18083), PORT_OFF (18084), REBUILD (0), JAR and STARTER_VERSION (measure a jar built elsewhere; see lib.sh).
set -euo pipefail

source "$(dirname "$0")/lib.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JDK25_BIN=$(dirname "$JAVA25")
CONNECTIONS=${CONNECTIONS:-1000}
HOLD_MS=${HOLD_MS:-10000}
INITIAL_MS=${INITIAL_MS:-100}
INTERVAL_MS=${INTERVAL_MS:-100}
RAMP_MS=${RAMP_MS:-1000}
PROBE_HOLD_MS=${PROBE_HOLD_MS:-6000}
HEAP=${HEAP:-512m}
PORT_ON=${PORT_ON:-18083}
PORT_OFF=${PORT_OFF:-18084}

bench_build
starter_version=$(bench_starter_version)
bench_require_free_port "$PORT_ON"
bench_require_free_port "$PORT_OFF"
"$JDK25_BIN/javac" -d "$BENCH_WORK/client" "$BENCH_DIR/HeldLoad.java"

# client PORT EXPECT_INTERIM [HeldLoad option...]: run the load client in the foreground.
client() {
	client_command "$@"
	"${CLIENT[@]}"
}

# client_background OUTPUT PORT EXPECT_INTERIM [HeldLoad option...]: start the load client as a child of this shell
# (so that $! is the JVM itself, stopped on exit like the servers); sets CLIENT_PID.
client_background() {
	local output=$1
	shift
	client_command "$@"
	"${CLIENT[@]}" >"$output" &
	CLIENT_PID=$!
	BENCH_PIDS+=("$CLIENT_PID")
}

client_command() {
	local port=$1 expect=$2
	shift 2
	CLIENT=("$JAVA25" -cp "$BENCH_WORK/client" HeldLoad --port "$port" --initial-delay-ms "$INITIAL_MS"
		--interval-ms "$INTERVAL_MS" --ramp-ms "$RAMP_MS" --expect-interim "$expect" "$@")
}

platform_threads() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }

# Heap used in MiB, as GC.heap_info reports it.
heap_used_mib() {
	"$JDK25_BIN/jcmd" "$1" GC.heap_info | grep -oE 'used [0-9]+K' | head -n 1 | awk '{ printf "%.1f", $2 / 1024 }'
}

# The collector the JVM picks for this heap on this machine.
collector() {
	"$JAVA25" -Xms"$HEAP" -Xmx"$HEAP" -XX:+PrintFlagsFinal -version 2>/dev/null \
		| awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah)GC$/ && $4 == "true" { sub(/^Use/, "", $2); sub(/GC$/, "", $2); print $2 }'
}

# group_diff FIRST SECOND: thread groups of FIRST's dump that SECOND's lacks (or has fewer of), comma-separated.
group_diff() {
	comm -23 <(sort "$BENCH_WORK/groups-$1.txt") <(sort "$BENCH_WORK/groups-$2.txt") | paste -sd, - | sed 's/,/, /g'
}

declare -A m
# measure SIDE PORT EXPECT_INTERIM [application argument...]
measure() {
	local side=$1 port=$2 expect=$3
	shift 3
	bench_start "$side" "" "$JAVA25" "$port" -Xms"$HEAP" -Xmx"$HEAP" -- \
		--spring.threads.virtual.enabled=true \
		--processing.interim.initial-delay="${INITIAL_MS}ms" --processing.interim.interval="${INTERVAL_MS}ms" \
		--server.tomcat.accept-count="$CONNECTIONS" "$@"
	local pid=$BENCH_PID

	# Warm the JIT on the held path (and the interim path when on) before anything counts.
	local warm_ok=0
	for round in 1 2 3; do
		client "$port" "$expect" --connections 200 --hold-ms 1000 --label warm-up >"$BENCH_WORK/warm-$side-$round.txt" \
			&& warm_ok=$((warm_ok + 1))
	done
	m[warm,$side]="$warm_ok of 3 clean"
	m[threads_idle,$side]=$(platform_threads "$pid")
	# A full GC now also starts both loads from the same heap state.
	"$JDK25_BIN/jcmd" "$pid" GC.run >/dev/null
	m[heap_idle,$side]=$(heap_used_mib "$pid")

	# The load itself: only /proc is read meanwhile, so that nothing but the load moves the 102 timing.
	local cpu0 t0 cpu1 t1 client_pid peak=0 threads
	cpu0=$(bench_process_ticks "$pid")
	t0=$(bench_now)
	bench_load_begin "$pid"
	client_background "$BENCH_WORK/load-$side.txt" "$port" "$expect" --connections "$CONNECTIONS" \
		--hold-ms "$HOLD_MS" --label "held load, starter $side"
	client_pid=$CLIENT_PID
	while kill -0 "$client_pid" 2>/dev/null; do
		threads=$(platform_threads "$pid")
		((threads > peak)) && peak=$threads
		sleep 0.2
	done
	m[load_rc,$side]=0
	wait "$client_pid" || m[load_rc,$side]=$?
	bench_load_end "$pid"
	cpu1=$(bench_process_ticks "$pid")
	t1=$(bench_now)
	m[other,$side]=$BENCH_LOAD_OTHER
	m[who,$side]=$BENCH_LOAD_WHO
	m[threads_peak,$side]=$peak
	m[cpu,$side]=$(awk -v c="$((cpu1 - cpu0))" -v hz="$BENCH_CLK_TCK" -v a="$t0" -v b="$t1" \
		'BEGIN { printf "%.1f", 100 * c / hz / (b - a) }')
	m[load_seconds,$side]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')

	# A second, shorter load with every request held while jcmd looks inside: thread dumps, heap used, and heap
	# after a full GC (the live set). Kept apart from the load above, whose 102 timing it would disturb.
	client_background "$BENCH_WORK/probe-$side.txt" "$port" "$expect" --connections "$CONNECTIONS" \
		--hold-ms "$PROBE_HOLD_MS" --label "probe load, starter $side"
	client_pid=$CLIENT_PID
	sleep "$(awk -v ms="$((RAMP_MS + 300))" 'BEGIN { print ms / 1000 }')"
	"$JDK25_BIN/jcmd" "$pid" Thread.dump_to_file -format=json "$BENCH_WORK/dump-$side.json" >/dev/null
	m[virtual_mid,$side]=$(grep -c '"virtual": *true' "$BENCH_WORK/dump-$side.json" || true)
	# In the JSON dump "virtual" comes just before "name".
	m[vgroups,$side]=$(awk '/"virtual": *true/ { v = 1; next } v && /"name"/ { sub(/.*"name": *"/, ""); sub(/".*/, "");
		gsub(/[0-9]+/, "N"); print } { v = 0 }' "$BENCH_WORK/dump-$side.json" | sort | uniq -c | sort -rn \
		| awk '{ printf "%s%s x%d", sep, $2, $1; sep = ", " }')
	"$JDK25_BIN/jcmd" "$pid" Thread.print >"$BENCH_WORK/threads-$side.txt"
	m[threads_mid,$side]=$(grep -c '^"' "$BENCH_WORK/threads-$side.txt")
	grep '^"' "$BENCH_WORK/threads-$side.txt" | sed -E 's/^"([^"]*)".*/\1/; s/[0-9]+/N/g' | sort | uniq -c \
		| awk '{ n = $1; $1 = ""; print substr($0, 2) " x" n }' >"$BENCH_WORK/groups-$side.txt"
	m[heap_mid,$side]=$(heap_used_mib "$pid")
	"$JDK25_BIN/jcmd" "$pid" GC.run >/dev/null
	m[heap_live,$side]=$(heap_used_mib "$pid")
	m[probe_rc,$side]=0
	wait "$client_pid" || m[probe_rc,$side]=$?
	m[probe,$side]=$(awk '/outcome/ { print $2, $3, $4, $5 }' "$BENCH_WORK/probe-$side.txt" | tr -d ',')

	bench_stop "$pid"
}

measure on "$PORT_ON" true
measure off "$PORT_OFF" false --processing.enabled=false

{
	echo "held: $CONNECTIONS concurrent GET /held?ms=$HOLD_MS, 102 Processing after ${INITIAL_MS} ms then every" \
		"${INTERVAL_MS} ms; starter on versus processing.enabled=false"
	echo "  starter   $starter_version"
	echo "  machine   $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
		"$(uname -sr), server and client not pinned"
	echo "  server    $("$JAVA25" -version 2>&1 | sed -n 2p), -Xms$HEAP -Xmx$HEAP, $(collector) GC (ergonomic)," \
		"spring.threads.virtual.enabled=true, server.tomcat.accept-count=$CONNECTIONS"
	echo "  client    HeldLoad.java on the same JDK, one NIO selector thread, raw bytes;" \
		"3 warm-up loads of 200 x 1 s before each measurement"
	echo
	cat "$BENCH_WORK/load-on.txt"
	echo
	cat "$BENCH_WORK/load-off.txt"
	echo
	printf '  %-54s %14s %14s\n' "server side" "starter on" "starter off"
	row() { printf '    %-52s %14s %14s\n' "$1" "${m[$2,on]:-?}" "${m[$2,off]:-?}"; }
	echo "  idle, after the warm-up loads and a full GC"
	row "platform threads (/proc)" threads_idle
	row "heap used MiB (GC.heap_info)" heap_idle
	echo "  during the held load above"
	row "platform threads, peak (/proc, every 0.2 s)" threads_peak
	row "server CPU, % of one core" cpu
	row "CPU of other processes, % of one core" other
	row "CPU window, s" load_seconds
	echo "  probe load: $CONNECTIONS held for $PROBE_HOLD_MS ms, looked into with jcmd once all are held"
	row "platform threads (jcmd Thread.print)" threads_mid
	row "virtual threads (jcmd Thread.dump_to_file)" virtual_mid
	row "heap used MiB (GC.heap_info)" heap_mid
	row "heap used MiB after a full GC (live set)" heap_live
	row "outcome" probe
	for side in on off; do
		m[per_request,$side]=$(awk -v live="${m[heap_live,$side]}" -v idle="${m[heap_idle,$side]}" \
			-v n="$CONNECTIONS" 'BEGIN { printf "%.1f", (live - idle) * 1024 / n }')
	done
	row "live heap per held request, KiB ((live - idle) / N)" per_request
	row "warm-up loads" warm
	echo
	echo "  virtual threads, on:  ${m[vgroups,on]:-none}"
	echo "  virtual threads, off: ${m[vgroups,off]:-none}"
	only_on=$(group_diff on off)
	only_off=$(group_diff off on)
	echo "  platform threads only with the starter on (or more of them): ${only_on:-none}"
	echo "  platform threads only with the starter off (or more of them): ${only_off:-none}"
	for side in on off; do
		if [[ ${m[other,$side]} -gt 10 ]]; then
			echo "  other processes used ${m[other,$side]} % of a core during the $side load:" \
				"${m[who,$side]:-short-lived ones}; its figures are skewed"
		fi
	done
	echo "  server log on   WARN/ERROR: $(bench_warn_lines on)"
	echo "  server log off  WARN/ERROR: $(bench_warn_lines off)"
}
[[ ${m[load_rc,on]} == 0 && ${m[load_rc,off]} == 0 ]]
