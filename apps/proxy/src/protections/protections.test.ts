import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../pipeline/dispatch.ts';
import { cmd, FakeSession, fakeWorker, type FakeWorker } from '../testing/fake-session.ts';

let worker: FakeWorker;
afterEach(() => worker.close());

/** Outcome counts of the demo caller's refused GETs (the '-' instance: refused before routing). */
const refusedSeries = (w: FakeWorker) => w.ctx.guard.metrics.series('demo', 'GET', '-');

describe('protections: admission checks before routing (DESIGN §8)', () => {
  it('drops a caller under a degradation rule, counted per rule, and sends nothing', () => {
    worker = fakeWorker((s) => {
      s.degradation = { callers: [{ caller: 'demo', ratio: 1 }], keys: [] };
    });
    const session = new FakeSession(worker.ctx);
    dispatch(session, cmd('GET', 'key:1'));
    expect(session.written).toEqual(['-ERR SWITCHYARD degraded (caller demo)\r\n']);
    expect(worker.ctx.guard.protections.droppedCallers.get('demo')).toBe(1);
    expect(refusedSeries(worker).count('dropped')).toBe(1);
    expect(worker.upstream.sent).toEqual([]);
  });

  it('drops only the exact key a key rule names', () => {
    worker = fakeWorker((s) => {
      s.degradation = { callers: [], keys: [{ key: 'key:hot', ratio: 1 }] };
    });
    const session = new FakeSession(worker.ctx);
    dispatch(session, cmd('GET', 'key:hot'));
    dispatch(session, cmd('GET', 'key:cold'));
    expect(session.written).toEqual(['-ERR SWITCHYARD degraded (key key:hot)\r\n', '+OK\r\n']);
    expect(worker.ctx.guard.protections.droppedKeys.get('key:hot')).toBe(1);
    expect(worker.upstream.sent.map((s) => s.args[1])).toEqual(['key:cold']);
  });

  it("limits a caller to its QPS: one second's burst passes, the next request is refused", () => {
    worker = fakeWorker((s) => {
      s.callers[0]!.qpsLimit = 2;
    });
    const session = new FakeSession(worker.ctx);
    for (let i = 0; i < 3; i++) dispatch(session, cmd('GET', 'key:1'));
    expect(session.written.slice(2)).toEqual(['-ERR SWITCHYARD rate limited (caller demo)\r\n']);
    expect(worker.upstream.sent).toHaveLength(2);
    expect(refusedSeries(worker).count('limited')).toBe(1);
  });

  it('answers BUSY past the in-flight bound, and admits again once a reply came back', () => {
    worker = fakeWorker((s) => {
      s.limits = { maxInFlight: 1 };
    });
    worker.upstream.reply = () => null;
    const session = new FakeSession(worker.ctx);
    dispatch(session, cmd('GET', 'key:1'));
    dispatch(session, cmd('GET', 'key:2'));
    worker.upstream.sent[0]!.answer(Buffer.from('$-1\r\n'));
    dispatch(session, cmd('GET', 'key:3'));
    expect(session.written).toEqual([
      '$-1\r\n',
      '-BUSY SWITCHYARD too many requests in flight (limit 1); retry shortly\r\n',
    ]);
    expect(worker.upstream.sent.map((s) => s.args[1])).toEqual(['key:1', 'key:3']);
    expect(refusedSeries(worker).count('busy')).toBe(1);
  });

  it('applies at MULTI queue time too: a refused command makes EXEC abort', () => {
    worker = fakeWorker((s) => {
      s.degradation = { callers: [{ caller: 'demo', ratio: 1 }], keys: [] };
    });
    const session = new FakeSession(worker.ctx);
    for (const c of [cmd('MULTI'), cmd('GET', 'key:1'), cmd('EXEC')]) dispatch(session, c);
    expect(session.written.slice(1)).toEqual([
      '-ERR SWITCHYARD degraded (caller demo)\r\n',
      '-EXECABORT Transaction discarded because of previous errors.\r\n',
    ]);
    expect(worker.upstream.sent).toEqual([]);
  });
});
