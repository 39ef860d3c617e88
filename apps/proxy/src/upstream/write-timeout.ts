/**
 * A backend that did not answer in time may still have applied the request (issue 14
 * finding 8: 310 of 60,000 timed-out SETs had been). Reads keep the plain timeout error;
 * writes get one that says the write may have been applied, so a client does not blindly
 * retry an INCR.
 */
import { errorReply, proxyErrorOf } from '../errors.ts';

/** The write-timeout error when buf[start, end) is the proxy's backend-timeout error (by code), else null. */
export function writeTimeoutReply(buf: Buffer, start: number, end: number): Buffer | null {
  const tag = proxyErrorOf(buf, start, end);
  return tag?.code === 'BACKEND_TIMEOUT' ? errorReply('BACKEND_TIMEOUT_WRITE', ...tag.args) : null;
}
