#!/usr/bin/env bash
# make check: the fast tier, without PostgreSQL, Redis or a running stack. Every check runs, even after one
# fails; the summary names each with its time, and the exit status is 1 when any failed.
#
#   unit tests      the services' and service-commons' plain JUnit tests (tag "quarkus" excluded: those boot
#                   Quarkus against the real databases and run in `make test`)
#   java format     Spotless: palantir-java-format and import order (`./mvnw spotless:apply` fixes it)
#   shell scripts   shellcheck on scripts/, deploy/ and bench/
#   python          ruff on the Python scripts (configuration: ruff.toml)
#   alert rules     promtool check rules and the rule unit tests of observability/prometheus/tests/
#   dashboards      the generator's unit tests, and --check: the committed JSON is what it generates
#   bench script    bench/tests: the benchmark's fixed-rate generator and results table, without a stack
#
# Needs what `scripts/install-deps.sh check` installs (make check runs it first).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR" || exit 1

LOG_DIR="$INFRA_DIR/logs/check"
mkdir -p "$LOG_DIR"
results=()
failed=0

# check NAME COMMAND...: runs the command with its output in .run/logs/check/NAME.log, records the result.
check() {
  local name=$1 log started status
  shift
  log="$LOG_DIR/${name// /-}.log"
  started=$(date +%s%N)
  "$@" >"$log" 2>&1
  status=$?
  local seconds
  seconds=$(awk -v ns="$(( $(date +%s%N) - started ))" 'BEGIN {printf "%.1f", ns / 1e9}')
  if [ $status -eq 0 ]; then
    results+=("$(printf '  \033[32mok\033[0m    %-14s %6ss' "$name" "$seconds")")
  else
    failed=1
    results+=("$(printf '  \033[31mFAIL\033[0m  %-14s %6ss  (log: %s)' "$name" "$seconds" "${log#"$ROOT_DIR/"}")")
    tail -n 30 "$log" | sed "s/^/    [$name] /"
  fi
}

unit_tests() {
  # A @QuarkusTest class without the tag would boot Quarkus here, against databases the fast tier lacks.
  local untagged
  untagged=$(grep -rl --include='*.java' '^@QuarkusTest' -- */src/test | xargs -r grep -L '@Tag("quarkus")')
  if [ -n "$untagged" ]; then
    echo "@QuarkusTest classes without @Tag(\"quarkus\"):"
    echo "$untagged"
    return 1
  fi
  ./mvnw -B -q test -DexcludedGroups=quarkus -Dsurefire.failIfNoSpecifiedTests=false \
    -pl service-commons,service-testing,user-service,order-service,gateway-service
}

shell_scripts() {
  # -x follows `source`; -P scripts finds lib.sh from every script's folder.
  shellcheck -x -P scripts scripts/*.sh deploy/kind/*.sh deploy/compose/secrets/*.sh deploy/docker/*.sh \
    deploy/postgres/*.sh load-tests/docker/*.sh bench/*.sh .ci/run demo
}

python_scripts() {
  "$TOOLS_DIR/check-venv/bin/ruff" check scripts observability/grafana bench
}

# The benchmark's own logic without a stack (a few seconds): its fixed-rate generator and its results table.
bench_script() {
  PYTHONDONTWRITEBYTECODE=1 python3 -W ignore::ResourceWarning -m unittest discover -q -s bench/tests
}

alert_rules() {
  promtool check rules observability/prometheus/rules/*.yml \
    && promtool test rules observability/prometheus/tests/*.test.yml
}

dashboards() {
  PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -q -s observability/grafana/tests -t observability/grafana \
    && python3 observability/grafana/generate-dashboards.py --check
}

step "make check"
started_all=$SECONDS
check "unit tests" unit_tests
check "java format" ./mvnw -B -q spotless:check
check "shell scripts" shell_scripts
check "python" python_scripts
check "alert rules" alert_rules
check "dashboards" dashboards
check "bench script" bench_script
printf '%s\n' "${results[@]}"
if [ $failed -ne 0 ]; then
  die "make check failed after $((SECONDS - started_all))s"
fi
info "all checks passed in $((SECONDS - started_all))s"
