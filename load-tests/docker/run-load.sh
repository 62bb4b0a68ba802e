#!/bin/sh
# The load image's entry point (load-tests/Dockerfile; compose profile `load`): the simulation against $GATEWAY_URL,
# then the trace completeness check against $JAEGER_URL. $LOAD_ARGS adds -Dload.* parameters (README "Load tests").
# The report and the trace IDs land in /results (compose's load-results volume). Exit status 1 when the run failed
# its assertions or the completeness check fell short of its target.
set -eu
: "${GATEWAY_URL:?set GATEWAY_URL, e.g. http://gateway-service:8080}"
: "${JAEGER_URL:?set JAEGER_URL, e.g. http://jaeger:16686}"
classpath="/load/classes:/load/lib/*"
trace_ids=/results/trace-ids.csv
status=0
# shellcheck disable=SC2086 # JAVA_OPTS and LOAD_ARGS are lists of options
java $JAVA_OPTS -cp "$classpath" -Dload.baseUrl="$GATEWAY_URL" -Dload.traceIds="$trace_ids" ${LOAD_ARGS:-} \
  io.gatling.app.Gatling -s dev.obsdemo.load.ShopSimulation -rf /results/gatling || status=1
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$classpath" -Dload.jaegerUrl="$JAEGER_URL" -Dload.traceIds="$trace_ids" ${LOAD_ARGS:-} \
  dev.obsdemo.load.TraceCompleteness || status=1
exit $status
