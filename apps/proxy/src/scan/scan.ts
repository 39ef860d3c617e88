/**
 * SCAN across instances (issue 13 §5). The client's cursor encodes which instance is being
 * walked (its index among the config's standalone instances, sorted by name, in the low 10
 * bits) and that instance's own cursor (the rest), so a full iteration visits every instance
 * once with Redis's guarantees per instance. Each key found is returned only when the caller
 * may use its key type and its route is the instance it was found on: stale copies left by a
 * migration, mirrors and keys of other callers' key types are never returned.
 * The backend SCAN runs on the admin link (upstream/admin-link.ts): the managed data user has
 * -scan, so that scripts cannot enumerate keys.
 */
import type { CompiledCaller, CompiledConfig, TInstance } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import * as resp from '../resp/encode.ts';
import { arrayElements } from '../resp/reply-scanner.ts';
import { decide } from '../routing/plan.ts';
import type { AdmittedRun, ClientSession } from '../session/port.ts';
import { reachable } from './reach.ts';

const INSTANCE_BITS = 10n;
const INSTANCE_MASK = (1n << INSTANCE_BITS) - 1n;
/** A cluster instance is walked master by master: the master's index sits above the instance's. */
const NODE_BITS = 6n;
const NODE_MASK = (1n << NODE_BITS) - 1n;
const CURSOR_SHIFT = INSTANCE_BITS + NODE_BITS;

export interface ScanArgs {
  cursor: bigint;
  /** MATCH / COUNT / TYPE as given, passed on to the backend. */
  options: Buffer[];
}

/** Parses SCAN's arguments as Redis does; a string is the error message. */
export function parseScan(args: readonly Buffer[]): ScanArgs | string {
  const cursorText = args[1]!.toString('latin1');
  if (!/^\d{1,30}$/.test(cursorText)) return 'ERR invalid cursor';
  const options: Buffer[] = [];
  for (let i = 2; i < args.length; i += 2) {
    const word = args[i]!.toString('latin1').toUpperCase();
    if (i + 1 >= args.length || (word !== 'MATCH' && word !== 'COUNT' && word !== 'TYPE')) return 'ERR syntax error';
    if (word === 'COUNT') {
      const n = Number(args[i + 1]!.toString('latin1'));
      if (!Number.isInteger(n)) return 'ERR value is not an integer or out of range';
      if (n < 1) return 'ERR syntax error';
    }
    options.push(Buffer.from(word), args[i + 1]!);
  }
  return { cursor: BigInt(cursorText), options };
}

const orders = new WeakMap<CompiledConfig, Map<string, TInstance[]>>();

/**
 * The instances a SCAN walks for a caller, in cursor order (sorted by name): those its key types
 * can route to (reach.ts). Memoised per config and caller, so the order is stable for one
 * iteration under one config.
 */
