/**
 * Reading the write log (a Redis Stream per code on the control instance, entries `k` = key,
 * `c` = command name; the entry ID's milliseconds are the time it was logged).
 */
import type { Redis } from 'ioredis';
import { WRITE_LOG_GROUP, writeLogStream } from '@switchyard/core';

export interface LogEntry {
  id: string;
  key: Buffer;
}

type RawEntry = [id: Buffer, fields: Buffer[] | null];

export function parseEntries(raw: readonly RawEntry[]): LogEntry[] {
  const out: LogEntry[] = [];
  for (const [id, fields] of raw) {
    // XAUTOCLAIM returns entries deleted meanwhile with nil fields: nothing to redo.
    if (fields === null) continue;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      if (fields[i]!.toString() === 'k') out.push({ id: id.toString(), key: fields[i + 1]! });
    }
  }
  return out;
}

/** The ID's milliseconds part. */
export const idTime = (id: string): number => Number(id.slice(0, id.indexOf('-')));

export async function ensureWriteLogGroup(control: Redis, code: number): Promise<void> {
  try {
    // From 0: a log that grew while no redo existed is applied in full.
    await control.xgroup('CREATE', writeLogStream(code), WRITE_LOG_GROUP, '0', 'MKSTREAM');
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('BUSYGROUP')) throw err;
  }
}

/** Entries another (crashed) consumer took but never acknowledged, idle at least `minIdleMs`. */
export async function claimStale(
  control: Redis,
  code: number,
  consumer: string,
  minIdleMs: number,
  count: number,
): Promise<LogEntry[]> {
  const reply = (await control.callBuffer(
    'XAUTOCLAIM',
    writeLogStream(code),
    WRITE_LOG_GROUP,
    consumer,
    minIdleMs,
    '0-0',
    'COUNT',
    count,
  )) as unknown as [Buffer, RawEntry[]];
  return parseEntries(reply[1] ?? []);
}

export async function readNew(
  reader: Redis,
  code: number,
  consumer: string,
  count: number,
  blockMs: number,
): Promise<LogEntry[]> {
  const stream = writeLogStream(code);
  const reply =
    blockMs > 0
      ? await reader.callBuffer(
          'XREADGROUP',
          'GROUP',
          WRITE_LOG_GROUP,
          consumer,
          'COUNT',
          count,
          'BLOCK',
          blockMs,
          'STREAMS',
          stream,
          '>',
        )
      : await reader.callBuffer(
          'XREADGROUP',
          'GROUP',
          WRITE_LOG_GROUP,
          consumer,
          'COUNT',
          count,
          'STREAMS',
          stream,
          '>',
        );
  const streams = reply as unknown as [Buffer, RawEntry[]][] | null;
  return parseEntries(streams?.[0]?.[1] ?? []);
}
