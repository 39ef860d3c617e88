/**
 * Issue 14 finding 1 (runaway scripts): `EVAL "while true do end"` must not leave an instance
 * BUSY for everyone. Backends answer BUSY after 100 ms here; the worker kills scripts at 300 ms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterReaches, errorText, startDemo, type DemoFixture } from './fixture.ts';

/** Writes first (so SCRIPT KILL cannot stop it), then spins for about 1.2 s by the server's clock. */
const WRITE_THEN_SPIN = `
redis.call('SET', KEYS[1], 'written')
local t0 = redis.call('TIME')
while true do
  local t = redis.call('TIME')
  if (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) > 1200000 then break end
end
return 'done'`;

describe('runaway scripts (issue 14)', () => {
  let demo: DemoFixture;

  beforeAll(async () => {
    demo = await startDemo({
      redisArgs: ['--busy-reply-threshold', '100'],
      proxy: { PROXY_SCRIPT_BUDGET_MS: 300, BACKEND_TIMEOUT_MS: 10_000 },
    });
  }, 60_000);
  afterAll(() => demo?.stop());

  it('a read-only runaway script is killed after the budget, counted, and the instance serves others again', async () => {
    const stats = demo.proxy.ctx.stats;
    const kills = stats.scriptKills;
    const client = demo.client();
    const other = demo.client();
    await other.set('key:1', 'before');
    const runaway = errorText(client.eval('while true do end', 1, 'key:1'), 'finished');
    expect(await runaway).toMatch(/killed by user|SCRIPT KILL/);
    // The kill's own +OK arrives on another connection, possibly just after the script's error.
    await counterReaches(() => stats.scriptKills, kills + 1, 'the kill to be counted');
    expect(stats.scriptsOverBudget).toBeGreaterThanOrEqual(1);
    expect(await other.get('key:1')).toBe('before');
    expect(await demo.direct('gz-enterprise').ping()).toBe('PONG');
  });

  it('EVAL_RO can never write, so it is always killable', async () => {
    const client = demo.client();
    const reply = await errorText(client.call('EVAL_RO', 'while true do end', '1', 'key:1'), 'finished');
    expect(reply).toMatch(/killed by user|SCRIPT KILL/);
  });

  it('a script that already wrote is reported UNKILLABLE (never SHUTDOWN NOSAVE) and finishes on its own', async () => {
    const stats = demo.proxy.ctx.stats;
    const unkillable = stats.scriptsUnkillable;
    const client = demo.client();
    expect(await client.eval(WRITE_THEN_SPIN, 1, 'key:2')).toBe('done');
    await counterReaches(() => stats.scriptsUnkillable, unkillable + 1, 'UNKILLABLE to be counted');
    expect(await demo.direct('gz-enterprise').get('key:2')).toBe('written');
  });

  it('a runaway script cannot hide in MULTI/EXEC, where the budget would not see it', async () => {
    const client = demo.client();
    await expect(client.multi().set('key:4', 'x').eval('while true do end', 1, 'key:4').exec()).rejects.toThrow(
      /scripts cannot run inside MULTI/,
    );
    expect(await demo.direct('gz-enterprise').exists('key:4')).toBe(0);
  });

  it('a script within the budget is not touched', async () => {
    const stats = demo.proxy.ctx.stats;
    const over = stats.scriptsOverBudget;
    expect(await demo.client().eval("return redis.call('SET', KEYS[1], 'quick')", 1, 'key:3')).toBe('OK');
    expect(stats.scriptsOverBudget).toBe(over);
  });
});
