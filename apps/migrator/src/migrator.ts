/**
 * The migrator worker (DESIGN §7): follows the latest published config in Postgres and, per
 * active migration, keeps the right jobs running — the compensation consumer always, the
 * backfill in BACKFILL, reconciliation rounds from RECONCILE on (truth side by phase).
 * A phase change restarts the phase job; a changed pair/scope/address rebuilds the runtime.
 */
import {
  compileConfig,
  phaseTraits,
  truthSideOf,
  ZConfigSnapshot,
  type CompiledConfig,
  type TConfigSnapshot,
  type TInstance,
  type TMigration,
} from '@switchyard/core';
import type { Db } from '@switchyard/db';
import {
  connectInstance,
  createLinkRuntime,
  createRuntime,
  dualCentreLinks,
  fastFailRedisOptions,
  type DataClient,
  type MigrationEvent,
  type MigrationRuntime,
} from '@switchyard/migration';
import { Redis } from 'ioredis';
import { migratorHeartbeat, type HeartbeatState } from './heartbeat.ts';
import { notifyDeadLetter, notifyWriteLogLag } from './notify.ts';
import {
  sleep,
  startBackfill,
  startConsumer,
  startReconciler,
  type Log,
  type Task,
  type TaskSettings,
} from './tasks.ts';
import { WriteLogTasks } from './write-log-tasks.ts';

export interface MigratorOptions extends TaskSettings {
  db: Db;
  controlInstance: string;
  pollMs: number;
  log?: Log;
  /** Write-log mirrors (docs/MIRROR-MODES.md): checker pause and dead-consumer claim age. */
  writeLogCheckIntervalMs?: number;
  writeLogClaimIdleMs?: number;
}

interface Entry {
  fingerprint: string;
  rt: MigrationRuntime;
  consumer: Task;
  job: Task | null;
}

export interface Migrator {
  /** The config version applied last (null before the first). */
  readonly version: number | null;
  stop(): Promise<void>;
}

/**
 * Which phase job a migration needs now, as a key: a changed key restarts the job. Every
 * transition from RECONCILE on starts a reconciliation round at once (a rollback of
 * stop-dual-write must reconcile new→old now, not at the next scheduled round).
 */
export function jobFor(m: TMigration): string | null {
  if (phaseTraits(m.phase).backfill) return 'backfill';
  if (phaseTraits(m.phase).recon)
    return `reconcile:${truthSideOf(m.phase)}:${m.phase}:${m.grayReadPercent}:${m.stopDualWritePercent}`;
  return null;
}

/** Engine events go to the log; a new dead letter is broadcast as well. */
function onEngineEvent(db: Db, log: Log, ev: MigrationEvent): void {
  log(ev.event, { ...ev });
  if (ev.event !== 'compensation_dead_letter') return;
  void notifyDeadLetter(db, String(ev.migration), String(ev.entry), String(ev.error)).catch((err: unknown) =>
    log('notify_failed', { migration: ev.migration, error: err instanceof Error ? err.message : String(err) }),
  );
}

const addressKey = (i: TInstance | undefined): string =>
  JSON.stringify(i ? { kind: i.kind, addresses: i.addresses, password: i.password ?? null } : null);

