#!/usr/bin/env bash
# Builds Toxiproxy (the network-fault proxy of the faults-under-load suite, `make faults`) from its Go module
# into .tools/bin/toxiproxy-server and .tools/bin/toxiproxy-cli (git-ignored: never commit them). The module
# and every dependency are pinned by tools/toxiproxy/go.mod and go.sum (its `tool` directives name the two
# commands). Idempotent: when both binaries were built from the same go.mod and go.sum (a hash of the two, in
# .tools/bin/toxiproxy.stamp) and the server reports the pinned release, it does nothing. FORCE=1 rebuilds.
#
# Checksums: -mod=readonly builds with go.mod and go.sum exactly as committed; go checks every downloaded
# module against go.sum (so it needs no checksum database), and `go mod verify` checks the module cache
# again before compiling. A module whose hash differs stops the build.
#
# Needs Go >= the `go` line of tools/toxiproxy/go.mod (1.24: `tool` directives). A cold build takes about
# 30 s on 2 cores. Full log: .run/logs/toxiproxy-build.log
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

# The release go.mod pins; stamped into the binaries, which report it (`toxiproxy-server -version`).
TOXIPROXY_VERSION=v2.12.0
MODULE=github.com/Shopify/toxiproxy/v2

SRC="$ROOT_DIR/tools/toxiproxy"
BIN_DIR="$TOOLS_DIR/bin"
SERVER="$BIN_DIR/toxiproxy-server"
CLI="$BIN_DIR/toxiproxy-cli"
STAMP="$BIN_DIR/toxiproxy.stamp"
LOG_DIR="$RUN_DIR/logs"
LOG="$LOG_DIR/toxiproxy-build.log"

grep -q "^	$MODULE $TOXIPROXY_VERSION" "$SRC/go.mod" \
  || die "tools/toxiproxy/go.mod does not require $MODULE $TOXIPROXY_VERSION: update both together"

source_hash() {
  cat "$SRC/go.mod" "$SRC/go.sum" | sha256sum | cut -d' ' -f1
}

up_to_date() {
  [ -x "$SERVER" ] && [ -x "$CLI" ] && [ -f "$STAMP" ] || return 1
  [ "$(cat "$STAMP")" = "$(source_hash)" ] || return 1
  "$SERVER" -version 2>/dev/null | grep -qx "toxiproxy-server version $TOXIPROXY_VERSION"
}

command -v go >/dev/null 2>&1 \
  || die "go is not installed or not on PATH (need Go >= $(sed -n 's/^go //p' "$SRC/go.mod"); PATH=$PATH)"

exit_when_built Toxiproxy "$BIN_DIR/.toxiproxy-build.lock" "Toxiproxy $TOXIPROXY_VERSION already built: $SERVER"
mkdir -p "$LOG_DIR"

LDFLAGS="-s -w -X $MODULE.Version=$TOXIPROXY_VERSION"
go_module_build_start Toxiproxy "$TOXIPROXY_VERSION" "tools/toxiproxy"

current_step="compiling"
info "$current_step (CGO_ENABLED=0)"
tmp_server=$(mktemp "$BIN_DIR/.toxiproxy-server.XXXXXX")
tmp_cli=$(mktemp "$BIN_DIR/.toxiproxy-cli.XXXXXX")
trap 'rm -f "$tmp_server" "$tmp_cli"' EXIT
run_logged go build -trimpath -ldflags "$LDFLAGS" -o "$tmp_server" "$MODULE/cmd/server" || build_failed "Toxiproxy"
run_logged go build -trimpath -ldflags "$LDFLAGS" -o "$tmp_cli" "$MODULE/cmd/cli" || build_failed "Toxiproxy"

current_step="checking the built binaries"
got=$("$tmp_server" -version 2>>"$LOG" || true)
[ "$got" = "toxiproxy-server version $TOXIPROXY_VERSION" ] \
  || die "Toxiproxy build failed at step '$current_step': the server reports '$got'; full log: $LOG"
"$tmp_cli" --help >>"$LOG" 2>&1 || build_failed "Toxiproxy"

mv -f "$tmp_server" "$SERVER"
mv -f "$tmp_cli" "$CLI"
source_hash >"$STAMP"
step "Toxiproxy $TOXIPROXY_VERSION built in $(elapsed): $SERVER, $CLI"
