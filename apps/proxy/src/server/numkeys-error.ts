/**
 * Redis's own error texts for a bad `numkeys` argument (EVAL "return 1" -1, ZUNION 0 ...),
 * which the proxy finds while extracting keys, before the command could reach Redis.
 */
import * as resp from '../resp/encode.ts';

const SCRIPTS = new Set(['EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'FCALL', 'FCALL_RO']);

/** The error Redis gives `name` for numkeys text `raw` with `rest` arguments after it; null = not a numkeys problem. */
export function numkeysError(name: string, raw: string, rest: number): Buffer | null {
  const n = /^-?\d{1,19}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) return resp.error('ERR value is not an integer or out of range');
  if (SCRIPTS.has(name)) {
    if (n < 0) return resp.error("ERR Number of keys can't be negative");
    if (n > rest) return resp.error("ERR Number of keys can't be greater than number of args");
    return null;
  }
  if (n < 1) return resp.error(`ERR at least 1 input key is needed for '${name.toLowerCase()}' command`);
  if (n > rest) return resp.error('ERR syntax error');
  return null;
}
