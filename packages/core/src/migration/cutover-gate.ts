/**
 * The cutover gate (issue 15): every forward step from GRAY_READ on needs the latest
 * reconciliation in BOTH directions to be clean, to have run entirely within the current
 * phase (started after the phase began, or after its percentage last changed: a run begun
 * earlier compared under other truth or routing), and to be younger than a maximum age
 * (default 24 h).
 * Otherwise the step needs an override with a reason, which the audit log records.
 * Pure: the console gathers the facts, planTransition decides.
 */
export const DEFAULT_RECON_MAX_AGE_MS = 24 * 3600_000;

/** One finished reconciliation run, as the gate sees it (epoch ms). */
export interface ReconFact {
  unresolved: number;
  startedAt: number;
  finishedAt: number;
}

/** What the guard rails read. */
export interface GuardFacts {
  /** Latest finished forward (old→new) and reverse (new→old) runs; null when none finished. */
  forward: ReconFact | null;
  reverse: ReconFact | null;
  /** When the migration entered its current phase or last changed its percentage (epoch ms). */
  phaseStartedAt: number;
  now: number;
  maxAgeMs: number;
  /**
   * Compensation entries still queued (not dead letters). When given, the write order only
   * changes with an empty queue: an entry re-syncs from the side that was the truth when it failed.
   */
  pendingCompensation?: number;
}

export type GateCode = 'RECON_MISSING' | 'RECON_STALE' | 'RECON_UNRESOLVED';

export interface GateProblem {
  code: GateCode;
  /** Every reason, e.g. "no finished reverse run; forward run started before the phase began". */
  detail: string;
}

const hours = (ms: number): string => `${Math.round((ms / 3600_000) * 10) / 10} h`;

/** null when the gate is open; else the first problem's code and all the reasons. */
export function reconGate(f: GuardFacts | null): GateProblem | null {
  if (f === null) return { code: 'RECON_MISSING', detail: 'no reconciliation facts' };
  const problems: { code: GateCode; text: string }[] = [];
  for (const direction of ['forward', 'reverse'] as const) {
    const r = f[direction];
    if (r === null) problems.push({ code: 'RECON_MISSING', text: `no finished ${direction} run` });
    else if (r.startedAt < f.phaseStartedAt)
      problems.push({ code: 'RECON_STALE', text: `the ${direction} run started before the current phase began` });
    else if (f.now - r.finishedAt > f.maxAgeMs)
      problems.push({
        code: 'RECON_STALE',
        text: `the ${direction} run finished ${hours(f.now - r.finishedAt)} ago (max ${hours(f.maxAgeMs)})`,
      });
  }
  const unresolved = (f.forward?.unresolved ?? 0) + (f.reverse?.unresolved ?? 0);
  if (unresolved > 0)
    problems.push({
      code: 'RECON_UNRESOLVED',
      text: `${unresolved} unresolved (forward ${f.forward?.unresolved ?? 0}, reverse ${f.reverse?.unresolved ?? 0})`,
    });
  if (problems.length === 0) return null;
  return { code: problems[0]!.code, detail: problems.map((p) => p.text).join('; ') };
}
