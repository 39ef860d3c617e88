/**
 * Issue 14 findings 1-3: scripts and RESTORE cannot get around the proxy's rules. Real
 * redis-servers run the managed ACL user (fixture.ts); Redis itself refuses what a script tries.
 */
import { corruptListpackDump, dumpCrcValid, startRedis, waitUntil } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/auth/secret-hash.ts';
import { activate } from '../src/config-poller/active-config.ts';
import { splitCode6 } from '../src/testing/demo-migration.ts';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

const OTHER = 'other-secret';
/** Whole-instance commands a script might try; each must be refused by the backend's ACL. */
const INSIDE_SCRIPT: readonly (readonly string[])[] = [
  ['FLUSHALL'],
  ['FLUSHDB'],
  ['KEYS', '*'],
  ['SWAPDB', '0', '9'],
  ['INFO'],
  ['CONFIG', 'GET', 'maxmemory'],
  ['MIGRATE', '127.0.0.1', '1', 'key:1', '0', '100'],
  ['DEBUG', 'SLEEP', '0'],
  ['REPLICAOF', 'NO', 'ONE'],
  ['ACL', 'LIST'],
  ['SCRIPT', 'FLUSH'],
  ['FUNCTION', 'FLUSH'],
  ['SELECT', '1'],
  ['MOVE', 'key:1', '1'],
  ['SCAN', '0'],
  ['RANDOMKEY'],
  ['CLIENT', 'LIST'],
  ['SAVE'],
];

const luaCall = (argv: readonly string[]): string => `return redis.call(${argv.map((a) => `'${a}'`).join(', ')})`;

