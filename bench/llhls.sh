# The LL-HLS benchmarks of issue 4, sourced by bench/run (which defines begin, end, start_onair, start_nginx, log,
# port_free, OUT, TMP, FLV, KEY, ONAIR_*, NGINX_* and BENCH_JAR):
#   bench/run llhls-viewers   2,000 simulated LL-HLS viewers (blocking reload + part fetch) of one stream
#   bench/run latency         glass-to-glass latency in headless Chromium: Onair passthrough and transcoded, and
#                             nginx-rtmp HLS, played at the same time from one publisher
# Both wait (bounded) for the 1-minute load average to come down to BENCH_MAX_LOAD (default 2) first.

# Ports of their own (unless BENCH_*_PORT says otherwise): other benchmarks may be running on the defaults.
ll_ports() {
  ONAIR_RTMP="${BENCH_ONAIR_RTMP_PORT:-19361}"
  ONAIR_HTTP="${BENCH_ONAIR_HTTP_PORT:-18191}"
  ONAIR_MEDIA="${BENCH_ONAIR_MEDIA_PORT:-18193}"
  NGINX_RTMP="${BENCH_NGINX_RTMP_PORT:-19362}"
  NGINX_HTTP="${BENCH_NGINX_HTTP_PORT:-18192}"
}

LL_MAX_LOAD="${BENCH_MAX_LOAD:-2}"
LL_LOAD_WAIT_S="${BENCH_LOAD_WAIT_S:-180}"

# The private copy begin() made of the harness jar (a rebuild of the shared tree mid-run must not swap classes).
ll_java() { "$JAVA_HOME/bin/java" -cp "$TMP/onair-bench.jar" "$@"; }

ll_wait_for_load() {
  local waited=0 load
  while :; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    awk "BEGIN { exit !($load <= $LL_MAX_LOAD) }" && return 0
    if [ "$waited" -ge "$LL_LOAD_WAIT_S" ]; then
      log "WARNING: load average still $load > $LL_MAX_LOAD after ${waited} s: measuring anyway"
      return 0
    fi
    log "load average $load > $LL_MAX_LOAD: waiting (${waited}/${LL_LOAD_WAIT_S} s)"
    sleep 15
    waited=$((waited + 15))
  done
}

# BENCH_LL_VIEWERS viewers (2000) for BENCH_LL_SECONDS (75, the first 5 s a ramp), 0.5 s parts (Onair's default),
# transcoder off (one stream, the source rendition). Client and server share the machine and its 2 cores.
# BENCH_LL_PORT=media (default) watches through the media port (onair.http.media-port, Netty), app through /live on
# the application's port (Tomcat): the same answers, two HTTP servers.
llhls_viewers() {
  local viewers="${BENCH_LL_VIEWERS:-2000}" need hard
  need=$((viewers + 1024))
  hard="$(ulimit -Hn)"
  if [ "$hard" != unlimited ] && [ "$hard" -lt "$need" ]; then
    echo "bench: $viewers viewers need $need file descriptors; the hard limit is $hard" >&2; exit 1
  fi
  [ "$(ulimit -Sn)" != unlimited ] && [ "$(ulimit -Sn)" -lt "$need" ] && ulimit -Sn "$hard"
  ll_ports
  ll_wait_for_load
  begin llhls-viewers
  local p
  for p in "$ONAIR_RTMP" "$ONAIR_HTTP" "$ONAIR_MEDIA"; do
    port_free "$p" || { echo "bench: port $p is taken; set BENCH_ONAIR_*_PORT" >&2; exit 1; }
  done
  local watch_port="$ONAIR_MEDIA"
  case "${BENCH_LL_PORT:-media}" in
    media) ;;
    app) watch_port="$ONAIR_HTTP" ;;
    *) echo "bench: BENCH_LL_PORT must be media or app" >&2; exit 1 ;;
  esac
  echo "file descriptors: soft $(ulimit -Sn), hard $(ulimit -Hn)" >> "$OUT/machine.txt"
  echo "viewers watch: ${BENCH_LL_PORT:-media} port ($watch_port)" >> "$OUT/machine.txt"
  start_onair --onair.ingest.keys.bench="$KEY"
  ll_java io.onair.bench.llhls.LlhlsViewers --http "$watch_port" --rtmp "$ONAIR_RTMP" --key "$KEY" --flv "$FLV" \
    --viewers "$viewers" --duration "${BENCH_LL_SECONDS:-75}" --observer-ms "${BENCH_LL_OBSERVER_MS:-5}" \
    --pid "$ONAIR_PID" --clock-ticks "$(getconf CLK_TCK)" --out "$OUT"
  echo "load average during: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
  end
}

