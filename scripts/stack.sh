#!/usr/bin/env bash
# Runs the local stack as processes bound to 127.0.0.1, with logs and pid files under .run/.
#
#   scripts/stack.sh up           start PostgreSQL and Redis if needed, build or fetch what is missing, start
#                                 every component that is not running and wait until each is ready
#   scripts/stack.sh down         stop every component (and the Redis that infra-up.sh started)
#   scripts/stack.sh stop NAME..  stop these components only (`up` starts them again), e.g. `stop zipkin`
#   scripts/stack.sh status       what runs, where, and whether it is ready
#
# The demo also runs a light background load (component load-background: scripts/background-load.py, the load
# test's mix of requests at LOAD_BACKGROUND_RATE new visits per second, default 1, about 1 request per second), so Jaeger, Zipkin,
# Prometheus and the dashboards always have fresh data. LOAD_BACKGROUND=0 scripts/stack.sh up (or make demo)
# runs without it and stops it when it runs. The test instance never runs it: its tests count requests and traces.
#
# STACK_INSTANCE=test runs the end-to-end tests' instance instead of the demo's (see lib.sh): its own
# databases, Redis database and .run/test/; it will not start while the demo runs. There, and only there,
# ORDER_SERVICE_USER_SERVICE_URL (e.g. a Toxiproxy listener) replaces order-service's USER_SERVICE_URL.
#
# Network faults: component toxiproxy (built by scripts/build-toxiproxy.sh) sits on five hops, with the proxies of
# tools/toxiproxy/stack-proxies.json, the same ports in both instances: user-service (order-service →
# user-service, :18081), orders-db and users-db (each service → PostgreSQL, :15432, :15433), users-redis and
# orders-redis (each service → Redis, :16379, :16380). `./demo net` adds and removes toxics through its HTTP API
# on :8474. The gateway calls the services directly. NETWORK_FAULTS=0 starts the services connected directly
# (Toxiproxy still runs, but `./demo net` then changes nothing): for comparing the cost of the extra hop.
#
# A pid file holds the pid and the process' start time: a pid the kernel has since given to another
# process is never signalled. A failed `up` stops what that `up` started, and nothing else.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

LOG_DIR="$RUN_DIR/logs"
READY_TIMEOUT=${READY_TIMEOUT:-90}

# Every component, in start order: name, the loopback ports it listens on, the URL that answers once it is
# ready, and where a person finds it (status and the demo banner). A component that listens on nothing has "-"
# for ports and ready URL: it is ready when its process still runs a moment after start.
COMPONENTS=(
  "jaeger          14317,14318,14269,16685,16686 http://127.0.0.1:16686/api/services     http://127.0.0.1:16686/api (query API; OTLP from the collector on :14317)"
  "zipkin          9411                          http://127.0.0.1:9411/health            http://127.0.0.1:9411/zipkin/ (trace UI)"
  "otel-collector  4317,4318,8888,13133          http://127.0.0.1:13133/                 OTLP :4317 gRPC, :4318 HTTP; metrics :8888"
  "toxiproxy       8474,18081,15432,15433,16379,16380 http://127.0.0.1:8474/version  http://127.0.0.1:8474 (network faults on 5 hops: ./demo net list)"
  "user-service    8081,9001                     http://127.0.0.1:9001/q/health/ready    http://127.0.0.1:8081 (health/metrics :9001)"
  "order-service   8082,9002                     http://127.0.0.1:9002/q/health/ready    http://127.0.0.1:8082 (health/metrics :9002)"
  "gateway-service 8080,9000                     http://127.0.0.1:9000/q/health/ready    http://127.0.0.1:8080 (health/metrics :9000)"
  "alert-sink      9095                          http://127.0.0.1:9095/-/ready           http://127.0.0.1:9095/alerts"
  "alertmanager    9093                          http://127.0.0.1:9093/-/ready           http://127.0.0.1:9093"
  "prometheus      9090                          http://127.0.0.1:9090/-/ready           http://127.0.0.1:9090"
  "load-background -                             -                                       load-tests' shop mix (scripts/background-load.py); LOAD_BACKGROUND=0 turns it off"
)
SERVICES=(user-service order-service gateway-service)

