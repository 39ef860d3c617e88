/**
 * Frames RESP2 and RESP3 replies from a backend without decoding them: the proxy forwards the raw
 * bytes, so it only needs to know where each reply ends. Also extracts the raw elements of
 * an array reply (MGET splitting) and reads integer/status replies (DEL sums, MSET).
 */

const CR = 13;

/**
 * End offset (exclusive) of the reply starting at `from`, or a negative number -n meaning
 * "incomplete; at least n bytes from `from` are needed".
 */
export function scanReply(buf: Buffer, from: number): number {
  const len = buf.length;
  if (from >= len) return -1;
  const cr = buf.indexOf(CR, from + 1);
  if (cr < 0 || cr + 1 >= len) return -(len - from + 1);
  const type = buf[from]!;
  const lineEnd = cr + 2;
  if (isLineType(type)) return lineEnd;
  const n = parseInteger(buf, from + 1, cr);
  if (isBulkType(type)) {
    if (n < 0) return lineEnd;
    const end = lineEnd + n + 2;
    return end <= len ? end : -(end - from);
  }
  const count = aggregateCount(type, n);
  if (count === 0 && aggregateCount(type, 1) === 0) throw new Error(`unexpected RESP type byte ${type} from backend`);
  let at = lineEnd;
  for (let i = 0; i < count; i++) {
    const end = scanReply(buf, at);
    if (end < 0) return -(at - from - end);
    at = end;
  }
  return at;
}

/** One-line types: simple string, error, integer, and RESP3's null, boolean, double, big number. */
export function isLineType(type: number): boolean {
  return (
    type === 43 /* + */ ||
    type === 45 /* - */ ||
    type === 58 /* : */ ||
    type === 95 /* _ */ ||
    type === 35 /* # */ ||
    type === 44 /* , */ ||
    type === 40
  ); /* ( */
}

/** Length-prefixed types: bulk string, and RESP3's verbatim string and blob error. */
export function isBulkType(type: number): boolean {
  return type === 36 /* $ */ || type === 61 /* = */ || type === 33; /* ! */
}

/**
 * Elements that follow an aggregate header with count `n`, or 0 when `type` is no aggregate
 * (or a null/empty one). A map (and an attribute) holds n key-value pairs; an attribute is
 * followed by the reply it annotates, which belongs to the same element.
 */
export function aggregateCount(type: number, n: number): number {
  if (type === 42 /* * */ || type === 126 /* ~ */ || type === 62 /* > */) return n > 0 ? n : 0;
  if (type === 37 /* % */) return n > 0 ? 2 * n : 0;
  if (type === 124 /* | */) return n >= 0 ? 2 * n + 1 : 0;
  return 0;
}

export function parseInteger(buf: Buffer, from: number, to: number): number {
  let i = from;
  let sign = 1;
  if (buf[i] === 45) {
    sign = -1;
    i++;
  }
  let n = 0;
  for (; i < to; i++) n = n * 10 + (buf[i]! - 48);
  return sign * n;
}

/** Raw bytes of each element of a complete array reply; null if the reply is not an array. */
export function arrayElements(reply: Buffer): Buffer[] | null {
  if (reply[0] !== 42) return null;
  const cr = reply.indexOf(CR, 1);
  const n = parseInteger(reply, 1, cr);
  const out: Buffer[] = [];
  let at = cr + 2;
  for (let i = 0; i < n; i++) {
    const end = scanReply(reply, at);
    out.push(reply.subarray(at, end));
    at = end;
  }
  return out;
}

export function isErrorReply(reply: Buffer): boolean {
  return reply[0] === 45 || reply[0] === 33;
}

/** The value of an integer reply, or null if it is not one. */
export function integerReply(reply: Buffer): number | null {
  if (reply[0] !== 58) return null;
  return parseInteger(reply, 1, reply.indexOf(CR, 1));
}
