#!/usr/bin/env bash
# Fetches the Zipkin server (the local stack's trace UI) once into .tools/zipkin/ (git-ignored): the
# io.zipkin:zipkin-server:3.6.1:jar:exec artifact from Maven Central, through ./mvnw and whatever repository
# the machine's Maven settings name, and checks its SHA-256 against the pinned value below. Idempotent: an
# existing jar with the right checksum is kept.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

ZIPKIN_VERSION=3.6.1
ZIPKIN_SHA256=d8326e0ed4f43855dba81228f688554706e52578a7c782d9a90b73f8680654a1
DIR="$TOOLS_DIR/zipkin"
JAR="$DIR/zipkin-server-$ZIPKIN_VERSION-exec.jar"
LOG="$RUN_DIR/logs/zipkin-fetch.log"

checksum_ok() {
  [ -f "$JAR" ] && [ "$(sha256sum "$JAR" | cut -d' ' -f1)" = "$ZIPKIN_SHA256" ]
}

if checksum_ok; then
  info "Zipkin $ZIPKIN_VERSION already fetched: $JAR"
  exit 0
fi

mkdir -p "$DIR" "$RUN_DIR/logs"
step "Fetching Zipkin server $ZIPKIN_VERSION (135 MB, log: $LOG)"
(cd "$ROOT_DIR" && ./mvnw -B -q dependency:copy \
  "-Dartifact=io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" "-DoutputDirectory=$DIR" >"$LOG" 2>&1) \
  || die "could not fetch io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec; log: $LOG"
if ! checksum_ok; then
  got=$(sha256sum "$JAR" 2>/dev/null | cut -d' ' -f1)
  rm -f "$JAR"
  die "zipkin-server-$ZIPKIN_VERSION-exec.jar has SHA-256 ${got:-none}, not the pinned $ZIPKIN_SHA256; removed it"
fi
info "Zipkin $ZIPKIN_VERSION fetched and verified: $JAR"
