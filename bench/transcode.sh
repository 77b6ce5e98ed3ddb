# The transcoding benchmarks of issue 3, sourced by bench/run (which defines begin, end, start_onair, stop_onair,
# check_ports, log, OUT, TMP, FLV, KEY, ONAIR_* and BENCH_JAR):
#   bench/run transcode-cost      CPU-s per media-s of Onair's live ladder vs the bare ffmpeg command, same run
#   bench/run transcode-latency   added segment availability of the transcoded renditions over the source's
# Onair runs with the transcoder ON here (whatever BENCH_ONAIR_ARGS says about onair.transcode.enabled: that key is
# taken out of it and set per run; the rest of BENCH_ONAIR_ARGS applies).

TC_SECONDS="${BENCH_TC_SECONDS:-60}"
# transcode-cost: seconds of the same input published once to each Onair before its measured stream (0: none). The
# measured stream is then that of a server that has been up a while: its JIT has compiled the transcoding path,
# a cost paid once per JVM, not per stream. The warm-up is measured the same way (warmup/), so one run gives the
# cold (first stream of a fresh JVM) and the warm figures.
TC_WARMUP="${BENCH_TC_WARMUP:-$TC_SECONDS}"
# Warm-up streams before the measured one (each a new publication and a new ffmpeg; the input file is 70 s, so a
# longer warm-up is more streams): the JIT goes on compiling the transcoding path for minutes. Only the first is
# measured into warmup/ (the cold figures).
TC_WARMUP_STREAMS="${BENCH_TC_WARMUP_STREAMS:-1}"
# Measured rounds (transcode-cost): each a stream to the warm Onair with the transcoder on, then the bare command,
# one after the other; then as many streams to the Onair without it. One stream's ffmpeg CPU moves by 5-10 % from
# one run to the next here (docs/benchmarks.md, section 6), more than what is measured: with more than one round
# the report gives each round's ratio, their median and the pooled ratio (results in round-N/). The Onair with the
# transcoder stays up, idle, while the bare command runs (before rounds it was stopped first); the other Onair is
# started after the last round.
TC_ROUNDS="${BENCH_TC_ROUNDS:-1}"
# Other work on the machine skews CPU time and latency: wait (bounded) for the 1-minute load to come down first.
TC_MAX_LOAD="${BENCH_MAX_LOAD:-2}"
TC_LOAD_WAIT_S="${BENCH_LOAD_WAIT_S:-300}"

tc_harness() { "$JAVA_HOME/bin/java" -cp "$BENCH_JAR" io.onair.bench.TranscodeBench "$@"; }

# Private copies of both jars for the run: other work on the machine rebuilding app/target/onair.jar while Onair
# runs from it makes the running JVM fail (NoClassDefFoundError from the replaced nested jars, seen here).
tc_private_jars() {
  cp "$ONAIR_JAR" "$TMP/onair.jar"
  cp "$BENCH_JAR" "$TMP/onair-bench.jar"
  ONAIR_JAR="$TMP/onair.jar"
  BENCH_JAR="$TMP/onair-bench.jar"
  echo "onair.jar: $(stat -c '%y' "$ROOT/app/target/onair.jar") sha256 $(sha256sum "$ONAIR_JAR" | cut -c1-16)" >> "$OUT/machine.txt"
}

# Waits up to TC_LOAD_WAIT_S for the 1-minute load average to be at most TC_MAX_LOAD; then runs anyway (the load
# is written next to the figures by begin/end).
tc_wait_for_load() {
  local waited=0 load
  while :; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    awk "BEGIN { exit !($load <= $TC_MAX_LOAD) }" && return 0
    if [ "$waited" -ge "$TC_LOAD_WAIT_S" ]; then
      log "WARNING: load average still $load > $TC_MAX_LOAD after ${waited} s: measuring anyway"
      return 0
    fi
    log "load average $load > $TC_MAX_LOAD: waiting (${waited}/${TC_LOAD_WAIT_S} s)"
    sleep 15
    waited=$((waited + 15))
  done
}

# ONAIR_EXTRA without any --onair.transcode.enabled (Spring joins a repeated option's values with a comma, so it
# cannot be overridden by appending another one).
tc_onair_extra() {
  local a kept=()
  for a in ${ONAIR_EXTRA[@]+"${ONAIR_EXTRA[@]}"}; do
    case "$a" in --onair.transcode.enabled=*) ;; *) kept+=("$a") ;; esac
  done
  ONAIR_EXTRA=(${kept[@]+"${kept[@]}"})
}

