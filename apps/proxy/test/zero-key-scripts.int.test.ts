/**
 * Issue 13 §2 "zero-key EVAL or FCALL ... a documented route", and the runaway-script budget
 * for functions (issue 14): a zero-key script runs on the caller's one instance when its key
 * types reach only one; a runaway FCALL is stopped with FUNCTION KILL (SCRIPT KILL answers
 * NOTBUSY to a function, which left the instance BUSY until the function ended by itself).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/auth/secret-hash.ts';
import { counterReaches, errorText, startDemo, type DemoFixture } from './fixture.ts';

const PASSWORD = 'one-instance-secret';
const SPIN_LIBRARY =
  "#!lua name=spin\nredis.register_function{function_name='spin', callback=function(keys, args) while true do end end, flags={'no-writes'}}";

describe('zero-key scripts and runaway functions (issue 13 / issue 14)', () => {
  let demo: DemoFixture;

  beforeAll(async () => {
    const secretHash = await hashSecret(PASSWORD);
    demo = await startDemo({
      redisArgs: ['--busy-reply-threshold', '100'],
      proxy: { PROXY_SCRIPT_BUDGET_MS: 300, BACKEND_TIMEOUT_MS: 10_000 },
      // 'bench' is a fixed-instance key type (gz-enterprise): this caller reaches one instance.
      edit: (s) =>
        s.callers.push({
          name: 'one-instance',
          secretHash,
          commands: ['*', 'EVAL', 'FCALL', 'FCALL_RO'],
          keyTypes: ['bench'],
        }),
    });
  }, 60_000);
  afterAll(() => demo?.stop());

  const oneInstance = () => demo.client({ username: 'one-instance', password: PASSWORD });

  it('a zero-key EVAL runs on the one instance the caller reaches', async () => {
    await demo.direct('gz-enterprise').set('key:zero', 'on-gz-enterprise');
    expect(await oneInstance().eval("return redis.call('GET', 'key:zero')", 0)).toBe('on-gz-enterprise');
    expect(await oneInstance().eval("return 'hello'", 0)).toBe('hello');
  });

  it('a zero-key EVAL of a caller that reaches several instances is refused: there is no single right place', async () => {
    await expect(demo.client().eval("return 'hello'", 0)).rejects.toThrow(/needs at least one key to route/);
  });

  it('a zero-key EVAL inside MULTI is refused like any script in MULTI', async () => {
    await expect(oneInstance().multi().eval("return 'x'", 0).exec()).rejects.toThrow(/scripts cannot run inside MULTI/);
  });

  it('a runaway zero-key FCALL_RO is stopped with FUNCTION KILL after the budget, and the instance serves others again', async () => {
    const direct = demo.direct('gz-enterprise');
    // Functions are loaded by an operator on the instance (FUNCTION is refused through the proxy).
    await direct.call('FUNCTION', 'LOAD', 'REPLACE', SPIN_LIBRARY);
    const stats = demo.proxy.ctx.stats;
    const kills = stats.scriptKills;
    const reply = await errorText(oneInstance().call('FCALL_RO', 'spin', '0'), 'finished');
    expect(reply).toMatch(/killed by user/);
    await counterReaches(() => stats.scriptKills, kills + 1, 'the kill to be counted');
    expect(await direct.ping()).toBe('PONG');
    expect(await oneInstance().get('key:zero')).toBe('on-gz-enterprise');
  });
});
