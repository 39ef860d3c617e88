#!/usr/bin/env bash
# npm start: the whole demo stack in the foreground; Ctrl-C stops all of it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh start
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
npm run build --silent
exec node --import tsx packages/stack/src/bin/start.ts
