#!/usr/bin/env bash
# Builds this project's OpenTelemetry Collector distribution (observability/collector: main.go, go.mod,
# go.sum) into .tools/bin/otelcol (git-ignored: never commit it). Idempotent: when the binary was built from
# the same go.mod, go.sum and main.go (a hash of the three, in .tools/bin/otelcol.stamp) and reports the
# pinned release, it does nothing. FORCE=1 rebuilds anyway.
#
# Checksums: -mod=readonly builds with go.mod and go.sum exactly as committed; go checks every downloaded
# module against go.sum (so it needs no checksum database), and `go mod verify` checks the module cache
# again before compiling. A module whose hash differs stops the build.
#
# Needs Go >= the `go` line of observability/collector/go.mod. A cold build takes about 1.5 minutes on
# 2 cores (about 15 s with a warm Go build cache). Full log: .run/logs/collector-build.log
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

SRC="$ROOT_DIR/observability/collector"
BIN_DIR="$TOOLS_DIR/bin"
BIN="$BIN_DIR/otelcol"
STAMP="$BIN_DIR/otelcol.stamp"
LOG_DIR="$RUN_DIR/logs"
LOG="$LOG_DIR/collector-build.log"

# The release that main.go's `version` names (and go.mod pins).
release=$(sed -n 's/^const version = "\(.*\)"$/\1/p' "$SRC/main.go")
[ -n "$release" ] || die "no 'const version' in $SRC/main.go"

source_hash() {
  cat "$SRC/go.mod" "$SRC/go.sum" "$SRC/main.go" | sha256sum | cut -d' ' -f1
}

up_to_date() {
  [ -x "$BIN" ] && [ -f "$STAMP" ] || return 1
  [ "$(cat "$STAMP")" = "$(source_hash)" ] || return 1
  "$BIN" --version 2>/dev/null | grep -qx "obsdemo-otelcol version $release"
}

command -v go >/dev/null 2>&1 \
  || die "go is not installed or not on PATH (need Go >= $(sed -n 's/^go //p' "$SRC/go.mod"); PATH=$PATH)"

exit_when_built collector "$BIN_DIR/.otelcol-build.lock" "OpenTelemetry Collector $release already built: $BIN"
mkdir -p "$LOG_DIR"

go_module_build_start "OpenTelemetry Collector" "$release" "observability/collector"

current_step="compiling"
info "$current_step (CGO_ENABLED=0)"
tmp=$(mktemp "$BIN_DIR/.otelcol.XXXXXX")
trap 'rm -f "$tmp"' EXIT
run_logged go build -trimpath -ldflags "-s -w" -o "$tmp" . || build_failed "Collector"

current_step="checking the built binary"
got=$("$tmp" --version 2>>"$LOG" || true)
[ "$got" = "obsdemo-otelcol version $release" ] \
  || die "Collector build failed at step '$current_step': it reports '$got'; full log: $LOG"
"$tmp" validate --config "$ROOT_DIR/observability/collector/otelcol.yaml" >>"$LOG" 2>&1 \
  || build_failed "Collector"

mv -f "$tmp" "$BIN"
source_hash >"$STAMP"
step "OpenTelemetry Collector $release built in $(elapsed): $BIN ($(du -h "$BIN" | cut -f1))"
