import { afterEach, describe, expect, it } from 'vitest';
import { ConfigHolder } from '../config-poller/active-config.ts';
import { cmd, FakeSession, fakeWorker, type FakeWorker } from '../testing/fake-session.ts';
import { dispatch } from './dispatch.ts';

let worker: FakeWorker;
afterEach(() => worker.close());

function setup(caller: string | null = 'demo'): { w: FakeWorker; session: FakeSession } {
  worker = fakeWorker();
  return { w: worker, session: new FakeSession(worker.ctx, caller) };
}

describe('dispatch: the order of the steps', () => {
  it('forwards a GET to the instance its key routes to and writes the backend reply', () => {
    const { w, session } = setup();
    w.upstream.reply = () => Buffer.from('$2\r\nhi\r\n');
    dispatch(session, cmd('GET', 'key:1'));
    expect(w.upstream.sent.map((s) => [s.instance, s.args])).toEqual([['gz-enterprise', ['GET', 'key:1']]]);
    expect(session.written).toEqual(['$2\r\nhi\r\n']);
    expect(w.ctx.guard.protections.inFlight).toBe(0);
    expect(w.ctx.stats.commandsProcessed).toBe(1);
  });

  it('answers NOAUTH before anything else when the session has no caller and there is no nopass default', () => {
    const { w, session } = setup(null);
    dispatch(session, cmd('GET', 'key:1'));
    dispatch(session, cmd('PING'));
    expect(session.written).toEqual(['-NOAUTH Authentication required.\r\n', '-NOAUTH Authentication required.\r\n']);
    expect(w.upstream.sent).toEqual([]);
  });

  it('keeps replies in request order: a local PING waits behind a GET still at the backend', () => {
    const { w, session } = setup();
    w.upstream.reply = () => null;
    dispatch(session, cmd('GET', 'key:1'));
    dispatch(session, cmd('PING'));
    expect(session.written).toEqual([]);
    w.upstream.sent[0]!.answer(Buffer.from('$-1\r\n'));
    expect(session.written).toEqual(['$-1\r\n', '+PONG\r\n']);
  });

  it('refuses dangerous, unknown and badly-sized commands without reaching a backend', () => {
    const { w, session } = setup();
    dispatch(session, cmd('FLUSHALL'));
    dispatch(session, cmd('NOSUCH', 'a'));
    dispatch(session, cmd('GET'));
    expect(session.written).toEqual([
      "-ERR SWITCHYARD command 'flushall' is disabled by the proxy\r\n",
      "-ERR unknown command 'NOSUCH', with args beginning with: 'a' \r\n",
      "-ERR wrong number of arguments for 'get' command\r\n",
    ]);
    expect(w.upstream.sent).toEqual([]);
  });

  it('answers LOADING while the worker has no config, but still answers local commands', () => {
    const { w, session } = setup();
    (w.ctx as { holder: ConfigHolder }).holder = new ConfigHolder();
    dispatch(session, cmd('GET', 'key:1'));
    dispatch(session, cmd('ECHO', 'x'));
    expect(session.written).toEqual([
      '-LOADING SWITCHYARD the proxy has no config yet; retry shortly\r\n',
      '$1\r\nx\r\n',
    ]);
  });

  it('queues inside MULTI, and a command refused at queue time aborts EXEC with nothing sent', () => {
    const { w, session } = setup();
    for (const c of [cmd('MULTI'), cmd('SET', 'key:1', 'v'), cmd('FLUSHALL'), cmd('EXEC')]) dispatch(session, c);
    expect(session.written).toEqual([
      '+OK\r\n',
      '+QUEUED\r\n',
      "-ERR SWITCHYARD command 'flushall' is disabled by the proxy\r\n",
      '-EXECABORT Transaction discarded because of previous errors.\r\n',
    ]);
    expect(w.upstream.sent).toEqual([]);
    expect(session.tx).toBeNull();
  });

  it('runs registry commands after admission: WATCH, a registry entry, refuses to run inside MULTI', () => {
    const { w, session } = setup();
    dispatch(session, cmd('MULTI'));
    dispatch(session, cmd('WATCH', 'key:1'));
    expect(session.written).toEqual(['+OK\r\n', '-ERR WATCH inside MULTI is not allowed\r\n']);
    expect(w.upstream.sent).toEqual([]);
  });
});
