#!/usr/bin/env bash
# Probe for the curl command line tool, after the probe contract of compat-tests/README.md:
#   curl.sh twice <url> | curl.sh timeout <url> <millis>
set -u
mode=$1
url=$2

echo "client curl $(curl --version | head -n 1 | cut -d ' ' -f 2)"

if [ "$mode" = timeout ]; then
	# --max-time is a total timeout; --speed-time takes whole seconds and counts body bytes only, not 1xx responses.
	echo "result id=t error=unsupported: curl has no read (idle) timeout"
	exit 0
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# One invocation, so the second request reuses the first one's connection; --max-time is the safety limit.
curl -sS -v --max-time 10 -w '%{http_code} %{exitcode} %{errormsg}\n' \
	-o "$dir/body-1" "$url?id=1" -o "$dir/body-2" "$url?id=2" >"$dir/out" 2>"$dir/verbose"

# Interim responses per request, from the verbose trace: the 1xx status lines after "> GET ...?id=<id> ".
interim() {
	awk -v id="$1" '
		/^> GET / { current = ($0 ~ ("[?&]id=" id " ")) }
		current && /^< HTTP\/[0-9.]+ 1[0-9][0-9]/ { count++ }
		END { print count + 0 }' "$dir/verbose"
}

n=0
while read -r status code message; do
	n=$((n + 1))
	if [ "$code" != 0 ]; then
		echo "result id=$n error=curl ($code): $message"
	else
		body=$(tr '\r\n' '  ' <"$dir/body-$n" 2>/dev/null | sed 's/^ *//; s/ *$//')
		echo "result id=$n status=$status body=$body interim=$(interim "$n")"
	fi
done <"$dir/out"
exit 0
