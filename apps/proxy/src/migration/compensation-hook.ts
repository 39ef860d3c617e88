/**
 * Dual-write failures → the migration engine (DESIGN §7 step 1): the failed secondary write
 * is retried twice, then queued on the control instance's compensation stream, and its keys
 * get a realtime reconciliation. One runtime per active migration, rebuilt when the config's
 * migrations or instance addresses change. Clients are built eagerly so the control
 * connection is up before the first failure (fast-fail clients do not queue offline).
 */
import { phaseTraits, type CompiledConfig, type TInstance } from '@switchyard/core';
import {
  connectInstance,
  createLinkRuntime,
  createRuntime,
  dualCentreLinks,
  fastFailRedisOptions,
  handlePrimaryWriteFailure,
  handleSecondaryWriteFailure,
  pickRuntime,
  type DataClient,
  type FailureHandling,
  type MigrationRuntime,
  type SecondaryWriteFailureInput,
} from '@switchyard/migration';
import { Redis } from 'ioredis';
import type { Logger } from '../telemetry/log.ts';
import type { SecondaryWriteFailure } from '../upstream/execute.ts';

export type CompensationOutcome =
  'retried' | 'reconciled' | 'queued' | 'dead-lettered' | 'ignored' | 'no-runtime' | 'unavailable';

export class CompensationHook {
  private runtimes: MigrationRuntime[] = [];
  private clients: { disconnect(): void }[] = [];
  private fingerprint = '';
  readonly outcomes = new Map<CompensationOutcome, number>();

  constructor(
    private readonly controlInstance: string,
    private readonly log: Logger,
  ) {}

  retain(cfg: CompiledConfig): void {
    const active = cfg.snapshot.migrations.filter((m) => phaseTraits(m.phase).dualWrites);
    // Seed 003 dual-centre key types: a failed region write is compensated like a dual write.
    const links = dualCentreLinks(cfg);
    const names = new Set([
      this.controlInstance,
      ...active.flatMap((m) => [m.from, m.to]),
      ...links.flatMap((l) => [l.from, l.to]),
    ]);
    const fingerprint = JSON.stringify({
      m: active.map((m) => [m.id, m.code, m.from, m.to, m.scope ?? null]),
      l: links.map((l) => [l.id, l.from, l.to]),
      i: [...names].sort().map((n) => cfg.instances.get(n)?.addresses ?? null),
    });
    if (fingerprint === this.fingerprint) return;
    this.close();
    this.fingerprint = fingerprint;
    const control = cfg.instances.get(this.controlInstance);
    if (active.length === 0 && links.length === 0) return;
    if (!control?.addresses[0]) {
      this.log.log('warn', 'compensation_disabled', { reason: `no '${this.controlInstance}' instance in the config` });
      return;
    }
    const controlClient = new Redis({ ...control.addresses[0], password: control.password, ...fastFailRedisOptions });
    controlClient.on('error', () => undefined);
    this.clients.push(controlClient);
    const shared = new Map<string, DataClient>();
    const clientFor = (i: TInstance): DataClient => {
      let c = shared.get(i.name);
      if (!c) {
        c = connectInstance(i);
        c.on('error', () => undefined);
        shared.set(i.name, c);
        this.clients.push(c);
      }
      return c;
    };
    this.runtimes = [
      ...active.map((m) => createRuntime({ config: cfg, migrationId: m.id, clientFor, control: controlClient })),
      ...links.map((link) => createLinkRuntime({ config: cfg, link, clientFor, control: controlClient })),
    ];
  }

  /** Fire and forget: the caller's reply never waits for compensation. */
  handle(f: SecondaryWriteFailure): void {
    this.run(f, handleSecondaryWriteFailure, (outcome) => outcome);
  }

  /** An ambiguous failure of the sync-truth write: reconcile its keys now, queue what cannot be. */
  handlePrimary(f: SecondaryWriteFailure): void {
    this.run(f, handlePrimaryWriteFailure, (outcome) => (outcome === 'retried' ? 'reconciled' : outcome));
  }

  /** Picks the failure's migration (or dual-centre link) and runs `handler` on it, counting the outcome. */
  private run(
    f: SecondaryWriteFailure,
    handler: (rt: MigrationRuntime, input: SecondaryWriteFailureInput) => Promise<FailureHandling>,
    outcomeOf: (outcome: FailureHandling['outcome']) => CompensationOutcome,
  ): void {
    const argv = f.args.map((a) => Buffer.from(a));
    const keys = f.keys?.map((k) => Buffer.from(k));
    const input = { primary: f.primary, secondary: f.secondary, argv, error: f.error, ...(keys ? { keys } : {}) };
    const rt = pickRuntime(this.runtimes, input);
    if (!rt) return this.count('no-runtime');
    handler(rt, input).then(
      (r) => this.count(outcomeOf(r.outcome)),
      (err: unknown) => {
        this.count('unavailable');
        this.log.log('error', 'compensation_unavailable', {
          migration: rt.migration.id,
          command: f.command,
          error: err instanceof Error ? err.message : String(err),
        });
      },
    );
  }

  close(): void {
    for (const c of this.clients) c.disconnect();
    this.clients = [];
    this.runtimes = [];
    this.fingerprint = '';
  }

  private count(outcome: CompensationOutcome): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }
}
