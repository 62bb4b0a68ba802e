# Shared helpers for the scripts in this folder. Source it; do not run it.
# shellcheck shell=bash

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR="$ROOT_DIR/.run"
TOOLS_DIR="$ROOT_DIR/.tools"

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
  ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1
}
