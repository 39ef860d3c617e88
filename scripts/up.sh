#!/usr/bin/env bash
# npm run up: the same stack as npm start, detached; writes .switchyard/stack.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh start
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
npm run build --silent
exec node --import tsx packages/stack/src/bin/up.ts
