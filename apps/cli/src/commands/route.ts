/**
 * `syctl route <key>`: the routing decision and its reasons, computed by core on the config
 * the console has published when a console is configured (SWITCHYARD_URL or stack.json);
 * `--offline` (or no console configured) uses the demo snapshot, `--config` a file.
 */
import {
  commandEntry,
  compileConfig,
  describeServing,
  isWriteCommand,
  route,
  routeKey,
  type KeyDecision,
} from '@switchyard/core';
import { z } from 'zod';
import { defineCommand, type Command } from '../framework/command.ts';
import { CliError } from '../framework/errors.ts';
import { renderRows } from '../framework/render.ts';
import { loadConfig } from '../offline/offline-config.ts';
import { publishedConfig } from '../online-config.ts';

const ZRouteArgs = z.object({
  key: z.string().min(1, 'the key must not be empty'),
  config: z.string().optional(),
  command: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_.|-]*$/, 'a Redis command name such as GET or SET')
    .default('GET'),
  caller: z.string().optional(),
  region: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,62}$/, 'a region name such as gz')
    .optional(),
  offline: z.boolean().optional(),
  json: z.boolean().optional(),
});

const routeCommand = defineCommand({
  path: ['route'],
  summary: 'show where a key goes (read and write instances) and why, by the published config',
  positionals: ['key'],
  flags: {
    config: { type: 'string', description: 'snapshot JSON to route by (default: the published config, else the demo)' },
    offline: {
      type: 'boolean',
      description: 'do not ask the console: route by the demo snapshot with placeholder ports',
    },
    command: { type: 'string', description: 'Redis command; decides read vs write targets (default GET)' },
    caller: { type: 'string', description: 'also check this caller may run the command on the key type' },
    region: { type: 'string', description: "the proxy's region: dual-centre key types read there (default: home)" },
  },
  args: ZRouteArgs,
  async run(a, ctx) {
    const source = a.config !== undefined || a.offline === true ? null : await publishedConfig(ctx.cwd);
    const cfg = compileConfig(source?.snapshot ?? loadConfig(a.config, ctx.cwd));
    const from = source
      ? { source: 'published', version: source.version, console: source.url }
      : { source: a.config !== undefined ? 'file' : 'demo', version: null, console: null };
    const command = a.command.toUpperCase();
    // The proxy's own command table decides read vs write and whether it serves the command at all.
    const entry = commandEntry(command);
    if (entry === undefined)
      throw new CliError(
        'ROUTE_FAILED',
        `Redis 7 has no command ${command}; see docs/COMPATIBILITY.md`,
        'UNKNOWN_COMMAND',
      );
    let d: KeyDecision;
    if (a.caller !== undefined) {
      const r = route(cfg, { command, keys: [a.key], caller: a.caller, ...(a.region ? { region: a.region } : {}) });
      if (!r.ok) throw new CliError('ROUTE_FAILED', r.message, r.error);
      d = r.decisions[0]!;
    } else {
      const r = routeKey(cfg, a.key);
      if ('error' in r) throw new CliError('ROUTE_FAILED', r.message, r.error);
      const local = a.region === undefined ? undefined : r.localReads?.[a.region];
      d =
        local === undefined || local === r.read
          ? r
          : { ...r, read: local, reasons: [...r.reasons, `dual-centre read in region ${a.region} → ${local}`] };
    }
    const write = isWriteCommand(command);
    const targets = write ? d.writes : [d.read];
    const by =
      from.source === 'published'
        ? `published version ${from.version} at ${from.console}`
        : from.source === 'file'
          ? `config file ${a.config}`
          : 'the demo snapshot (offline; placeholder ports)';
    const proxy = describeServing(entry);
    return {
      json: { command, write, targets, proxy, ...d, config: from },
      text: `${render(d, command, write, targets, proxy)}\nconfig: ${by}`,
    };
  },
});

function render(d: KeyDecision, command: string, write: boolean, targets: readonly string[], proxy: string): string {
  const rows: [string, string][] = [
    ['key', d.key],
    ['proxy', proxy],
    ['key type', d.keyType],
    ['storage code', d.code === null ? '— (fixed instance)' : String(d.code)],
    [`${command} (${write ? 'write' : 'read'}) →`, targets.join(', ')],
    ['read', `${d.read} (${d.readPolicy})`],
    [
      'writes',
      d.writes.join(' then ') +
        (d.localReads
          ? '  [dual-centre; every region, first is the sync truth]'
          : d.dualWrite
            ? '  [dual-write; first is the sync truth]'
            : ''),
    ],
    ['failover', d.failover ? `${d.failover.from} → ${d.failover.to}` : 'none'],
    ['migration', d.migration ?? 'none'],
    ['cache / format', `${d.cacheTier} / ${d.valueFormat}`],
  ];
  const why = d.reasons.map((r, i) => `  ${i + 1}. ${r}`);
  return `${renderRows(rows)}\nwhy:\n${why.join('\n')}`;
}

export const routeCommands: readonly Command[] = [routeCommand];
