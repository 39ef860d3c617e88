import type { CompiledConfig } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { Command } from '../resp/command.ts';
import type { CallerScope } from './caller-users.ts';
import { forward, type Executor, type SecondaryWriteFailure } from './execute.ts';
import type { ReplySink, Upstream } from './upstream.ts';

/** Pure-unit stand-in: answers every send at once and records who sent it as whom. */
function recordingExecutor(reply: (instance: string) => string) {
  const sent: string[] = [];
  const failures: SecondaryWriteFailure[] = [];
  const answer = (instance: string, cb: ReplySink): void => {
    const r = Buffer.from(reply(instance));
    cb(r, 0, r.length);
  };
  const upstream = {
    send(_cfg: CompiledConfig, instance: string, _c: Command, _replica: boolean, cb: ReplySink) {
      sent.push(`${instance} as data user`);
      answer(instance, cb);
    },
    sendScoped(_cfg: CompiledConfig, instance: string, scope: CallerScope, _c: Command, cb: ReplySink) {
      sent.push(`${instance} as ${scope.username}`);
      answer(instance, cb);
    },
  };
  const ex: Executor = {
    upstream: upstream as unknown as Upstream,
    onSecondaryWriteFailure: (f) => failures.push(f),
    onPrimaryWriteFailure: (f) => failures.push(f),
  };
  return { ex, sent, failures };
}

const cfg = {} as CompiledConfig;
const scope: CallerScope = { username: 'sy-caller-batch', patterns: ['~*'], commands: null };
const route = { targets: ['gz-a', 'sh-a', 'bj-a'], replica: false };
const evalsha = Command.fromArgs(['EVALSHA', 'abc', '1', 'k']);

describe('forward over three or more regions (dual-centre, seed 003)', () => {
  it('writes every region, home first, and answers with the home reply', () => {
    const r = recordingExecutor((i) => (i === 'gz-a' ? ':1\r\n' : ':2\r\n'));
    const replies: string[] = [];
    forward(r.ex, cfg, route, evalsha, (b, s, e) => replies.push(b.toString('latin1', s, e)));
    expect(r.sent).toEqual(['gz-a as data user', 'sh-a as data user', 'bj-a as data user']);
    expect(replies).toEqual([':1\r\n']);
  });

  it("a contained caller's script runs as its own user in every region, not only the first two", () => {
    const r = recordingExecutor(() => ':1\r\n');
    const replies: string[] = [];
    forward(r.ex, cfg, route, evalsha, (b, s, e) => replies.push(b.toString('latin1', s, e)), scope);
    expect(r.sent).toEqual(['gz-a as sy-caller-batch', 'sh-a as sy-caller-batch', 'bj-a as sy-caller-batch']);
    expect(replies).toEqual([':1\r\n']);
  });

  it('a failed region is reported for compensation; the caller still gets the home reply', () => {
    const r = recordingExecutor((i) => (i === 'bj-a' ? '-ERR down\r\n' : '+OK\r\n'));
    const replies: string[] = [];
    forward(r.ex, cfg, route, evalsha, (b, s, e) => replies.push(b.toString('latin1', s, e)), scope);
    expect(replies).toEqual(['+OK\r\n']);
    expect(r.failures.map((f) => [f.primary, f.secondary, f.error])).toEqual([['gz-a', 'bj-a', 'ERR down']]);
  });
});
