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
import type { Command } from '../resp/command.ts';
import * as resp from '../resp/encode.ts';
import { arrayElements } from '../resp/reply-scanner.ts';
import { decide } from '../routing/plan.ts';
import type { ClientSession } from '../server/client-session.ts';

const INSTANCE_BITS = 10n;
const INSTANCE_MASK = (1n << INSTANCE_BITS) - 1n;

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

/** The instances a SCAN walks, in cursor order. Cluster instances are not walked (see docs/COMPATIBILITY.md). */
export function scanOrder(cfg: CompiledConfig): TInstance[] {
  return [...cfg.instances.values()].filter((i) => i.kind === 'standalone').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function encodeCursor(index: number, backend: bigint): string {
  return ((backend << INSTANCE_BITS) | BigInt(index)).toString();
}

export function runScan(session: ClientSession, cfg: CompiledConfig, caller: CompiledCaller, _name: string, command: Command): void {
  const parsed = parseScan(command.args());
  if (typeof parsed === 'string') return session.reply(resp.error(parsed));
  const order = scanOrder(cfg);
  const index = Number(parsed.cursor & INSTANCE_MASK);
  const backendCursor = parsed.cursor >> INSTANCE_BITS;
  if (order.length === 0) return session.reply(reply('0', []));
  if (index >= order.length) return session.reply(errorReply('INVALID_CURSOR'));
  const instance = order[index]!;
  const slot = session.reserve();
  const request = resp.command(['SCAN', backendCursor.toString(), ...parsed.options]);
  session.ctx.admin.send(instance, request, (buf, start, end, failure) => {
    if (buf === null) return session.fillWhole(slot, errorReply('BACKEND_DOWN', instance.name, failure ?? 'no reply'));
    const page = Buffer.from(buf.subarray(start, end));
    const parts = arrayElements(page);
    if (parts === null || parts.length !== 2) return session.fillWhole(slot, page[0] === 0x2d ? page : errorReply('BACKEND_DOWN', instance.name, 'unexpected SCAN reply'));
    const next = BigInt(bulkText(parts[0]!));
    const keys = (arrayElements(parts[1]!) ?? []).filter((k) => visible(cfg, caller, instance.name, bulkText(k)));
    const cursor = next !== 0n ? encodeCursor(index, next) : index + 1 < order.length ? encodeCursor(index + 1, 0n) : '0';
    session.fillWhole(slot, reply(cursor, keys));
  });
}

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
