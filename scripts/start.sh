#!/usr/bin/env bash
# npm start: the whole demo stack in the foreground; Ctrl-C stops all of it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh start
npm run build --silent
exec node --import tsx packages/stack/src/bin/start.ts
