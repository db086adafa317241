#!/bin/sh
# Runs the mixed load (cmd/loadtest) against the desk at LOADTEST_URL. When nothing answers
# there, starts `orderdesk serve` on the demo data for the run and stops it afterwards. Makes a
# fresh manager API key for the run (the key's plain value is printed only at creation).
set -eu
BIN=${BIN:-bin/orderdesk}
CFGFLAG=${CFGFLAG:-}
URL=${LOADTEST_URL:-http://127.0.0.1:8080}
CONNECTIONS=${LOADTEST_CONNECTIONS:-64}
DURATION=${LOADTEST_DURATION:-60s}
RATE=${LOADTEST_RATE:-0}

started=""
if ! curl -fsS -o /dev/null "$URL/healthz" 2>/dev/null; then
	echo "loadtest: nothing answers at $URL; starting orderdesk serve on the demo data"
	$BIN serve $CFGFLAG >var/loadtest-server.log 2>&1 &
	started=$!
	trap 'kill $started 2>/dev/null; wait $started 2>/dev/null || true' EXIT
	i=0
	until curl -fsS -o /dev/null "$URL/healthz" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then echo "loadtest: the server did not start (var/loadtest-server.log)"; exit 1; fi
		sleep 0.1
	done
fi
pid=${LOADTEST_PID:-${started:-$(pgrep -o -f "orderdesk serve" || true)}}
key=$($BIN apikey create $CFGFLAG --name "load test $(date -u +%Y-%m-%dT%H:%M:%S)" --role manager | tail -n 1)
go run ./cmd/loadtest -url "$URL" -api-key "$key" -connections "$CONNECTIONS" -rate "$RATE" -duration "$DURATION" ${pid:+-pid "$pid"}
