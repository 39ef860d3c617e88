/**
 * Issue 13: COMMAND, COMMAND COUNT/LIST/INFO/DOCS/GETKEYS/GETKEYSANDFLAGS and TIME answered by
 * the worker from the one command table, compared with a direct redis-server 7.0.15.
 */
import { allCommands } from '@switchyard/core';
import { ENUMERATING_COMMANDS } from '../src/routing/command-table.ts';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
let proxy: Redis;
let direct: Redis;
beforeAll(async () => {
  demo = await startDemo();
  proxy = demo.client();
  direct = demo.direct('gz-enterprise');
});
afterAll(async () => demo?.stop());

async function call(client: Redis, argv: readonly string[]): Promise<unknown> {
  try {
    return await client.call(argv[0]!, ...argv.slice(1));
  } catch (error) {
    return { error: (error as Error).message };
  }
}

type Tree = unknown;
/** Containers list subcommands in Redis's (per-process, hashed) dict order; sort them to compare. */
function sortSubcommands(entry: Tree): Tree {
  if (!Array.isArray(entry) || entry.length !== 10 || !Array.isArray(entry[9])) return entry;
  const subs = (entry[9] as Tree[]).map(sortSubcommands) as unknown[][];
  return [...entry.slice(0, 9), [...subs].sort((a, b) => String(a[0]).localeCompare(String(b[0])))];
}

/** COMMAND DOCS without `arguments` (the table keeps the rest), subcommands by name. */
function docsWithoutArguments(reply: Tree): Tree {
  if (!Array.isArray(reply)) return reply;
  const out: Tree[] = [];
  for (let i = 0; i < reply.length; i += 2) {
    const name = reply[i];
    const value = reply[i + 1];
    if (name === 'arguments') continue;
    if (name === 'subcommands' && Array.isArray(value)) {
      const pairs: [Tree, Tree][] = [];
      for (let j = 0; j < value.length; j += 2) pairs.push([value[j], docsWithoutArguments(value[j + 1])]);
      pairs.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      out.push(name, pairs.flat());
    } else out.push(name, value);
  }
  return out;
}

