/**
 * Route handlers get whole bodies by default (Next.js sets no limit on route handlers), and
 * tRPC parses and, for refused mutations, audits them. Bodies above the limit are refused
 * with 413 before anything reads them: by Content-Length when sent, else while streaming.
 */
import { jsonError } from './json-response.ts';

const tooLarge = (maxBytes: number): Response =>
  jsonError(413, 'PAYLOAD_TOO_LARGE', `request bodies are limited to ${maxBytes} bytes; send a smaller input`);

/** The request with its body buffered, or a 413 response. */
export async function limitBody(req: Request, maxBytes: number): Promise<Request | Response> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) return tooLarge(maxBytes);
  if (!req.body) return req;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new Request(req.url, {
    method: req.method,
    headers: req.headers,
    body: Buffer.concat(chunks),
    signal: req.signal,
  });
}
