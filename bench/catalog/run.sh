#!/usr/bin/env bash
# bench/catalog/run.sh measures the catalog search against a running town
# hall (SQLite) with the demo catalog plus N synthetic services, and prints a
# Markdown report for docs/PERFORMANCE.md:
#   - latency (p50, p99, max) at a fixed rate of RATE requests/s (vegeta,
#     open loop) of GET /services?q=hund (the results page) and
#     GET /api/v1/services?q=… (a different query each time), each for
#     visitors without a session, and of the results page with a session
#     cookie (never served from the page cache: the template path);
#   - the most requests/s of the same with wrk (closed loop, CONNS
#     connections).
# An anonymous visitor's results page comes from the shell's micro-cache
# for 5 s (web.Cacheable); the API and the signed-in page always search.
# Everything listens on 127.0.0.1; every process started here is stopped at
# the end.
#
# Usage: bench/catalog/run.sh
#        N=1000 RATE=300 DURATION=20s bench/catalog/run.sh
# Needs: go, curl, wrk (Debian package wrk), jq; vegeta is built from the Go
# module proxy (github.com/tsenart/vegeta/v12 v12.13.0).
set -euo pipefail

cd "$(dirname "$0")/../.."
N=${N:-500}                      # synthetic services besides the demo's 26
DEMO=${DEMO:-true}               # false: synthetic services only (no demo town)
RATE=${RATE:-200}                # requests/s of the fixed-rate runs
DURATION=${DURATION:-15s}        # per fixed-rate run
WRK_DURATION=${WRK_DURATION:-10s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-16}
PORT=${PORT:-18083}
base="http://127.0.0.1:$PORT"

for tool in go curl wrk jq awk; do
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
[[ -x bin/vegeta ]] || GOBIN="$PWD/bin" go install github.com/tsenart/vegeta/v12@v12.13.0

data="$work/data"
mkdir -p "$data"
go run ./bench/catalog/seed -data "$data" -n "$N" -demo="$DEMO"
# A citizen's account for the signed-in runs.
printf 'Bench-Passwort-2026\n' | env -i PATH="$PATH" RATHAUS_DATA_DIR="$data" ./bin/rathaus user add bench@example.org --role citizen >/dev/null

env -i PATH="$PATH" RATHAUS_ADDR="127.0.0.1:$PORT" RATHAUS_DATA_DIR="$data" RATHAUS_LOG_LEVEL=warn \
	./bin/rathaus serve >"$work/rathaus.out" 2>"$work/rathaus.err" &
pid=$!
for ((i = 0; i < 3000; i++)); do
	curl -s -o /dev/null "$base/readyz" && break
	sleep 0.01
done
curl -sf -o /dev/null "$base/readyz" || { cat "$work/rathaus.err" >&2; exit 1; }

# A session for the signed-in runs (a citizen's account).
csrf=$(curl -s -c "$work/jar" "$base/login" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n1)
curl -s -b "$work/jar" -c "$work/jar" -o /dev/null --data-urlencode "csrf_token=$csrf" \
	--data-urlencode "email=bench@example.org" --data-urlencode "password=Bench-Passwort-2026" "$base/login"
session=$(awk '$6 == "rathaus_session" {print $7}' "$work/jar")
[[ -n "$session" ]] || { log "could not sign in"; exit 1; }

services=$(curl -s "$base/api/v1/services" | jq .count)
hund=$(curl -s "$base/api/v1/services?q=hund" | jq .count)

# Queries people type, one per line; the API runs cycle through them with
# a counter so each URL differs.
cat >"$work/queries" <<'Q'
hund
Hundesteuer
Hund%20anmelden
Gewerbeanmeldung
Meldebescheinigung
Umzug
Personalausweis%20verl%C3%A4ngern
Parkausweis
Buergerbuero
Xylophon
Q
awk -v u="$base/api/v1/services?q=" '{for (i = 0; i < 500; i++) print "GET " u $1 "&n=" NR*1000+i}' "$work/queries" >"$work/api.targets"
echo "GET $base/services?q=hund" >"$work/page.targets"
printf 'GET %s/services?q=hund\nCookie: rathaus_session=%s\n' "$base" "$session" >"$work/page-session.targets"

