# Helpers shared by overhead.sh and held.sh: build the benchmark application, start it, wait for it, stop it.
# Sourced, not run.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# JAR=path measures a jar built elsewhere (another commit, say) instead of building this tree's.
BENCH_JAR=${JAR:-"$BENCH_DIR/target/benchmarks-0.1.0-SNAPSHOT.jar"}
BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/processing-bench.XXXXXX")
BENCH_PIDS=()

# Build the starter and the benchmark application unless the jar is newer than every source it is made of
# (REBUILD=1 forces a build).
bench_build() {
	if [[ -n ${JAR:-} ]]; then
		[[ -f $JAR ]] || { echo "JAR=$JAR does not exist" >&2; exit 1; }
		return
	fi
	if [[ -f "$BENCH_JAR" && "${REBUILD:-0}" != 1 ]] && [[ -z $(find "$BENCH_DIR/../processing-autoconfigure/src/main" \
		"$BENCH_DIR/src" "$BENCH_DIR/pom.xml" "$BENCH_DIR/../pom.xml" -newer "$BENCH_JAR" -type f -print -quit) ]]; then
		return
	fi
	echo "building $BENCH_JAR ..." >&2
	# Without the old jar: when only the starter changed, the jar plugin finds the module's jar up to date and
	# repackage finds it repackaged already, and the old starter would stay inside.
	rm -f "$BENCH_JAR" "$BENCH_JAR.original"
	(cd "$BENCH_DIR/.." \
		&& ./mvnw -q -B install -DskipTests -pl processing-autoconfigure,processing-spring-boot-starter -am \
		&& ./mvnw -q -B -f benchmarks/pom.xml package -DskipTests) >&2
}

