/**
 * `node --import tsx packages/stack/src/bin/supervise.ts --name <service> --status-file <file>
 *   [--startup-grace-ms 5000] -- <command> [args…]`: runs the command and restarts it when it
 * crashes (see stack/supervisor.ts). The stack starts its long-lived services through it.
 */
import { parseSupervisorArgs, supervise } from '../stack/supervisor.ts';

let options;
try {
  options = parseSupervisorArgs(process.argv.slice(2));
} catch (err) {
  console.error(`supervise: bad arguments: ${(err as Error).message}`);
  process.exit(2);
}
const code = await supervise(options, (line) => console.error(line));
process.exit(code);
