#!/bin/sh
# run-serve.sh: the serving load benchmark end to end (see README.md).
# Builds chorus and serveload, fills DIR/bench.db with 100k fabricated
# articles if it is not there, starts `chorus serve` on a loopback port,
# sends 500 requests/s for 30 s to the brief page and to the API, and prints
# the figures with the machine's load average before and after each run.
#   bench/run-serve.sh [DIR]        (default /tmp/chorus-bench)
set -eu
cd "$(dirname "$0")/.."
DIR=${1:-/tmp/chorus-bench}
PORT=${PORT:-18090}
RATE=${RATE:-500}
DURATION=${DURATION:-30s}
mkdir -p "$DIR"
go build -o "$DIR/chorus" ./cmd/chorus
go build -o "$DIR/serveload" ./bench/serveload
if [ ! -f "$DIR/bench.db" ]; then
	"$DIR/serveload" -populate 100000 -db "$DIR/bench.db"
fi
"$DIR/chorus" serve --db "$DIR/bench.db" --addr "127.0.0.1:$PORT" 2>"$DIR/serve.log" &
pid=$!
trap 'kill $pid' EXIT
until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.2; done
stories=$(curl -s "http://127.0.0.1:$PORT/api/stories?limit=1" | sed -n 's/.*"id":"story-\([0-9]*\)".*/\1/p')
stories=$((stories + 1))
echo "cores: $(nproc); $(git log -1 --format='commit %h')"
for target in page api; do
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
	"$DIR/serveload" -url "http://127.0.0.1:$PORT" -stories "$stories" -target "$target" -rate "$RATE" -duration "$DURATION"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server RSS: $(grep VmHWM /proc/$pid/status)"
