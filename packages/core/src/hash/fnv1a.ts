/**
 * FNV-1a, 32 bit, over the UTF-8 bytes of a string. Buckets and hash routing depend on it
 * forever (a change moves keys), so it is pinned by golden vectors in `bucket.golden.json`.
 * It walks UTF-16 code units and emits UTF-8 inline so the hot path allocates nothing.
 */
const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;

const step = (h: number, byte: number): number => Math.imul(h ^ byte, PRIME) >>> 0;

export function fnv1a32(text: string): number {
  let h = OFFSET_BASIS;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      h = step(h, c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    // Lone surrogates encode as U+FFFD, as TextEncoder does.
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) {
      h = step(step(h, 0xc0 | (c >> 6)), 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      h = step(step(step(h, 0xe0 | (c >> 12)), 0x80 | ((c >> 6) & 0x3f)), 0x80 | (c & 0x3f));
    } else {
      h = step(h, 0xf0 | (c >> 18));
      h = step(step(step(h, 0x80 | ((c >> 12) & 0x3f)), 0x80 | ((c >> 6) & 0x3f)), 0x80 | (c & 0x3f));
    }
  }
  return h;
}
