/**
 * Issue 13: the Redis 7 data families the proxy now forwards by Redis's own key specs, each
 * command sent through a worker and directly to the same backend (gz-enterprise, the demo's
 * `bench` key type) with its own key prefix; the replies must be the same.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
let proxy: Redis;
let direct: Redis;
beforeAll(async () => {
  demo = await startDemo({
    // A second fixed-instance key type on another backend, to see CROSSSLOT.
    edit: (s) =>
      void s.keyTypes.push({
        name: 'elsewhere',
        pattern: '^other(:|$)',
        dimension: { kind: 'fixed-instance', instance: 'sh-personal' },
        valueFormat: 'plain',
        readPolicy: 'primary',
        cacheTier: 'none',
        dataType: 'any',
      }),
  });
  proxy = demo.client();
  direct = demo.direct('gz-enterprise');
});
afterAll(async () => demo?.stop());

type Reply = unknown;
async function call(client: Redis, argv: readonly string[]): Promise<Reply> {
  try {
    return await client.call(argv[0]!, ...argv.slice(1));
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Key names in replies (LMPOP, XREAD) back to `@name`, so both sides compare. */
function unprefix(reply: Reply): Reply {
  if (typeof reply === 'string') return reply.replace(/^key:[pd]:/, '@');
  return Array.isArray(reply) ? reply.map(unprefix) : reply;
}

/** Runs each command through the proxy (keys `key:p:*`) and directly (`key:d:*`); replies must match. */
async function same(...commands: string[][]): Promise<Reply[]> {
  const out: Reply[] = [];
  for (const argv of commands) {
    const viaProxy = unprefix(
      await call(
        proxy,
        argv.map((a) => a.replaceAll('@', 'key:p:')),
      ),
    );
    const viaDirect = unprefix(
      await call(
        direct,
        argv.map((a) => a.replaceAll('@', 'key:d:')),
      ),
    );
    expect(viaProxy, argv.join(' ')).toEqual(viaDirect);
    out.push(viaProxy);
  }
  return out;
}

