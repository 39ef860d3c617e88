import { compileConfig, DEMO_INSTANCES, demoSnapshot, ZConfigSnapshot, type CompiledConfig } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { Command } from '../resp/command.ts';
import { commandSpec } from '../routing/command-table.ts';
import { decide } from '../routing/plan.ts';
import type { ReplySink, Upstream } from '../upstream/upstream.ts';
import { WriteLogRecorder } from './write-log-recorder.ts';

const ports = Object.fromEntries(DEMO_INSTANCES.map((i, n) => [i.name, 7000 + n]));
const cfg = (edit: (s: ReturnType<typeof ZConfigSnapshot.parse>) => void = () => undefined): CompiledConfig => {
  const s = ZConfigSnapshot.parse(demoSnapshot({ host: '127.0.0.1', ports }, 'h'));
  edit(s);
  return compileConfig(s);
};
/** A normal meeting ID of `code` in the demo layout. */
const mid = (code: number, n = 7): string => ((1n << 60n) | (BigInt(code) << 31n) | BigInt(n)).toString();
const cmd = (...args: string[]): Command => Command.fromArgs(args);

/** Pure-unit stand-in for the upstream: records what is sent to the control instance. */
function fakeUpstream(reply: (args: string[]) => Buffer) {
  const sent: { instance: string; args: string[]; cb: ReplySink }[] = [];
  const upstream = {
    send(_cfg: CompiledConfig, instance: string, command: Command, _replica: boolean, cb: ReplySink) {
      sent.push({ instance, args: command.args().map((b) => b.toString()), cb });
    },
  };
  const answer = (): void => {
    for (const s of sent.splice(0)) {
      const r = reply(s.args);
      s.cb(r, 0, r.length);
    }
  };
  return { upstream: upstream as unknown as Upstream, sent, answer };
}
const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * The keys `wrap` logs for one command, as the XADD sent to the control instance names them
 * (with its stream), or null when it returns the sink unchanged (nothing to log).
 */
async function loggedKeys(c: CompiledConfig, ...argv: string[]): Promise<{ stream: string; keys: string[] } | null> {
  const f = fakeUpstream(() => Buffer.from('$3\r\n1-0\r\n'));
  const done: ReplySink = () => undefined;
  const sink = new WriteLogRecorder(f.upstream, 'control').wrap(c, argv[0]!, cmd(...argv), done);
  if (sink === done) return null;
  sink(Buffer.from('+OK\r\n'), 0, 5);
  await nextTurn();
  expect(f.sent).toHaveLength(1);
  const args = f.sent[0]!.args;
  return { stream: args[1]!, keys: args.filter((_, i) => i > 3 && args[i - 1] === 'k') };
}

describe('what a write logs', () => {
  it('logs writes of the write-log code (6) at its home, not reads, not other codes', async () => {
    const c = cfg();
    expect(await loggedKeys(c, 'SET', `shadow_{${mid(6)}}`, 'v')).toEqual({
      stream: 'sy:wlog:6',
      keys: [`shadow_{${mid(6)}}`],
    });
    expect(await loggedKeys(c, 'GET', `shadow_{${mid(6)}}`)).toBeNull();
    expect(await loggedKeys(c, 'SET', `shadow_{${mid(1)}}`, 'v')).toBeNull();
    expect(await loggedKeys(c, 'DEL', `shadow_{${mid(6, 1)}}`, `shadow_{${mid(1)}}`, `shadow_{${mid(6, 2)}}`)).toEqual({
      stream: 'sy:wlog:6',
      keys: [`shadow_{${mid(6, 1)}}`, `shadow_{${mid(6, 2)}}`],
    });
  });

  it('stops logging once the home region is failed over (writes go to the mirror)', async () => {
    const c = cfg((s) => {
      s.failover = [{ from: 'sh', to: 'gz' }];
    });
    expect(await loggedKeys(c, 'SET', `shadow_{${mid(6)}}`, 'v')).toBeNull();
  });

  it('logs nothing when no code has a write-log mirror', async () => {
    const c = cfg((s) => {
      for (const code of s.codes) code.mirrorModes = {};
    });
    expect(await loggedKeys(c, 'SET', `shadow_{${mid(6)}}`, 'v')).toBeNull();
  });
});