# Onair with the live transcoder ON (a transcoded rendition is measured; the rest of BENCH_ONAIR_ARGS applies),
# nginx-rtmp from bench/nginx, one publisher feeding both; BENCH_LL_LATENCY_SECONDS (120) of samples after
# BENCH_LL_SETTLE (30) s. Three headless Chromiums: the harness's page (nginx-rtmp, Onair source, Onair
# transcoded, with hls.js from web/node_modules) and Onair's watch page twice (quality forced to the source and to
# the transcoded rendition). BENCH_LL_RENDITION picks the transcoded rendition (default 360p: the rung that survives an overloaded machine;
# the transcoder drops 480p when ffmpeg falls 300 frames behind). BENCH_LL_WATCH_PAGES=0 leaves the two watch-page
# browsers out (two fewer 720p decodes on the machine).
latency() {
  # hls.js: BENCH_LL_HLSJS, else web/node_modules (after 'npm ci' in web/), else the copy a previous run kept in
  # bench/results/input/ (an 'npm ci' in web/ by someone else empties node_modules for a while).
  local hlsjs="${BENCH_LL_HLSJS:-$ROOT/web/node_modules/hls.js/dist/hls.min.js}" kept="$ROOT/bench/results/input/hls.min.js"
  if [ -s "$hlsjs" ]; then mkdir -p "$(dirname "$kept")"; cp "$hlsjs" "$kept"; cp "$(dirname "$hlsjs")/../package.json" "$kept.package.json" 2>/dev/null || true; fi
  [ -s "$hlsjs" ] || hlsjs="$kept"
  command -v /usr/bin/chromium > /dev/null || { echo "bench: /usr/bin/chromium missing (apt-get install chromium)" >&2; exit 1; }
  ll_ports
  ll_wait_for_load
  begin latency
  # A private copy: an 'npm ci' in web/ by someone else during the run would take it away.
  local i
  for i in $(seq 1 60); do cp "$hlsjs" "$TMP/hls.min.js" 2>/dev/null && break; sleep 1; done
  [ -s "$TMP/hls.min.js" ] || { echo "bench: $hlsjs missing (run npm ci in web/)" >&2; exit 1; }
  echo "hls.js: $hlsjs, sha256 $(sha256sum "$TMP/hls.min.js" | cut -c1-16)" >> "$OUT/machine.txt"
  hlsjs="$TMP/hls.min.js"
  check_ports
  local args=() a
  for a in ${ONAIR_EXTRA[@]+"${ONAIR_EXTRA[@]}"}; do
    case "$a" in --onair.transcode.enabled=*) ;; *) args+=("$a") ;; esac
  done
  ONAIR_EXTRA=(${args[@]+"${args[@]}"})
  echo "onair arguments for this run: ${ONAIR_EXTRA[*]} --onair.transcode.enabled=true; hls.js $hlsjs $(sed -n 's/^  "version": "\(.*\)",/\1/p' "$kept.package.json" 2>/dev/null); $(/usr/bin/chromium --version 2>/dev/null)" >> "$OUT/machine.txt"
  start_onair --onair.ingest.keys.bench="$KEY" --onair.transcode.enabled=true
  start_nginx
  ll_java io.onair.bench.llhls.LatencyBench --onair-http "$ONAIR_HTTP" --onair-rtmp "$ONAIR_RTMP" --key "$KEY" \
    --nginx-http "$NGINX_HTTP" --nginx-rtmp "$NGINX_RTMP" --flv "$FLV" --hlsjs "$hlsjs" \
    --duration "${BENCH_LL_LATENCY_SECONDS:-120}" --settle "${BENCH_LL_SETTLE:-30}" \
    --rendition "${BENCH_LL_RENDITION:-360p}" --watch-pages "${BENCH_LL_WATCH_PAGES:-1}" --out "$OUT"
  echo "load average during: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
  end
}
