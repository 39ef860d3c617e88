/** `syctl id …`: meeting-ID tools that work offline. */
import { CoreError, decodeMeetingId, formatDay, resolveStorageCode, type MeetingIdLayout } from '@switchyard/core';
import { z } from 'zod';
import { defineCommand, type Command } from '../framework/command.ts';
import { CliError } from '../framework/errors.ts';
import { demoConfig, loadConfig } from '../offline/offline-config.ts';
import { renderRows } from '../framework/render.ts';

const ZInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const ZCodeList = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'a comma-separated list of codes, e.g. 1,2,5,6')
  .transform((s) => s.split(',').map(Number));
const ZLayoutShorthand = z
  .string()
  .regex(/^\d+,\d+$/, 'X,T: code bits and day bits, e.g. 4,14')
  .transform((s) => s.split(',').map(Number) as [number, number]);

const ZDecodeArgs = z.object({
  id: z.string(),
  config: z.string().optional(),
  layout: ZLayoutShorthand.optional(),
  codeBits: ZInt(1, 12).optional(),
  dayBits: ZInt(1, 20).optional(),
  epoch: z.iso.datetime({ offset: true, message: 'an ISO instant such as 2023-03-02T00:00:00+08:00' }).optional(),
  deployed: ZCodeList.optional(),
  bottom: ZInt(0, 4095).optional(),
  json: z.boolean().optional(),
});

export interface DecodedId {
  id: string;
  kind: 'grouped' | 'normal';
  code: number;
  day: number;
  /** YYYY-MM-DD of the relative day in the epoch's offset (+08:00), first 2^T-day cycle. */
  date: string;
  storageCode: number;
}

const idDecode = defineCommand({
  path: ['id', 'decode'],
  summary: 'decode a meeting ID: grouped/normal, storage code, relative day, where it is stored',
  positionals: ['id'],
  flags: {
    config: { type: 'string', description: 'snapshot JSON for layout, deployed codes and bottom (default: demo)' },
    layout: { type: 'string', description: 'X,T shorthand for --code-bits and --day-bits' },
    'code-bits': { type: 'string', description: 'X, storage-code bits (demo: 4)' },
    'day-bits': { type: 'string', description: 'T, relative-day bits (demo: 14)' },
    epoch: { type: 'string', description: 'day 0 (demo: 2023-03-02T00:00:00+08:00)' },
    deployed: { type: 'string', description: 'deployed codes, e.g. 1,2,5,6 (demo)' },
    bottom: { type: 'string', description: 'bottom code for undeployed codes (demo: 2)' },
  },
  args: ZDecodeArgs,
  run(a, ctx) {
    const base = a.config !== undefined ? loadConfig(a.config, ctx.cwd) : demoConfig();
    const layout: MeetingIdLayout = {
      codeBits: a.codeBits ?? a.layout?.[0] ?? base.layout.codeBits,
      dayBits: a.dayBits ?? a.layout?.[1] ?? base.layout.dayBits,
      epoch: a.epoch ?? base.layout.epoch,
    };
    const decoded = decode(a.id, layout, a.deployed ?? base.deployedCodes, a.bottom ?? base.bottom);
    const fell = decoded.storageCode === decoded.code ? '' : ` (code ${decoded.code} not deployed → bottom)`;
    const text = renderRows([
      ['id', decoded.id],
      ['kind', decoded.kind],
      ['code', String(decoded.code)],
      ['day', `${decoded.day} (${decoded.date})`],
      ['storage code', `${decoded.storageCode}${fell}`],
    ]);
    return { json: decoded, text };
  },
});

export function decode(id: string, layout: MeetingIdLayout, deployed: readonly number[], bottom: number): DecodedId {
  try {
    const p = decodeMeetingId(id, layout);
    return {
      id: BigInt(id).toString(),
      kind: p.kind,
      code: p.code,
      day: p.day,
      date: formatDay(p.day, layout),
      storageCode: resolveStorageCode(p.code, deployed, bottom),
    };
  } catch (e) {
    if (e instanceof CoreError) {
      const code = e.code.startsWith('ID_') && e.code !== 'ID_PARTS_INVALID' ? 'INVALID_ID' : 'INVALID_ARGUMENT';
      throw new CliError(code, e.message, e.code);
    }
    throw e;
  }
}

export const idCommands: readonly Command[] = [idDecode];
