#!/usr/bin/env bash
# Requests per second of GET /plain (a handler without @LongRunning) with the starter enabled versus
# processing.enabled=false, measured in the same run: an enabled and a disabled server run side by side and wrk
# loads them in alternating rounds, so that drift of the machine hits both alike. Two JVMs of the very same
# application can settle a few per cent apart, so the pair of servers is started afresh several times (forks, as JMH
# calls them) and the verdict rests on the ratios of all the forks.
#
# Environment (all optional): JAVA (java on the PATH), FORKS (3), PAIRS (2, on/off pairs of rounds per fork),
# DURATION (10, seconds per round), WARMUP (2, seconds before each round), PRIME (12, seconds of unpinned load per
# server after its start), SETTLE (4, seconds of load per server once pinned), CONNECTIONS (16), BUSY_LIMIT (10, % of a
# core that other processes may use during a pair before it is measured again), RETRIES (2), PORT_ON (18081),
# PORT_OFF (18082), SERVER_CPU (1), CLIENT_CPU (0), HEAP (256m), REBUILD (0), JAR and STARTER_VERSION (measure a jar
# built elsewhere; see lib.sh), ON_ARGS (more arguments for the "on" server: ON_ARGS=--processing.enabled=false
# makes an A/A run, which shows the noise floor).
set -euo pipefail

source "$(dirname "$0")/lib.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

JAVA=${JAVA:-java}
FORKS=${FORKS:-3}
PAIRS=${PAIRS:-2}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
PRIME=${PRIME:-12}
SETTLE=${SETTLE:-4}
CONNECTIONS=${CONNECTIONS:-16}
BUSY_LIMIT=${BUSY_LIMIT:-10}
RETRIES=${RETRIES:-2}
PORT_ON=${PORT_ON:-18081}
PORT_OFF=${PORT_OFF:-18082}
HEAP=${HEAP:-256m}
if [[ $(nproc) -ge 2 ]]; then
	SERVER_CPU=${SERVER_CPU-1}
	CLIENT_CPU=${CLIENT_CPU-0}
else
	SERVER_CPU=${SERVER_CPU-}
	CLIENT_CPU=${CLIENT_CPU-}
fi
read -r -a on_args <<<"${ON_ARGS:-}"

if ! command -v wrk >/dev/null; then
	echo "installing wrk ..." >&2
	apt-get update >&2
	apt-get install -y wrk >&2
fi
bench_build
starter_version=$(bench_starter_version)
bench_require_free_port "$PORT_ON"
bench_require_free_port "$PORT_OFF"

# Both servers are sized for the one CPU they are measured on (serial GC, one compiler thread), but run unpinned
# while they are primed: pinned from the start, a JIT that shares its CPU with the load needs a minute or more to
# reach steady state.
jvm=(-Xms"$HEAP" -Xmx"$HEAP" -XX:+AlwaysPreTouch)
[[ -n $SERVER_CPU ]] && jvm+=(-XX:ActiveProcessorCount="$(taskset -c "$SERVER_CPU" nproc)")

client_pin=()
[[ -n $CLIENT_CPU ]] && client_pin=(taskset -c "$CLIENT_CPU")

# run_wrk PORT SECONDS OUTPUT
run_wrk() {
	"${client_pin[@]}" wrk -t1 -c"$CONNECTIONS" -d"$2"s --latency "http://127.0.0.1:$1/plain" >"$3"
}

port_of() { if [[ $1 == on ]]; then echo "$PORT_ON"; else echo "$PORT_OFF"; fi; }

# Opposite orders for odd and even numbers, so that neither side always goes first.
order_of() { if (($1 % 2 == 1)); then echo "on off"; else echo "off on"; fi; }

declare -A pid_of
start_server() {
	local fork=$1 side=$2
	if [[ $side == on ]]; then
		bench_start "on-$fork" "" "$JAVA" "$PORT_ON" "${jvm[@]}" -- "${on_args[@]}"
	else
		bench_start "off-$fork" "" "$JAVA" "$PORT_OFF" "${jvm[@]}" -- --processing.enabled=false
	fi
	pid_of[$side]=$BENCH_PID
}

