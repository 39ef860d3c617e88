/**
 * Who a session is calling as, looked up in the active config. Used by the NOAUTH gate
 * (pipeline/admission.ts), AUTH/HELLO (commands/hello.ts), INFO, EXEC and the session's
 * unauthenticated-idle timeout, so it sits below all of them.
 */
import { DEFAULT_CALLER, type CompiledCaller } from '@switchyard/core';
import type { ProxyContext } from '../session/context.ts';
import type { ClientSession } from '../session/port.ts';

/** True when the active config has a nopass `default` caller (clients need no AUTH, as in Redis). */
export function nopassDefault(ctx: ProxyContext): boolean {
  return ctx.holder.current?.compiled.snapshot.callers.some((c) => c.name === DEFAULT_CALLER && c.nopass === true) ?? false;
}

/** The session's caller as the current config knows it (a removed caller loses access live). */
export function callerOf(session: ClientSession): CompiledCaller | null {
  if (session.caller === null) return null;
  const cfg = session.ctx.holder.current?.compiled;
  if (cfg === undefined) return null;
  // Memoised per config object: the lookup repeats only after a swap or a new AUTH.
  if (session.callerMemo.cfg !== cfg || session.callerMemo.name !== session.caller) {
    session.callerMemo = { cfg, name: session.caller, caller: cfg.callers.get(session.caller) ?? null };
  }
  return session.callerMemo.caller;
}
