# Shared helpers for the scripts in this folder. Source it; do not run it.
# shellcheck shell=bash

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# What the machine runs for every instance (the Redis infra-up.sh starts, build logs): .run/.
# shellcheck disable=SC2034 # used by the scripts that source this file
INFRA_DIR="$ROOT_DIR/.run"
# shellcheck disable=SC2034
TOOLS_DIR="$ROOT_DIR/.tools"

# The local stack exists as two instances, never running at once (they use the same ports):
#   demo  `make demo` (the default): databases users and orders, Redis database 0, state and logs in .run/
#   test  the end-to-end tests (system-tests set STACK_INSTANCE=test): databases users_test and orders_test,
#         Redis database 2, state and logs in .run/test/. It refuses to start while the demo runs and stops
#         only itself, so `make test` never touches what a person is running.
STACK_INSTANCE=${STACK_INSTANCE:-demo}
# shellcheck disable=SC2034
case "$STACK_INSTANCE" in
  demo) RUN_DIR="$INFRA_DIR"; DB_SUFFIX=""; REDIS_DB=0 ;;
  test) RUN_DIR="$INFRA_DIR/test"; DB_SUFFIX="_test"; REDIS_DB=2 ;;
  *) printf 'STACK_INSTANCE must be demo or test, not %s\n' "$STACK_INSTANCE" >&2; exit 2 ;;
esac

_started_at=$(date +%s)
step() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - _started_at ))s"; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Runs "$@" with every inherited file descriptor above 2 closed, for commands that leave a daemon running
# (PostgreSQL, Redis). A daemon keeps what it inherits for its whole life: started inside
# `flock <lock file> make demo`, PostgreSQL held the lock's descriptor, so the machine-wide stack lock was
# never released again, and every later stack waited for a PostgreSQL restart.
without_inherited_fds() {
  (
    for fd in "/proc/$BASHPID/fd/"*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    "$@"
  )
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Waits until "$@" succeeds, at most $timeout seconds (default 60). Returns 1 on timeout.
wait_for() {
  local timeout=${WAIT_TIMEOUT:-60} start
  start=$(date +%s)
  until "$@" >/dev/null 2>&1; do
    [ $(( $(date +%s) - start )) -ge "$timeout" ] && return 1
    sleep 0.5
  done
}

# The cluster version of the newest installed PostgreSQL server (e.g. 15).
pg_version() {
  find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -n | tail -n 1
}

# --- Logged builds (build-jaeger.sh, build-collector.sh, build-toxiproxy.sh) -----------------------------------------------------
# exit_when_built NAME LOCK_FILE MESSAGE: exits 0 with MESSAGE when the up_to_date function of the calling
# script says the tool is built (unless FORCE=1); otherwise takes LOCK_FILE, so only one build runs at a time
# (a second one waits, then finds the first one's result), and returns to build.
exit_when_built() {
  local name=$1 lock=$2 message=$3
  if [ "${FORCE:-0}" != 1 ] && up_to_date; then info "$message"; exit 0; fi
  mkdir -p "$(dirname "$lock")"
  exec 9>"$lock"
  if ! flock -n 9; then
    info "another $name build is running; waiting for it"
    flock 9
  fi
  if [ "${FORCE:-0}" != 1 ] && up_to_date; then info "$message"; exit 0; fi
}

# A build script sets LOG (its log file) and current_step (what it is doing now), runs each step with
# run_logged, and calls build_failed NAME when a step fails.
TICK_SECONDS=${TICK_SECONDS:-15}
current_step=""

# Runs "$@" with its output appended to $LOG, printing the elapsed time every $TICK_SECONDS seconds.
run_logged() {
  local started ticker rc=0
  started=$(date +%s)
  printf '\n### %s: %s\n' "$current_step" "$*" >>"$LOG"
  # Sleeps of 1s so that no sleep outlives the ticker by more than that (it would hold the lock and stdout).
  (
    exec 9>&-
    while sleep 1; do
      elapsed_s=$(( $(date +%s) - started ))
      [ $(( elapsed_s % TICK_SECONDS )) -ne 0 ] || info "still ${current_step}... ${elapsed_s}s"
    done
  ) &
  ticker=$!
  "$@" >>"$LOG" 2>&1 || rc=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  info "${current_step}: $(( $(date +%s) - started ))s"
  return "$rc"
}

# go_module_build_start NAME VERSION DESCRIPTION: starts the build of a Go module pinned by the go.mod and
# go.sum in $SRC (build-collector.sh, build-toxiproxy.sh): the log's header, a static build (CGO off) with go.mod
# and go.sum used as committed (-mod=readonly; GOWORK=off, so no go.work around the repository changes the build
# list), and every module downloaded and verified against go.sum. Leaves the shell in $SRC.
go_module_build_start() {
  local name=$1 version=$2 description=$3
  {
    echo "# $name build $version, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "# $(go version)"
  } >"$LOG"
  export CGO_ENABLED=0 GOWORK=off GOFLAGS="-mod=readonly -buildvcs=false"
  step "Building $name $version ($description, log: $LOG)"
  cd "$SRC" || die "no such directory: $SRC"
  current_step="downloading modules"
  info "$current_step (hashes checked against go.sum)"
  run_logged go mod download || build_failed "$name"
  current_step="verifying the module cache"
  run_logged go mod verify || build_failed "$name"
}

# build_failed NAME: one clear line naming the step, the module when the error names one, the first error
# line of that step's output in $LOG, and where the full log is; exits.
build_failed() {
  local section line module
  section=$(awk '/^### /{buf=""; next} {buf=buf $0 "\n"} END{printf "%s", buf}' "$LOG" 2>/dev/null || true)
  line=$(printf '%s\n' "$section" \
    | grep -m 1 -E '"Error":|verifying|not available|[^0-9](403|404|410)[^0-9]|disabled by|missing go.sum|SECURITY ERROR' \
    || true)
  [ -n "$line" ] || line=$(printf '%s\n' "$section" \
    | grep -v -E '^(go: (downloading|finding|extracting|warning|to switch)|#|[[:space:]]|[{}]|$)' | head -n 1 || true)
  line=$(printf '%s' "$line" | sed -e 's/^[[:space:]]*//' -e 's/^"Error": *//')
  module=$(printf '%s\n' "$line" | grep -oE '[A-Za-z0-9.-]+\.[a-z]+/[^ :@"]+@v[^ :"]+' | head -n 1 || true)
  die "$1 build failed at step '$current_step'${module:+ (module $module)}: ${line:-see the log}; full log: $LOG"
}