describe('COMMAND from the table', () => {
  it("COUNT and LIST are Redis's", async () => {
    expect(await proxy.call('COMMAND', 'COUNT')).toBe(await direct.call('COMMAND', 'COUNT'));
    expect(await proxy.call('COMMAND', 'COUNT')).toBe(240);
    const list = (l: unknown) => [...(l as string[])].sort();
    expect(list(await proxy.call('COMMAND', 'LIST'))).toEqual(list(await direct.call('COMMAND', 'LIST')));
  });

  it('INFO matches Redis entry for entry (flags, key specs, tips, subcommands), unknown names are nil', async () => {
    const names = [
      'get',
      'set',
      'object|encoding',
      'xread',
      'xreadgroup',
      'sort',
      'georadius',
      'zunionstore',
      'eval',
      'migrate',
      'object',
      'xgroup',
      'nosuch',
      'Lmpop',
    ];
    const viaProxy = (await proxy.call('COMMAND', 'INFO', ...names)) as Tree[];
    const viaDirect = (await direct.call('COMMAND', 'INFO', ...names)) as Tree[];
    expect(viaProxy.map(sortSubcommands)).toEqual(viaDirect.map(sortSubcommands));
    expect(viaProxy[12]).toBeNull();
  });

  it('COMMAND with no arguments lists every command as COMMAND INFO does', async () => {
    const all = (await proxy.call('COMMAND')) as Tree[][];
    const fromDirect = (await direct.call('COMMAND')) as Tree[][];
    const byName = (l: Tree[][]) =>
      l.map(sortSubcommands).sort((a, b) => String((a as Tree[])[0]).localeCompare(String((b as Tree[])[0])));
    expect(byName(all)).toEqual(byName(fromDirect));
  });

  it('DOCS has summary, since, group, complexity, history (not arguments)', async () => {
    for (const name of ['get', 'xadd', 'object', 'georadius', 'xgroup|create']) {
      const viaProxy = (await proxy.call('COMMAND', 'DOCS', name)) as Tree[];
      const viaDirect = (await direct.call('COMMAND', 'DOCS', name)) as Tree[];
      expect(viaProxy[0]).toBe(name);
      expect(docsWithoutArguments(viaProxy[1])).toEqual(docsWithoutArguments(viaDirect[1]));
    }
    expect(await proxy.call('COMMAND', 'DOCS', 'nosuch')).toEqual([]);
  });

  it.each([
    ['GETKEYS', 'get', 'k'],
    ['GETKEYS', 'mset', 'a', '1', 'b', '2'],
    ['GETKEYS', 'xread', 'COUNT', '2', 'STREAMS', 'a', 'b', '0', '0'],
    ['GETKEYS', 'sort', 'a', 'BY', 'w_*', 'STORE', 'd'],
    ['GETKEYS', 'georadius', 'g', '0', '0', '1', 'km', 'STORE', 'd'],
    ['GETKEYS', 'zunionstore', 'd', '2', 'a', 'b'],
    ['GETKEYS', 'eval', 's', '0'],
    ['GETKEYS', 'eval', 's', '2', 'a', 'b'],
    ['GETKEYS', 'object', 'encoding', 'k'],
    ['GETKEYS', 'xinfo', 'help'],
    ['GETKEYS', 'nosuch', 'a'],
    ['GETKEYS', 'get'],
    ['GETKEYS', 'get', 'a', 'b'],
    ['GETKEYS', 'zunion', '0', 'a'],
    ['GETKEYS', 'ping', 'a'],
    ['GETKEYSANDFLAGS', 'lmove', 'a', 'b', 'LEFT', 'RIGHT'],
    ['GETKEYSANDFLAGS', 'set', 'k', 'v'],
    ['GETKEYSANDFLAGS', 'set', 'k', 'v', 'GET'],
    ['GETKEYSANDFLAGS', 'bitfield', 'k', 'GET', 'u8', '0'],
    ['GETKEYSANDFLAGS', 'bitfield', 'k', 'SET', 'u8', '0', '1'],
    ['NOSUCHSUB'],
  ])('COMMAND %s %s ... answers as Redis', async (...argv) => {
    expect(await call(proxy, ['COMMAND', ...argv])).toEqual(await call(direct, ['COMMAND', ...argv]));
  });

  it("TIME answers the worker's clock in Redis's shape", async () => {
    const before = Date.now();
    const [seconds, micros] = (await proxy.call('TIME')) as [string, string];
    expect(seconds).toMatch(/^\d+$/);
    expect(micros).toMatch(/^\d{1,6}$/);
    expect(Math.abs(Number(seconds) * 1000 - before)).toBeLessThan(60_000);
    expect(await call(proxy, ['TIME', 'x'])).toEqual(await call(direct, ['TIME', 'x']));
  });
});

describe('every Redis 7 command reaches its policy in live traffic', () => {
  it("forwarded commands get Redis's arity error without arguments, refused ones the refusal, none is unknown", async () => {
    const seen = { forward: 0, refused: 0 };
    for (const spec of allCommands()) {
      if (spec.redis === null || spec.serving === 'local') continue;
      const reply = await call(proxy, [spec.name]);
      const text = (reply as { error?: string }).error ?? '';
      expect(text, spec.name).not.toMatch(/unknown command/);
      if (spec.serving === 'refused') {
        // KEYS, DBSIZE, RANDOMKEY: their refusal points to SCAN (w2c-blocking).
        const refusal = ENUMERATING_COMMANDS.has(spec.name)
          ? `ERR SWITCHYARD '${spec.name.toLowerCase()}' is disabled by the proxy (it sees every caller's keys); use SCAN [MATCH pattern] [COUNT n] [TYPE t], which returns only the keys you may access`
          : `ERR SWITCHYARD command '${spec.name.toLowerCase()}' is disabled by the proxy`;
        expect(text, spec.name).toBe(refusal);
        seen.refused++;
      } else {
        const want = await call(direct, [spec.name]);
        // The unsubscribes (arity -1) answer a confirmation without arguments, not an error.
        if ((want as { error?: string }).error === undefined) expect(reply, spec.name).toEqual(want);
        else expect(text, spec.name).toBe((want as { error: string }).error);
        seen.forward++;
      }
    }
    expect(seen.forward).toBeGreaterThanOrEqual(170);
    expect(seen.refused).toBeGreaterThan(20);
  });
});