describe('Redis 7 data families through the proxy, compared with direct redis-server', () => {
  it('streams with consumer groups', async () => {
    const r = await same(
      ['XADD', '@s', '1-1', 'f', 'v1'],
      ['XADD', '@s', '2-1', 'f', 'v2'],
      ['XADD', '@s', '3-1', 'f', 'v3'],
      ['XLEN', '@s'],
      ['XRANGE', '@s', '-', '+'],
      ['XREVRANGE', '@s', '+', '-', 'COUNT', '1'],
      ['XREAD', 'COUNT', '2', 'STREAMS', '@s', '0'],
      ['XGROUP', 'CREATE', '@s', 'g', '0'],
      ['XGROUP', 'CREATECONSUMER', '@s', 'g', 'c9'],
      ['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '2', 'STREAMS', '@s', '>'],
      ['XACK', '@s', 'g', '1-1'],
      ['XCLAIM', '@s', 'g', 'c2', '0', '2-1', 'JUSTID'],
      ['XAUTOCLAIM', '@s', 'g', 'c3', '0', '0-0', 'JUSTID'],
      ['XINFO', 'GROUPS', '@s'],
      ['XDEL', '@s', '3-1'],
      ['XTRIM', '@s', 'MAXLEN', '1'],
      ['XSETID', '@s', '9-9'],
      ['XGROUP', 'DELCONSUMER', '@s', 'g', 'c9'],
      ['XGROUP', 'SETID', '@s', 'g', '$'],
      ['XGROUP', 'DESTROY', '@s', 'g'],
    );
    expect(r[3]).toBe(3);
    expect(r[9]).toEqual([
      [
        '@s',
        [
          ['1-1', ['f', 'v1']],
          ['2-1', ['f', 'v2']],
        ],
      ],
    ]);
  });

  it('GEO, including the STORE forms', async () => {
    const r = await same(
      ['GEOADD', '@g', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'],
      ['GEODIST', '@g', 'Palermo', 'Catania', 'km'],
      ['GEOHASH', '@g', 'Palermo'],
      ['GEOPOS', '@g', 'Catania'],
      ['GEOSEARCH', '@g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC', 'WITHDIST'],
      ['GEORADIUS_RO', '@g', '15', '37', '200', 'km', 'ASC'],
      ['GEORADIUSBYMEMBER', '@g', 'Palermo', '300', 'km', 'STORE', '@g2'],
      ['GEOSEARCHSTORE', '@g3', '@g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '300', 'km', 'STOREDIST'],
      ['ZRANGE', '@g3', '0', '-1'],
    );
    expect(r[1]).toBe('166.2742');
  });

  it('bitmaps, BITOP, BITFIELD and BITFIELD_RO, PFMERGE', async () => {
    const r = await same(
      ['SETBIT', '@b1', '7', '1'],
      ['SET', '@b2', 'abc'],
      ['BITOP', 'AND', '@b3', '@b1', '@b2'],
      ['BITOP', 'NOT', '@b4', '@b2'],
      ['GET', '@b4'],
      ['BITCOUNT', '@b2'],
      ['BITPOS', '@b2', '1'],
      ['BITFIELD', '@bf', 'SET', 'u8', '0', '200', 'INCRBY', 'u8', '0', '100', 'GET', 'u8', '0'],
      ['BITFIELD_RO', '@bf', 'GET', 'u8', '0'],
      ['PFADD', '@h1', 'a', 'b', 'c'],
      ['PFADD', '@h2', 'c', 'd'],
      ['PFMERGE', '@h3', '@h1', '@h2'],
      ['PFCOUNT', '@h3'],
      ['PFCOUNT', '@h1', '@h2'],
    );
    expect(r[12]).toBe(4);
  });

  it('LMPOP, ZMPOP, SINTERCARD, ZINTERCARD', async () => {
    const r = await same(
      ['RPUSH', '@l2', 'a', 'b', 'c'],
      ['LMPOP', '2', '@l1', '@l2', 'LEFT', 'COUNT', '2'],
      ['ZADD', '@z1', '1', 'a', '2', 'b'],
      ['ZADD', '@z2', '1', 'a', '3', 'b', '4', 'c'],
      ['ZMPOP', '2', '@z1', '@z2', 'MAX'],
      ['ZINTERCARD', '2', '@z1', '@z2'],
      ['ZINTERCARD', '2', '@z1', '@z2', 'LIMIT', '1'],
      ['SADD', '@s1', 'a', 'b', 'c'],
      ['SADD', '@s2', 'b', 'c', 'd'],
      ['SINTERCARD', '2', '@s1', '@s2'],
      ['ZUNION', '2', '@z1', '@z2', 'WITHSCORES'],
      ['ZDIFF', '2', '@z2', '@z1'],
      ['ZINTER', '2', '@z1', '@z2'],
    );
    expect(r[1]).toEqual(['@l2', ['a', 'b']]);
    expect(r[9]).toBe(2);
  });

  it('OBJECT, MEMORY USAGE, TOUCH, COPY (database 0 only)', async () => {
    const r = await same(
      ['RPUSH', '@o', 'a'],
      ['OBJECT', 'ENCODING', '@o'],
      ['OBJECT', 'REFCOUNT', '@o'],
      ['MEMORY', 'USAGE', '@o'],
      ['TOUCH', '@o', '@missing'],
      ['COPY', '@o', '@o2'],
      ['COPY', '@o', '@o2'],
      ['COPY', '@o', '@o2', 'REPLACE'],
      ['LRANGE', '@o2', '0', '-1'],
      ['OBJECT', 'NOSUCH', '@o'],
      ['OBJECT', 'ENCODING'],
    );
    expect(r[4]).toBe(1);
    expect(r[5]).toBe(1);
    expect(await call(proxy, ['COPY', 'key:p:o', 'key:p:o3', 'DB', '1'])).toEqual({
      error: 'ERR SWITCHYARD only database 0 is available through the proxy',
    });
    expect(await call(proxy, ['MEMORY', 'DOCTOR'])).toEqual({
      error: "ERR SWITCHYARD command 'memory|doctor' is disabled by the proxy",
    });
  });

  it("SORT and SORT_RO with BY/GET patterns on the sorted key's instance, STORE", async () => {
    const r = await same(
      ['RPUSH', '@sl', '3', '1', '2'],
      ['MSET', '@w_1', '30', '@w_2', '10', '@w_3', '20', '@o_1', 'one', '@o_2', 'two', '@o_3', 'three'],
      ['SORT', '@sl'],
      ['SORT', '@sl', 'BY', '@w_*', 'GET', '#', 'GET', '@o_*'],
      ['SORT_RO', '@sl', 'BY', '@w_*', 'DESC'],
      ['SORT', '@sl', 'BY', 'nosort', 'GET', '@o_*'],
      ['SORT', '@sl', 'LIMIT', '0', '2', 'STORE', '@sorted'],
      ['LRANGE', '@sorted', '0', '-1'],
    );
    expect(r[3]).toEqual(['2', 'two', '3', 'three', '1', 'one']);
    await expect(proxy.call('SORT', 'key:p:sl', 'BY', 'other:w_*')).rejects.toThrow(/^CROSSSLOT/);
    await expect(proxy.call('SORT', 'key:p:sl', 'GET', 'other:o_*->f')).rejects.toThrow(/^CROSSSLOT/);
    await expect(proxy.call('SORT', 'key:p:sl', 'STORE', 'other:dst')).rejects.toThrow(/^CROSSSLOT/);
  });

  it("numkeys and XREAD argument errors are Redis's own", async () => {
    await same(
      ['EVAL', 'return 1', '5', '@a'],
      ['EVAL', 'return 1', '-1'],
      ['EVAL', 'return 1', 'x'],
      ['ZUNION', '5', '@a'],
      ['ZUNION', '0', '@a'],
      ['ZUNIONSTORE', '@d', '0', '@a'],
      ['SINTERCARD', '5', '@a'],
      ['LMPOP', '0', '@a', 'LEFT'],
      ['ZMPOP', '5', '@a', 'MIN'],
      ['XREAD', 'STREAMS', '@a', '@b', '0'],
      ['MSET', '@a', '1', '@b'],
      ['ZREM', '@a'],
    );
  });
});

describe('new families inside MULTI/EXEC', () => {
  it('queues and runs stream, container and SORT commands as Redis does; a SORT pattern elsewhere aborts', async () => {
    const run = (client: Redis, p: string) =>
      client
        .multi()
        .call('XADD', `${p}tx`, '1-1', 'f', 'v')
        .call('XLEN', `${p}tx`)
        .call('OBJECT', 'ENCODING', `${p}tx`)
        .call('RPUSH', `${p}txl`, '2', '1')
        .call('SORT', `${p}txl`, 'BY', `${p}nosuchw_*`)
        .exec();
    expect(await run(proxy, 'key:p:')).toEqual(await run(direct, 'key:d:'));
    await expect(proxy.multi().call('SORT', 'key:p:txl', 'BY', 'other:w_*').exec()).rejects.toThrow(/CROSSSLOT/);
  });
});

describe('same-instance commands across instances', () => {
  it.each([
    [['SUNIONSTORE', 'key:p:u', 'key:p:a', 'other:b']],
    [['BITOP', 'OR', 'key:p:bo', 'other:b']],
    [['PFMERGE', 'key:p:pm', 'other:h']],
    [['LMPOP', '2', 'key:p:l', 'other:l', 'LEFT']],
    [['XREAD', 'STREAMS', 'key:p:s', 'other:s', '0', '0']],
    [['COPY', 'key:p:o', 'other:o']],
    [['ZINTERCARD', '2', 'key:p:z', 'other:z']],
    [['GEOSEARCHSTORE', 'other:g', 'key:p:g', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km']],
  ])('%j gets CROSSSLOT', async (argv) => {
    await expect(proxy.call(argv[0]!, ...argv.slice(1))).rejects.toThrow(
      "CROSSSLOT Keys in request don't route to the same instance",
    );
  });

  // Served since w2c-blocking (a dedicated backend connection per blocked client, apps/proxy/src/blocking/).
  it('XREAD with BLOCK is served on a connection of its own, and its streams must be on one instance', async () => {
    expect(await proxy.call('XREAD', 'BLOCK', '10', 'STREAMS', 'key:p:s', '$')).toBeNull();
    await expect(proxy.call('XREAD', 'BLOCK', '10', 'STREAMS', 'key:p:s', 'other:s', '$', '$')).rejects.toThrow(
      "CROSSSLOT Keys in request don't route to the same instance",
    );
  });
});
