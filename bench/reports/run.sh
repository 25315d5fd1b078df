#!/usr/bin/env bash
# bench/reports/run.sh measures the Mängelmelder with 1,000,000 synthetic
# reports on SQLite and prints a Markdown report for docs/PERFORMANCE.md:
#   - latency (p50, p99) at a fixed rate of RATE requests/s (vegeta, an
#     open-loop generator: latency counts from when a request was due, so a
#     slow answer cannot hide the ones queued behind it) of
#       GET /georeport/v2/requests.json (newest 50),
#       GET /georeport/v2/requests.json with a bbox,
#       GET /reports/map.geojson without and with a bbox (the public map
#       data: the first view of the map page, then each move);
#   - the most requests/s of the same with wrk (closed loop, CONNS
#     connections), and of POST /georeport/v2/requests.json;
#   - each GET twice: the same URL every time, as many clients asking for
#     the newest reports do (the Open311 list reuses an answer for 2 s),
#     and a different URL every time (another box, or an ignored nocache=N
#     parameter), which always reaches the database;
#   - the server's memory (RSS now and peak) under that load.
# Everything listens on 127.0.0.1; every process started here is stopped at
# the end. The data directory is kept between runs (DATA), since making a
# million reports takes a while.
#
# Usage: bench/reports/run.sh
#        N=100000 RATE=200 DURATION=20s bench/reports/run.sh
# Needs: go, curl, wrk (Debian package wrk), jq; vegeta is built from the Go
# module proxy (github.com/tsenart/vegeta/v12 v12.13.0).
set -euo pipefail

cd "$(dirname "$0")/../.."
N=${N:-1000000}                                 # reports
DATA=${DATA:-${TMPDIR:-/tmp}/rathaus-bench-reports-$N}
RATE=${RATE:-200}                               # requests/s of the fixed-rate runs
DURATION=${DURATION:-20s}                       # per fixed-rate run
WRK_DURATION=${WRK_DURATION:-10s}               # per wrk run
THREADS=${THREADS:-2}
CONNS=${CONNS:-16}
PORT=${PORT:-18081}
base="http://127.0.0.1:$PORT"
# A box of about 1 × 1 km in the middle of the town: west,south,east,north
# (the GeoJSON order), for Open311 and /reports/map.geojson alike.
BBOX=${BBOX:-9.7430,52.3705,9.7570,52.3795}
MAP_BBOX=$BBOX

for tool in go curl wrk jq awk; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
if curl -s -o /dev/null "$base/"; then
	echo "bench: port $PORT is in use; set PORT" >&2
	exit 1
fi

