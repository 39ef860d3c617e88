/**
 * Seam for DESIGN §8 (a later issue): degradation drops, QPS limits, in-flight bounds and
 * circuit breakers plug in here. Returns an error reply to refuse the command, else null.
 */
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import type { Command } from '../resp/command.ts';

export function checkProtections(_cfg: CompiledConfig, _caller: CompiledCaller, _command: string, _request: Command): Buffer | null {
  return null;
}
