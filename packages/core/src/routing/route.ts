/**
 * A whole command: caller permissions (DESIGN §9), then every key through `routeKey`.
 * The proxy uses the per-instance grouping to split multi-key commands; the console uses
 * the same function for its route preview, so the two can never disagree.
 */
import type { CompiledConfig } from './compile-config.ts';
import { callerMayRun, commandEntry, isWriteCommand } from './commands.ts';
import { routeKey } from './route-key.ts';
import type { KeyDecision, RouteRequest, RouteResult } from './types.ts';

export function route(cfg: CompiledConfig, req: RouteRequest): RouteResult {
  const command = req.command.toUpperCase();
  // The one command table (issue 13): what the proxy refuses, route() refuses with the same reason.
  const entry = commandEntry(command);
  if (entry === undefined) return { ok: false, error: 'UNKNOWN_COMMAND', message: `Redis 7 has no command ${command}` };
  if (entry.serving === 'refused')
    return { ok: false, error: 'COMMAND_REFUSED', message: `the proxy refuses ${command}: ${entry.note ?? ''}` };
  const caller = cfg.callers.get(req.caller);
  if (caller === undefined)
    return { ok: false, error: 'UNKNOWN_CALLER', message: `caller '${req.caller}' is not in the config` };
  if (!callerMayRun(caller, command)) {
    return { ok: false, error: 'COMMAND_NOT_ALLOWED', message: `caller '${req.caller}' may not run ${command}` };
  }
  if (req.keys.length === 0) return { ok: false, error: 'NO_KEYS', message: `${command} names no keys` };
  const write = isWriteCommand(command);
  const decisions: KeyDecision[] = [];
  const instances: string[] = [];
  let sameTargets = true;
  let firstTargets: readonly string[] | null = null;
  for (const key of req.keys) {
    const d = routeKey(cfg, key);
    if ('error' in d) return { ok: false, error: d.error, message: d.message, key };
    if (caller.keyTypes !== null && !caller.keyTypes.has(d.keyType)) {
      return {
        ok: false,
        error: 'KEY_TYPE_NOT_ALLOWED',
        message: `caller '${req.caller}' may not use key type '${d.keyType}' (key '${key}')`,
        key,
      };
    }
    const local = req.region === undefined ? d : readLocally(d, req.region);
    decisions.push(local);
    const targets = write ? local.writes : [local.read];
    if (!instances.includes(targets[0]!)) instances.push(targets[0]!);
    if (firstTargets === null) firstTargets = targets;
    else if (sameTargets)
      sameTargets = targets.length === firstTargets.length && targets.every((t, i) => t === firstTargets![i]);
  }
  const condition = entry.serving === 'forward' ? entry.note : null;
  return {
    ok: true,
    command,
    caller: req.caller,
    write,
    decisions,
    instances,
    singleInstance: sameTargets,
    multi: entry.multi,
    condition,
  };
}

/** A dual-centre decision as the proxy in `region` serves it: reads from that region's instance. */
function readLocally(d: KeyDecision, region: string): KeyDecision {
  const local = d.localReads?.[region];
  if (local === undefined || local === d.read) return d;
  return { ...d, read: local, reasons: [...d.reasons, `dual-centre read in region ${region} → ${local}`] };
}