# Load a server unpinned (client too), so that its JIT gets a CPU of its own while it compiles.
prime() {
	wrk -t1 -c"$CONNECTIONS" -d"$PRIME"s "http://127.0.0.1:$(port_of "$1")/plain" >/dev/null
}

# measure_round KEY SIDE: one warm-up and one counted wrk run against one server.
declare -A rps p99 errors other who
measure_round() {
	local key=$1 side=$2 port out
	port=$(port_of "$side")
	run_wrk "$port" "$WARMUP" /dev/null
	out="$BENCH_WORK/round.txt"
	bench_load_begin "${pid_of[on]}" "${pid_of[off]}"
	run_wrk "$port" "$DURATION" "$out"
	bench_load_end "${pid_of[on]}" "${pid_of[off]}"
	other[$key,$side]=$BENCH_LOAD_OTHER
	who[$key,$side]=$BENCH_LOAD_WHO
	rps[$key,$side]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	p99[$key,$side]=$(awk '$1 == "99%" { print $2 }' "$out")
	errors[$key,$side]=$(awk '/Socket errors|Non-2xx/ { sub(/^ +/, ""); printf "%s; ", $0 }' "$out")
}

declare -A attempts busy
keys=()
for fork in $(seq 1 "$FORKS"); do
	for side in $(order_of "$fork"); do
		start_server "$fork" "$side"
	done
	for side in $(order_of "$fork"); do
		prime "$side"
	done
	if [[ -n $SERVER_CPU ]]; then
		taskset -a -p -c "$SERVER_CPU" "${pid_of[on]}" >/dev/null
		taskset -a -p -c "$SERVER_CPU" "${pid_of[off]}" >/dev/null
	fi
	# Once pinned, the JIT still recompiles for a while; let that happen outside the counted rounds.
	for side in $(order_of "$fork"); do
		run_wrk "$(port_of "$side")" "$SETTLE" /dev/null
	done
	for pair in $(seq 1 "$PAIRS"); do
		key="$fork.$pair"
		keys+=("$key")
		attempts[$key]=0
		while :; do
			attempts[$key]=$((attempts[$key] + 1))
			for side in $(order_of "$pair"); do
				measure_round "$key" "$side"
			done
			busy[$key]=$(awk -v a="${other[$key,on]}" -v b="${other[$key,off]}" -v limit="$BUSY_LIMIT" \
				'BEGIN { print (a > limit || b > limit) ? 1 : 0 }')
			((busy[$key] == 0 || attempts[$key] > RETRIES)) && break
		done
	done
	bench_stop "${pid_of[on]}"
	bench_stop "${pid_of[off]}"
done

# ratio ON OFF
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
mean() { awk '{ s += $1; n++ } END { if (n > 0) printf "%.1f", s / n }'; }

# rates_of SIDE [FORK]: the counted rates of one side, of one fork or of all.
rates_of() {
	local key
	for key in "${counted[@]}"; do
		if [[ -z ${2:-} || ${key%%.*} == "$2" ]]; then
			echo "${rps[$key,$1]}"
		fi
	done
}