export async function startMigrator(o: MigratorOptions): Promise<Migrator> {
  const log: Log = o.log ?? (() => undefined);
  const entries = new Map<string, Entry>();
  const clients = new Map<string, { key: string; client: DataClient }>();
  let control: { key: string; client: Redis } | null = null;
  let version: number | null = null;
  const stopping = new AbortController();
  const heartbeat: HeartbeatState = { name: o.name, startedAt: new Date(), lastBeat: 0 };
  const writeLogs = new WriteLogTasks(
    {
      name: o.name,
      checkIntervalMs: o.writeLogCheckIntervalMs ?? 5_000,
      claimIdleMs: o.writeLogClaimIdleMs ?? 5_000,
      retryMs: o.retryMs,
      onLag: (n) => notifyWriteLogLag(o.db, n),
    },
    log,
  );

  const clientFor = (i: TInstance): DataClient => {
    const known = clients.get(i.name);
    if (known && known.key === addressKey(i)) return known.client;
    known?.client.disconnect();
    const client = connectInstance(i);
    client.on('error', () => undefined);
    clients.set(i.name, { key: addressKey(i), client });
    return client;
  };

  const controlFor = (cfg: CompiledConfig): Redis | null => {
    const i = cfg.instances.get(o.controlInstance);
    const address = i?.addresses[0];
    if (!i || !address) return null;
    if (control?.key === addressKey(i)) return control.client;
    control?.client.disconnect();
    const client = new Redis({ host: address.host, port: address.port, password: i.password, ...fastFailRedisOptions });
    client.on('error', () => undefined);
    control = { key: addressKey(i), client };
    return client;
  };

  const drop = async (id: string): Promise<void> => {
    const e = entries.get(id);
    if (!e) return;
    entries.delete(id);
    await Promise.all([e.consumer.stop(), e.job?.stop()]);
  };

  async function apply(snapshot: TConfigSnapshot): Promise<void> {
    const cfg = compileConfig(snapshot);
    const ctl = controlFor(cfg);
    await writeLogs.retain(cfg, ctl, control?.key ?? '', clientFor);
    const live = snapshot.migrations.filter((m) => m.phase !== 'ABORTED');
    // Seed 003 dual-centre links get a compensation consumer too (no phase jobs).
    const links = dualCentreLinks(cfg);
    for (const id of [...entries.keys()])
      if (!live.some((m) => m.id === id) && !links.some((l) => l.id === id)) await drop(id);
    if (!ctl) {
      log('no_control_instance', { instance: o.controlInstance });
      for (const id of [...entries.keys()]) await drop(id);
      return;
    }
    for (const m of live) {
      const fingerprint = JSON.stringify({
        from: m.from,
        to: m.to,
        code: m.code,
        scope: m.scope ?? null,
        a: addressKey(cfg.instances.get(m.from)),
        b: addressKey(cfg.instances.get(m.to)),
        c: control?.key,
      });
      let e = entries.get(m.id);
      if (e && e.fingerprint !== fingerprint) {
        await drop(m.id);
        e = undefined;
      }
      if (!e) {
        const rt = createRuntime({
          config: cfg,
          migrationId: m.id,
          clientFor,
          control: ctl,
          onEvent: (ev) => onEngineEvent(o.db, log, ev),
        });
        e = { fingerprint, rt, consumer: startConsumer(rt, o, log), job: null };
        entries.set(m.id, e);
        log('migration_attached', { migration: m.id, phase: m.phase });
      }
      const want = jobFor(m);
      if ((e.job?.kind ?? null) !== want) {
        await e.job?.stop();
        e.job =
          want === null
            ? null
            : want === 'backfill'
              ? startBackfill(o.db, e.rt, o, log)
              : startReconciler(o.db, e.rt, want, truthSideOf(m.phase), o, log);
        log('job_started', { migration: m.id, phase: m.phase, job: want });
      }
    }
    applyLinks(cfg, ctl, links);
  }

  function applyLinks(cfg: CompiledConfig, ctl: Redis, links: ReturnType<typeof dualCentreLinks>): void {
    for (const link of links) {
      const fingerprint = JSON.stringify({
        from: link.from,
        to: link.to,
        a: addressKey(cfg.instances.get(link.from)),
        b: addressKey(cfg.instances.get(link.to)),
        c: control?.key,
      });
      const e = entries.get(link.id);
      if (e && e.fingerprint === fingerprint) continue;
      if (e) void drop(link.id);
      const rt = createLinkRuntime({
        config: cfg,
        link,
        clientFor,
        control: ctl,
        onEvent: (ev) => log(ev.event, { ...ev }),
      });
      entries.set(link.id, { fingerprint, rt, consumer: startConsumer(rt, o, log), job: null });
      log('dual_centre_link_attached', { link: link.id, from: link.from, to: link.to });
    }
  }

  async function poll(): Promise<void> {
    const row = await o.db.configVersion.findFirst({ orderBy: { version: 'desc' } });
    if (!row || row.version === version) return;
    const snapshot = ZConfigSnapshot.parse(row.snapshot);
    await apply(snapshot);
    version = row.version;
    log('config_applied', { version, migrations: snapshot.migrations.length });
  }

  const running = (async () => {
    while (!stopping.signal.aborted) {
      try {
        await poll();
      } catch (err) {
        log('poll_failed', { error: err instanceof Error ? err.message : String(err) });
      }
      await migratorHeartbeat(o.db, heartbeat, version, Date.now(), { writeLog: writeLogs.summary() }).catch(
        (err: unknown) => log('heartbeat_failed', { error: err instanceof Error ? err.message : String(err) }),
      );
      await sleep(o.pollMs, stopping.signal);
    }
  })();
  await poll().catch(() => undefined);

  return {
    get version() {
      return version;
    },
    async stop() {
      stopping.abort();
      await running;
      for (const id of [...entries.keys()]) await drop(id);
      await writeLogs.stop();
      for (const { client } of clients.values()) client.disconnect();
      (control as { client: Redis } | null)?.client.disconnect();
    },
  };
}
