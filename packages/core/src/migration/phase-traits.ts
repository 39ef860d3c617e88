/**
 * Every fact about a migration phase, in one table (issue 19 finding 3). The config schema,
 * the state machine, the proxy's compensation hook, the migrator, the API views, the console
 * and syctl all read these traits instead of listing phase names again; `satisfies` makes a
 * phase added to MIGRATION_PHASES without a row here a compile error.
 */

/** The phases in their forward order; ABORTED sits outside the order (it is last here only as a list). */
export const MIGRATION_PHASES = [
  'DUAL_WRITE',
  'BACKFILL',
  'RECONCILE',
  'GRAY_READ',
  'WRITE_ORDER_SWITCH',
  'STOP_DUAL_WRITE',
  'DONE',
  'ABORTED',
] as const;
export type MigrationPhase = (typeof MIGRATION_PHASES)[number];

export interface PhaseTraits {
  /** Position in the forward order; null for ABORTED, which any phase may jump to. */
  order: number | null;
  /** The proxy writes both instances, so a failed secondary write needs compensation. */
  dualWrites: boolean;
  /** Which percentage the phase takes from the operator (null: none). */
  takesPercent: 'grayRead' | 'stopDualWrite' | null;
  /** The percentage the phase shows as "its" percent in lists (the one last moved to reach it). */
  shownPercent: 'grayRead' | 'stopDualWrite' | null;
  /** The sync truth (written first): reconciliation repairs plain values from it. */
  truth: 'old' | 'new';
  /** Share of reads served by the new instance: a fixed figure, or the gray-read percentage. */
  readsNew: 0 | 100 | 'grayRead';
  /** Share of the scope written to the new instance only. */
  newOnly: 0 | 100 | 'stopDualWrite';
  /** The write order the console's step preview shows (DONE keeps "new then old" for the share not yet new-only). */
  writeOrder: 'old only' | 'old then new' | 'new then old';
  /** The migrator runs the backfill worker. */
  backfill: boolean;
  /** The migrator runs reconciliation rounds, and repairs are allowed. */
  recon: boolean;
  /** Entering it (or raising its percentage) needs a clean, fresh reconciliation both ways (cutover-gate.ts). */
  cutoverGated: boolean;
  /** Moving here needs the migration's name typed (it stops writing the old instance, or ends the migration). */
  confirm: boolean;
  /** The migration is over: no routing change is pending and no job runs. */
  terminal: boolean;
  /** How the console colours the phase badge. */
  tone: 'neutral' | 'ok' | 'warn' | 'danger';
}

/** A phase before the cutover: both instances written, old first, reads from old, no job, no gate. */
const EARLY = {
  dualWrites: true,
  takesPercent: null,
  shownPercent: null,
  truth: 'old',
  readsNew: 0,
  newOnly: 0,
  writeOrder: 'old then new',
  backfill: false,
  recon: false,
  cutoverGated: false,
  confirm: false,
  terminal: false,
  tone: 'warn',
} as const;

/** A phase after the write-order switch: new is the truth and serves every read. */
const SWITCHED = {
  ...EARLY,
  truth: 'new',
  readsNew: 100,
  writeOrder: 'new then old',
  recon: true,
  cutoverGated: true,
} as const;

/** Each row says how its phase differs from EARLY or SWITCHED. */
export const PHASE_TRAITS = {
  DUAL_WRITE: { ...EARLY, order: 0, tone: 'neutral' },
  BACKFILL: { ...EARLY, order: 1, backfill: true, tone: 'neutral' },
  RECONCILE: { ...EARLY, order: 2, recon: true },
  GRAY_READ: {
    ...EARLY,
    order: 3,
    recon: true,
    cutoverGated: true,
    takesPercent: 'grayRead',
    shownPercent: 'grayRead',
    readsNew: 'grayRead',
  },
  WRITE_ORDER_SWITCH: { ...SWITCHED, order: 4, shownPercent: 'grayRead' },
  STOP_DUAL_WRITE: {
    ...SWITCHED,
    order: 5,
    takesPercent: 'stopDualWrite',
    shownPercent: 'stopDualWrite',
    newOnly: 'stopDualWrite',
    confirm: true,
  },
  DONE: {
    ...SWITCHED,
    order: 6,
    dualWrites: false,
    recon: false,
    shownPercent: 'stopDualWrite',
    newOnly: 100,
    confirm: true,
    terminal: true,
    tone: 'ok',
  },
  ABORTED: {
    ...EARLY,
    order: null,
    dualWrites: false,
    writeOrder: 'old only',
    confirm: true,
    terminal: true,
    tone: 'danger',
  },
} as const satisfies Record<MigrationPhase, PhaseTraits>;

/** The traits of a phase, typed as the interface so callers compare against every value. */
export const phaseTraits = (phase: MigrationPhase): PhaseTraits => PHASE_TRAITS[phase];

/** The ordered phases (ABORTED left out), derived from `order`. */
export const MIGRATION_PHASE_ORDER: readonly MigrationPhase[] = Object.freeze(
  MIGRATION_PHASES.filter((p) => phaseTraits(p).order !== null).sort(
    (a, b) => (phaseTraits(a).order ?? 0) - (phaseTraits(b).order ?? 0),
  ),
);

/** Phases that take a percentage, for help texts ("GRAY_READ and STOP_DUAL_WRITE"). */
export const PERCENT_PHASES: readonly MigrationPhase[] = Object.freeze(
  MIGRATION_PHASES.filter((p) => phaseTraits(p).takesPercent !== null),
);

/** Phases in which the migrator reconciles and repairs are allowed. */
export const RECON_PHASES: readonly MigrationPhase[] = Object.freeze(
  MIGRATION_PHASES.filter((p) => phaseTraits(p).recon),
);
/** "RECONCILE to STOP_DUAL_WRITE", for messages. */
export const RECON_PHASE_SPAN = `${RECON_PHASES[0]} to ${RECON_PHASES[RECON_PHASES.length - 1]}`;

/** A phase name read from storage or input (Prisma stores it as text). */
export const isMigrationPhase = (phase: string): phase is MigrationPhase =>
  (MIGRATION_PHASES as readonly string[]).includes(phase);

/** The percentage a migration shows as its own in lists and events (0 where its phase shows none). */
export function shownPercentOf(m: {
  phase: MigrationPhase;
  grayReadPercent: number;
  stopDualWritePercent: number;
}): number {
  const which = phaseTraits(m.phase).shownPercent;
  return which === 'grayRead' ? m.grayReadPercent : which === 'stopDualWrite' ? m.stopDualWritePercent : 0;
}
