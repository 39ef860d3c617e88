/**
 * Write-log mirror sync, the recording half (seed 004, docs/MIRROR-MODES.md): every write to
 * a key of a code whose mirror runs in `write-log` mode is XADDed (key + command, no value) to
 * `sy:wlog:<code>` on the control instance, and the client's reply is released only after
 * that XADD is acknowledged. So every write a client saw acknowledged is in the log. If the
 * XADD fails the client gets WRITE_LOG_UNAVAILABLE instead of the write's reply: the write
 * may be applied but is not acknowledged, and its retry records it. The XADD goes on the
 * proxy's pooled, pipelined control connection (one extra round trip of latency, no extra
 * connection). Failed writes are recorded too: a redundant entry only re-copies a value.
 */
import { type CompiledConfig, keyIndices, writeLogRegions, writeLogStream } from '@switchyard/core';
import { errorReply, proxyErrorOf } from '../errors.ts';
import { Command } from '../resp/command.ts';
import { commandSpec, type CommandSpec } from '../routing/command-table.ts';
import { perConfig } from '../routing/per-config.ts';
import { decide, type RouteFacts } from '../routing/plan.ts';
import type { Upstream, ReplySink } from '../upstream/upstream.ts';

/** code → its home instance, for codes with at least one write-log mirror; null = none. */
const writeLogHomes = perConfig((cfg): Map<number, string> | null => {
  const m = new Map<number, string>();
  for (const c of cfg.snapshot.codes) {
    const home = c.instances[c.homeRegion];
    if (home !== undefined && writeLogRegions(c).length > 0) m.set(c.code, home);
  }
  return m.size === 0 ? null : m;
});

/** Whether a write routed by `d` is logged: its code has a write-log mirror and its home takes the writes. */
const logged = (homes: Map<number, string>, d: RouteFacts): boolean =>
  d.code !== null && homes.get(d.code) === d.writes[0];

/**
 * Whether a command may need logging: a write, with some code in write-log mode. The send path
 * asks this before building anything. A single-key write answers from its own routing decision,
 * so writes of other codes build nothing either (issue 19's benchmark: the demo config has a
 * write-log code, and building the entries of every SET cost ~0.45 µs of proxy CPU per SET at
 * -P 16); multi-key writes are checked key by key in wrap().
 */
function mayLog(cfg: CompiledConfig, spec: CommandSpec, decision: RouteFacts | null): boolean {
  const homes = writeLogHomes(cfg);
  if (homes === null || !spec.write) return false;
  return decision === null || spec.fixedKeys?.length !== 1 || logged(homes, decision);
}

interface LogEntry {
  code: number;
  key: Buffer;
}

/** The log entries a write command needs; empty when nothing it touches is write-log mirrored. */
function writeLogEntries(cfg: CompiledConfig, name: string, command: Command): LogEntry[] {
  const map = writeLogHomes(cfg);
  if (map === null) return [];
  const spec = commandSpec(name);
  if (spec === undefined || !spec.write) return [];
  const indices = keyIndices(spec, command) ?? [];
  const out: LogEntry[] = [];
  for (const at of indices) {
    const k = decide(cfg, command.text(at));
    if (Buffer.isBuffer(k)) continue;
    // After a failover the home no longer takes the writes: its log stops (failback resyncs).
    if (logged(map, k.decision)) out.push({ code: k.decision.code!, key: command.arg(at) });
  }
  return out;
}

/** Keys per XADD: one entry carries the keys of every write whose reply arrived in one loop turn. */
const MAX_KEYS_PER_ENTRY = 512;

interface Waiting {
  key: Buffer;
  name: string;
  /** null = logged; else the error reply to send instead of the write's. */
  settle(error: Buffer | null): void;
}

export class WriteLogRecorder {
  /** Keys appended, and keys whose append failed (each failure turned a reply into an error). */
  appended = 0;
  failures = 0;
  private readonly queues = new Map<number, Waiting[]>();
  private scheduled = false;
  private cfg: CompiledConfig | null = null;

  constructor(
    private readonly upstream: Upstream,
    private readonly controlInstance: string,
  ) {}

  /** Cheap test before wrap(): false for reads, without write-log mirrors, and for a single-key write of another code. */
  mayLog(cfg: CompiledConfig, spec: CommandSpec, decision: RouteFacts | null): boolean {
    return mayLog(cfg, spec, decision);
  }

  /** `done`, or a sink that first logs the entries and then releases the reply. */
  wrap(cfg: CompiledConfig, name: string, command: Command, done: ReplySink): ReplySink {
    return this.wrapBatch(cfg, [{ name, command }], done);
  }

  /** wrap() for a MULTI/EXEC batch: every queued write's keys, before EXEC's reply. */
  wrapBatch(cfg: CompiledConfig, commands: readonly { name: string; command: Command }[], done: ReplySink): ReplySink {
    const entries = commands.flatMap((q) =>
      writeLogEntries(cfg, q.name, q.command).map((e) => ({ ...e, name: q.name })),
    );
    if (entries.length === 0) return done;
    return (buf, start, end) => {
      // The reply may live in a receive buffer that is reused before the XADD returns. The
      // proxy's own errors are buffers of their own, and keep their identity: later steps tell
      // them apart by catalog code (a timed-out write becomes "may have been applied").
      const reply = proxyErrorOf(buf, start, end) !== undefined ? buf : Buffer.from(buf.subarray(start, end));
      let remaining = entries.length;
      let failed: Buffer | null = null;
      const settle = (error: Buffer | null): void => {
        failed ??= error;
        if (--remaining > 0) return;
        if (failed !== null) done(failed, 0, failed.length);
        else done(reply, 0, reply.length);
      };
      for (const e of entries) this.enqueue(cfg, e.code, { key: e.key, name: e.name, settle });
    };
  }

  /**
   * Writes whose replies arrive in the same event-loop turn share one XADD (one entry with
   * several `k`/`c` pairs): under pipelined load that is one control command per turn, not
   * one per write, and no reply waits for more than the next turn.
   */
  private enqueue(cfg: CompiledConfig, code: number, w: Waiting): void {
    this.cfg = cfg;
    const q = this.queues.get(code);
    if (q === undefined) this.queues.set(code, [w]);
    else q.push(w);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const cfg = this.cfg!;
    for (const [code, all] of this.queues) {
      for (let i = 0; i < all.length; i += MAX_KEYS_PER_ENTRY)
        this.append(cfg, code, all.slice(i, i + MAX_KEYS_PER_ENTRY));
    }
    this.queues.clear();
  }

  private append(cfg: CompiledConfig, code: number, batch: readonly Waiting[]): void {
    const args: (Buffer | string)[] = ['XADD', writeLogStream(code), '*'];
    for (const w of batch) args.push('k', w.key, 'c', w.name);
    this.upstream.send(cfg, this.controlInstance, Command.fromArgs(args), false, (b, s, e) => {
      const error =
        b[s] === 45 ? errorReply('WRITE_LOG_UNAVAILABLE', code, b.toString('utf8', s + 1, e).trimEnd()) : null;
      if (error === null) this.appended += batch.length;
      else this.failures += batch.length;
      for (const w of batch) w.settle(error);
    });
  }
}