java_version=$("$JAVA" -version 2>&1 | head -n 1)
wrk_version=$( (wrk -v 2>&1 || true) | head -n 1 | awk '{ print $1, $2 }')
{
	echo "overhead: GET /plain, starter enabled (on) versus processing.enabled=false (off)"
	if [[ -n ${ON_ARGS:-} ]]; then echo "  NOTE      the on server also got: $ON_ARGS"; fi
	echo "  starter   $starter_version"
	echo "  machine   $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(uname -sr)"
	echo "  server    $java_version, -Xms$HEAP -Xmx$HEAP, Tomcat's default platform-thread pool," \
		"pinned to CPU ${SERVER_CPU:-any} after priming${SERVER_CPU:+ (-XX:ActiveProcessorCount=1)}"
	echo "  client    $wrk_version, 1 thread, $CONNECTIONS connections, pinned to CPU ${CLIENT_CPU:-any};" \
		"per round $WARMUP s warm-up + $DURATION s counted"
	echo "  forks     $FORKS, each a fresh pair of servers: $PRIME s of load each unpinned, then pinned and $SETTLE s" \
		"more each, then $PAIRS pairs of rounds"
	echo
	printf '  %-6s %-8s %11s %11s %8s %9s %9s %9s %8s\n' pair order "on rps" "off rps" "on/off" "on p99" "off p99" \
		"other %" attempts
	clean=()
	for key in "${keys[@]}"; do
		pair=${key#*.}
		mark=" "
		if ((busy[$key] == 0)); then clean+=("$key"); else mark="*"; fi
		printf '  %-6s %-8s %11.1f %11.1f %8s %9s %9s %9s %8s\n' "$key$mark" "$(order_of "$pair" | tr ' ' ,)" \
			"${rps[$key,on]}" "${rps[$key,off]}" \
			"$(ratio "${rps[$key,on]}" "${rps[$key,off]}")" "${p99[$key,on]}" "${p99[$key,off]}" \
			"${other[$key,on]}/${other[$key,off]}" "${attempts[$key]}"
	done
	counted=("${clean[@]}")
	note="${#clean[@]} clean pairs"
	if ((${#clean[@]} == 0)); then
		counted=("${keys[@]}")
		note="all pairs, NONE of them clean: the figures are skewed by other load"
	elif ((${#clean[@]} < ${#keys[@]})); then
		note="$note; pairs marked * stayed busy and are left out"
	fi
	echo
	echo "  over the $note:"
	fork_ratios=()
	for fork in $(seq 1 "$FORKS"); do
		on_mean=$(rates_of on "$fork" | mean)
		off_mean=$(rates_of off "$fork" | mean)
		if [[ -n $on_mean && -n $off_mean ]]; then
			fork_ratios+=("$(ratio "$on_mean" "$off_mean")")
			printf '  fork %-4s on %.1f rps, off %.1f rps, on/off %s\n' "$fork" "$on_mean" "$off_mean" "${fork_ratios[-1]}"
		fi
	done
	on_all=$(rates_of on | mean)
	off_all=$(rates_of off | mean)
	echo "  all       on $on_all rps, off $off_all rps, ratio of the means $(ratio "$on_all" "$off_all")"
	geo=$(printf '%s\n' "${fork_ratios[@]}" | awk '{ s += log($1); n++ } END { printf "%.4f", exp(s / n) }')
	lo=$(printf '%s\n' "${fork_ratios[@]}" | sort -g | head -n 1)
	hi=$(printf '%s\n' "${fork_ratios[@]}" | sort -g | tail -n 1)
	verdict=$(awk -v r="$geo" 'BEGIN { print (r >= 0.99) ? "met" : "NOT met" }')
	echo "  ratio     enabled/disabled = $geo, geometric mean of the fork ratios (forks range $lo to $hi);" \
		"target >= 0.99: $verdict"
	echo "  other %   CPU used by processes other than the servers and wrk during the round (on/off), in % of one"
	echo "            core; a pair above $BUSY_LIMIT % on either side is measured again (up to $RETRIES times)"
	for key in "${keys[@]}"; do
		if ((busy[$key] == 1)); then
			echo "  pair $key busy: on ${who[$key,on]:-short-lived processes} / off ${who[$key,off]:-short-lived processes}"
		fi
	done
	all_errors=""
	for key in "${!errors[@]}"; do all_errors+="${errors[$key]}"; done
	echo "  wrk errors    ${all_errors:-none}"
	for fork in $(seq 1 "$FORKS"); do
		for side in on off; do
			echo "  server log $side-$fork WARN/ERROR: $(bench_warn_lines "$side-$fork")"
		done
	done
}