# fixed ID NAME TARGETS: RATE requests/s for DURATION after a warm-up.
fixed() {
	local id=$1 name=$2 t=$3
	./bin/vegeta attack -targets="$t" -rate="$RATE/s" -duration=3s >/dev/null
	./bin/vegeta attack -targets="$t" -rate="$RATE/s" -duration="$DURATION" >"$work/$id.bin"
	./bin/vegeta report -type=json "$work/$id.bin" >"$work/$id.json"
	jq -r --arg n "$name" --arg r "$RATE" '"| \($n) | \($r) | \(.throughput|floor) | \(.latencies["50th"]/1e6*100|floor/100) ms | \(.latencies["99th"]/1e6*100|floor/100) ms | \(.latencies.max/1e6*100|floor/100) ms | \(.success*100|floor) % |"' "$work/$id.json"
}
# most ID NAME URL [SCRIPT] [HEADER]: wrk's closed loop, CONNS connections.
most() {
	local id=$1 name=$2 url=$3 script=${4:-} header=${5:-}
	local args=()
	[[ -n "$script" ]] && args+=(-s "$script")
	[[ -n "$header" ]] && args+=(-H "$header")
	wrk -t"$THREADS" -c"$CONNS" -d2s "${args[@]}" "$url" >/dev/null
	wrk -t"$THREADS" -c"$CONNS" -d"$WRK_DURATION" --latency "${args[@]}" "$url" >"$work/wrk-$id.txt"
	local rps p50 p99 bad
	rps=$(awk '/^Requests\/sec:/{printf "%.0f", $2}' "$work/wrk-$id.txt")
	p50=$(awk '$1=="50%"{print $2}' "$work/wrk-$id.txt")
	p99=$(awk '$1=="99%"{print $2}' "$work/wrk-$id.txt")
	bad=$(awk -F': *' '/Non-2xx or 3xx/{print $2}' "$work/wrk-$id.txt")
	printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$CONNS" "$rps" "$p50" "$p99" "${bad:-0}"
}
cat >"$work/api.lua" <<LUA
-- GET /api/v1/services?q=… with the next query and a new URL each time.
local qs = {}
for line in io.lines("$work/queries") do qs[#qs + 1] = line end
local n = 0
request = function()
	n = n + 1
	return wrk.format(nil, "/api/v1/services?q=" .. qs[n % #qs + 1] .. "&n=" .. n)
end
LUA

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "fixed rate: $RATE requests/s for $DURATION each"
fixed_rows=$( {
	fixed page "/services?q=hund, anonymous (page cache)" "$work/page.targets"
	fixed page-session "/services?q=hund, signed in (renders)" "$work/page-session.targets"
	fixed api "/api/v1/services?q=…, 10 queries" "$work/api.targets"
} )
log "most requests/s: wrk -t$THREADS -c$CONNS -d$WRK_DURATION"
most_rows=$( {
	most page "/services?q=hund, anonymous (page cache)" "$base/services?q=hund"
	most page-session "/services?q=hund, signed in (renders)" "$base/services?q=hund" "" "Cookie: rathaus_session=$session"
	most api "/api/v1/services?q=…, 10 queries" "$base/api/v1/services" "$work/api.lua"
} )
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

cat <<REPORT
Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), SQLite,
$services published services ($N synthetic ones, demo town: $DEMO); "hund" finds $hund. Load average before: $load_before; after: $load_after.

Fixed rate (vegeta, open loop, $DURATION each):

| endpoint | rate (req/s) | achieved (req/s) | p50 | p99 | max | success |
|---|---|---|---|---|---|---|
$fixed_rows

Most requests per second (wrk, closed loop, $WRK_DURATION each):

| endpoint | connections | requests/s | p50 | p99 | non-2xx |
|---|---|---|---|---|---|
$most_rows
REPORT
