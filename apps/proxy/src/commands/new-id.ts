/**
 * `SY.NEWID <identity> [GROUPED] [REGION <region>] [SET <set>]`: meeting-ID generation on the
 * data plane (DESIGN §4, 001 §6.2–§6.4), so creating meetings keeps working with the console
 * down. Without REGION the worker's own region's encoding rules apply. The ID is created with
 * the create-if-absent script on the instance `routeKey` names for it, through this worker's
 * own backend connections, so failover overrides and dual-write migrations hold as for any
 * write.
 *
 * Reply: a flat array of field/value bulk strings (a RESP3 map read as RESP2):
 *   id <decimal uint64> code <n> kind <grouped|normal> day <n> rule <region;identity;set>
 *   fellback <0|1> attempts <n> instance <name>
 * Errors: idgen's catalog as `-ERR SWITCHYARD <CODE> <message>`; a backend's error reply
 * (unreachable, timeout, OOM, READONLY …) passes through unchanged.
 */
import { NEWID_COMMAND, type CompiledConfig } from '@switchyard/core';
import {
  generateForRegion,
  IDGEN_ERROR_CODES,
  isIdgenError,
  newIdReplyFields,
  parseNewIdArgs,
  rawScriptRunner,
  type RedisLike,
} from '@switchyard/idgen';
import { errorReply } from '../errors.ts';
import { Command } from '../resp/command.ts';
import * as resp from '../resp/encode.ts';
import type { ClientSession } from '../session/port.ts';
import type { Upstream } from '../upstream/upstream.ts';

export { NEWID_COMMAND };

/** A backend's own error reply, kept verbatim so the client sees what Redis (or the upstream layer) said. */
class BackendReplyError extends Error {
  override readonly name = 'BackendReplyError';
}

/** The create script's runner on one instance, over the worker's pooled backend connections. */
function instanceRunner(upstream: Upstream, cfg: CompiledConfig, instance: string): RedisLike {
  return rawScriptRunner(
    (argv) =>
      new Promise((resolve, reject) => {
        upstream.send(cfg, instance, Command.fromArgs(argv), false, (buf, start, end) => {
          // The reply may sit in a receive buffer that is reused after this callback: copy it.
          if (buf[start] === 0x2d) reject(new BackendReplyError(buf.toString('utf8', start + 1, end).trimEnd()));
          else resolve(Buffer.from(buf.subarray(start, end)));
        });
      }),
  );
}

/**
 * The reply in one allocation (16 short bulk strings; per-element buffers showed in profiles):
 * field/value pairs, a map for a RESP3 session (HELLO 3), a flat array in RESP2.
 */
function encodeFields(fields: readonly string[], protocol: 2 | 3): Buffer {
  let text = protocol === 3 ? `%${fields.length >> 1}\r\n` : `*${fields.length}\r\n`;
  for (const f of fields) text += `$${Buffer.byteLength(f)}\r\n${f}\r\n`;
  return Buffer.from(text);
}

function newIdFailureReply(e: unknown): Buffer {
  if (isIdgenError(e)) return errorReply('IDGEN', e.code, e.message);
  if (e instanceof BackendReplyError) return resp.error(e.message);
  // Not an idgen refusal: the catalog's text, then what went wrong, for the worker log and the client.
  return errorReply(
    'IDGEN',
    'NEWID_FAILED',
    `${IDGEN_ERROR_CODES.NEWID_FAILED} (${e instanceof Error ? e.message : String(e)})`,
  );
}

/** Runs SY.NEWID against the config the command captured; the reply fills its pipeline slot. */
export function runNewId(session: ClientSession, cfg: CompiledConfig, command: Command): void {
  let request: ReturnType<typeof parseNewIdArgs>;
  try {
    request = parseNewIdArgs(command.args().slice(1));
  } catch (e) {
    return session.reply(newIdFailureReply(e));
  }
  const slot = session.reserve();
  const { upstream, guard } = session.ctx;
  // Counted like forwarded commands: the in-flight bound (-BUSY) and per-caller metrics see it.
  guard.protections.inFlight++;
  const t0 = performance.now();
  const finish = (instance: string, reply: Buffer): void => {
    guard.protections.inFlight--;
    guard.metrics.observe(
      guard.metrics.series(session.caller ?? '-', NEWID_COMMAND, instance),
      performance.now() - t0,
      reply,
      0,
      reply.length,
    );
    session.fillWhole(slot, reply);
  };
  const region = request.region ?? session.ctx.settings.region;
  // An instance the config does not name gets no client, which idgen reports as NO_CLIENT.
  const clientFor = (instance: string): RedisLike | undefined =>
    cfg.instances.has(instance) ? instanceRunner(upstream, cfg, instance) : undefined;
  // Planning (the encoding rule) can throw before any I/O; the async wrapper makes that a rejection too.
  const generate = async () =>
    generateForRegion(cfg, region, request.identity, request.set, request.grouped, clientFor);
  generate().then(
    (result) => finish(result.instance ?? '-', encodeFields(newIdReplyFields(result), session.protocol)),
    (e: unknown) => finish('-', newIdFailureReply(e)),
  );
}
