#!/usr/bin/env bash
# Builds the Jaeger v2 all-in-one binary (cmd/jaeger) from the Go module proxy into .tools/bin/jaeger
# (git-ignored: never commit it). Idempotent: when .tools/bin/jaeger already reports the pinned version it
# does nothing. FORCE=1 rebuilds anyway.
#
# How: Jaeger's module path has no /v2, so `go install ...@v2.x` cannot work; its v1.x tags carry the v2
# code of the same release (v1.76.0 = v2.13.0). The script downloads that module version, copies its source
# to a temp dir and builds ./cmd/jaeger there, so the main module is Jaeger itself: its own go.mod pins every
# dependency and its own go.sum holds their hashes, which go verifies without asking the checksum database
# (that database does not answer for many of these modules here). Nothing runs with checksums turned off.
#
# Needs Go >= the `go` line of Jaeger's go.mod (1.24.6 for v1.76.0). A cold build takes several minutes on
# 2 cores; the module cache (GOMODCACHE) and build cache (GOCACHE) are the defaults, so later runs are fast.
# Full log: .run/logs/jaeger-build.log
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

# The pinned Jaeger module version (v1.76.0 = Jaeger v2.13.0; the v2 name is read from its CHANGELOG).
JAEGER_VERSION=v1.76.0
# h1: hash of that module's zip, checked after the download.
JAEGER_MODULE_SUM='h1:sWCOOF1dr+NL0PLil7mFo3BqqQL8k4WiM7aguFbc14g='

JAEGER_MODULE=github.com/jaegertracing/jaeger
BIN_DIR="$TOOLS_DIR/bin"
BIN="$BIN_DIR/jaeger"
STAMP="$BIN_DIR/jaeger.version"
LOG_DIR="$RUN_DIR/logs"
LOG="$LOG_DIR/jaeger-build.log"

# Prints the version the installed binary reports (gitVersion of `jaeger version`), or nothing.
installed_version() {
  [ -x "$BIN" ] || return 0
  "$BIN" version 2>/dev/null | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p' | head -n 1
}

# True when .tools/bin/jaeger exists, its stamp names the pinned module version and the binary itself
# reports the release recorded in the stamp.
up_to_date() {
  local stamp_module stamp_release
  [ -x "$BIN" ] && [ -f "$STAMP" ] || return 1
  read -r stamp_module stamp_release <"$STAMP" || true
  [ "$stamp_module" = "$JAEGER_VERSION" ] && [ -n "${stamp_release:-}" ] || return 1
  [ "$(installed_version)" = "$stamp_release" ]
}

command -v go >/dev/null 2>&1 \
  || die "go is not installed or not on PATH (need Go >= 1.24.6; PATH=$PATH)"

exit_when_built Jaeger "$BIN_DIR/.jaeger-build.lock" "Jaeger $(installed_version 2>/dev/null) ($JAEGER_VERSION) already built: $BIN"
mkdir -p "$LOG_DIR"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jaeger-build.XXXXXX")
# shellcheck disable=SC2064
trap "chmod -R u+w '$WORK' 2>/dev/null; rm -rf '$WORK'" EXIT

{
  echo "# Jaeger build $JAEGER_VERSION, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# $(go version)"
} >"$LOG"

# Build settings. CGO off for a static binary; -mod=readonly: go.mod and go.sum are used as shipped, never
# changed; GOWORK=off: no go.work around the temp dir can change the build list.
export CGO_ENABLED=0 GOWORK=off GOFLAGS="-mod=readonly -buildvcs=false"

step "Building Jaeger from module $JAEGER_MODULE@$JAEGER_VERSION (log: $LOG)"

