#!/usr/bin/env bash
# The 202 mode on each operation store, side by side in one run with the store in memory and under the same load:
# submissions (POST /jobs, answered 202 at once, work done at once) from 16 connections; the status monitor of one
# operation, read by 1 connection (latency) and by 16 (under load); and the replay of a 1 MB result by 1 connection.
# Each store gets a fresh server; the stores run one after another, in the order given.
#
# Environment (all optional): JAVA (java on the PATH), STORES ("memory h2-file postgresql mariadb redis
# redis-unpooled"), DURATION (10, seconds per measurement), WARMUP (5, seconds of submissions and reads before the
# measurements), CONNECTIONS (16), PORT (18083), HEAP (512m), REBUILD (0), JAR and STARTER_VERSION (see lib.sh).
# PostgreSQL (127.0.0.1:5432, user postgres, database test), MariaDB (127.0.0.1:3306, root, database test) and Redis
# (127.0.0.1:6379) must be running; each store uses a table or key prefix of its own, removed before and after.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
trap 'clean_stores; bench_cleanup' EXIT
trap 'exit 130' INT TERM

JAVA=${JAVA:-java}
STORES=${STORES:-"memory h2-file postgresql mariadb redis redis-unpooled"}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18083}
HEAP=${HEAP:-512m}
TABLE=PROCESSING_OPERATIONS_BENCH
KEY_PREFIX=processing-bench:

for tool in wrk psql mariadb redis-cli; do
	if ! command -v "$tool" >/dev/null; then
		echo "installing $tool ..." >&2
		apt-get update >&2
		case $tool in
			psql) apt-get install -y postgresql-client >&2 ;;
			mariadb) apt-get install -y mariadb-client >&2 ;;
			redis-cli) apt-get install -y redis-tools >&2 ;;
			*) apt-get install -y "$tool" >&2 ;;
		esac
	fi
done
bench_build
starter_version=$(bench_starter_version)
bench_require_free_port "$PORT"

# The arguments that select a store; every server keeps operations 30 s, holds up to a million and queues up to
# 100000, so that no submission is refused for room during the run.
store_args() {
	local jdbc=(--processing.accepted.store.type=jdbc --processing.accepted.store.jdbc.table-name="$TABLE"
		--processing.accepted.store.jdbc.initialize-schema=always)
	case $1 in
		memory) echo "--processing.accepted.store.type=memory" ;;
		h2-file) echo "${jdbc[*]} --spring.datasource.url=jdbc:h2:file:$BENCH_WORK/h2/operations" ;;
		postgresql) echo "${jdbc[*]} --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test --spring.datasource.username=postgres" ;;
		mariadb) echo "${jdbc[*]} --spring.datasource.url=jdbc:mariadb://127.0.0.1:3306/test --spring.datasource.username=root" ;;
		redis) echo "--processing.accepted.store.type=redis --processing.accepted.store.redis.key-prefix=$KEY_PREFIX" ;;
		redis-unpooled) echo "--processing.accepted.store.type=redis --processing.accepted.store.redis.key-prefix=$KEY_PREFIX --spring.data.redis.lettuce.pool.enabled=false" ;;
		*) echo "unknown store $1" >&2; exit 1 ;;
	esac
}

clean_stores() {
	psql -q -h 127.0.0.1 -U postgres -d test -c "DROP TABLE IF EXISTS $TABLE" >/dev/null 2>&1 || true
	mariadb -h 127.0.0.1 -u root test -e "DROP TABLE IF EXISTS $TABLE" >/dev/null 2>&1 || true
	redis-cli -h 127.0.0.1 --scan --pattern "$KEY_PREFIX*" 2>/dev/null | xargs -r -n 500 redis-cli -h 127.0.0.1 del \
		>/dev/null 2>&1 || true
}

cat >"$BENCH_WORK/submit.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Length"] = "0"
LUA

# wrk_run CONNECTIONS SECONDS URL OUTPUT [SCRIPT]
wrk_run() {
	local script=()
	[[ -n ${5:-} ]] && script=(-s "$5")
	wrk -t"$(( $1 < 2 ? 1 : 2 ))" -c"$1" -d"$2"s --latency "${script[@]}" "$3" >"$4"
}

# Latency in milliseconds from a wrk percentile line such as "50%  1.23ms".
percentile() {
	awk -v p="$2" '$1 == p {
		v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
		f = (unit == "us") ? 0.001 : (unit == "s") ? 1000 : (unit == "m") ? 60000 : 1
		printf "%.2f", v * f }' "$1"
}
rate() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
errors() { awk '/Socket errors|Non-2xx/ { sub(/^ +/, ""); printf "%s; ", $0 }' "$1"; }

# submit_location URL [METHOD]: submit one operation, wait until it is done, print its status monitor's path.
submit_location() {
	local location
	location=$(curl -s -o /dev/null -w '%header{location}' -X "${2:-GET}" "$1")
	[[ -n $location ]] || { echo "no Location from $1" >&2; exit 1; }
	for _ in $(seq 1 100); do
		curl -s "http://127.0.0.1:$PORT$location" | grep -q '"done":true' && break
		sleep 0.1
	done
	echo "$location"
}

declare -A submit_rps submit_p50 submit_p99 monitor_p50 monitor_p99 loaded_p50 loaded_p99 loaded_rps replay_p50 \
	replay_p99 failures warn