export function scanOrder(cfg: CompiledConfig, caller: CompiledCaller): TInstance[] {
  let perCaller = orders.get(cfg);
  if (perCaller === undefined) orders.set(cfg, (perCaller = new Map()));
  let order = perCaller.get(caller.name);
  if (order === undefined) {
    const reach = reachable(cfg, caller);
    order = [...cfg.instances.values()]
      .filter((i) => reach.has(i.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    perCaller.set(caller.name, order);
  }
  return order;
}

export function encodeCursor(index: number, backend: bigint, node = 0): string {
  return ((backend << CURSOR_SHIFT) | (BigInt(node) << INSTANCE_BITS) | BigInt(index)).toString();
}

export function decodeCursor(cursor: bigint): { index: number; node: number; backend: bigint } {
  return {
    index: Number(cursor & INSTANCE_MASK),
    node: Number((cursor >> INSTANCE_BITS) & NODE_MASK),
    backend: cursor >> CURSOR_SHIFT,
  };
}

export const runScan: AdmittedRun = (session, cfg, caller, _spec, command) => {
  const parsed = parseScan(command.args());
  if (typeof parsed === 'string') return session.reply(resp.error(parsed));
  const order = scanOrder(cfg, caller);
  const { index, node, backend } = decodeCursor(parsed.cursor);
  if (order.length === 0) return session.reply(reply('0', []));
  if (index >= order.length) return session.reply(errorReply('INVALID_CURSOR'));
  const instance = order[index]!;
  const slot = session.reserve();
  const fail = (detail: string): void => session.fillWhole(slot, errorReply('BACKEND_DOWN', instance.name, detail));
  nodesOf(session, instance, (nodes) => {
    if (typeof nodes === 'string') return fail(nodes);
    if (node >= nodes.length) return session.fillWhole(slot, errorReply('INVALID_CURSOR'));
    const request = resp.command(['SCAN', backend.toString(), ...parsed.options]);
    session.ctx.admin.send(nodes[node]!, request, (buf, start, end, failure) => {
      if (buf === null) return fail(failure ?? 'no reply');
      const page = Buffer.from(buf.subarray(start, end));
      const parts = arrayElements(page);
      if (parts === null || parts.length !== 2)
        return page[0] === 0x2d ? session.fillWhole(slot, page) : fail('unexpected SCAN reply');
      const next = BigInt(bulkText(parts[0]!));
      const keys = (arrayElements(parts[1]!) ?? []).filter((k) => visible(cfg, caller, instance.name, bulkText(k)));
      session.fillWhole(slot, reply(nextCursor(index, node, next, nodes.length, order.length), keys));
    });
  });
};

/** Same node with the backend's cursor, else the next node, else the next instance, else 0. */
function nextCursor(index: number, node: number, next: bigint, nodes: number, instances: number): string {
  if (next !== 0n) return encodeCursor(index, next, node);
  if (node + 1 < nodes) return encodeCursor(index, 0n, node + 1);
  return index + 1 < instances ? encodeCursor(index + 1, 0n) : '0';
}

/**
 * The servers holding an instance's keys: the instance itself, or a cluster's masters in slot
 * order (from CLUSTER SLOTS on a seed node), as admin-link targets of their own.
 */
function nodesOf(session: ClientSession, instance: TInstance, cb: (nodes: TInstance[] | string) => void): void {
  if (instance.kind === 'standalone') return cb([instance]);
  session.ctx.admin.send(instance, CLUSTER_SLOTS, (buf, start, end, failure) => {
    if (buf === null || buf[start] === 0x2d)
      return cb(failure ?? (buf === null ? 'no reply' : buf.toString('utf8', start + 1, end - 2)));
    const masters = new Map<string, { host: string; port: number; first: number }>();
    for (const range of arrayElements(Buffer.from(buf.subarray(start, end))) ?? []) {
      const [first, , master] = arrayElements(range) ?? [];
      const [host, port] = master === undefined ? [] : (arrayElements(master) ?? []);
      if (first === undefined || host === undefined || port === undefined) continue;
      const address = {
        host: bulkText(host),
        port: Number(port.toString('latin1', 1, port.length - 2)),
        first: Number(first.toString('latin1', 1, first.length - 2)),
      };
      const key = `${address.host}:${address.port}`;
      const seen = masters.get(key);
      if (seen === undefined || address.first < seen.first) masters.set(key, address);
    }
    const sorted = [...masters.values()].sort((a, b) => a.first - b.first).slice(0, Number(NODE_MASK) + 1);
    cb(
      sorted.map((m) => ({
        ...instance,
        kind: 'standalone' as const,
        name: `${instance.name}@${m.host}:${m.port}`,
        addresses: [{ host: m.host, port: m.port }],
      })),
    );
  });
}

const CLUSTER_SLOTS = resp.command(['CLUSTER', 'SLOTS']);

/** A key is returned when the caller may use its key type and it lives where it routes. */
function visible(cfg: CompiledConfig, caller: CompiledCaller, instance: string, key: string): boolean {
  const k = decide(cfg, key);
  if (Buffer.isBuffer(k)) return false;
  if (caller.keyTypes !== null && !caller.keyTypes.has(k.decision.keyType)) return false;
  return k.write.targets[0] === instance;
}

function bulkText(encoded: Buffer): string {
  const cr = encoded.indexOf(13);
  return encoded.toString('utf8', cr + 2, encoded.length - 2);
}

function reply(cursor: string, keys: readonly Buffer[]): Buffer {
  return resp.array([resp.bulk(cursor), resp.array(keys)]);
}