# component NAME: sets PORTS (space-separated), READY_URL and WHERE for NAME; fails for an unknown name.
component() {
  local spec name ports
  for spec in "${COMPONENTS[@]}"; do
    read -r name ports READY_URL WHERE <<<"$spec"
    if [ "$name" = "$1" ]; then
      PORTS=${ports//,/ }
      return 0
    fi
  done
  die "unknown component '$1'; one of: $(component_names)"
}

component_names() {
  local spec
  for spec in "${COMPONENTS[@]}"; do printf '%s ' "${spec%% *}"; done
}

# The start time of process $1 (clock ticks since boot, field 22 of /proc/PID/stat), or nothing.
start_time() {
  sed -n 's/^.*) //p' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

# Prints the pid of a running component of this instance, nothing when it is not running (or its pid was
# reused). pid_in DIR NAME does the same for the instance whose state is in DIR.
pid_of() {
  pid_in "$RUN_DIR" "$1"
}

pid_in() {
  local pidfile="$1/$2.pid" pid started
  [ -f "$pidfile" ] || return 0
  read -r pid started <"$pidfile" || true
  if [ -n "${pid:-}" ] && [ -n "${started:-}" ] && [ "$(start_time "$pid")" = "$started" ]; then
    echo "$pid"
  fi
}

record_pid() {
  echo "$2 $(start_time "$2")" >"$RUN_DIR/$1.pid"
}

# Stops one component: SIGTERM, up to 20 s to finish in-flight work, then SIGKILL. A service needs up to 15 s:
# 5 s still serving with readiness DOWN, then up to 10 s for the requests in flight (README "Shutdown").
stop_component() {
  local pid
  pid=$(pid_of "$1")
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 80); do [ -n "$(pid_of "$1")" ] || break; sleep 0.25; done
    [ -z "$(pid_of "$1")" ] || kill -9 "$pid" 2>/dev/null || true
    info "stopped $1"
  fi
  rm -f "$RUN_DIR/$1.pid"
}

# Where a component's console output goes: a service writes its own JSON log file, .run/logs/<service>.log,
# so its console goes beside it.
console_log() {
  case "$1" in
    *-service) echo "$LOG_DIR/$1.out" ;;
    *) echo "$LOG_DIR/$1.log" ;;
  esac
}

# Starts COMPONENT with COMMAND... in the background, its console in console_log.
launch() {
  local name=$1; shift
  nohup "$@" >"$(console_log "$name")" 2>&1 &
  record_pid "$name" $!
  STARTED+=("$name")
}

service_port() {
  component "$1"
  echo "${PORTS%% *}"
}

management_port() {
  component "$1"
  echo "${PORTS##* }"
}

# Where order-service finds user-service: through the stack's Toxiproxy (proxy user-service). The test instance
# honours ORDER_SERVICE_USER_SERVICE_URL, so that the faults suite (system-tests, dev.obsdemo.system.faults) can
# route that one hop through a Toxiproxy of its own.
order_to_users_url() {
  if [ "$STACK_INSTANCE" = test ] && [ -n "${ORDER_SERVICE_USER_SERVICE_URL:-}" ]; then
    echo "$ORDER_SERVICE_USER_SERVICE_URL"
  else
    echo "http://127.0.0.1:$(hop 18081 8081)"
  fi
}

# hop PROXY_PORT DIRECT_PORT: the port a service connects to, its Toxiproxy proxy's unless NETWORK_FAULTS=0.
hop() {
  if [ "${NETWORK_FAULTS:-1}" = 0 ]; then echo "$2"; else echo "$1"; fi
}

