/**
 * A backend that did not answer in time may still have applied the request (issue 14
 * finding 8: 310 of 60,000 timed-out SETs had been). Reads keep the plain timeout error;
 * writes get one that says the write may have been applied, so a client does not blindly
 * retry an INCR.
 */
import { errorReply, PROXY_ERRORS } from '../errors.ts';

const [HEAD, TAIL] = PROXY_ERRORS.BACKEND_TIMEOUT('\u0000').split('\u0000') as [string, string];
const PREFIX = Buffer.from(`-${HEAD}`);
const SUFFIX = Buffer.from(`${TAIL}\r\n`);

/** The write-timeout error when buf[start, end) is the proxy's backend-timeout error, else null. */
export function writeTimeoutReply(buf: Buffer, start: number, end: number): Buffer | null {
  if (buf[start] !== 45 || end - start < PREFIX.length + SUFFIX.length) return null;
  if (buf.compare(PREFIX, 0, PREFIX.length, start, start + PREFIX.length) !== 0) return null;
  if (buf.compare(SUFFIX, 0, SUFFIX.length, end - SUFFIX.length, end) !== 0) return null;
  return errorReply('BACKEND_TIMEOUT_WRITE', buf.toString('utf8', start + PREFIX.length, end - SUFFIX.length));
}