# The bare ffmpeg command from the one Onair logged ("starting ffmpeg for [...]: <command>"): the same filter graph,
# encoder settings and rungs; the input is the FLV file read at its native rate (-re, -t TC_SECONDS) instead of
# Onair's pipe; each output goes to $2 ("null": the null muxer; "hls": fMP4 HLS, 2 s segments, under $3).
tc_bare_command() { # onair-log null|hls dir
  local line tokens=() out=() i=0 n tok seen_input=0 rung=0
  line="$(grep -m1 'starting ffmpeg for' "$1" | sed 's/.*: starting ffmpeg for \[[^]]*\]: //')"
  [ -n "$line" ] || { echo "bench: no 'starting ffmpeg for' line in $1" >&2; return 1; }
  read -r -a tokens <<< "$line"
  n=${#tokens[@]}
  while [ "$i" -lt "$n" ]; do
    tok="${tokens[$i]}"
    if [ "$tok" = -i ] && [ "${tokens[$((i + 1))]}" = pipe:0 ]; then
      out+=(-re -t "$TC_SECONDS" -i "$FLV")
      seen_input=1
      i=$((i + 2))
    elif [ "$seen_input" = 1 ] && [ "$tok" = -f ] && [ "${tokens[$((i + 1))]}" = flv ]; then
      while [ "$i" -lt "$n" ] && [[ "${tokens[$i]}" != unix:* ]]; do i=$((i + 1)); done
      i=$((i + 1))
      if [ "$2" = null ]; then
        out+=(-f null -)
      else
        mkdir -p "$3/$rung"
        out+=(-f hls -hls_time 2 -hls_list_size 6 -hls_flags delete_segments+independent_segments
          -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 -hls_segment_filename "$3/$rung/%d.m4s"
          "$3/$rung/index.m3u8")
      fi
      rung=$((rung + 1))
    else
      out+=("$tok")
      i=$((i + 1))
    fi
  done
  printf '%s\n' "${out[@]}"
}

# Runs the bare command under a shell that outlives it (its time is then in the shell's cutime/cstime) and
# measures that tree like Onair's.
tc_measure_bare() { # label null|hls onair-log out-dir
  local label="$1" dir="$4" cmd=() pid
  mkdir -p "$dir"
  mapfile -t cmd < <(tc_bare_command "$3" "$2" "$TMP/$label")
  printf '%q ' "${cmd[@]}" > "$dir/$label.command.txt"
  echo >> "$dir/$label.command.txt"
  log "$label: ${cmd[*]}"
  sh -c '"$@"; echo "exit $?" > "$0"; exec sleep 120' "$dir/$label.exit" "${cmd[@]}" > "$dir/$label.log" 2>&1 &
  pid=$!
  tc_harness cost-measure --label "$label" --pid "$pid" --clock-ticks "$(getconf CLK_TCK)" \
    --duration "$TC_SECONDS" --out "$dir"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  cat "$dir/$label.exit" >&2
}

# Where round N's measurements go: the results directory itself when there is one round (as before rounds).
tc_round_dir() { if [ "$TC_ROUNDS" -gt 1 ]; then echo "$OUT/round-$1"; else echo "$OUT"; fi; }

# Starts Onair with the transcoder on (true) or off and publishes the warm-up streams, the first measured into
# warmup/ (the cold figures).
tc_start_warm() { # label true|false
  start_onair --onair.ingest.keys.bench="$KEY" --onair.transcode.enabled="$2"
  sleep 5 # idle after start-up: the measurement starts with the stream
  if [ "$TC_WARMUP" -gt 0 ]; then
    log "$1: warm-up stream (${TC_WARMUP} s, measured into warmup/)"
    tc_harness cost-measure --label "$1" --pid "$ONAIR_PID" --clock-ticks "$(getconf CLK_TCK)" --flv "$FLV" \
      --rtmp-port "$ONAIR_RTMP" --key "$KEY" --duration "$TC_WARMUP" --out "$OUT/warmup"
    sleep 5 # the channel ends; the next publication is a new stream and a new ffmpeg
    for ((n = 2; n <= TC_WARMUP_STREAMS; n++)); do
      log "$1: warm-up stream $n of $TC_WARMUP_STREAMS (not measured)"
      tc_harness cost-measure --label "$1" --pid "$ONAIR_PID" --clock-ticks "$(getconf CLK_TCK)" --flv "$FLV" \
        --rtmp-port "$ONAIR_RTMP" --key "$KEY" --duration "$TC_WARMUP" --out "$TMP/warmup-$n" > /dev/null
      sleep 5
    done
  fi
}

tc_measure_stream() { # label out-dir
  mkdir -p "$2"
  tc_harness cost-measure --label "$1" --pid "$ONAIR_PID" --clock-ticks "$(getconf CLK_TCK)" --flv "$FLV" \
    --rtmp-port "$ONAIR_RTMP" --key "$KEY" --duration "$TC_SECONDS" --out "$2"
  sleep 5 # the channel ends; the next publication is a new stream and a new ffmpeg
}

transcode_cost() {
  tc_wait_for_load
  begin transcode-cost
  tc_private_jars
  check_ports
  local saved=(${ONAIR_EXTRA[@]+"${ONAIR_EXTRA[@]}"})
  tc_onair_extra
  echo "onair arguments here: ${ONAIR_EXTRA[*]} --onair.transcode.enabled=true|false" >> "$OUT/machine.txt"
  echo "warm-up: ${TC_WARMUP} s x ${TC_WARMUP_STREAMS} stream(s) before the measured one; rounds: $TC_ROUNDS" \
    >> "$OUT/machine.txt"
  local r
  tc_start_warm onair-on true
  for ((r = 1; r <= TC_ROUNDS; r++)); do
    log "round $r of $TC_ROUNDS: a stream with the transcoder, then the bare command"
    tc_measure_stream onair-on "$(tc_round_dir "$r")"
    tc_measure_bare ffmpeg-hls hls "$OUT/onair.log" "$(tc_round_dir "$r")"
  done
  stop_onair
  mv "$OUT/onair.log" "$OUT/onair-on.log"
  grep -q 'starting ffmpeg for' "$OUT/onair-on.log" || { echo "bench: Onair started no transcoder" >&2; exit 1; }
  # A rung dropped for lack of CPU (or a restarted ffmpeg) makes onair-on encode less than the bare command.
  if grep -Eq ' dropped: |restarting ffmpeg' "$OUT/onair-on.log"; then
    echo "WARNING: the transcoder dropped a rung or restarted during onair-on: the comparison is not like for like" \
      | tee -a "$OUT/machine.txt" >&2
  fi
  tc_start_warm onair-off false
  for ((r = 1; r <= TC_ROUNDS; r++)); do
    log "round $r of $TC_ROUNDS: a stream without the transcoder"
    tc_measure_stream onair-off "$(tc_round_dir "$r")"
  done
  stop_onair
  mv "$OUT/onair.log" "$OUT/onair-off.log"
  tc_measure_bare ffmpeg-null null "$OUT/onair-on.log" "$OUT"
  ONAIR_EXTRA=(${saved[@]+"${saved[@]}"})
  echo
  if [ "$TC_WARMUP" -gt 0 ]; then
    echo "Cold: each Onair's first stream after start (warm-up; the bare runs are those of round 1)"
    for f in "$(tc_round_dir 1)"/cost-ffmpeg-hls.properties "$OUT"/cost-ffmpeg-null.properties; do
      cp "$f" "$OUT/warmup/"
    done
    tc_harness cost-report --out "$OUT/warmup"
    echo
    echo "Warm: the measured stream(s), after the warm-up"
  fi
  if [ "$TC_ROUNDS" -gt 1 ]; then
    for ((r = 1; r <= TC_ROUNDS; r++)); do
      cp "$OUT/cost-ffmpeg-null.properties" "$OUT/round-$r/"
      echo "Round $r"
      tc_harness cost-report --out "$OUT/round-$r"
      echo
    done
    tc_harness cost-rounds --out "$OUT" --rounds "$TC_ROUNDS"
  else
    tc_harness cost-report --out "$OUT"
  fi
  end
}

transcode_latency() {
  tc_wait_for_load
  begin transcode-latency
  tc_private_jars
  check_ports
  local saved=(${ONAIR_EXTRA[@]+"${ONAIR_EXTRA[@]}"})
  tc_onair_extra
  echo "onair arguments here: ${ONAIR_EXTRA[*]} --onair.transcode.enabled=true" >> "$OUT/machine.txt"
  start_onair --onair.ingest.keys.bench="$KEY" --onair.transcode.enabled=true
  ONAIR_EXTRA=(${saved[@]+"${saved[@]}"})
  sleep 5
  echo
  tc_harness latency --flv "$FLV" --duration "$TC_SECONDS" --poll-ms "$SA_POLL_MS" --rtmp-port "$ONAIR_RTMP" \
    --http-port "$ONAIR_HTTP" --key "$KEY" --out "$OUT"
  grep -E 'starting ffmpeg|WARN|ERROR' "$OUT/onair.log" | cut -c1-400 > "$OUT/onair-warnings.txt" || true
  end
}
