#!/usr/bin/env bash
# npm test: lint and format check, typecheck, unit, integration (real redis-server and Postgres started by the
# harness on free ports), Redis's own TCL suite through a worker, and Playwright end-to-end
# in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh test
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
start=$(date +%s)
step() { echo; echo "=== $1 ($(( $(date +%s) - start ))s)"; }

step "lint and format (eslint: cycles, type-only imports, process.env, floating promises; prettier)"
npm run lint --silent
npm run format:check --silent
step typecheck
npx turbo run typecheck --output-logs=errors-only
npx tsc --noEmit -p .   # bench/, e2e/, root config
step unit
npx vitest run --project unit
step build
npm run build --silent
step integration
npx vitest run --project integration
step "redis-suite (Redis 7.0.15's TCL suite through a worker vs direct; gate: test/redis-suite)"
node --import tsx test/redis-suite/run.ts
step e2e
npx playwright test -c e2e/playwright.config.ts
step "done"