# The services' database and downstream settings (the database and Redis database of this instance), each
# through its Toxiproxy proxy (tools/toxiproxy/stack-proxies.json); everything else is the same for the three.
service_env() {
  case "$1" in
    user-service) echo "QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$(hop 16379 6379)/$REDIS_DB DB_HOST=127.0.0.1 DB_PORT=$(hop 15433 5432) DB_NAME=users$DB_SUFFIX DB_USER=users DB_PASSWORD=${USERS_DB_PASSWORD:-users}" ;;
    order-service) echo "QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$(hop 16380 6379)/$REDIS_DB DB_HOST=127.0.0.1 DB_PORT=$(hop 15432 5432) DB_NAME=orders$DB_SUFFIX DB_USER=orders DB_PASSWORD=${ORDERS_DB_PASSWORD:-orders} USER_SERVICE_URL=$(order_to_users_url)" ;;
    gateway-service) echo "QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/$REDIS_DB USER_SERVICE_URL=http://127.0.0.1:8081 ORDER_SERVICE_URL=http://127.0.0.1:8082" ;;
  esac
}

# The services' JVM flags. Serial GC as in the container images (deploy/: one or two CPUs, heaps under 1 GiB; no
# concurrent GC threads), so that the benchmark measures what is deployed (docs/performance.md). The AppCDS
# archive that the build writes beside the jar (quarkus.package.jar.appcds.enabled) holds the classes already
# parsed and verified: start-up 0.15 s shorter on a quiet machine, 0.6-1.7 s on a busy one; -Xshare:auto starts without it when it does not fit this JVM.
service_jvm_flags() {
  local app="$ROOT_DIR/$1/target/quarkus-app"
  printf '%s ' -Xmx96m -XX:+UseSerialGC
  [ ! -f "$app/app-cds.jsa" ] || printf '%s ' -XX:SharedArchiveFile="$app/app-cds.jsa" -Xshare:auto
}

