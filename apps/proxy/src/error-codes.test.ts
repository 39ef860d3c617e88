import { describe, expect, it } from 'vitest';
import { errorReply, proxyErrorOf } from './errors.ts';
import { RequestMetrics } from './telemetry/request-metrics.ts';
import { writeTimeoutReply } from './upstream/write-timeout.ts';

describe('proxy error replies carry their catalog code', () => {
  it('returns the code and arguments of a whole proxy-built reply only', () => {
    const down = errorReply('BACKEND_DOWN', 'spare', 'refused');
    expect(down.toString()).toBe("-ERR SWITCHYARD backend 'spare' unavailable: refused\r\n");
    expect(proxyErrorOf(down)).toEqual({ code: 'BACKEND_DOWN', args: ['spare', 'refused'] });
    // A range inside it, a copy of its bytes, or a backend's error are not ours.
    expect(proxyErrorOf(down, 1, down.length)).toBeUndefined();
    expect(proxyErrorOf(Buffer.from(down))).toBeUndefined();
    expect(proxyErrorOf(Buffer.from('-ERR unknown command\r\n'))).toBeUndefined();
  });

  it('turns only a backend timeout into the write-timeout error, keeping the instance', () => {
    const timeout = errorReply('BACKEND_TIMEOUT', 'gz-personal');
    const w = writeTimeoutReply(timeout, 0, timeout.length);
    expect(w?.toString()).toMatch(/^-ERR SWITCHYARD backend 'gz-personal' timed out; the write may have been applied/);
    expect(w && proxyErrorOf(w)?.code).toBe('BACKEND_TIMEOUT_WRITE');
    const down = errorReply('BACKEND_DOWN', 'gz-personal', 'refused');
    expect(writeTimeoutReply(down, 0, down.length)).toBeNull();
    // The same text from a backend (e.g. a proxy behind a proxy) is the backend's error, passed on.
    expect(writeTimeoutReply(Buffer.from(timeout), 0, timeout.length)).toBeNull();
  });

  it('counts circuit-open replies by code, and look-alike texts as plain errors', () => {
    const m = new RequestMetrics();
    const s = m.series('c', 'GET', 'i');
    const open = errorReply('CIRCUIT_OPEN', 'i');
    m.observe(s, -1, open, 0, open.length);
    m.observe(s, -1, Buffer.from(open), 0, open.length);
    expect([s.count('circuit_open'), s.count('error')]).toEqual([1, 1]);
  });
});
