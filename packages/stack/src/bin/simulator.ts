/**
 * `SIMULATOR_CALLER_SECRET=… node --import tsx packages/stack/src/bin/simulator.ts --proxy <port>
 *   [--proxy <port>…] --caller <name> [--secret-file <0600 file>] [--rate 300] [--duration-sec n]`
 * Demo traffic against the proxy workers on 127.0.0.1 until SIGTERM/SIGINT.
 */
import { stackEnv } from '../env.ts';
import { parseSimulatorArgs } from '../simulator/simulator-options.ts';
import { startSimulator } from '../simulator/simulator.ts';

let options;
try {
  options = parseSimulatorArgs(process.argv.slice(2), stackEnv.SIMULATOR_CALLER_SECRET);
} catch (err) {
  console.error(`simulator: bad arguments: ${(err as Error).message}`);
  process.exit(2);
}
const log = (line: string): void => console.log(`${new Date().toISOString()} ${line}`);
log(`simulator: ${options.rate} ops/s over proxies ${options.ports.join(', ')} as ${options.caller}`);
const simulator = startSimulator(options, log);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void simulator.stop());
await simulator.done;
process.exit(0);
