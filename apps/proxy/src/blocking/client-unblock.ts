/**
 * CLIENT UNBLOCK <id> [TIMEOUT|ERROR] for the worker's own sessions (ids from CLIENT ID). A
 * caller may unblock only its own connections: Redis reserves the command for admins, and one
 * tenant must not be able to disturb another's workers.
 */
import * as resp from '../resp/encode.ts';
import type { ClientSession } from '../session/port.ts';

/** CLIENT UNBLOCK's reply (commands/client-command.ts checked the arity); a promise while the backend is asked. */
export function clientUnblock(session: ClientSession, args: readonly Buffer[]): Buffer | Promise<Buffer> {
  const idText = args[2]!.toString('latin1');
  if (!/^-?\d{1,19}$/.test(idText)) return resp.error('ERR value is not an integer or out of range');
  const mode = args.length === 4 ? args[3]!.toString('latin1').toUpperCase() : 'TIMEOUT';
  if (mode !== 'TIMEOUT' && mode !== 'ERROR') return resp.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  const blocked = session.ctx.blocking.blocked.get(Number(idText));
  if (blocked === undefined || blocked.caller !== session.caller) return resp.integer(0);
  return new Promise((done) => blocked.unblock(mode, done));
}
