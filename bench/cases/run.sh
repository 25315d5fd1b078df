#!/usr/bin/env bash
# bench/cases/run.sh measures the department inbox (/staff/cases) with
# 100,000 synthetic cases of one department on SQLite and prints a Markdown
# table for docs/PERFORMANCE.md: latency (p50, p99, max) at a fixed rate of
# RATE requests/s (vegeta, an open loop: latency counts from when a request
# was due) for a signed-in staff member of the department, for the default
# view (open cases by deadline) and the other filters, each through the
# whole server (session, memberships, queries, template).
# Everything listens on 127.0.0.1; every process started here is stopped at
# the end. The data directory is kept between runs (DATA).
#
# Usage: bench/cases/run.sh
#        N=100000 RATE=50 DURATION=20s bench/cases/run.sh
# Needs: go, curl, jq; vegeta is built from the Go module proxy
# (github.com/tsenart/vegeta/v12 v12.13.0).
set -euo pipefail

cd "$(dirname "$0")/../.."
N=${N:-100000}
DATA=${DATA:-${TMPDIR:-/tmp}/rathaus-bench-cases-$N}
RATE=${RATE:-50}
DURATION=${DURATION:-20s}
PORT=${PORT:-18082}
base="http://127.0.0.1:$PORT"

for tool in go curl jq; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
if curl -s -o /dev/null "$base/"; then
	echo "bench: port $PORT is in use; set PORT" >&2
	exit 1
fi
work=$(mktemp -d)
pid=""
cleanup() {
	[[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
log() { echo "bench: $*" >&2; }

mkdir -p bin
go build -trimpath -ldflags "-s -w" -o bin/rathaus ./cmd/rathaus
GOBIN="$PWD/bin" go install github.com/tsenart/vegeta/v12@v12.13.0

if [[ ! -s "$DATA/session" ]]; then
	log "making $N cases in $DATA (once; kept for later runs)"
	rm -rf "$DATA"
	mkdir -p "$DATA"
	go run ./bench/cases/seed -data "$DATA" -n "$N" >"$DATA/session.tmp"
	mv "$DATA/session.tmp" "$DATA/session"
fi
session=$(cat "$DATA/session")
db_mb=$(du -sm "$DATA" | cut -f1)

env -i PATH="$PATH" RATHAUS_ADDR="127.0.0.1:$PORT" RATHAUS_DATA_DIR="$DATA" RATHAUS_LOG_LEVEL=warn \
	./bin/rathaus serve >"$work/rathaus.out" 2>"$work/rathaus.err" &
pid=$!
for ((i = 0; i < 6000; i++)); do
	curl -s -o /dev/null "$base/readyz" && break
	sleep 0.01
done
curl -sf -o /dev/null "$base/readyz" || { cat "$work/rathaus.err" >&2; exit 1; }

cookie="Cookie: rathaus_session=$session"
code=$(curl -s -o "$work/page" -w '%{http_code}' -H "$cookie" "$base/staff/cases")
[[ "$code" == 200 ]] || { log "GET /staff/cases: $code (is the session still valid? remove $DATA/session)"; exit 1; }
count=$(grep -o '<h2 id="list-heading">[^<]*' "$work/page" | sed 's/.*>//')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# fixed NAME QUERY: RATE requests/s for DURATION after a short warm-up.
fixed() {
	local name=$1 t="$work/$1.targets"
	printf 'GET %s/staff/cases%s\n%s\n' "$base" "$2" "$cookie" >"$t"
	./bin/vegeta attack -targets="$t" -rate="$RATE/s" -duration=3s >/dev/null
	./bin/vegeta attack -targets="$t" -rate="$RATE/s" -duration="$DURATION" >"$work/$name.bin"
	./bin/vegeta report -type=json "$work/$name.bin" >"$work/$name.json"
	jq -r --arg n "$name" --arg r "$RATE" '"| \($n) | \($r) | \(.latencies["50th"]/1e6*100|floor/100) ms | \(.latencies["99th"]/1e6*100|floor/100) ms | \(.latencies.max/1e6*100|floor/100) ms | \(.success*100|floor) % |"' "$work/$name.json"
}
log "fixed rate: $RATE requests/s for $DURATION each"
rows=$( {
	fixed "open, by deadline (default)" ""
	fixed "open, newest first" "?sort=newest"
	fixed "all, newest first" "?state=all&sort=newest"
	fixed "all, oldest first, page 40" "?state=all&sort=oldest&page=40"
	fixed "overdue" "?overdue=on"
	fixed "mine" "?assignee=mine"
	fixed "one status (all)" "?state=all&status=abgelehnt"
	fixed "name search, open" "?q=m%C3%BCller"
	fixed "name search, all" "?state=all&q=m%C3%BCller"
} )
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

cat <<MD
Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs, SQLite, $N synthetic cases of one department (database: $db_mb MB),
default view: "$count". Load average before: $load_before; after: $load_after.

| /staff/cases view | rate (req/s) | p50 | p99 | max | success |
|---|---|---|---|---|---|
$rows
MD
