/** `syctl failover preview <from> <to>`: what a failover would move, mirror health and interlocks; changes nothing. */
import { ZRegionName } from '@switchyard/core';
import { z } from 'zod';
import { withApi } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';

const previewCommand = defineCommand({
  path: ['failover', 'preview'],
  summary: 'show what failing <from> over to <to> would move, and what would stop it (read-only)',
  positionals: ['from', 'to'],
  flags: {},
  args: z.object({ from: ZRegionName, to: ZRegionName, json: z.boolean().optional() }),
  async run(a, ctx) {
    const p = await withApi(ctx.cwd, (api) => api.failover.preview.query({ from: a.from, to: a.to }));
    const lines = [
      `failover ${p.from} → ${p.to} (based on version ${p.basedOnVersion}): ${p.allowed ? 'allowed' : p.overridable ? 'needs --override-interlocks' : 'REFUSED'}`,
      ...p.codes.map((c) => `  code ${c.code} (${c.identity}): ${c.fromInstance} → ${c.toInstance ?? 'NO MIRROR'}`),
      ...p.mirrors.map(
        (m) =>
          `  mirror ${m.instance}: ${m.reachable ? `link ${m.linkStatus}, lag ${m.lagBytes ?? '?'} bytes` : 'UNREACHABLE'}`,
      ),
      ...p.writeLog.map(
        (w) =>
          `  write-log mirror ${w.mirror} (code ${w.code}): ${w.reachable ? `lag ${w.lagEntries} entries / ${w.lagSeconds?.toFixed(1)} s${w.overThreshold ? ' OVER THRESHOLD' : ''}, redo ${w.redoPerSecond} keys/s, checker ${w.differences} differed / ${w.unresolved} unresolved` : 'LAG UNKNOWN (control instance unreachable)'}`,
      ),
      ...p.interlocks.map((l) => `  interlock ${l.code}${l.overridable ? ' (overridable)' : ''}: ${l.message}`),
      ...p.keys.filter((k) => k.moves).map((k) => `  key ${k.key}: ${k.before ?? '?'} → ${k.after ?? '?'}`),
      `  moves ${p.impact.qps.total} ops/s (${p.impact.qps.reads ?? '?'} reads, ${p.impact.qps.writes ?? '?'} writes; last ${p.impact.windowSec / 60} min of heartbeats), ${p.impact.memoryBytes ?? '?'} dataset bytes`,
      ...p.impact.qps.byCode.map(
        (c) =>
          `    code ${c.code} (${c.identity}) on ${c.instance}: ${c.qps} ops/s (${c.reads ?? '?'} reads, ${c.writes ?? '?'} writes)`,
      ),
      ...p.impact.qps.byCaller.map((c) => `    caller ${c.caller}: ${c.reads} reads/s, ${c.writes} writes/s`),
      ...p.impact.hotKeys.map((k) => `    hot key ${k.key}: ${k.qps} ops/s`),
      ...p.instances.map(
        (i) =>
          `  receiving ${i.name}: ${i.reachable ? `memory ${i.usedMemory ?? '?'} of ${i.maxMemory ? i.maxMemory : 'unlimited'} bytes, ${i.headroom.memoryFreePercent ?? '?'}% free` : 'UNREACHABLE'}; ${i.qpsNow} → ${i.qpsAfter} ops/s${i.opsCapacity ? ` of ${i.opsCapacity} (${i.headroom.opsPercentAfter}%)` : ''}`,
      ),
      ...p.rules.map(
        (r) =>
          `  rule ${r.name}: ${r.ok ? 'ok' : r.soft ? `WARN (soft) ${r.message}` : `BREACH ${r.message} (needs --break-glass)`}`,
      ),
    ];
    return { json: p, text: lines.join('\n') };
  },
});

export const failoverPreviewCommands: readonly Command[] = [previewCommand];
