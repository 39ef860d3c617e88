#!/usr/bin/env node
// syctl entry: register tsx so the TypeScript sources run as-is (internal packages are
// just-in-time TypeScript), then hand over to src/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
