#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks, then the npm dependencies.
#   scripts/ensure.sh start   redis for the demo stack
#   scripts/ensure.sh test    also PostgreSQL, Chromium and twemproxy for tests and benchmarks,
#                             tcl (Redis's own test suite) and python3-redis (real-client tests)
set -euo pipefail
mode=${1:-start}
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
if [ "$mode" = test ]; then
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v nutcracker >/dev/null 2>&1 || need+=(nutcracker)
  command -v tclsh >/dev/null 2>&1 || need+=(tcl)
  /usr/bin/python3 -c 'import redis' >/dev/null 2>&1 || need+=(python3-redis)
fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "switchyard: installing ${need[*]} with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "switchyard: missing ${need[*]}. Install them, then run this again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

# npm ci only when the dependencies are missing: never wipe a working node_modules.
# `npm install`, not `npm ci`: the registry here has no darwin/windows builds of turbo's
# optional platform packages, so the lockfile cannot list them and `npm ci` refuses it.
if [ ! -f node_modules/.package-lock.json ]; then
  echo "switchyard: installing npm dependencies (npm install from package-lock.json)" >&2
  npm install --no-audit --no-fund
fi
