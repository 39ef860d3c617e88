/**
 * Started once per console server process (instrumentation.ts): finishes failover/failback
 * workflows a previous console left half-way and fences old homes that come back. Kept on
 * globalThis so `next dev` reloads do not start a second one (leases guard across processes).
 */
import { startWorkflowResumer, type Resumer } from '@switchyard/api';
import { getApiDeps } from './api-deps.ts';

const holder = globalThis as typeof globalThis & { __switchyardResumer?: Resumer };

export function ensureWorkflowResumer(): void {
  holder.__switchyardResumer ??= startWorkflowResumer(getApiDeps(), (line) => console.log(JSON.stringify({ at: new Date().toISOString(), ...line })));
}