describe('WriteLogRecorder.mayLog', () => {
  const rec = new WriteLogRecorder(fakeUpstream(() => Buffer.from('+OK\r\n')).upstream, 'control');
  const decisionOf = (c: CompiledConfig, key: string) => {
    const d = decide(c, key);
    if (Buffer.isBuffer(d)) throw new Error(`no route for ${key}`);
    return d.decision;
  };

  it('asks a single-key write its own decision: only the write-log code builds a sink', () => {
    const c = cfg();
    const six = `shadow_{${mid(6)}}`;
    const one = `shadow_{${mid(1)}}`;
    expect(rec.mayLog(c, commandSpec('SET')!, decisionOf(c, six))).toBe(true);
    expect(rec.mayLog(c, commandSpec('SET')!, decisionOf(c, one))).toBe(false);
    expect(rec.mayLog(c, commandSpec('SET')!, decisionOf(c, 'key:1'))).toBe(false);
    expect(rec.mayLog(c, commandSpec('GET')!, decisionOf(c, six))).toBe(false);
  });

  it('leaves multi-key writes and split plans to wrap(), which checks every key', () => {
    const c = cfg();
    const one = decisionOf(c, `shadow_{${mid(1)}}`);
    expect(rec.mayLog(c, commandSpec('DEL')!, one)).toBe(true);
    expect(rec.mayLog(c, commandSpec('MSET')!, one)).toBe(true);
    expect(rec.mayLog(c, commandSpec('SET')!, null)).toBe(true);
  });

  it('is false for every write when no code has a write-log mirror', () => {
    const c = cfg((s) => {
      for (const code of s.codes) code.mirrorModes = {};
    });
    expect(rec.mayLog(c, commandSpec('SET')!, decisionOf(c, `shadow_{${mid(6)}}`))).toBe(false);
    expect(rec.mayLog(c, commandSpec('DEL')!, null)).toBe(false);
  });
});

describe('WriteLogRecorder', () => {
  it('releases the reply only after the XADD is acknowledged, one XADD for writes of the same turn', async () => {
    const f = fakeUpstream(() => Buffer.from('$3\r\n1-0\r\n'));
    const rec = new WriteLogRecorder(f.upstream, 'control');
    const c = cfg();
    const replies: string[] = [];
    const sink: ReplySink = (b, s, e) => replies.push(b.toString('latin1', s, e));
    for (const n of [1, 2])
      rec.wrap(c, 'SET', cmd('SET', `shadow_{${mid(6, n)}}`, 'v'), sink)(Buffer.from('+OK\r\n'), 0, 5);
    expect(replies).toEqual([]);
    await nextTurn();
    expect(f.sent).toHaveLength(1);
    expect(f.sent[0]!.instance).toBe('control');
    expect(f.sent[0]!.args).toEqual([
      'XADD',
      'sy:wlog:6',
      '*',
      'k',
      `shadow_{${mid(6, 1)}}`,
      'c',
      'SET',
      'k',
      `shadow_{${mid(6, 2)}}`,
      'c',
      'SET',
    ]);
    expect(replies).toEqual([]);
    f.answer();
    expect(replies).toEqual(['+OK\r\n', '+OK\r\n']);
    expect(rec.appended).toBe(2);
  });

  it('turns the reply into WRITE_LOG_UNAVAILABLE when the XADD fails (fail closed)', async () => {
    const f = fakeUpstream(() => Buffer.from("-ERR SWITCHYARD circuit open for 'control'\r\n"));
    const rec = new WriteLogRecorder(f.upstream, 'control');
    const replies: string[] = [];
    rec.wrap(cfg(), 'SET', cmd('SET', `shadow_{${mid(6)}}`, 'v'), (b, s, e) =>
      replies.push(b.toString('latin1', s, e)),
    )(Buffer.from('+OK\r\n'), 0, 5);
    await nextTurn();
    f.answer();
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(
      /^-ERR SWITCHYARD write-log for code 6 unavailable \(ERR SWITCHYARD circuit open for 'control'\).*retry it\r\n$/,
    );
    expect(rec.failures).toBe(1);
  });

  it('passes replies of other codes straight through', () => {
    const f = fakeUpstream(() => Buffer.from('$3\r\n1-0\r\n'));
    const rec = new WriteLogRecorder(f.upstream, 'control');
    const done: ReplySink = () => undefined;
    expect(rec.wrap(cfg(), 'SET', cmd('SET', `shadow_{${mid(1)}}`, 'v'), done)).toBe(done);
  });
});
