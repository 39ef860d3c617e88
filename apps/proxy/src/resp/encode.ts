/**
 * Encoders for replies the proxy makes itself and for requests it builds. RESP2 by default;
 * the `Proto`-taking ones encode in the session's protocol (RESP3 after HELLO 3).
 */

const CRLF = '\r\n';

export const OK = Buffer.from('+OK\r\n');
export const QUEUED = Buffer.from('+QUEUED\r\n');
export const PONG = Buffer.from('+PONG\r\n');
export const NULL_BULK = Buffer.from('$-1\r\n');
export const NULL_ARRAY = Buffer.from('*-1\r\n');
export const EMPTY_ARRAY = Buffer.from('*0\r\n');

export function status(text: string): Buffer {
  return Buffer.from(`+${text}${CRLF}`);
}

/** An error reply; newlines are flattened because RESP errors are one line. */
export function error(message: string): Buffer {
  return Buffer.from(`-${message.replace(/[\r\n]+/g, ' ')}${CRLF}`);
}

export function integer(n: number): Buffer {
  return Buffer.from(`:${n}${CRLF}`);
}

export function bulk(value: Buffer | string | null): Buffer {
  if (value === null) return NULL_BULK;
  const body = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([Buffer.from(`$${body.length}${CRLF}`), body, Buffer.from(CRLF)]);
}

/** An array reply from already-encoded elements. */
export function array(elements: readonly Buffer[]): Buffer {
  return Buffer.concat([Buffer.from(`*${elements.length}${CRLF}`), ...elements]);
}

/** A request (array of bulk strings) from arguments. */
export function command(args: ReadonlyArray<Buffer | string>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}${CRLF}`)];
  for (const arg of args) {
    const body = typeof arg === 'string' ? Buffer.from(arg) : arg;
    parts.push(Buffer.from(`$${body.length}${CRLF}`), body, Buffer.from(CRLF));
  }
  return Buffer.concat(parts);
}

/** A decoded value (as ioredis returns it) back to RESP; `statusText` marks status replies. */
export type ReplyValue = Buffer | string | number | null | Error | ReplyValue[];

export function value(v: ReplyValue, asStatus = false): Buffer {
  if (v === null || v === undefined) return NULL_BULK;
  if (v instanceof Error) return error(v.message);
  if (typeof v === 'number') return integer(v);
  if (Array.isArray(v)) return array(v.map((e) => value(e)));
  if (asStatus) return status(v.toString());
  return bulk(v);
}

export type Proto = 2 | 3;

export const NULL3 = Buffer.from('_\r\n');

/** A nil bulk string: `$-1` in RESP2, `_` in RESP3. */
export function nil(proto: Proto): Buffer {
  return proto === 3 ? NULL3 : NULL_BULK;
}

/** A nil array (an aborted EXEC): `*-1` in RESP2, `_` in RESP3. */
export function nilArray(proto: Proto): Buffer {
  return proto === 3 ? NULL3 : NULL_ARRAY;
}

export function bulkOrNil(proto: Proto, value: Buffer | string | null): Buffer {
  return value === null ? nil(proto) : bulk(value);
}

/** A map from already-encoded key, value, key, value... (a flat array in RESP2). */
export function map(proto: Proto, kv: readonly Buffer[]): Buffer {
  if (proto === 2) return array(kv);
  return Buffer.concat([Buffer.from(`%${kv.length >> 1}${CRLF}`), ...kv]);
}

/** Text Redis sends as a verbatim string in RESP3 (INFO, CLIENT LIST), a bulk in RESP2. */
export function verbatim(proto: Proto, text: string): Buffer {
  if (proto === 2) return bulk(text);
  const body = Buffer.from(`txt:${text}`);
  return Buffer.concat([Buffer.from(`=${body.length}${CRLF}`), body, Buffer.from(CRLF)]);
}
