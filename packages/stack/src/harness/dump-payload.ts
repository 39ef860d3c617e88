/**
 * DUMP payloads for RESTORE tests and drills (issue 14): `<type><body><rdb version u16 LE>
 * <crc64 LE>`, where the CRC is Redis's crc64 (Jones polynomial, reflected) over everything
 * before it. A payload can be corrupted and re-signed, so only Redis's deep sanitization
 * (`sanitize-dump-payload yes`) stands between it and the keyspace.
 */

const POLY = 0x95ac9329ac4bc9b5n; // 0xad93d23594c935a9 bit-reversed
const MASK = (1n << 64n) - 1n;

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = BigInt(n);
  for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ POLY : c >> 1n;
  return c;
});

export function crc64(data: Uint8Array): bigint {
  let crc = 0n;
  for (const byte of data) crc = (TABLE[Number((crc ^ BigInt(byte)) & 0xffn)]! ^ (crc >> 8n)) & MASK;
  return crc;
}

/** Whether the payload's trailing CRC matches its content. */
export function dumpCrcValid(payload: Buffer): boolean {
  return crc64(payload.subarray(0, payload.length - 8)) === payload.readBigUInt64LE(payload.length - 8);
}

/** The payload with a fresh CRC after its content was edited. */
export function resignDump(payload: Buffer): Buffer {
  const out = Buffer.from(payload);
  out.writeBigUInt64LE(crc64(out.subarray(0, out.length - 8)), out.length - 8);
  return out;
}

/**
 * A small hash's DUMP (type 16, listpack) with its first entry's back-length byte broken and
 * the CRC re-signed: shallow checks (header, terminator, CRC) pass, deep sanitization fails.
 * `payload` must be the DUMP of a hash of a few short fields.
 */
export function corruptListpackDump(payload: Buffer): Buffer {
  if (payload[0] !== 16) throw new Error(`expected a listpack hash DUMP (type 16), got type ${payload[0]}`);
  // After the type byte: an RDB string length (6-bit form for a short listpack), then the listpack:
  // total bytes u32, element count u16, then entries `<encoding+data><backlen>`.
  if ((payload[1]! & 0xc0) !== 0) throw new Error('expected a listpack under 64 bytes');
  const lp = 2;
  const first = lp + 6;
  const enc = payload[first]!;
  if ((enc & 0xc0) !== 0x80) throw new Error('expected the first entry to be a short string');
  const len = enc & 0x3f;
  const out = Buffer.from(payload);
  out[first + 1 + len] = (out[first + 1 + len]! + 7) & 0x7f; // the entry's back-length
  return resignDump(out);
}
