/**
 * The runaway-script budget (issue 14). Redis runs a script to completion and, past its
 * `busy-reply-threshold`, answers BUSY to every other client of that instance. A script still
 * unanswered after `budgetMs` is killed with SCRIPT KILL (FUNCTION KILL for FCALL/FCALL_RO) on a
 * connection of its own (the managed data user has `+script|kill` and `+function|kill`),
 * counted and logged.
 *
 * SCRIPT KILL stops only a script that has not written yet (Redis answers UNKILLABLE otherwise,
 * and the one remedy, SHUTDOWN NOSAVE, would lose data). EVAL_RO/EVALSHA_RO/FCALL_RO can never
 * write, so they are always killable; a writing script is the one risk that stays, which is
 * why EVAL/EVALSHA/FCALL need their own grant per caller. UNKILLABLE is counted and logged as
 * an error so operators see which caller sent it.
 */
import type { CompiledConfig } from '@switchyard/core';
import type { Logger } from '../telemetry/log.ts';
import type { ProxyStats } from '../telemetry/stats.ts';
import type { Upstream } from '../upstream/upstream.ts';

const NO_WATCH = (): void => undefined;

export type KillOutcome = 'killed' | 'not-busy' | 'unkillable' | 'failed';

export class ScriptBudget {
  constructor(
    private readonly budgetMs: number,
    private readonly upstream: Upstream,
    private readonly stats: ProxyStats,
    private readonly log: Logger,
  ) {}

  /** Starts the budget of a script sent to `instance`; call the result when its reply arrives. */
  watch(cfg: CompiledConfig, instance: string, caller: string, command: string): () => void {
    if (this.budgetMs <= 0) return NO_WATCH;
    const timer = setTimeout(() => this.overBudget(cfg, instance, caller, command), this.budgetMs);
    timer.unref();
    return () => clearTimeout(timer);
  }

  private overBudget(cfg: CompiledConfig, instance: string, caller: string, command: string): void {
    this.stats.scriptsOverBudget++;
    const what = command === 'FCALL' || command === 'FCALL_RO' ? 'FUNCTION' : 'SCRIPT';
    this.upstream.killScripts(
      cfg,
      instance,
      (replies) => this.report(outcomeOfAll(replies), instance, caller, command, replies.join('; ')),
      what,
    );
  }

  private report(outcome: KillOutcome, instance: string, caller: string, command: string, detail: string): void {
    if (outcome === 'killed') this.stats.scriptKills++;
    if (outcome === 'unkillable') this.stats.scriptsUnkillable++;
    const level = outcome === 'killed' || outcome === 'not-busy' ? 'warn' : 'error';
    this.log.log(level, 'script_over_budget', {
      instance,
      caller,
      command,
      budgetMs: this.budgetMs,
      outcome,
      detail: detail.slice(0, 200),
    });
  }
}

/** A cluster answers per master: one kill is the kill; else UNKILLABLE, else NOTBUSY, else failed. */
function outcomeOfAll(replies: readonly string[]): KillOutcome {
  const outcomes = replies.map(outcomeOf);
  for (const o of ['killed', 'unkillable', 'not-busy'] as const) if (outcomes.includes(o)) return o;
  return 'failed';
}

function outcomeOf(reply: string): KillOutcome {
  if (reply.startsWith('+OK')) return 'killed';
  if (reply.startsWith('-NOTBUSY')) return 'not-busy';
  if (reply.startsWith('-UNKILLABLE')) return 'unkillable';
  return 'failed';
}