work=$(mktemp -d)
pid=""
sampler=""
cleanup() {
	[[ -n "$sampler" ]] && kill "$sampler" 2>/dev/null || true
	[[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
log() { echo "bench: $*" >&2; }

# --- build ------------------------------------------------------------------
mkdir -p bin
go build -trimpath -ldflags "-s -w" -o bin/rathaus ./cmd/rathaus
GOBIN="$PWD/bin" go install github.com/tsenart/vegeta/v12@v12.13.0

# --- data -------------------------------------------------------------------
if [[ ! -s "$DATA/bench.key" ]]; then
	log "making $N reports in $DATA (once; kept for later runs)"
	rm -rf "$DATA"
	mkdir -p "$DATA"
	go run ./bench/reports/seed -data "$DATA" -n "$N" >"$DATA/bench.key.tmp"
	mv "$DATA/bench.key.tmp" "$DATA/bench.key"
fi
key=$(cat "$DATA/bench.key")
db_mb=$(du -sm "$DATA" | cut -f1)

# A server that has been running holds its database in the OS page cache;
# so does this one before it is measured (1 GB for a million reports).
cat "$DATA"/rathaus.db* >/dev/null

# --- server -----------------------------------------------------------------
env -i PATH="$PATH" RATHAUS_ADDR="127.0.0.1:$PORT" RATHAUS_DATA_DIR="$DATA" RATHAUS_LOG_LEVEL=warn \
	./bin/rathaus serve >"$work/rathaus.out" 2>"$work/rathaus.err" &
pid=$!
for ((i = 0; i < 6000; i++)); do  # up to a minute: a first start migrates
	curl -s -o /dev/null "$base/readyz" && break
	sleep 0.01
done
curl -sf -o /dev/null "$base/readyz" || { cat "$work/rathaus.err" >&2; exit 1; }

rss_mb() { awk '/^VmRSS:/{printf "%.0f", $2/1024}' "/proc/$pid/status"; }
hwm_mb() { awk '/^VmHWM:/{printf "%.0f", $2/1024}' "/proc/$pid/status"; }
idle_rss=$(rss_mb)
# The largest RSS seen while under load, sampled every 100 ms.
(while sleep 0.1; do echo "$(rss_mb)"; done >"$work/rss" 2>/dev/null) &
sampler=$!

list="$base/georeport/v2/requests.json?page_size=50"
bbox="$base/georeport/v2/requests.json?bbox=$BBOX"
mapdata="$base/reports/map.geojson?bbox=$MAP_BBOX"
for u in "$list" "$bbox" "$mapdata"; do
	code=$(curl -s -o "$work/answer" -w '%{http_code}' "$u")
	[[ "$code" == 200 ]] || { log "GET $u: $code"; cat "$work/answer" >&2; exit 1; }
done
list_n=$(jq length <(curl -s "$list"))
bbox_n=$(jq length <(curl -s "$bbox"))
map_n=$(curl -s "$mapdata" | jq '.features | length')

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# boxes N: N different boxes of about 1 × 1 km inside the town, one per
# line as west,south,east,north.
boxes() {
	awk -v n="$1" 'BEGIN{srand(7); for (i = 0; i < n; i++) {
		w = 9.61 + rand() * 0.27; s = 52.31 + rand() * 0.13
		printf "%.4f,%.4f,%.4f,%.4f\n", w, s, w + 0.014, s + 0.009 }}'
}
boxes 20000 >"$work/boxes"

# fixed NAME: RATE requests/s for DURATION after a short warm-up, cycling
# through the targets in $work/NAME.targets.
fixed() {
	local name=$1 t="$work/$1.targets"
	./bin/vegeta attack -targets="$t" -rate="$RATE/s" -duration=3s >/dev/null
	./bin/vegeta attack -targets="$t" -rate="$RATE/s" -duration="$DURATION" >"$work/$name.bin"
	./bin/vegeta report -type=json "$work/$name.bin" >"$work/$name.json"
	jq -r --arg n "$name" --arg r "$RATE" '"| \($n) | \($r) | \(.throughput|floor) | \(.latencies["50th"]/1e6*100|floor/100) ms | \(.latencies["99th"]/1e6*100|floor/100) ms | \(.latencies.max/1e6*100|floor/100) ms | \(.success*100|floor) % |"' "$work/$name.json"
}
echo "GET $list" >"$work/list, same URL.targets"
awk -v u="$list" '{print "GET " u "&nocache=" NR}' "$work/boxes" >"$work/list, new URL each.targets"
echo "GET $bbox" >"$work/bbox, same box.targets"
awk -v u="$base/georeport/v2/requests.json?bbox=" '{print "GET " u $1}' "$work/boxes" >"$work/bbox, new box each.targets"
echo "GET $mapdata" >"$work/map, same box.targets"
awk -v u="$base/reports/map.geojson?bbox=" '{print "GET " u $1}' "$work/boxes" >"$work/map, new box each.targets"
echo "GET $base/reports/map.geojson" >"$work/map, first view.targets"

# most NAME URL [SCRIPT]: wrk's closed loop, CONNS connections.
most() {
	local name=$1 url=$2 script=${3:-}
	local sargs=()
	[[ -n "$script" ]] && sargs=(-s "$script")
	KEY="$key" wrk -t"$THREADS" -c"$CONNS" -d2s "${sargs[@]}" "$url" >/dev/null
	KEY="$key" wrk -t"$THREADS" -c"$CONNS" -d"$WRK_DURATION" --latency "${sargs[@]}" "$url" >"$work/wrk-$name.txt"
	local rps p50 p99 bad
	rps=$(awk '/^Requests\/sec:/{printf "%.0f", $2}' "$work/wrk-$name.txt")
	p50=$(awk '$1=="50%"{print $2}' "$work/wrk-$name.txt")
	p99=$(awk '$1=="99%"{print $2}' "$work/wrk-$name.txt")
	bad=$(awk -F': *' '/Non-2xx or 3xx/{print $2}' "$work/wrk-$name.txt")
	printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$CONNS" "$rps" "$p50" "$p99" "${bad:-0}"
}

cat >"$work/nocache.lua" <<'LUA'
-- The URL given to wrk plus nocache=N, N new for every request.
local n = 0
request = function()
	n = n + 1
	return wrk.format(nil, wrk.path .. "&nocache=" .. n)
end
LUA
cat >"$work/boxes.lua" <<LUA
-- GET requests.json with a different 1 × 1 km box each time.
local boxes = {}
for line in io.lines("$work/boxes") do boxes[#boxes + 1] = line end
local n = 0
request = function()
	n = n + 1
	return wrk.format(nil, "/georeport/v2/requests.json?bbox=" .. boxes[n % #boxes + 1])
end
LUA

cat >"$work/post.lua" <<'LUA'
-- POST requests.json with a new report each time, spread over the town.
local key = os.getenv("KEY")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
	n = n + 1
	local lat = 52.30 + (n * 7919 % 15000) / 100000
	local lon = 9.60 + (n * 104729 % 30000) / 100000
	local body = "api_key=" .. key .. "&service_code=bench-1&lat=" .. lat .. "&long=" .. lon ..
		"&description=Lasttest+" .. n .. "&address_string=Musterweg+" .. (n % 200 + 1)
	return wrk.format(nil, nil, nil, body)
end
LUA

# Fixed rates first, before the posts below add thousands of reports (and
# a long write-ahead log) to what the reads go through.
log "fixed rate: $RATE requests/s for $DURATION each"
fixed_rows=$( {
	for name in "list, same URL" "list, new URL each" "bbox, same box" "bbox, new box each"; do
		fixed "$name"
	done
} )
fixed_peak_rss=$(hwm_mb)
log "most requests/s: wrk -t$THREADS -c$CONNS -d$WRK_DURATION"
most_rows=$( {
	most "GET list, same URL" "$list"
	most "GET list, new URL each" "$list" "$work/nocache.lua"
	most "GET bbox, new box each" "$base/georeport/v2/requests.json" "$work/boxes.lua"
	most "POST requests.json" "$base/georeport/v2/requests.json" "$work/post.lua"
} )
api_peak_sampled=$(sort -n "$work/rss" | tail -n1)
api_peak_rss=$(hwm_mb)
# The map last: if it cannot keep up with the rate, the requests queued in
# the open loop would weigh on everything measured after it.
log "map data: fixed rate and most requests/s"
map_rows=$( {
	fixed "map, first view"
	fixed "map, same box"
	fixed "map, new box each"
} )
map_most=$(most "GET map, same box" "$mapdata")
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sampler=""
peak_rss=$(hwm_mb)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
posted=$(curl -s "$base/georeport/v2/requests.json?page_size=1" | jq -r '.[0].description')

cat <<EOF
Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), SQLite,
$N synthetic reports (database and attachments: $db_mb MB). Load average before: $load_before; after: $load_after.
Answers: newest 50 = $list_n reports, bbox ($BBOX, about 1 × 1 km, default 90-day window) = $bbox_n, map data = $map_n points.

Fixed rate (vegeta, open loop, $DURATION each):

| endpoint | rate (req/s) | achieved (req/s) | p50 | p99 | max | success |
|---|---|---|---|---|---|---|
$fixed_rows
$map_rows

Most requests per second (wrk, closed loop, $WRK_DURATION each):

| endpoint | connections | requests/s | p50 | p99 | non-2xx |
|---|---|---|---|---|---|
$most_rows
$map_most

Memory (RSS) of the server: $idle_rss MB idle after start; peak $fixed_peak_rss MB (VmHWM) after the fixed-rate runs of
lists and boxes; with $CONNS clients (the wrk runs of lists, boxes and posts) at most $api_peak_sampled MB sampled every
100 ms, peak $api_peak_rss MB; $peak_rss MB after the map runs (a rate the server cannot keep up with queues requests,
and each waiting request holds memory).
Last report posted: "$posted".
EOF