# Starts one component with its own command line. Profile "local" of the services: JSON log file with
# rotation (.run/logs/<service>.log), an errors-only file beside it, console output in <service>.out. A
# service's live heap is 20-30 MB: 96 MB leaves room for bursts (at 192 MB Serial GC let the heap grow
# into it: order-service reached 412-434 MB RSS after load, 356-365 MB now; same throughput and GC time, docs/performance.md). MALLOC_ARENA_MAX=2: glibc
# gives each thread that allocates its own malloc arena (up to 8 per core), and a JVM with a few hundred
# threads then holds tens of MB it hardly uses (measured: order-service 335 MB after load, 279 MB with it).
# Both keep the whole stack under 1.5 GB (scripts/figures.sh).
start_component() {
  local name=$1
  case "$name" in
    jaeger)
      launch jaeger "$TOOLS_DIR/bin/jaeger" --config "$ROOT_DIR/observability/jaeger/jaeger-local.yaml" ;;
    zipkin)
      # In-memory storage bounded at 8,000 spans (about 500 orders, or 15 minutes of the background load; the
      # oldest traces go first). A span of these services takes about 3.5 KB there: full, the store is 51 MB of
      # live heap, over Zipkin's own 23 MB, in a 128 MB heap, which leaves Serial GC room to keep up with the
      # gateway at full speed (10,000 spans/s, make bench). At 25,000 spans the live set was 118 MB and Zipkin
      # spent its time in full collections while the collector dropped its spans. Code cache, Netty's direct
      # buffers and malloc arenas are capped too: under 280 MB RSS however long the demo runs (scripts/figures.sh).
      launch zipkin env STORAGE_TYPE=mem MEM_MAX_SPANS=8000 MALLOC_ARENA_MAX=2 \
        java -Xms48m -Xmx128m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
        -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=32m \
        -jar "$TOOLS_DIR/zipkin/zipkin-server-3.6.1-exec.jar" \
        '--armeria.ports[0].ip=127.0.0.1' '--armeria.ports[0].port=9411' ;;
    otel-collector)
      # GOMEMLIMIT below memory_limiter's 64 MiB makes the Go runtime collect garbage before the limiter refuses data.
      launch otel-collector env GOMEMLIMIT=52MiB \
        "$TOOLS_DIR/bin/otelcol" --config "$ROOT_DIR/observability/collector/otelcol.yaml" ;;
    toxiproxy)
      # Its proxies start with the server (-config); toxics are added at run time (./demo net). LOG_LEVEL=info:
      # its default logs every read and write of every connection (trace level), megabytes a minute under load.
      launch toxiproxy env LOG_LEVEL=info "$TOOLS_DIR/bin/toxiproxy-server" -host 127.0.0.1 -port 8474 \
        -config "$ROOT_DIR/tools/toxiproxy/stack-proxies.json" ;;
    user-service | order-service | gateway-service)
      # shellcheck disable=SC2046
      launch "$name" env $(service_env "$name") QUARKUS_PROFILE=prod,local LOG_DIR="$LOG_DIR" \
        QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$(service_port "$name")" \
        QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$(management_port "$name")" \
        OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 MALLOC_ARENA_MAX=2 \
        java $(service_jvm_flags "$name") -jar "$ROOT_DIR/$name/target/quarkus-app/quarkus-run.jar" ;;
    alert-sink)
      launch alert-sink python3 "$ROOT_DIR/scripts/alert-sink.py" --host 127.0.0.1 --port 9095 --log "$LOG_DIR/alerts.log" ;;
    alertmanager)
      mkdir -p "$RUN_DIR/alertmanager"
      launch alertmanager prometheus-alertmanager \
        --config.file="$("$ROOT_DIR/scripts/alertmanager-config.sh" "$RUN_DIR/alertmanager-config")" \
        --storage.path="$RUN_DIR/alertmanager" --web.listen-address=127.0.0.1:9093 --cluster.listen-address= ;;
    load-background)
      # The load test's shop mix from a small Python process (about 15 MB; Gatling's JVM took about 165 MB, more
      # than the demo's 1.5 GB budget had left). Counts by route and status every minute in its log.
      launch load-background python3 "$ROOT_DIR/scripts/background-load.py" --base-url http://127.0.0.1:8080 \
        --rate "${LOAD_BACKGROUND_RATE:-1}" ;;
    prometheus)
      # 31 days of data, so the 30-day SLO window and error budget see a whole month. --web.enable-lifecycle:
      # after editing a rule, `curl -XPOST http://127.0.0.1:9090/-/reload` applies it without a restart.
      mkdir -p "$RUN_DIR/prometheus"
      launch prometheus prometheus --config.file="$ROOT_DIR/observability/prometheus/prometheus.yml" \
        --storage.tsdb.path="$RUN_DIR/prometheus" --storage.tsdb.retention.time=31d \
        --web.listen-address=127.0.0.1:9090 --web.enable-lifecycle \
        --enable-feature=exemplar-storage --rules.alert.resend-delay=2s ;;
  esac
}

