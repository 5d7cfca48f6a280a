#!/usr/bin/env bash
# A real standalone Flink session cluster on this machine, built from Maven Central (no Docker, no Flink tarball):
# one JobManager and one TaskManager as background java processes, REST API and web UI on 127.0.0.1.
# Run with --help for the commands.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DIR=${FLINK_CLUSTER_DIR:-$HERE/cluster}
JAR_DEFAULT="$REPO/flink-job/target/ac-telemetry-flink-job-0.1.0-SNAPSHOT-cluster.jar"

# What Flink's own scripts pass on Java 17 (env.java.opts.all of a distribution's config.yaml).
JAVA_OPENS=(--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)

usage() {
  cat <<EOF
Usage: $(basename "$0") COMMAND [OPTIONS]

A standalone Apache Flink session cluster on this machine, from Maven Central artifacts.
Everything lives under \$FLINK_CLUSTER_DIR (now: $DIR): lib/, plugins/, conf/, log/, checkpoints/, savepoints/.

Commands:
  start [--port N|auto] [--rpc-port N] [--slots N] [--tm-memory SIZE] [--jm-memory SIZE] [--s3] [-D KEY=VALUE]...
        Start a JobManager and a TaskManager and wait until the REST API answers.
        Defaults: --port 8081 (REST API and web UI on 127.0.0.1), --rpc-port 6123, --slots 2,
        --tm-memory 1280m, --jm-memory 1024m. --port auto takes free ports.
        --s3 adds Flink's S3 filesystem (plugins/s3-fs-hadoop/flink-s3-fs-hadoop-<version>.jar), for s3://
        tables, checkpoints and savepoints; -D adds a Flink setting to conf/config.yaml, e.g.
        -D s3.endpoint=http://127.0.0.1:9000 -D s3.path.style.access=true (credentials: -D s3.access-key=...
        -D s3.secret-key=..., or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment).
  submit [--rest] [--detached] [--from-savepoint PATH] [-p N] [JAR] -- [JOB ARGS...]
        Run the job on the cluster: with Flink's CLI (flink run), or with --rest through the REST API
        (POST /jars/upload, then /jars/:id/run). JAR defaults to the cluster jar:
        $JAR_DEFAULT
        The job's arguments follow --, e.g.  submit -- replay \$PWD/recordings --out \$PWD/out
        (-p before -- is Flink's parallelism; for the live job it is the number of readers, listening
        on --port to --port+N-1, unless the job's own -p N after -- says otherwise).
  savepoint JOB_ID                 Take a savepoint (into $DIR/savepoints) and keep the job running.
  stop-job JOB_ID                  Stop the job with a savepoint (prints its path, for submit --from-savepoint).
  cancel JOB_ID                    Cancel a job without a savepoint.
  list                             The cluster's jobs.
  status                           Processes, REST address, task slots and jobs.
  application [--port N|auto] [--s3] [-D KEY=VALUE]... [--from-savepoint PATH] [--class NAME] [JAR] -- [JOB ARGS...]
        Start an application cluster instead: the JobManager runs the job's main itself
        (StandaloneApplicationClusterEntryPoint, the jar in usrlib/), plus a TaskManager. The cluster
        ends with the job. --class defaults to the job's main, io.actelemetry.job.cli.TelemetryJobMain.
  stop                             Stop every process of the cluster (none is left behind).
  logs                             Where the logs are, and their last lines.

Environment: FLINK_CLUSTER_DIR (the cluster's folder), JAVA (the java command, default: java on the PATH).
EOF
}

say() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
JAVA=${JAVA:-java}

conf_value() { # the value of a flat key written by write_conf
  sed -n "s/^$1: *//p" "$DIR/conf/config.yaml" 2>/dev/null | head -1
}
rest_url() { echo "http://127.0.0.1:$(conf_value rest.port)"; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # the first free port from $1 on
  local p=$1
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}

# lib/: the cluster's classpath, resolved by Maven from deploy/standalone/flink-lib/pom.xml (versions from the parent).
resolve_lib() {
  local stamp="$DIR/lib/.resolved-from"
  if [[ -f $stamp && ! "$HERE/flink-lib/pom.xml" -nt $stamp && ! "$REPO/pom.xml" -nt $stamp ]]; then return; fi
  say "Resolving Flink's jars from Maven Central into $DIR/lib ..."
  rm -rf "$DIR/lib"
  "$REPO/mvnw" -q -B -f "$HERE/flink-lib/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$DIR/lib" || die "could not resolve Flink's jars (see Maven's output above)"
  echo "$HERE/flink-lib/pom.xml" >"$stamp"
}

# plugins/s3-fs-hadoop/: Flink's S3 filesystem, of the same Flink version as lib/, as a Flink distribution has it under
# opt/ (a plugin: its own class loader, so its Hadoop and AWS classes meet nobody else's).
resolve_s3_plugin() {
  local version
  version=$(basename "$(ls "$DIR"/lib/flink-core-[0-9]*.jar)" .jar) && version=${version#flink-core-}
  [[ -f $DIR/plugins/s3-fs-hadoop/flink-s3-fs-hadoop-$version.jar ]] && return
  say "Resolving Flink's S3 plugin (flink-s3-fs-hadoop $version) into $DIR/plugins/s3-fs-hadoop ..."
  rm -rf "$DIR/plugins/s3-fs-hadoop"
  "$REPO/mvnw" -q -B -f "$HERE/flink-lib/pom.xml" dependency:copy -Dartifact="org.apache.flink:flink-s3-fs-hadoop:$version" \
    -DoutputDirectory="$DIR/plugins/s3-fs-hadoop" || die "could not resolve Flink's S3 plugin (see Maven's output above)"
}

prepare_plugins() { # the plugins the start options ask for, and no other
  mkdir -p "$DIR/plugins"
  if $S3; then resolve_s3_plugin; else rm -rf "$DIR/plugins/s3-fs-hadoop"; fi
}

write_conf() { # rest_port rpc_port slots tm_memory jm_memory
  mkdir -p "$DIR/conf" "$DIR/log" "$DIR/run" "$DIR/checkpoints" "$DIR/savepoints" "$DIR/tmp" "$DIR/web-upload"
  # Flat keys: Flink 2 reads them from config.yaml as well as nested ones.
  cat >"$DIR/conf/config.yaml" <<EOF
# Written by deploy/standalone/flink-cluster.sh: a one-machine cluster on loopback.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $2
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: $5
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: $3
taskmanager.memory.process.size: $4
taskmanager.memory.managed.fraction: 0.1
# A replay's four tables hand their files to their committers through blocking partitions, each of which reserves
# this many network buffers (512 by default: 16 MB per table per slot); the file names they carry need a few.
taskmanager.network.sort-shuffle.min-buffers: 64
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $1
parallelism.default: 1
execution.checkpointing.dir: file://$DIR/checkpoints
execution.checkpointing.savepoint-dir: file://$DIR/savepoints
web.upload.dir: $DIR/web-upload
io.tmp.dirs: $DIR/tmp
env.java.opts.all: ${JAVA_OPENS[*]}
EOF
  local setting
  for setting in "${SETTINGS[@]+"${SETTINGS[@]}"}"; do
    [[ $setting == *=* ]] || die "-D takes KEY=VALUE: $setting"
    printf '%s: %s\n' "${setting%%=*}" "${setting#*=}" >>"$DIR/conf/config.yaml"
  done
  for name in log4j log4j-cli; do
    cat >"$DIR/conf/$name.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = WARN
logger.parquet.name = org.apache.parquet
logger.parquet.level = WARN
# FLINK-35321, fixed after Flink 2.3.0: committers re-register a gauge at every checkpoint and warn of it
logger.collision.name = org.apache.flink.metrics.MetricGroup
logger.collision.filter.pending.type = RegexFilter
logger.collision.filter.pending.regex = Name collision: Group already contains a Metric with the name 'pendingCommittables'.*
logger.collision.filter.pending.onMatch = DENY
logger.collision.filter.pending.onMismatch = NEUTRAL
EOF
  done
}

# The JVM options Flink's scripts derive from the memory settings (heap, direct, metaspace) and the matching -D's.
memory_params() { # GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS
  local out
  out=$("$JAVA" -cp "$DIR/lib/*" -Dlog4j2.level=ERROR org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
    --configDir "$DIR/conf" 2>/dev/null | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p') \
    || die "Flink could not work out the memory settings: check --tm-memory/--jm-memory"
  echo "$out"
}

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

launch() { # name main-class [args...]: a background java process with a pid file and a log
  local name=$1 main=$2; shift 2
  local params jvm dyn resources
  if [[ $name == taskmanager ]]; then resources=GET_TM_RESOURCE_PARAMS; else resources=GET_JM_RESOURCE_PARAMS; fi
  params=$(memory_params $resources)
  jvm=$(echo "$params" | sed -n 1p)
  dyn=$(echo "$params" | sed -n 2p)
  # shellcheck disable=SC2086  # the JVM options and -D's are word lists
  FLINK_HOME="$DIR" FLINK_LIB_DIR="$DIR/lib" FLINK_PLUGINS_DIR="$DIR/plugins" FLINK_CONF_DIR="$DIR/conf" nohup "$JAVA" $jvm "${JAVA_OPENS[@]}" \
    -Dlog.file="$DIR/log/$name.log" -Dlog4j.configurationFile="file:$DIR/conf/log4j.properties" \
    -cp "$DIR/lib/*" "$main" --configDir "$DIR/conf" $dyn "$@" >"$DIR/log/$name.out" 2>&1 </dev/null &
  echo $! >"$DIR/run/$name.pid"
}

wait_ready() { # until the REST API answers with a registered TaskManager
  local url deadline
  url=$(rest_url)
  deadline=$((SECONDS + ${FLINK_START_TIMEOUT:-120}))
  until curl -fsS "$url/overview" 2>/dev/null | grep -q '"taskmanagers":[1-9]'; do
    for p in "$DIR"/run/*.pid; do
      pid_alive "$p" || { tail -n 30 "$DIR/log/$(basename "$p" .pid).log" "$DIR/log/$(basename "$p" .pid).out" >&2 2>/dev/null || true
        stop_all quiet; die "$(basename "$p" .pid) exited during start-up (its log is above)"; }
    done
    ((SECONDS < deadline)) || { stop_all quiet; die "the cluster did not come up within ${FLINK_START_TIMEOUT:-120}s (logs in $DIR/log)"; }
    sleep 0.5
  done
}

parse_start_options() { # sets PORT RPC_PORT SLOTS TM_MEM JM_MEM S3 SETTINGS and REST (the rest of the arguments)
  PORT=8081 RPC_PORT=6123 SLOTS=2 TM_MEM=1280m JM_MEM=1024m SAVEPOINT="" CLASS=io.actelemetry.job.cli.TelemetryJobMain REST=()
  S3=false SETTINGS=()
  while (($#)); do
    case $1 in
      --port) PORT=$2; shift 2 ;;
      --rpc-port) RPC_PORT=$2; shift 2 ;;
      --slots) SLOTS=$2; shift 2 ;;
      --tm-memory) TM_MEM=$2; shift 2 ;;
      --jm-memory) JM_MEM=$2; shift 2 ;;
      --from-savepoint|-s) SAVEPOINT=$2; shift 2 ;;
      --class) CLASS=$2; shift 2 ;;
      --s3) S3=true; shift ;;
      -D) SETTINGS+=("$2"); shift 2 ;;
      -D*) SETTINGS+=("${1#-D}"); shift ;;
      --) REST+=("$@"); break ;;
      *) REST+=("$1"); shift ;;
    esac
  done
  if [[ $PORT == auto ]]; then PORT=$(free_port 8081); RPC_PORT=$(free_port 6123); fi
  port_in_use "$PORT" && die "port $PORT is taken (another cluster?): stop it, or start with --port auto"
  port_in_use "$RPC_PORT" && die "port $RPC_PORT is taken: start with --rpc-port N or --port auto"
  return 0
}

refuse_if_running() {
  for p in "$DIR"/run/*.pid; do
    pid_alive "$p" && die "a cluster is already running from $DIR ($(basename "$p" .pid) pid $(cat "$p")): '$0 stop' first"
  done
  return 0
}

cmd_start() {
  refuse_if_running
  parse_start_options "$@"
  ((${#REST[@]} == 0)) || die "unknown option for start: ${REST[*]}"
  resolve_lib
  prepare_plugins
  write_conf "$PORT" "$RPC_PORT" "$SLOTS" "$TM_MEM" "$JM_MEM"
  say "Starting a JobManager and a TaskManager ($SLOTS slots) from $DIR ..."
  launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
  launch taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner
  wait_ready
  say "Flink session cluster up: web UI and REST API at $(rest_url)"
  say "Submit the job with: $0 submit -- replay <recordings> --out <folder>"
}

cmd_application() {
  refuse_if_running
  parse_start_options "$@"
  set -- "${REST[@]+"${REST[@]}"}"
  local jar=$JAR_DEFAULT
  if (($#)) && [[ $1 != -- ]]; then jar=$1; shift; fi
  [[ ${1:-} == -- ]] && shift
  [[ -f $jar ]] || die "no job jar at $jar (build it: ./mvnw -q -B package -DskipTests)"
  resolve_lib
  prepare_plugins
  write_conf "$PORT" "$RPC_PORT" "$SLOTS" "$TM_MEM" "$JM_MEM"
  rm -rf "$DIR/usrlib" && mkdir -p "$DIR/usrlib" && cp "$jar" "$DIR/usrlib/"
  local restore=()
  [[ -n $SAVEPOINT ]] && restore=(--fromSavepoint "$SAVEPOINT")
  say "Starting an application cluster for $(basename "$jar") $* ..."
  # The class is named: the entry point would otherwise look for one Main-Class among every jar, lib/ included.
  launch jobmanager org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint \
    --job-classname "$CLASS" "${restore[@]+"${restore[@]}"}" "$@"
  launch taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner
  wait_ready
  say "Application cluster up: web UI and REST API at $(rest_url). It stops when the job ends; '$0 stop' stops it at once."
}

require_running() {
  [[ -f $DIR/conf/config.yaml ]] && pid_alive "$DIR/run/jobmanager.pid" || die "no cluster running from $DIR: '$0 start' first"
}

cli() { # Flink's command line client (what bin/flink runs)
  FLINK_CONF_DIR="$DIR/conf" FLINK_PLUGINS_DIR="$DIR/plugins" "$JAVA" "${JAVA_OPENS[@]}" -Dlog.file="$DIR/log/client.log" \
    -Dlog4j.configurationFile="file:$DIR/conf/log4j-cli.properties" -cp "$DIR/lib/*" \
    org.apache.flink.client.cli.CliFrontend "$@"
}

cmd_submit() {
  require_running
  local rest=false detached=false savepoint="" parallelism="" jar=$JAR_DEFAULT
  while (($#)); do
    case $1 in
      --rest) rest=true; shift ;;
      --detached|-d) detached=true; shift ;;
      --from-savepoint|-s) savepoint=$2; shift 2 ;;
      -p|--parallelism) parallelism=$2; shift 2 ;;
      --) shift; break ;;
      -*) die "unknown option for submit: $1" ;;
      *) jar=$1; shift ;;
    esac
  done
  [[ -f $jar ]] || die "no job jar at $jar (build it: ./mvnw -q -B package -DskipTests)"
  if $rest; then
    submit_rest "$jar" "$savepoint" "$parallelism" "$@"
  else
    local opts=()
    $detached && opts+=(--detached)
    [[ -n $savepoint ]] && opts+=(--fromSavepoint "$savepoint")
    [[ -n $parallelism ]] && opts+=(--parallelism "$parallelism")
    cli run "${opts[@]+"${opts[@]}"}" "$jar" "$@"
  fi
}

json_string() { # the value of "key":"..." in a JSON text on stdin
  sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" | head -1
}

json_args() { # a JSON array of strings from the arguments
  local out="" a
  for a in "$@"; do
    a=${a//\\/\\\\}; a=${a//\"/\\\"}
    out+="${out:+,}\"$a\""
  done
  echo "[$out]"
}

submit_rest() { # jar savepoint parallelism args...
  local jar=$1 savepoint=$2 parallelism=$3 url uploaded id body response job
  shift 3
  url=$(rest_url)
  say "Uploading $(basename "$jar") to $url/jars/upload ..."
  uploaded=$(curl -fsS -X POST -H "Expect:" -F "jarfile=@$jar" "$url/jars/upload") || die "upload failed"
  id=$(echo "$uploaded" | json_string filename)
  id=${id##*/}
  [[ -n $id ]] || die "unexpected answer to the upload: $uploaded"
  body="{\"programArgsList\": $(json_args "$@")"
  [[ -n $savepoint ]] && body+=", \"savepointPath\": \"$savepoint\""
  [[ -n $parallelism ]] && body+=", \"parallelism\": $parallelism"
  body+="}"
  response=$(curl -sS -X POST -H "Content-Type: application/json" -d "$body" "$url/jars/$id/run") || die "run failed"
  job=$(echo "$response" | json_string jobid)
  [[ -n $job ]] || die "the cluster did not start the job: $response"
  say "Job submitted: $job"
  echo "Job has been submitted with JobID $job"
}

cmd_savepoint() { require_running; (($# == 1)) || die "usage: savepoint JOB_ID"; cli savepoint "$1" "file://$DIR/savepoints"; }
cmd_stop_job() { require_running; (($# == 1)) || die "usage: stop-job JOB_ID"; cli stop --savepointPath "file://$DIR/savepoints" "$1"; }
cmd_cancel() { require_running; (($# == 1)) || die "usage: cancel JOB_ID"; cli cancel "$1"; }
cmd_list() { require_running; cli list --all; }

cmd_status() {
  local any=false p
  for p in "$DIR"/run/*.pid; do
    [[ -f $p ]] || continue
    if pid_alive "$p"; then any=true; echo "$(basename "$p" .pid): running, pid $(cat "$p")"
    else echo "$(basename "$p" .pid): not running (stale pid file)"; fi
  done
  $any || { echo "No cluster running from $DIR."; return 0; }
  echo "REST API and web UI: $(rest_url)"
  local overview
  overview=$(curl -fsS "$(rest_url)/overview" 2>/dev/null) || { echo "(the REST API does not answer yet)"; return 0; }
  printf 'TaskManagers %s, task slots %s of %s free, jobs running %s\n' "$(json_number taskmanagers <<<"$overview")" \
    "$(json_number slots-available <<<"$overview")" "$(json_number slots-total <<<"$overview")" "$(json_number jobs-running <<<"$overview")"
  cli list 2>/dev/null | grep -v '^Waiting for response' || true
}

json_number() { # the value of "key":123 in a JSON text on stdin
  sed -n "s/.*\"$1\" *: *\([0-9]*\).*/\1/p" | head -1
}

stop_all() { # [quiet]
  local p pid name deadline
  for p in "$DIR"/run/*.pid; do
    [[ -f $p ]] || continue
    name=$(basename "$p" .pid)
    pid=$(cat "$p")
    if kill -0 "$pid" 2>/dev/null; then
      [[ ${1:-} == quiet ]] || say "Stopping the $name (pid $pid) ..."
      kill "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 20))
      while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
      if kill -0 "$pid" 2>/dev/null; then
        say "The $name did not stop within 20s: killing it."
        kill -9 "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
      fi
    fi
    rm -f "$p"
  done
}

cmd_stop() { stop_all; say "Cluster stopped."; }

cmd_logs() {
  local f
  for f in "$DIR"/log/*.log; do
    [[ -f $f ]] || continue
    echo "==> $f <=="
    tail -n 15 "$f"
  done
}

case ${1:-} in
  start) shift; cmd_start "$@" ;;
  application) shift; cmd_application "$@" ;;
  submit) shift; cmd_submit "$@" ;;
  savepoint) shift; cmd_savepoint "$@" ;;
  stop-job) shift; cmd_stop_job "$@" ;;
  cancel) shift; cmd_cancel "$@" ;;
  list) shift; cmd_list ;;
  status) shift; cmd_status ;;
  stop) shift; cmd_stop ;;
  logs) shift; cmd_logs ;;
  -h|--help|help) usage ;;
  "") usage; exit 1 ;;
  *) usage >&2; die "unknown command: $1" ;;
esac
