#!/usr/bin/env bash
# The benchmark, one command (`make bench`): what full telemetry costs on the gateway's hot routes, start-up
# and memory (method: docs/performance.md). Installs wrk if missing, builds the services if a source is newer
# than a jar (before the lock), then runs bench/bench.py under the machine-wide stack lock: it starts the demo
# instance of the stack itself, without background load, and stops it before the lock is released.
#
#   bench/run.sh            three alternated rounds per configuration (about 20 minutes on 2 cores)
#   bench/run.sh --short    one round, short windows (about 5 minutes)
#   bench/run.sh --free-ports   the services and a collector on free ports instead of the stack: no lock needed
#   bench/run.sh --profile user JFR on the services while one route runs at full speed (docs/performance.md)
#   bench/run.sh --help     every option (fixed rates, rounds, --no-doc)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"

case " $* " in *" --help "* | *" -h "*) exec python3 "$ROOT_DIR/bench/bench.py" --help ;; esac
[ "$STACK_INSTANCE" = demo ] || die "the benchmark runs the demo instance (STACK_INSTANCE=demo)"
"$ROOT_DIR/scripts/install-deps.sh" prometheus alertmanager bench
stale=0
for name in user-service order-service gateway-service; do
  jar="$ROOT_DIR/$name/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$ROOT_DIR/$name/src/main" "$ROOT_DIR/$name/pom.xml" "$ROOT_DIR/service-commons" \
      "$ROOT_DIR/pom.xml" -newer "$jar" -type f -not -path '*/target/*' -print -quit)" ]; then stale=1; fi
done
if [ $stale -eq 1 ]; then
  step "Building the services"
  (cd "$ROOT_DIR" && ./mvnw -B -ntp -q package -DskipTests -pl user-service,order-service,gateway-service -am)
fi
case " $* " in *" --free-ports "*) exec python3 "$ROOT_DIR/bench/bench.py" "$@" ;; esac
# The stack's ports are fixed, so one stack at a time per machine: every clone's bench waits on the same lock file
# (STACK_LOCK names another, e.g. the one a machine's other jobs take).
LOCK=${STACK_LOCK:-${TMPDIR:-/tmp}/obsdemo-stack.lock}
step "Waiting for the stack lock ($LOCK: one stack at a time on this machine)"
# -o: the lock's descriptor stays with flock, so nothing the benchmark starts (Redis, when it is not running) can
# hold the lock after the run.
exec flock -o "$LOCK" python3 "$ROOT_DIR/bench/bench.py" "$@"
