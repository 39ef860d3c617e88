/**
 * Redis's nopass `default` user: whether a client needs AUTH at all. Asked by the NOAUTH gate
 * (pipeline/admission.ts), AUTH/HELLO (commands/hello.ts) and the session's unauthenticated-idle
 * timeout, so it sits below all of them.
 */
import { DEFAULT_CALLER } from '@switchyard/core';
import type { ProxyContext } from '../session/context.ts';

/** True when the active config has a nopass `default` caller (clients need no AUTH, as in Redis). */
export function nopassDefault(ctx: ProxyContext): boolean {
  return (
    ctx.holder.current?.compiled.snapshot.callers.some((c) => c.name === DEFAULT_CALLER && c.nopass === true) ?? false
  );
}