clean_stores
for store in $STORES; do
	mkdir -p "$BENCH_WORK/h2"
	read -r -a args <<<"$(store_args "$store")"
	bench_start "$store" "" "$JAVA" "$PORT" -Xms"$HEAP" -Xmx"$HEAP" -- "${args[@]}" \
		--processing.accepted.retention=30s --processing.accepted.max-operations=1000000 \
		--processing.accepted.queue-capacity=100000 --logging.level.dev.processing=warn
	pid=$BENCH_PID
	base="http://127.0.0.1:$PORT"
	wrk_run "$CONNECTIONS" "$WARMUP" "$base/jobs" /dev/null "$BENCH_WORK/submit.lua"
	out="$BENCH_WORK/$store-submit.txt"
	wrk_run "$CONNECTIONS" "$DURATION" "$base/jobs" "$out" "$BENCH_WORK/submit.lua"
	submit_rps[$store]=$(rate "$out")
	submit_p50[$store]=$(percentile "$out" 50%)
	submit_p99[$store]=$(percentile "$out" 99%)
	failures[$store]="$(errors "$out")"

	monitor="$base$(submit_location "$base/jobs" POST)"
	out="$BENCH_WORK/$store-monitor.txt"
	wrk_run 1 "$DURATION" "$monitor" "$out"
	monitor_p50[$store]=$(percentile "$out" 50%)
	monitor_p99[$store]=$(percentile "$out" 99%)
	failures[$store]+="$(errors "$out")"
	out="$BENCH_WORK/$store-monitor-loaded.txt"
	wrk_run "$CONNECTIONS" "$DURATION" "$monitor" "$out"
	loaded_rps[$store]=$(rate "$out")
	loaded_p50[$store]=$(percentile "$out" 50%)
	loaded_p99[$store]=$(percentile "$out" 99%)
	failures[$store]+="$(errors "$out")"

	result="$base$(submit_location "$base/jobs/big")/result"
	size=$(curl -s -o /dev/null -w '%{size_download}' "$result")
	[[ $size == 1048576 ]] || { echo "the result of $store has $size bytes, not 1048576" >&2; exit 1; }
	out="$BENCH_WORK/$store-replay.txt"
	wrk_run 1 "$DURATION" "$result" "$out"
	replay_p50[$store]=$(percentile "$out" 50%)
	replay_p99[$store]=$(percentile "$out" 99%)
	failures[$store]+="$(errors "$out")"
	warn[$store]=$(bench_warn_lines "$store")
	bench_stop "$pid"
	clean_stores
done

echo "stores: the 202 mode on each operation store, one server after another, the same load on each"
echo "  starter   $starter_version"
echo "  machine   $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo | cut -c1-40)), $(uname -sr)"
echo "  server    $("$JAVA" -version 2>&1 | head -n 1), -Xms$HEAP -Xmx$HEAP, unpinned, store's defaults (Hikari, Lettuce with a commons-pool2 pool unless unpooled)"
echo "  client    $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), on the same machine; ${WARMUP} s of submissions first, then ${DURATION} s per measurement"
echo "  servers   PostgreSQL $(psql -h 127.0.0.1 -U postgres -d test -Atc 'SHOW server_version' 2>/dev/null || echo '?'), MariaDB $(mariadb -h 127.0.0.1 -u root -N -e 'SELECT VERSION()' 2>/dev/null || echo '?'), Redis $(redis-cli -h 127.0.0.1 INFO server 2>/dev/null | awk -F: '/^redis_version/ { sub(/\r/, "", $2); print $2 }')"
echo
printf '  %-15s %14s %9s %9s   %11s %9s   %12s %9s %9s   %10s %9s\n' store "submit rps" p50 p99 "monitor p50" p99 \
	"monitor rps" p50 p99 "1 MB p50" p99
printf '  %-15s %14s %9s %9s   %11s %9s   %12s %9s %9s   %10s %9s\n' "" "(${CONNECTIONS} conns)" ms ms "(1 conn) ms" ms \
	"(${CONNECTIONS} conns)" ms ms "(1 conn) ms" ms
for store in $STORES; do
	printf '  %-15s %14s %9s %9s   %11s %9s   %12s %9s %9s   %10s %9s\n' "$store" "${submit_rps[$store]}" \
		"${submit_p50[$store]}" "${submit_p99[$store]}" "${monitor_p50[$store]}" "${monitor_p99[$store]}" \
		"${loaded_rps[$store]}" "${loaded_p50[$store]}" "${loaded_p99[$store]}" "${replay_p50[$store]}" \
		"${replay_p99[$store]}"
done
echo
target() { awk -v v="$1" -v limit="$2" -v dir="$3" 'BEGIN { ok = (dir == "max") ? v <= limit : v >= limit; print ok ? "met" : "NOT met" }'; }
for store in postgresql redis; do
	[[ -n ${monitor_p50[$store]:-} ]] || continue
	echo "  $store: monitor GET p50 ${monitor_p50[$store]} ms, target <= 3 ms: $(target "${monitor_p50[$store]}" 3 max);" \
		"1 MB replay p50 ${replay_p50[$store]} ms, target <= 10 ms: $(target "${replay_p50[$store]}" 10 max)"
done
if [[ -n ${submit_rps[postgresql]:-} ]]; then
	echo "  postgresql: submit ${submit_rps[postgresql]}/s with $CONNECTIONS connections, target >= 1000/s:" \
		"$(target "${submit_rps[postgresql]}" 1000 min)"
fi
echo
for store in $STORES; do
	echo "  wrk errors $store: ${failures[$store]:-none}"
	echo "  server log $store WARN/ERROR: ${warn[$store]}"
done