current_step="downloading $JAEGER_MODULE@$JAEGER_VERSION"
info "$current_step"
# Outside any module: go checks this one module's hash against the checksum database. If that database does
# not answer for it, retry with it skipped for this module only; either way the hash must equal
# JAEGER_MODULE_SUM below.
download_module() {
  echo "### $current_step: go mod download -json $JAEGER_MODULE@$JAEGER_VERSION ${1:-}" >>"$LOG"
  (cd "$WORK" && env ${1:+"$1"} go mod download -json "$JAEGER_MODULE@$JAEGER_VERSION") \
    >"$WORK/module.json" 2>>"$LOG"
}
if ! download_module; then
  cat "$WORK/module.json" >>"$LOG"
  grep -q 'verifying' "$WORK/module.json" "$LOG" || build_failed Jaeger
  warn "checksum database did not answer for $JAEGER_MODULE@$JAEGER_VERSION; checking the pinned hash instead"
  download_module "GONOSUMDB=$JAEGER_MODULE" || { cat "$WORK/module.json" >>"$LOG"; build_failed Jaeger; }
fi
cat "$WORK/module.json" >>"$LOG"
field() { sed -n "s/^[[:space:]]*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" "$WORK/module.json" | head -n 1; }
src=$(field Dir)
sum=$(field Sum)
info_file=$(field Info)
if [ -z "$src" ] || [ ! -f "$src/go.mod" ] || [ ! -f "$src/go.sum" ]; then
  echo "module source with go.mod and go.sum not found (Dir='$src')" >>"$LOG"
  build_failed Jaeger
fi
[ "$sum" = "$JAEGER_MODULE_SUM" ] \
  || die "Jaeger build failed at step '$current_step': hash $sum of $JAEGER_MODULE@$JAEGER_VERSION is not the pinned $JAEGER_MODULE_SUM; full log: $LOG"

release=$(sed -n "s/^$JAEGER_VERSION \/ \(v2\.[0-9.]*\).*/\1/p" "$src/CHANGELOG.md" 2>/dev/null | head -n 1)
[ -n "$release" ] || release=$JAEGER_VERSION
build_date=$(sed -n 's/.*"Time": *"\([^"]*\)".*/\1/p' "$info_file" 2>/dev/null | head -n 1)
info "Jaeger release $release (module $JAEGER_VERSION, tagged ${build_date:-?})"

current_step="checking the Go version"
need_go=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$src/go.mod" | head -n 1)
have_go=$(go env GOVERSION | sed 's/^go//')
if [ -n "$need_go" ] && [ "$(printf '%s\n%s\n' "$need_go" "$have_go" | sort -V | head -n 1)" != "$need_go" ] \
   && [ "$(go env GOTOOLCHAIN)" = local ]; then
  die "Jaeger $release needs Go >= $need_go, found $have_go (GOTOOLCHAIN=local)"
fi

# The module cache is read-only: build from a writable copy, with Jaeger's go.mod and go.sum as shipped.
cp -R "$src" "$WORK/jaeger"
chmod -R u+w "$WORK/jaeger"

current_step="downloading dependencies"
info "$current_step (hashes checked against Jaeger's go.sum)"
list_deps() {
  local count
  count=$(go list -deps ./cmd/jaeger | wc -l) || return
  echo "packages: $count"
}
(cd "$WORK/jaeger" && run_logged list_deps) || build_failed Jaeger

current_step="compiling cmd/jaeger"
info "$current_step (CGO_ENABLED=0; a cold build takes several minutes)"
pkg=$JAEGER_MODULE/internal/version
ldflags="-s -w -X $pkg.latestVersion=$release -X $pkg.commitSHA=module-$JAEGER_VERSION -X $pkg.date=${build_date:-unknown}"
(cd "$WORK/jaeger" && run_logged go build -trimpath -ldflags "$ldflags" -o "$WORK/jaeger.bin" ./cmd/jaeger) || build_failed Jaeger

current_step="checking the built binary"
"$WORK/jaeger.bin" version >>"$LOG" 2>&1 || build_failed Jaeger
got=$("$WORK/jaeger.bin" version 2>/dev/null | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p' | head -n 1)
[ "$got" = "$release" ] \
  || die "Jaeger build failed at step '$current_step': the binary reports '$got', expected '$release'; full log: $LOG"

mv -f "$WORK/jaeger.bin" "$BIN"
printf '%s %s\n' "$JAEGER_VERSION" "$release" >"$STAMP"
step "Jaeger $release built in $(elapsed): $BIN ($(du -h "$BIN" | cut -f1))"