describe('scripts and RESTORE through the proxy (issue 14)', () => {
  let demo: DemoFixture;

  beforeAll(async () => {
    const other = await hashSecret(OTHER);
    demo = await startDemo({
      edit: (s) => {
        s.callers.push(
          { name: 'plain', secretHash: other, commands: ['*'], keyTypes: ['*'] },
          { name: 'stable-only', secretHash: other, commands: ['GET', 'SET', 'HGET', 'EVAL'], keyTypes: ['stable'] },
          { name: 'restorer', secretHash: other, commands: ['GET', 'HGETALL', 'RESTORE'], keyTypes: ['*'] },
          { name: 'stable-all', secretHash: other, commands: ['*', 'EVAL'], keyTypes: ['stable'] },
        );
      },
    });
  }, 60_000);
  afterAll(() => demo?.stop());

  it('a script cannot run whole-instance commands: the backend refuses each one and no key changes', async () => {
    const direct = demo.direct('gz-enterprise');
    await direct.set('key:1', 'v1');
    await direct.set('key:2', 'v2');
    await direct.rpush('key:list', 'a');
    const before = await direct.dbsize();
    const client = demo.client();
    for (const argv of INSIDE_SCRIPT) {
      await expect(client.eval(luaCall(argv), 1, 'key:1'), argv.join(' ')).rejects.toThrow(
        /can't run this command|NOPERM|not allowed from script/,
      );
    }
    // Without a declared key there is nothing to route by: refused before any backend sees it.
    await expect(client.eval(luaCall(['FLUSHALL']), 0)).rejects.toThrow(/needs at least one key to route/);
    expect(await direct.dbsize()).toBe(before);
    expect(await direct.get('key:2')).toBe('v2');
    // The same route still runs a legitimate script.
    expect(await client.eval("return redis.call('SET', KEYS[1], ARGV[1])", 1, 'key:1', 'v3')).toBe('OK');
    expect(await direct.get('key:1')).toBe('v3');
  });

  it("'*' grants no script, SCRIPT or RESTORE: each needs its own grant", async () => {
    const plain = demo.client({ username: 'plain', password: OTHER });
    await expect(plain.eval('return 1', 1, 'key:1')).rejects.toThrow(/NOPERM .*'eval'/);
    await expect(plain.call('EVAL_RO', 'return 1', '1', 'key:1')).rejects.toThrow(/NOPERM .*'eval_ro'/);
    await expect(plain.call('EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '1', 'key:1')).rejects.toThrow(
      /NOPERM .*'evalsha'/,
    );
    await expect(plain.call('FCALL', 'f', '1', 'key:1')).rejects.toThrow(/NOPERM .*'fcall'/);
    await expect(plain.call('SCRIPT', 'LOAD', 'return 1')).rejects.toThrow(/NOPERM .*'script'/);
    await expect(plain.call('RESTORE', 'key:9', '0', 'x')).rejects.toThrow(/NOPERM .*'restore'/);
    expect(await plain.set('key:5', 'ok')).toBe('OK');
  });

  it("SORT inside a script reads only what the script's user may read: BY/GET patterns need full key access (issue 13)", async () => {
    const scoped = demo.client({ username: 'stable-all', password: OTHER });
    const mine = `stable_${meetingId(2, 80n)}`;
    const direct = demo.direct('gz-enterprise');
    await direct.rpush(mine, '2', '1');
    await direct.set('key:w_1', 'secret-weight');
    expect(await scoped.eval("return redis.call('SORT', KEYS[1])", 1, mine)).toEqual(['1', '2']);
    await expect(scoped.eval("return redis.call('SORT', KEYS[1], 'BY', 'key:w_*')", 1, mine)).rejects.toThrow(
      /BY option of SORT denied/,
    );
    await expect(scoped.eval("return redis.call('SORT', KEYS[1], 'GET', 'key:w_*')", 1, mine)).rejects.toThrow(
      /GET option of SORT denied/,
    );
    await expect(scoped.eval("return redis.call('SORT', KEYS[1], 'STORE', 'key:stolen')", 1, mine)).rejects.toThrow(
      /No permissions to access a key|can't access/,
    );
    expect(await direct.exists('key:stolen')).toBe(0);
  });

  it('a script declaring a key outside the caller key types is refused, one inside runs', async () => {
    const limited = demo.client({ username: 'stable-only', password: OTHER });
    const stable = `stable_${meetingId(2, 77n)}`;
    await expect(limited.get('key:1')).rejects.toThrow(/NOPERM .*keys of type 'bench'/);
    await expect(limited.eval("return redis.call('GET', KEYS[1])", 1, 'key:1')).rejects.toThrow(
      /NOPERM .*keys of type 'bench'/,
    );
    await expect(limited.eval('return 1', 2, stable, 'key:1')).rejects.toThrow(/NOPERM .*keys of type 'bench'/);
    expect(await limited.eval("return redis.call('SET', KEYS[1], 'x')", 1, stable)).toBe('OK');
    // DEL was never granted.
    await expect(limited.call('DEL', stable)).rejects.toThrow(/NOPERM .*'del'/);
  });

  it("a restricted caller's script runs as its own backend user: undeclared keys of other key types are refused by Redis", async () => {
    const limited = demo.client({ username: 'stable-only', password: OTHER });
    const mine = `stable_${meetingId(2, 78n)}`;
    await demo.direct('gz-enterprise').set('key:secret', 'top');
    await expect(limited.eval("return redis.call('GET', 'key:secret')", 1, mine)).rejects.toThrow(
      /can't access at least one of the keys|No permissions to access a key/,
    );
    await expect(limited.eval("return redis.call('SET', 'key:secret', 'x')", 1, mine)).rejects.toThrow(
      /can't access at least one of the keys|No permissions to access a key/,
    );
    await expect(limited.eval("return redis.call('DEL', 'key:secret')", 1, mine)).rejects.toThrow(
      /can't run this command|can't access/,
    );
    expect(await demo.direct('gz-enterprise').get('key:secret')).toBe('top');
    expect(await limited.eval("return redis.call('SET', KEYS[1], 'mine')", 1, mine)).toBe('OK');
    // Commands the caller was never granted are refused inside its scripts too (GET, SET, HGET, EVAL only).
    await expect(limited.eval("return redis.call('DEL', KEYS[1])", 1, mine)).rejects.toThrow(/can't run this command/);
    await expect(limited.eval("return redis.call('INCR', KEYS[1])", 1, mine)).rejects.toThrow(/can't run this command/);
    expect(await demo.direct('gz-enterprise').get(mine)).toBe('mine');
    // The user exists on the backend with exactly the caller's key-type prefixes.
    const acl = (await demo.direct('gz-enterprise').call('ACL', 'GETUSER', 'sy-caller-stable-only')) as unknown[];
    expect(JSON.stringify(acl)).toContain('~stable_*');
    // MULTI runs on the shared connection, so the script is refused there.
    await expect(limited.multi().eval('return 1', 1, mine).exec()).rejects.toThrow(/scripts cannot run inside MULTI/);
  });

  it("a change of the caller's key types re-applies its backend user on the next script", async () => {
    const limited = demo.client({ username: 'stable-only', password: OTHER });
    const mine = `stable_${meetingId(2, 79n)}`;
    const list = `member_list_{${meetingId(2, 79n)}}`;
    await demo.direct('gz-enterprise').hset(list, 'm', '1');
    const touchList = `return redis.call('HGET', '${list}', 'm')`;
    await expect(limited.eval(touchList, 1, mine)).rejects.toThrow(
      /can't access at least one of the keys|No permissions/,
    );
    const next = structuredClone(demo.snapshot);
    next.callers.find((c) => c.name === 'stable-only')!.keyTypes = ['stable', 'member_list'];
    demo.proxy.holder.swap(activate(demo.published(2, next)));
    expect(await limited.eval(touchList, 1, mine)).toBe('1');
    const acl = JSON.stringify(await demo.direct('gz-enterprise').call('ACL', 'GETUSER', 'sy-caller-stable-only'));
    expect(acl).toContain('~member_list_{*');
    demo.proxy.holder.swap(activate(demo.published(3, demo.snapshot)));
    await expect(limited.eval(touchList, 1, mine)).rejects.toThrow(
      /can't access at least one of the keys|No permissions/,
    );
  });

  it("a restricted caller's script on a key under a dual write runs as its own user on the old side, then the new", async () => {
    const limited = demo.client({ username: 'stable-only', password: OTHER });
    const key = `stable_${meetingId(6, 81n)}`; // sh-enterprise, split onto spare (`others`)
    const [oldSide, newSide] = [demo.direct('sh-enterprise'), demo.direct('others')];
    const next = structuredClone(demo.snapshot);
    next.migrations = [splitCode6()];
    demo.proxy.holder.swap(activate(demo.published(4, next)));
    try {
      expect(await limited.eval("return redis.call('SET', KEYS[1], 'both')", 1, key)).toBe('OK');
      expect([await oldSide.get(key), await newSide.get(key)]).toEqual(['both', 'both']);
      expect(JSON.stringify(await newSide.call('ACL', 'GETUSER', 'sy-caller-stable-only'))).toContain('~stable_*');
      // DEL is not granted: the old side refuses it after the SET ran, and the new side is not written.
      const partial = "redis.call('SET', KEYS[1], 'old-only') return redis.call('DEL', KEYS[1])";
      await expect(limited.eval(partial, 1, key)).rejects.toThrow(/can't run this command/);
      expect([await oldSide.get(key), await newSide.get(key)]).toEqual(['old-only', 'both']);
    } finally {
      demo.proxy.holder.swap(activate(demo.published(5, demo.snapshot)));
    }
  });

  it('SCRIPT LOAD reaches every instance, so EVALSHA works wherever the keys route; EXISTS is 1 only where loaded everywhere', async () => {
    const client = demo.client();
    const sha = (await client.call('SCRIPT', 'LOAD', "return redis.call('GET', KEYS[1])")) as string;
    for (const name of ['gz-personal', 'gz-enterprise', 'sh-personal', 'sh-enterprise', 'others'] as const) {
      expect(await demo.direct(name).call('SCRIPT', 'EXISTS', sha), name).toEqual([1]);
    }
    const gz = meetingId(1, 5n);
    const sh = meetingId(6, 5n);
    await client.set(gz, 'in-gz');
    await client.set(sh, 'in-sh');
    expect(await client.evalsha(sha, 1, gz)).toBe('in-gz');
    expect(await client.evalsha(sha, 1, sh)).toBe('in-sh');
    const missing = 'ffffffffffffffffffffffffffffffffffffffff';
    expect(await client.call('SCRIPT', 'EXISTS', sha, missing)).toEqual([1, 0]);
    await demo.direct('sh-enterprise').call('SCRIPT', 'FLUSH');
    expect(await client.call('SCRIPT', 'EXISTS', sha)).toEqual([0]);
  });

  it('a server that lost the managed user (ACL DELUSER, a restart without a saved ACL) gets it back from the worker', async () => {
    const direct = demo.direct('sh-enterprise');
    const client = demo.client();
    const key = meetingId(6, 90n);
    expect(await client.set(key, 'kept')).toBe('OK');
    await direct.call('ACL', 'DELUSER', 'switchyard-proxy'); // also drops the proxy's connections
    await waitUntil(
      () => client.get(key),
      (v) => v === 'kept',
      'traffic to recover',
      10_000,
    );
    // Re-created with the managed rules, not something broader.
    expect(String(await direct.call('ACL', 'DRYRUN', 'switchyard-proxy', 'FLUSHALL'))).toMatch(/no permissions/i);
  });

  it('SCRIPT FLUSH, KILL and DEBUG stay with operators', async () => {
    const client = demo.client();
    for (const sub of ['FLUSH', 'KILL', 'DEBUG'])
      await expect(client.call('SCRIPT', sub)).rejects.toThrow(/script .* is disabled by the proxy/);
  });

  it('RESTORE of a corrupted listpack with a valid CRC is refused, and redis-server stays alive', async () => {
    const direct = demo.direct('gz-enterprise');
    expect(await direct.config('GET', 'sanitize-dump-payload')).toEqual(['sanitize-dump-payload', 'yes']);
    await direct.hset('key:h', 'a', '1', 'b', '2');
    const good = (await direct.dumpBuffer('key:h'))!;
    const restorer = demo.client({ username: 'restorer', password: OTHER });
    await expect(restorer.restore('key:bad', 0, corruptListpackDump(good))).rejects.toThrow(/Bad data format/);
    expect(await direct.exists('key:bad')).toBe(0);
    expect(await direct.ping()).toBe('PONG');
    // The payload is only wrong inside: its CRC is valid, so a server without deep sanitization takes it.
    expect(dumpCrcValid(corruptListpackDump(good))).toBe(true);
    const lax = await startRedis({ args: ['--sanitize-dump-payload', 'no'] });
    const laxClient = new Redis({ port: lax.port });
    try {
      expect(await laxClient.restore('key:bad', 0, corruptListpackDump(good))).toBe('OK');
      await laxClient.unlink('key:bad'); // never read it: HGETALL would crash that server
    } finally {
      laxClient.disconnect();
      await lax.stop();
    }
    // A sound payload still restores for a granted caller.
    expect(await restorer.restore('key:good', 0, good)).toBe('OK');
    expect(await restorer.hgetall('key:good')).toEqual({ a: '1', b: '2' });
  });
});

describe('instances without a working managed user (issue 14, fail closed)', () => {
  let demo: DemoFixture;

  beforeAll(async () => {
    const other = await hashSecret(OTHER);
    demo = await startDemo({
      edit: (s) => {
        s.callers.push({
          name: 'stable-only',
          secretHash: other,
          commands: ['GET', 'SET', 'EVAL'],
          keyTypes: ['stable'],
        });
        for (const i of s.instances) {
          // The admin (default user) has no password: AUTH with one is refused.
          if (i.name === 'sh-personal') i.password = 'not-the-admin-password';
          if (i.name === 'gz-enterprise') delete i.dataUser;
          if (i.name === 'gz-personal') i.dataUser = { username: 'switchyard-proxy', password: 'wrong' };
        }
      },
    });
  }, 60_000);
  afterAll(() => demo?.stop());

  it('scripts are refused on an instance with no managed user; plain commands still work', async () => {
    const client = demo.client();
    await expect(client.eval('return 1', 1, 'key:1')).rejects.toThrow(
      /scripts are disabled on instance 'gz-enterprise'.*managed data user/,
    );
    expect(await client.set('key:1', 'v')).toBe('OK');
  });

  it('a caller user that cannot be set up (wrong admin password) fails its scripts with the reason', async () => {
    const limited = demo.client({ username: 'stable-only', password: OTHER });
    await expect(limited.eval('return 1', 1, `stable_${meetingId(5, 80n)}`)).rejects.toThrow(
      /sh-personal.*cannot set up the script user 'sy-caller-stable-only'/,
    );
  });

  it('a managed user the backend refuses fails with a reason that names it (not NOAUTH), then the worker re-creates it', async () => {
    const client = demo.client();
    await expect(client.get(meetingId(1, 9n))).rejects.toThrow(
      /gz-personal.*AUTH as 'switchyard-proxy' refused: WRONGPASS/,
    );
    // The config is the truth: the worker re-applies the user with the configured password.
    await waitUntil(
      () => client.get(meetingId(1, 9n)).then(() => 'ok'),
      (v) => v === 'ok',
      'the data user to be re-created',
      10_000,
    );
  });
});