# bench_start NAME CPUS JAVA PORT [JVM_OPTION... --] [APP_ARGUMENT...]
# Start the application in the background, pinned to CPUS (empty: not pinned), its output in $BENCH_WORK/NAME.log;
# sets BENCH_PID.
bench_start() {
	local name=$1 cpus=$2 java=$3 port=$4
	shift 4
	local jvm=()
	while [[ $# -gt 0 && $1 != -- ]]; do
		jvm+=("$1")
		shift
	done
	[[ $# -gt 0 ]] && shift
	local pin=()
	[[ -n $cpus ]] && pin=(taskset -c "$cpus")
	# Started as a simple command, so that $! is the JVM itself (taskset execs it).
	"${pin[@]}" "$java" "${jvm[@]}" -jar "$BENCH_JAR" --server.port="$port" "$@" >"$BENCH_WORK/$name.log" 2>&1 &
	BENCH_PID=$!
	BENCH_PIDS+=("$BENCH_PID")
	bench_wait_ready "$name" "$BENCH_PID" "$port"
}

bench_wait_ready() {
	local name=$1 pid=$2 port=$3
	for _ in $(seq 1 120); do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "server $name exited during start-up; its log:" >&2
			tail -n 30 "$BENCH_WORK/$name.log" >&2
			exit 1
		fi
		if curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/plain"; then
			return
		fi
		sleep 0.5
	done
	echo "server $name did not answer on port $port within 60 s" >&2
	exit 1
}

# Stop one server and wait for it to go.
bench_stop() {
	local pid=$1
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 40); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.25
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

# Trap handler: stop every server this script started, keep their logs in target/logs, remove the work directory.
bench_cleanup() {
	local pid
	for pid in "${BENCH_PIDS[@]}"; do
		bench_stop "$pid"
	done
	mkdir -p "$BENCH_DIR/target/logs"
	cp "$BENCH_WORK"/*.log "$BENCH_DIR/target/logs/" 2>/dev/null || true
	rm -rf "$BENCH_WORK"
}

# Fail early when a port is taken: a server that cannot bind would otherwise leave us measuring someone else's.
bench_require_free_port() {
	if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
		echo "port $1 is in use; set the port variables to free ones" >&2
		exit 1
	fi
}

# Print how many WARN or ERROR lines (and stray exception lines) a server's log has, and the first 10; or "none".
bench_warn_lines() {
	local log="$BENCH_WORK/$1.log" pattern='^[0-9T:.+-]+Z? +(WARN|ERROR) |Exception|^[[:space:]]+at ' count
	count=$(grep -cE "$pattern" "$log" || true)
	if [[ $count == 0 ]]; then
		echo "none"
	else
		echo "$count"
		grep -E "$pattern" "$log" | head -n 10 | cut -c1-240 | sed 's/^/    /'
	fi
}

# Other processes on the machine (a build, a test run) skew any figure here, so the scripts report how busy the
# machine was besides them: every CPU tick spent (steal included) less those of the servers and of the script's own
# children (wrk, the load client, jcmd, ...).
BENCH_CLK_TCK=$(getconf CLK_TCK)

bench_machine_busy_ticks() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# bench_process_ticks PID...: utime + stime of live processes; the command name in field 2 may hold spaces.
bench_process_ticks() {
	local pid total=0
	for pid in "$@"; do
		if [[ -r /proc/$pid/stat ]]; then
			total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')))
		fi
	done
	echo "$total"
}

# bench_children_ticks VAR: CPU ticks of the waited-for children of this shell, into VAR. It must run in the main
# shell, not in $(...): a subshell starts with no children of its own.
bench_children_ticks() {
	times >"$BENCH_WORK/times"
	printf -v "$1" '%s' "$(awk -v hz="$BENCH_CLK_TCK" 'NR == 2 {
		total = 0
		for (i = 1; i <= 2; i++) { f = $i; sub(/s$/, "", f); split(f, part, "m"); total += part[1] * 60 + part[2] }
		printf "%d", total * hz
	}' "$BENCH_WORK/times")"
}

# Every process's pid, CPU ticks and command name, one a line.
bench_snapshot_processes() {
	local stat
	for stat in /proc/[0-9]*/stat; do
		cat "$stat" 2>/dev/null
	done | awk '{ line = $0; lp = index(line, "("); rp = 0
		for (i = length(line); i > 0; i--) if (substr(line, i, 1) == ")") { rp = i; break }
		comm = substr(line, lp + 1, rp - lp - 1); gsub(/ /, "_", comm)
		n = split(substr(line, rp + 2), f, " "); print $1, f[12] + f[13], comm }'
}

# bench_load_begin / bench_load_end PID...: bracket a measurement. bench_load_end sets BENCH_LOAD_OTHER to the CPU
# that other processes used meanwhile, in % of one core, and BENCH_LOAD_WHO to the biggest of them.
bench_load_begin() {
	BENCH_LOAD_BUSY=$(bench_machine_busy_ticks)
	BENCH_LOAD_OURS=$(bench_process_ticks "$@")
	bench_children_ticks BENCH_LOAD_KIDS
	bench_snapshot_processes >"$BENCH_WORK/processes-before"
	BENCH_LOAD_START=$(bench_now)
}

bench_load_end() {
	local busy ours kids end ours_list
	busy=$(bench_machine_busy_ticks)
	ours=$(bench_process_ticks "$@")
	bench_children_ticks kids
	end=$(bench_now)
	bench_snapshot_processes >"$BENCH_WORK/processes-after"
	BENCH_LOAD_OTHER=$(awk -v d="$((busy - BENCH_LOAD_BUSY - (ours - BENCH_LOAD_OURS) - (kids - BENCH_LOAD_KIDS)))" \
		-v hz="$BENCH_CLK_TCK" -v a="$BENCH_LOAD_START" -v b="$end" \
		'BEGIN { v = 100 * d / hz / (b - a); printf "%.0f", (v > 0) ? v : 0 }')
	# Processes alive at the end that are neither ours nor our children; short-lived ones show only in the total.
	ours_list=" $* $$ "
	BENCH_LOAD_WHO=$(awk -v ours="$ours_list" -v hz="$BENCH_CLK_TCK" -v a="$BENCH_LOAD_START" -v b="$end" '
		NR == FNR { before[$1] = $2; next }
		index(ours, " " $1 " ") == 0 { d = $2 - before[$1]; if (d > 0) printf "%d %s(%d%%)\n", d, $3, 100 * d / hz / (b - a) }
		' "$BENCH_WORK/processes-before" "$BENCH_WORK/processes-after" | sort -rn | head -n 2 | cut -d' ' -f2 | paste -sd, -)
}

# Seconds since the epoch, with nanoseconds.
bench_now() {
	date +%s.%N
}

# Which starter code the jar holds: the commit, and the starter's main sources that differ from it, if any
# (STARTER_VERSION=text says it instead, for a JAR built elsewhere).
bench_starter_version() {
	if [[ -n ${STARTER_VERSION:-} ]]; then
		echo "$STARTER_VERSION"
		return
	fi
	if [[ -n ${JAR:-} ]]; then
		echo "prebuilt $JAR"
		return
	fi
	local root="$BENCH_DIR/.." head dirty
	head=$(git -C "$root" log -1 --format='%h %s' 2>/dev/null | cut -c1-90) || head="unknown"
	dirty=$(git -C "$root" status --porcelain -- processing-autoconfigure/src/main 2>/dev/null \
		| awk '{ sub(".*/", "", $2); printf "%s%s", sep, $2; sep = ", " }')
	echo "commit ${head:-unknown}${dirty:+, plus uncommitted changes to $dirty}"
}
