#!/usr/bin/env bash
# make load: the load test (load-tests/, Gatling) against the running local stack, then the trace completeness check.
#
#   scripts/load.sh                         the default profile (ramp-up, steady, spike, steady: 75 s) on `make demo`'s
#                                           gateway, then 200 of its traces checked in Jaeger
#   LOAD_ARGS='-Dload.profile=soak' scripts/load.sh     any simulation parameter (README "Load tests")
#
# LOAD_BASE_URL (default http://127.0.0.1:8080) and JAEGER_URL (default http://127.0.0.1:16686) point it at another
# stack. The report is load-tests/target/gatling/latest/index.html (a link to this run's folder); the trace IDs are
# in load-tests/target/load/trace-ids.csv. Exit status 1 when the run failed its assertions or the completeness check
# fell short of its target.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

base_url=${LOAD_BASE_URL:-http://127.0.0.1:8080}
jaeger_url=${JAEGER_URL:-http://127.0.0.1:16686}
trace_ids="$ROOT_DIR/load-tests/target/load/trace-ids.csv"
results="$ROOT_DIR/load-tests/target/gatling"
read -r -a extra <<<"${LOAD_ARGS:-}"

curl -s -o /dev/null --max-time 3 "$base_url/api/products" \
  || die "nothing answers at $base_url: start the stack first (make demo), or set LOAD_BASE_URL"

step "Load test against $base_url (Gatling; log: load-tests/target/load/gatling.log)"
mkdir -p "$(dirname "$trace_ids")"
rm -f "$trace_ids"
status=0
# test-compile first: gatling:test runs the simulation from the compiled test classes. The console output is
# Gatling's own: progress every 10 s, then the summary and the assertions.
set +e
./mvnw -B -ntp -pl load-tests test-compile gatling:test -Dload.baseUrl="$base_url" -Dload.traceIds="$trace_ids" \
  ${extra[@]+"${extra[@]}"} 2>&1 | tee "$ROOT_DIR/load-tests/target/load/gatling.log" \
  | grep --line-buffered -v -e '^\[INFO\]' -e '^\[WARNING\]'
codes=("${PIPESTATUS[@]}")
set -e
[ "${codes[0]}" -eq 0 ] || status=1

run_dir=$(find "$results" -mindepth 1 -maxdepth 1 -type d -name 'shopsimulation-*' -printf '%T@ %p\n' 2>/dev/null \
  | sort -n | tail -n 1 | cut -d' ' -f2-)
if [ -n "$run_dir" ] && [ -f "$run_dir/index.html" ]; then
  ln -sfn "$(basename "$run_dir")" "$results/latest"
  info "report: load-tests/target/gatling/latest/index.html (this run: ${run_dir#"$ROOT_DIR/"}/index.html)"
else
  warn "no report was written; see load-tests/target/load/gatling.log"
fi
[ $status -eq 0 ] || warn "the run failed its assertions (error ratio or p95) or did not run; see above"

step "Trace completeness: recorded trace IDs checked in Jaeger at $jaeger_url"
if [ ! -s "$trace_ids" ]; then
  warn "no trace IDs were recorded"
  exit 1
fi
./mvnw -B -ntp -q -pl load-tests exec:java@completeness -Dload.jaegerUrl="$jaeger_url" -Dload.traceIds="$trace_ids" \
  ${extra[@]+"${extra[@]}"} || status=1
exit $status