# Waits until a started component answers its ready URL; fails when it exits or takes too long.
await_ready() {
  local name=$1 start=$SECONDS log
  log=$(console_log "$name")
  log=${log#"$ROOT_DIR/"}
  component "$name"
  if [ "$READY_URL" = - ]; then
    sleep 3
    [ -n "$(pid_of "$name")" ] || die "$name exited during start-up; log: $log"
    info "$name running: $WHERE"
    return
  fi
  until curl -sf -o /dev/null --max-time 2 "$READY_URL"; do
    [ -n "$(pid_of "$name")" ] || die "$name exited during start-up; log: $log"
    [ $((SECONDS - start)) -lt "$READY_TIMEOUT" ] || die "$name not ready after ${READY_TIMEOUT}s; log: $log"
    sleep 0.3
  done
  info "$name ready after $((SECONDS - start))s: $WHERE"
}

# Rebuilds the jars when a source, resource or POM is newer than the jar (or a jar is missing).
build_services_if_needed() {
  local stale=0 name jar
  for name in "${SERVICES[@]}"; do
    jar="$ROOT_DIR/$name/target/quarkus-app/quarkus-run.jar"
    if [ ! -f "$jar" ] || [ -n "$(find "$ROOT_DIR/$name/src/main" "$ROOT_DIR/$name/pom.xml" "$ROOT_DIR/service-commons" "$ROOT_DIR/pom.xml" \
        -newer "$jar" -type f -not -path '*/target/*' -print -quit)" ]; then
      stale=1
    fi
  done
  if [ $stale -eq 0 ]; then
    info "service jars are up to date"
    return
  fi
  step "Building the services (./mvnw package, log: $LOG_DIR/build.log)"
  local start=$SECONDS
  ( cd "$ROOT_DIR" && ./mvnw -B package -DskipTests -pl user-service,order-service,gateway-service -am >"$LOG_DIR/build.log" 2>&1 ) &
  local build=$!
  while kill -0 $build 2>/dev/null; do
    sleep 10
    kill -0 $build 2>/dev/null && info "still building... $((SECONDS - start))s"
  done
  wait $build || die "build failed; log: $LOG_DIR/build.log"
  info "built in $((SECONDS - start))s"
}

background_load_on() {
  [ "$STACK_INSTANCE" = demo ] && [ "${LOAD_BACKGROUND:-1}" != 0 ]
}

# Everything `up` needs on disk: Jaeger and the collector built from Go modules, Zipkin fetched, the jars.
prepare() {
  if ! command -v prometheus >/dev/null || ! command -v prometheus-alertmanager >/dev/null; then
    die "Prometheus/Alertmanager not installed; run: scripts/install-deps.sh prometheus alertmanager"
  fi
  "$ROOT_DIR/scripts/build-jaeger.sh" || die "Jaeger could not be built; log: .run/logs/jaeger-build.log"
  "$ROOT_DIR/scripts/build-collector.sh" || die "the collector could not be built; log: .run/logs/collector-build.log"
  "$ROOT_DIR/scripts/build-toxiproxy.sh" || die "Toxiproxy could not be built; log: .run/logs/toxiproxy-build.log"
  "$ROOT_DIR/scripts/fetch-zipkin.sh"
  build_services_if_needed
}

# Starts NAME... that are not running (refusing ports another process holds), then waits for each.
start_missing() {
  local name p pending=()
  for name in "$@"; do
    if [ -n "$(pid_of "$name")" ]; then
      info "$name already running (pid $(pid_of "$name"))"
      continue
    fi
    component "$name"
    for p in $PORTS; do
      [ "$p" != - ] || continue
      if port_open "$p"; then die "port $p (needed by $name) is in use by another process; stop it or run 'make stop'"; fi
    done
    start_component "$name"
    pending+=("$name")
  done
  for name in ${pending[@]+"${pending[@]}"}; do await_ready "$name"; done
}

# A failed `up` stops what it started, in reverse order, and nothing that was running before.
STARTED=()
stop_started_on_failure() {
  local status=$? i
  if [ $status -ne 0 ] && [ ${#STARTED[@]} -gt 0 ]; then
    warn "stopping what this 'up' started: ${STARTED[*]}"
    for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do stop_component "${STARTED[$i]}" >/dev/null 2>&1 || true; done
  fi
  exit $status
}

# The test instance never starts beside the demo: they share ports, and the tests must not disturb a
# person's running demo (nor stop it afterwards).
refuse_beside_demo() {
  local spec name running=()
  [ "$STACK_INSTANCE" = test ] || return 0
  for spec in "${COMPONENTS[@]}"; do
    name=${spec%% *}
    [ -z "$(pid_in "$INFRA_DIR" "$name")" ] || running+=("$name")
  done
  [ ${#running[@]} -eq 0 ] || die "make demo is running (${running[*]}): the end-to-end tests need the same ports." \
    "Stop it with 'make stop' (its data stays), then run the tests again."
}

up() {
  refuse_beside_demo
  mkdir -p "$LOG_DIR"
  # PostgreSQL and Redis first (they start nothing when already running): `down` stops the Redis it started.
  "$ROOT_DIR/scripts/infra-up.sh"
  prepare
  trap stop_started_on_failure EXIT
  step "Trace pipeline: Jaeger, Zipkin and the OpenTelemetry Collector"
  start_missing jaeger zipkin otel-collector
  step "Network fault proxy (Toxiproxy) and the services"
  start_missing toxiproxy
  start_missing "${SERVICES[@]}"
  step "Prometheus, Alertmanager and the alert sink"
  start_missing alert-sink alertmanager prometheus
  if background_load_on; then
    step "Background load (LOAD_BACKGROUND=0 turns it off)"
    start_missing load-background
  elif [ -n "$(pid_of load-background)" ]; then
    stop_component load-background
  fi
  # When they were already running: load the configuration and rules as they are now, so a second
  # `make demo` applies edits to observability/ without a restart.
  curl -sf -XPOST http://127.0.0.1:9093/-/reload >/dev/null 2>&1 || true
  curl -sf -XPOST http://127.0.0.1:9090/-/reload >/dev/null 2>&1 || true
  info "Prometheus has $(rule_count) rules; alerts go to the local sink (.run/logs/alerts.log)"
  trap - EXIT
}

rule_count() {
  curl -sf http://127.0.0.1:9090/api/v1/rules | jq '[.data.groups[].rules[]] | length' 2>/dev/null || echo "?"
}

down() {
  local i
  step "Stopping"
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do stop_component "${COMPONENTS[$i]%% *}"; done
  # The demo stops the Redis that infra-up.sh started for it; the test instance leaves it to the machine.
  if [ "$STACK_INSTANCE" = demo ] && [ -f "$INFRA_DIR/redis/redis.pid" ] \
      && kill -0 "$(cat "$INFRA_DIR/redis/redis.pid")" 2>/dev/null; then
    kill "$(cat "$INFRA_DIR/redis/redis.pid")" && info "stopped Redis"
  fi
  [ "$STACK_INSTANCE" = test ] \
    || info "PostgreSQL is the machine's own service and stays up (stop it with: pg_ctlcluster $(pg_version) main stop)"
}

status() {
  local spec name pid state
  printf '%-16s %-8s %-8s %s\n' COMPONENT PID STATE WHERE
  for spec in "${COMPONENTS[@]}"; do
    name=${spec%% *}
    component "$name"
    pid=$(pid_of "$name")
    if [ "$READY_URL" = - ]; then
      if [ -n "$pid" ]; then state=running; else state=stopped; fi
    elif curl -sf -o /dev/null --max-time 2 "$READY_URL"; then state=ready
    elif [ -n "$pid" ]; then state=starting
    else state=stopped; fi
    printf '%-16s %-8s %-8s %s\n' "$name" "${pid:--}" "$state" "$WHERE"
  done
  if redis-cli ping >/dev/null 2>&1; then state=ready; else state=stopped; fi
  printf '%-16s %-8s %-8s %s\n' redis "$(cat "$INFRA_DIR/redis/redis.pid" 2>/dev/null || echo -)" "$state" "redis://127.0.0.1:6379/$REDIS_DB"
  if port_open 5432; then state=ready; else state=stopped; fi
  printf '%-16s %-8s %-8s %s\n' postgresql - "$state" "postgresql://127.0.0.1:5432 (databases users$DB_SUFFIX, orders$DB_SUFFIX)"
  # The network fault proxies and their toxics, when Toxiproxy answers.
  curl -sf --max-time 2 http://127.0.0.1:8474/proxies 2>/dev/null | jq -r 'to_entries | sort_by(.key)[] | .value
    | "toxiproxy proxy  \(.name): \(.listen) -> \(.upstream), toxics: \(if (.toxics | length) == 0 then "none"
      else ([.toxics[] | .type] | join(", ")) end)"' 2>/dev/null || true
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  stop)
    shift
    [ $# -gt 0 ] || die "usage: $0 stop NAME... (one of: $(component_names))"
    for name in "$@"; do component "$name"; stop_component "$name"; done ;;
  status) status ;;
  *) echo "usage: $0 up|down|status|stop NAME..." >&2; exit 2 ;;
esac
