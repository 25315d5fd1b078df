#!/usr/bin/env bash
# bench/run.sh measures the town hall on this machine and prints a Markdown
# report: binary size, start-up time, idle memory, and requests per second of
# the home page, of a signed-in staff page and of a minimal Go "hello" server
# (the ceiling), all in one run. Everything listens on 127.0.0.1 only; every
# process started here is stopped when the script ends.
#
# Usage: bench/run.sh            (about two minutes)
#        DURATION=30s RUNS=9 bench/run.sh
# Needs: go, curl, wrk (Debian package wrk).
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}   # wrk duration per scenario
THREADS=${THREADS:-2}       # wrk threads
CONNS=${CONNS:-32}          # wrk connections
RUNS=${RUNS:-5}             # start-up measurements per case (median reported)
PORT=${PORT:-18080}
HELLO_PORT=${HELLO_PORT:-18090}
STAFF_EMAIL=ordnungsamt@musterstadt.example
DEMO_PASSWORD=musterstadt-demo
base="http://127.0.0.1:$PORT"

for tool in go curl wrk awk; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
for p in "$PORT" "$HELLO_PORT"; do
	if curl -s -o /dev/null "http://127.0.0.1:$p/"; then
		echo "bench: port $p is in use; set PORT / HELLO_PORT" >&2
		exit 1
	fi
done

work=$(mktemp -d)
pid=""
# Every server's pid is also written to a file, so cleanup finds each one.
cleanup() {
	local p
	while read -r p; do kill "$p" 2>/dev/null || true; done <"$work/pids"
	wait 2>/dev/null || true
	rm -rf "$work"
}
: >"$work/pids"
trap cleanup EXIT

log() { echo "bench: $*" >&2; }

# --- build ------------------------------------------------------------------
mkdir -p bin
go build -trimpath -ldflags "-s -w" -o bin/rathaus ./cmd/rathaus
go build -trimpath -ldflags "-s -w" -o bin/hello ./bench/hello
size_mb=$(awk -v b="$(stat -c %s bin/rathaus)" 'BEGIN{printf "%.1f", b/1048576}')

# --- helpers ----------------------------------------------------------------
now_us() { echo "${EPOCHREALTIME/./}"; }

# start_rathaus DATA_DIR [ARGS…]: starts serve with a clean environment, so
# no RATHAUS_* variable of the caller changes what is measured.
start_rathaus() {
	local dir=$1; shift
	env -i PATH="$PATH" RATHAUS_ADDR="127.0.0.1:$PORT" RATHAUS_DATA_DIR="$dir" RATHAUS_LOG_LEVEL=warn \
		./bin/rathaus serve "$@" >>"$work/rathaus.out" 2>>"$work/rathaus.err" &
	pid=$!
	echo "$pid" >>"$work/pids"
}

stop_server() {
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null || true
	sed -i "/^$pid\$/d" "$work/pids" # gone: never signal that number again
	pid=""
}

# wait_ready URL: polls every 2 ms until URL answers 200 (30 s at most).
wait_ready() {
	local url=$1 deadline=$(($(now_us) + 30000000))
	while (($(now_us) < deadline)); do
		if curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null | grep -q '^200$'; then return 0; fi
		sleep 0.002
	done
	echo "bench: $url not ready after 30 s; stderr:" >&2
	cat "$work/rathaus.err" >&2
	return 1
}

# startup DATA_DIR [ARGS…]: sets ms to the milliseconds from exec to the
# first 200 on /readyz. (No $(…): a subshell would run the EXIT trap.)
# It also sets cpu_ms to the CPU time the process used until then, which
# other load on the machine disturbs less than the wall-clock time.
ms=0
cpu_ms=0
tck=$(getconf CLK_TCK)
startup() {
	local t0 t1
	t0=$(now_us)
	start_rathaus "$@"
	wait_ready "$base/readyz"
	t1=$(now_us)
	cpu_ms=$(awk -v t="$tck" '{sub(/.*\) /, ""); print int(($12 + $13) * 1000 / t)}' "/proc/$pid/stat")
	stop_server
	ms=$(((t1 - t0) / 1000))
}

median() { sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }

cpu_ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }
rss_mb() { awk '/^VmRSS:/{printf "%.1f", $2/1024}' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM:/{printf "%.1f", $2/1024}' "/proc/$1/status"; }

# load NAME URL [HEADER]: a short warm-up, then wrk; prints one table row.
load() {
	local name=$1 url=$2 header=${3:-} out="$work/wrk-$1.txt"
	local hargs=()
	[[ -n "$header" ]] && hargs=(-H "$header")
	wrk -t"$THREADS" -c"$CONNS" -d2s "${hargs[@]}" "$url" >/dev/null
	local cpu0 cpu1
	cpu0=$(cpu_ticks "$pid")
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "${hargs[@]}" "$url" >"$out"
	cpu1=$(cpu_ticks "$pid")
	local rps p50 p99 bad errs n us
	rps=$(awk '/^Requests\/sec:/{printf "%.0f", $2}' "$out")
	n=$(awk '/requests in/{print $1}' "$out")
	# The server's CPU time per answered request: less disturbed by other
	# load on the machine than requests/s.
	us=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$n" -v t="$tck" 'BEGIN{printf "%.0f", (b-a)*1e6/t/n}')
	p50=$(awk '$1=="50%"{print $2}' "$out")
	p99=$(awk '$1=="99%"{print $2}' "$out")
	bad=$(awk -F': *' '/Non-2xx or 3xx/{print $2}' "$out")
	errs=$(awk '/Socket errors/{sub(/.*Socket errors: /, ""); print}' "$out")
	echo "$rps" >"$work/rps-$name"
	echo "$us" >"$work/us-$name"
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$us" "${bad:-0}" "${errs:-none}"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN{exit !(l > n/2)}'; then
	log "warning: load average $load_before on $(nproc) CPUs; the numbers will be low and noisy"
fi

# --- start-up ---------------------------------------------------------------
log "start-up: $RUNS runs per case"
empty=(); demo_first=(); demo_restart=(); empty_cpu=(); demo_first_cpu=(); demo_restart_cpu=()
for ((i = 0; i < RUNS; i++)); do
	startup "$work/empty-$i"; empty+=("$ms"); empty_cpu+=("$cpu_ms")
	startup "$work/demo-$i" --demo; demo_first+=("$ms"); demo_first_cpu+=("$cpu_ms")
done
# A restart on a database that has the demo town already: what a service
# restart with data looks like.
seeded="$work/demo-0"
for ((i = 0; i < RUNS; i++)); do
	startup "$seeded"; demo_restart+=("$ms"); demo_restart_cpu+=("$cpu_ms")
done
empty_ms=$(printf '%s\n' "${empty[@]}" | median)
demo_first_ms=$(printf '%s\n' "${demo_first[@]}" | median)
demo_restart_ms=$(printf '%s\n' "${demo_restart[@]}" | median)
empty_cpu_ms=$(printf '%s\n' "${empty_cpu[@]}" | median)
demo_first_cpu_ms=$(printf '%s\n' "${demo_first_cpu[@]}" | median)
demo_restart_cpu_ms=$(printf '%s\n' "${demo_restart_cpu[@]}" | median)

# --- idle memory ------------------------------------------------------------
start_rathaus "$seeded"
wait_ready "$base/readyz"
sleep 2
idle_rss=$(rss_mb "$pid")
# What the Go heap holds: in use, and free but not yet returned to the OS.
metric() { curl -s "$base/metrics" | awk -v m="$1" '$1==m{printf "%.1f", $2/1048576}'; }
heap_inuse=$(metric go_memstats_heap_inuse_bytes)
heap_idle=$(metric go_memstats_heap_idle_bytes)
heap_released=$(metric go_memstats_heap_released_bytes)
sleep "${IDLE_WAIT:-15}"
idle_rss_later=$(rss_mb "$pid")

# --- load -------------------------------------------------------------------
home_bytes=$(curl -s "$base/" | wc -c)
curl -s -c "$work/jar" -b "$work/jar" -o /dev/null "$base/login"
csrf=$(awk '$6=="rathaus_csrf"{print $7}' "$work/jar")
login_code=$(curl -s -c "$work/jar" -b "$work/jar" -o /dev/null -w '%{http_code}' \
	--data-urlencode "email=$STAFF_EMAIL" --data-urlencode "password=$DEMO_PASSWORD" \
	--data-urlencode "csrf_token=$csrf" "$base/login")
session=$(awk '$6=="rathaus_session"{print $7}' "$work/jar")
staff_page=""
if [[ "$login_code" == 303 && -n "$session" ]]; then
	for p in /staff /account; do
		if [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: rathaus_session=$session" "$base$p") == 200 ]]; then
			staff_page=$p
			break
		fi
	done
else
	log "sign-in as $STAFF_EMAIL failed (status $login_code): no signed-in page measured"
fi

rows="$work/rows"
log "load: wrk -t$THREADS -c$CONNS -d$DURATION against GET / ${staff_page:+and $staff_page}"
load "home" "$base/" >>"$rows"
if [[ -n "$staff_page" ]]; then
	load "staff" "$base$staff_page" "Cookie: rathaus_session=$session" >>"$rows"
fi
loaded_rss=$(rss_mb "$pid")
peak_rss=$(hwm_mb "$pid")
stop_server

./bin/hello -addr "127.0.0.1:$HELLO_PORT" 2>>"$work/hello.err" &
pid=$!
echo "$pid" >>"$work/pids"
wait_ready "http://127.0.0.1:$HELLO_PORT/"
log "load: hello server"
load "hello" "http://127.0.0.1:$HELLO_PORT/" >>"$rows"
stop_server

ratio=$(awk -v a="$(cat "$work/rps-home")" -v b="$(cat "$work/rps-hello")" 'BEGIN{printf "%.2f", a/b}')
cpu_ratio=$(awk -v a="$(cat "$work/us-home")" -v b="$(cat "$work/us-hello")" 'BEGIN{printf "%.2f", b/a}')

# --- report -----------------------------------------------------------------
cat <<EOF
## Measurements $(date -u +%Y-%m-%d) on $(nproc) CPUs ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(go version | awk '{print $3}')

| measure | value | target |
|---|---|---|
| binary size (-trimpath -s -w) | $size_mb MB | |
| start-up to first 200 on /readyz, new empty database (creates the schema) | $empty_ms ms (median of $RUNS: ${empty[*]}); CPU $empty_cpu_ms ms | < 1000 ms |
| start-up, new database with --demo (creates Musterstadt, 9 password hashes) | $demo_first_ms ms (median of $RUNS: ${demo_first[*]}); CPU $demo_first_cpu_ms ms | |
| start-up, restart on the demo database | $demo_restart_ms ms (median of $RUNS: ${demo_restart[*]}); CPU $demo_restart_cpu_ms ms | < 1000 ms |
| idle RSS 2 s after start (demo database) | $idle_rss MB | < 40 MB |
| … of which Go heap in use / free but not yet returned to the OS | $heap_inuse MB / $(awk -v a="$heap_idle" -v b="$heap_released" 'BEGIN{printf "%.1f", a-b}') MB | |
| idle RSS $((2 + ${IDLE_WAIT:-15})) s after start | $idle_rss_later MB | < 40 MB |
| RSS after the load below / peak | $loaded_rss MB / $peak_rss MB | |
| home page size (uncompressed) | $home_bytes bytes | |
| home page requests/s ÷ hello requests/s | $ratio | ≥ 0.50 |
| the same from CPU time: hello µs/request ÷ home µs/request | $cpu_ratio | ≥ 0.50 |

Load average before / after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg).
wrk -t$THREADS -c$CONNS -d$DURATION --latency on 127.0.0.1 (wrk shares the CPUs with the server); staff = GET ${staff_page:-(not measured)} signed in as $STAFF_EMAIL.

| scenario | requests/s | p50 | p99 | server CPU µs/request | non-2xx/3xx | socket errors |
|---|---|---|---|---|---|---|
$(cat "$rows")
EOF
