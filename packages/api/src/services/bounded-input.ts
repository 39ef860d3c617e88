/** Caps what one audit field may hold: anyone can send a large input, and audit.list returns it. */

/** The input as is when small; else `{truncated: true, bytes, preview}` with the first `maxBytes` of its JSON. */
export function boundedInput(value: unknown, maxBytes: number): unknown {
  if (value === undefined) return undefined;
  const json = JSON.stringify(value) ?? 'null';
  const bytes = Buffer.byteLength(json);
  if (bytes <= maxBytes) return value;
  return { truncated: true, bytes, preview: `${Buffer.from(json).subarray(0, maxBytes).toString('utf8')}…` };
}
