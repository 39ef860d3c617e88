import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorReply } from '../errors.ts';
import { cmd, FakeSession, fakeWorker, type FakeWorker } from '../testing/fake-session.ts';
import { dispatch } from './dispatch.ts';

/** A meeting id of code 1 (fixture.ts's meetingId): `stable_<mid>` keys have the 5m cache tier. */
const mid = (random: bigint): string => ((1n << 60n) | (1n << 31n) | random).toString();
const FIVE_MINUTES = 300_000;

let worker: FakeWorker;
afterEach(() => {
  worker.close();
  vi.useRealTimers();
});

function setup(): { w: FakeWorker; session: FakeSession; key: string } {
  worker = fakeWorker();
  return { w: worker, session: new FakeSession(worker.ctx), key: `stable_${mid(7n)}` };
}

describe('cached reads (seed 001 §3.4)', () => {
  it('fills the cache on a miss and answers the next GET itself, with the same bytes', () => {
    const { w, session, key } = setup();
    w.upstream.reply = () => Buffer.from('$5\r\nvalue\r\n');
    dispatch(session, cmd('GET', key));
    dispatch(session, cmd('GET', key));
    expect(w.upstream.sent).toHaveLength(1);
    expect(session.written).toEqual(['$5\r\nvalue\r\n', '$5\r\nvalue\r\n']);
    expect([w.ctx.guard.cache.misses, w.ctx.guard.cache.hits]).toEqual([1, 1]);
  });

  it('does not cache an error reply from the backend', () => {
    const { w, session, key } = setup();
    w.upstream.reply = () => Buffer.from('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n');
    dispatch(session, cmd('GET', key));
    dispatch(session, cmd('GET', key));
    expect(w.upstream.sent).toHaveLength(2);
    expect(w.ctx.guard.cache.hits).toBe(0);
  });

  it('keeps RESP2 and RESP3 entries apart', () => {
    const { w, session, key } = setup();
    dispatch(session, cmd('GET', key));
    const resp3 = new FakeSession(w.ctx);
    resp3.setProtocol(3);
    dispatch(resp3, cmd('GET', key));
    expect(w.upstream.sent).toHaveLength(2);
  });

  it('a write to the key drops the entry: the next GET goes to the backend again', () => {
    const { w, session, key } = setup();
    w.upstream.reply = (args) => Buffer.from(args[0] === 'SET' ? '+OK\r\n' : '$1\r\na\r\n');
    dispatch(session, cmd('GET', key));
    dispatch(session, cmd('SET', key, 'b'));
    dispatch(session, cmd('GET', key));
    expect(w.upstream.sent.map((s) => s.args[0])).toEqual(['GET', 'SET', 'GET']);
  });

  it('serves an entry expired for less than one more TTL when the backend is down, and counts it', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { w, session, key } = setup();
    w.upstream.reply = () => Buffer.from('$3\r\nold\r\n');
    dispatch(session, cmd('GET', key));
    vi.setSystemTime(Date.now() + FIVE_MINUTES + 1);
    w.upstream.reply = (_args, instance) => errorReply('BACKEND_DOWN', instance, 'connection refused');
    dispatch(session, cmd('GET', key));
    expect(session.written).toEqual(['$3\r\nold\r\n', '$3\r\nold\r\n']);
    expect(w.ctx.guard.cache.staleServes).toBe(1);
  });

  it('passes the backend error on once the entry is older than two TTLs', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { w, session, key } = setup();
    dispatch(session, cmd('GET', key));
    vi.setSystemTime(Date.now() + 2 * FIVE_MINUTES + 1);
    w.upstream.reply = (_args, instance) => errorReply('CIRCUIT_OPEN', instance);
    dispatch(session, cmd('GET', key));
    expect(session.written[1]).toMatch(/^-ERR SWITCHYARD circuit open/);
    expect(w.ctx.guard.cache.staleServes).toBe(0);
  });

  it('MGET sends only the misses, in one request, and reassembles the reply in key order', () => {
    const { w, session } = setup();
    const [a, b, c] = [`stable_${mid(1n)}`, `stable_${mid(2n)}`, `stable_${mid(3n)}`];
    w.upstream.reply = () => Buffer.from('$2\r\nvb\r\n');
    dispatch(session, cmd('GET', b));
    w.upstream.reply = () => Buffer.from('*2\r\n$2\r\nva\r\n$2\r\nvc\r\n');
    dispatch(session, cmd('MGET', a, b, c));
    expect(w.upstream.sent.map((s) => s.args)).toEqual([
      ['GET', b],
      ['MGET', a, c],
    ]);
    expect(session.written[1]).toBe('*3\r\n$2\r\nva\r\n$2\r\nvb\r\n$2\r\nvc\r\n');
  });
});
