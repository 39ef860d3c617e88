/**
 * Issue 13 §7: Redis's semantics and texts for what the proxy answers itself, compared with
 * a direct redis-server where the bytes must be the same: transactions (local commands in
 * EXEC, queue-time errors, WATCH + empty MULTI/EXEC), inline parsing, protocol errors,
 * PING/ECHO arity, unknown-command text, INFO sections and CLIENT subcommands.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../src/resp/encode.ts';
import { SECRET, startDemo, type DemoFixture } from './fixture.ts';
import { exchange } from './raw-exchange.ts';

let demo: DemoFixture;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => demo?.stop());

const req = (...cmds: string[][]): Buffer => Buffer.concat(cmds.map((c) => command(c)));
const AUTH = command(['AUTH', 'demo', SECRET]);
/** The same requests through the proxy (after AUTH) and directly to the `bench` key type's backend. */
async function both(
  payload: Buffer | string,
): Promise<{ proxy: string; direct: string; proxyClosed: boolean; directClosed: boolean }> {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
  const [p, d] = await Promise.all([
    exchange(demo.proxy.port, Buffer.concat([AUTH, bytes])),
    exchange(demo.redis['gz-enterprise'].port, bytes),
  ]);
  expect(p.text.startsWith('+OK\r\n')).toBe(true);
  return { proxy: p.text.slice(5), direct: d.text, proxyClosed: p.closed, directClosed: d.closed };
}

describe('transactions', () => {
  it('queues PING and ECHO and answers them inside EXEC, between forwarded replies', async () => {
    const r = await both(
      req(['MULTI'], ['PING'], ['SET', 'key:tx1', 'v'], ['ECHO', 'e'], ['GET', 'key:tx1'], ['PING', 'p'], ['EXEC']),
    );
    expect(r.proxy).toBe(
      '+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*5\r\n+PONG\r\n+OK\r\n$1\r\ne\r\n$1\r\nv\r\n$1\r\np\r\n',
    );
    expect(r.proxy).toBe(r.direct);
  });

  it('answers a transaction of local commands only', async () => {
    const r = await both(req(['MULTI'], ['PING'], ['ECHO', 'x'], ['EXEC']));
    expect(r.proxy).toBe('+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+PONG\r\n$1\r\nx\r\n');
    expect(r.proxy).toBe(r.direct);
  });

  it('names arity errors at queue time, then EXECABORT, as Redis', async () => {
    // PING's table arity is -1: `PING a b` is queued, and fails inside EXEC (not reached here).
    const r = await both(
      req(['MULTI'], ['SET', 'key:tx2', 'v'], ['GET'], ['PING', 'a', 'b'], ['ECHO'], ['EXEC'], ['GET', 'key:tx2']),
    );
    expect(r.proxy).toBe(
      "+OK\r\n+QUEUED\r\n-ERR wrong number of arguments for 'get' command\r\n+QUEUED\r\n" +
        "-ERR wrong number of arguments for 'echo' command\r\n-EXECABORT Transaction discarded because of previous errors.\r\n$-1\r\n",
    );
    expect(r.proxy).toBe(r.direct);
    const inExec = await both(req(['MULTI'], ['PING', 'a', 'b'], ['PING'], ['EXEC']));
    expect(inExec.proxy).toBe(
      "+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n-ERR wrong number of arguments for 'ping' command\r\n+PONG\r\n",
    );
    expect(inExec.proxy).toBe(inExec.direct);
  });

  it('aborts an empty MULTI/EXEC (and one with only local commands) when a watched key changed', async () => {
    for (const queued of [[], [['PING']]]) {
      const key = 'key:tx-watch';
      const text = await new Promise<string>((resolve) => {
        const socket = net.connect({ port: demo.proxy.port, host: '127.0.0.1' });
        let out = '';
        let step = 0;
        socket.on('data', async (d) => {
          out += d.toString('latin1');
          if (step === 0 && out === '+OK\r\n+OK\r\n') {
            step = 1;
            await demo.direct('gz-enterprise').set(key, String(Math.random()));
            socket.write(req(['MULTI'], ...queued, ['EXEC'], ['MULTI'], ['EXEC']));
          } else if (step === 1 && out.endsWith('*0\r\n')) {
            socket.destroy();
            resolve(out);
          }
        });
        socket.on('connect', () => socket.write(Buffer.concat([AUTH, req(['WATCH', key])])));
      });
      // The second MULTI/EXEC watches nothing any more: *0.
      expect(text).toBe(`+OK\r\n+OK\r\n+OK\r\n${queued.length ? '+QUEUED\r\n' : ''}*-1\r\n+OK\r\n*0\r\n`);
    }
  });

  it('refuses AUTH and HELLO inside MULTI at queue time', async () => {
    const r = await both(req(['MULTI'], ['HELLO', '3'], ['EXEC']));
    expect(r.proxy).toBe(
      '+OK\r\n-ERR Command not allowed inside a transaction\r\n-EXECABORT Transaction discarded because of previous errors.\r\n',
    );
  });
});

describe('inline commands and protocol errors', () => {
  it('parses quotes and escapes as Redis does', async () => {
    const r = await both(
      'SET "key:in\\x41" "a\\tb c"\r\nGET key:inA\r\nSET \'key:sq\' \'it\\\'s\'\r\nGET key:sq\r\nECHO "\\x4"\r\n',
    );
    expect(r.proxy).toBe("+OK\r\n$5\r\na\tb c\r\n+OK\r\n$4\r\nit's\r\n$2\r\nx4\r\n");
    expect(r.proxy).toBe(r.direct);
  });

  it('answers unbalanced quotes with a protocol error and closes, as Redis', async () => {
    for (const line of ['SET "k"v 1\r\nPING\r\n', 'set """test-key""" test-value\r\nping\r\n', "SET 'k 1\r\n"]) {
      const r = await both(line);
      expect(r.proxy).toBe('-ERR Protocol error: unbalanced quotes in request\r\n');
      expect(r.proxy).toBe(r.direct);
      expect(r.proxyClosed).toBe(true);
    }
  });

  it('closes right after a protocol error, so a client still writing fails instead of hanging', async () => {
    const errorsBefore = demo.proxy.ctx.stats.protocolErrors;
    for (const seq of ['\x00', '*\x00', '$\x00']) {
      const writeFailed = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ port: demo.proxy.port, host: '127.0.0.1' });
        // Before the fix the proxy half-closed and stopped reading: the writes below blocked for good.
        const stuck = setTimeout(() => resolve(false), 5000);
        const failed = (): void => {
          clearTimeout(stuck);
          resolve(true);
        };
        socket.on('error', failed);
        socket.on('close', failed);
        let writes = 0;
        const pump = (): void => {
          if (socket.destroyed) return failed();
          // Bounded: 256 MiB or 5 s at most; the proxy, like Redis, gives up after 64 KiB of inline request.
          if (writes++ > 4096) return resolve(false);
          if (socket.write(Buffer.alloc(64 * 1024, 'A'))) setImmediate(pump);
          else socket.once('drain', pump);
        };
        socket.on('connect', () => {
          socket.write(seq);
          pump();
        });
      });
      expect(writeFailed, JSON.stringify(seq)).toBe(true);
    }
    expect(demo.proxy.ctx.stats.protocolErrors - errorsBefore).toBe(3);
  });

  it('delivers the protocol error reply before closing', async () => {
    const r = await exchange(demo.proxy.port, Buffer.from('*1\r\nfoo\r\n'));
    expect(r.text).toBe("-ERR Protocol error: expected '$', got 'f'\r\n");
    expect(r.closed).toBe(true);
  });
});

describe('texts', () => {
  it('PING, ECHO and unknown commands answer as Redis', async () => {
    const r = await both(req(['PING', 'a', 'b'], ['ECHO'], ['ECHO', 'a', 'b'], ['NOSUCH', 'x', 'y z'], ['PING', 'hi']));
    expect(r.proxy).toBe(
      "-ERR wrong number of arguments for 'ping' command\r\n-ERR wrong number of arguments for 'echo' command\r\n-ERR wrong number of arguments for 'echo' command\r\n" +
        "-ERR unknown command 'NOSUCH', with args beginning with: 'x' 'y z' \r\n$2\r\nhi\r\n",
    );
    expect(r.proxy).toBe(r.direct);
  });

  it('bad numkeys get Redis texts (EVAL "return 1" -1, ZUNION 0 ...)', async () => {
    const r = await both(
      req(
        ['EVAL', 'return 1', '-1'],
        ['EVAL', 'return 1', '2', 'key:a'],
        ['EVAL', 'return 1', 'x'],
        ['ZUNION', '0', 'key:a'],
        ['ZUNION', '3', 'key:a'],
        ['ZUNIONSTORE', 'key:d', '-1', 'key:a'],
      ),
    );
    expect(r.proxy).toBe(
      "-ERR Number of keys can't be negative\r\n-ERR Number of keys can't be greater than number of args\r\n-ERR value is not an integer or out of range\r\n" +
        "-ERR at least 1 input key is needed for 'zunion' command\r\n-ERR syntax error\r\n-ERR at least 1 input key is needed for 'zunionstore' command\r\n",
    );
    expect(r.proxy).toBe(r.direct);
  });
});

describe('INFO', () => {
  it("has Redis's default sections in Redis's order (asked of a real instance), plus # Switchyard", async () => {
    const info = await demo.client().info();
    const headers = (text: string): string[] => [...text.matchAll(/^# (\w+)\r$/gm)].map((m) => m[1]!);
    const redis = headers(await demo.direct('gz-enterprise').info());
    expect(redis).toContain('Keyspace');
    expect(headers(info)).toEqual([...redis, 'Switchyard']);
    for (const field of [
      'arch_bits:64',
      'used_memory:',
      'used_cpu_user:',
      'connected_clients:',
      'role:master',
      'cluster_enabled:0',
      'loading:0',
      'total_commands_processed:',
    ]) {
      expect(info).toContain(field);
    }
    expect(info).not.toContain('rejected_calls');
  });

  it('answers several sections in one call, all/everything add commandstats, each section once', async () => {
    const client = demo.client();
    const two = (await client.call('INFO', 'server', 'clients')) as string;
    expect([...two.matchAll(/^# (\w+)\r$/gm)].map((m) => m[1])).toEqual(['Server', 'Clients']);
    const cpuAll = (await client.call('INFO', 'cpu', 'all')) as string;
    expect(cpuAll).toContain('rejected_calls');
    expect(cpuAll).toContain('master_repl_offset');
    expect(cpuAll).not.toMatch(/used_cpu_user_children[\s\S]*used_cpu_user_children/);
    expect(await client.call('INFO', 'cpu')).not.toContain('used_memory');
    expect(await client.call('INFO', 'commandSTATS')).toContain('rejected_calls');
  });

  it("commandstats counts this caller's commands, forwarded and local", async () => {
    const client = demo.client();
    const calls = (text: string, cmd: string): number =>
      Number(
        new RegExp(
          `^cmdstat_${cmd}:calls=(\\d+),usec=\\d+,usec_per_call=[\\d.]+,rejected_calls=\\d+,failed_calls=\\d+\r$`,
          'm',
        ).exec(text)?.[1] ?? 0,
      );
    const before = (await client.call('INFO', 'commandstats')) as string;
    await client.set('key:cs', '1');
    await client.get('key:cs');
    await client.echo('x');
    const after = (await client.call('INFO', 'commandstats')) as string;
    expect(calls(after, 'set') - calls(before, 'set')).toBe(1);
    expect(calls(after, 'get') - calls(before, 'get')).toBe(1);
    expect(calls(after, 'echo') - calls(before, 'echo')).toBe(1);
    expect(calls(after, 'info')).toBeGreaterThan(0);
  });

  it('errorstats counts error replies per prefix, as Redis', async () => {
    const client = demo.client();
    const before = (await client.call('INFO', 'errorstats')) as string;
    const count = (text: string, prefix: string): number =>
      Number(new RegExp(`^errorstat_${prefix}:count=(\\d+)\r$`, 'm').exec(text)?.[1] ?? 0);
    await client.set('key:es', 'v');
    await expect(client.lpush('key:es', 'x')).rejects.toThrow(/^WRONGTYPE/);
    await expect(client.call('NOSUCH')).rejects.toThrow(/^ERR unknown command/);
    const after = (await client.call('INFO', 'errorstats')) as string;
    expect(count(after, 'WRONGTYPE') - count(before, 'WRONGTYPE')).toBe(1);
    expect(count(after, 'ERR') - count(before, 'ERR')).toBe(1);
  });

  it('keyspace sums the keys of the instances the caller can reach; a plain INFO shows the last count without asking backends', async () => {
    const client = demo.client();
    await client.set('key:ks1', '1');
    const direct = await demo.direct('gz-enterprise').dbsize();
    const info = (await client.call('INFO', 'keyspace')) as string;
    const keys = Number(/^db0:keys=(\d+),expires=\d+,avg_ttl=\d+\r$/m.exec(info)?.[1]);
    // The demo caller reaches every instance: at least the bench instance's keys.
    expect(keys).toBeGreaterThanOrEqual(direct);
    expect(keys).toBeGreaterThan(0);
    await client.set('key:ks2', '1');
    expect(await client.info()).toContain(`db0:keys=${keys},`);
    expect(await client.call('INFO', 'KEYSPACE')).toContain(`db0:keys=${keys + 1},`);
  });
});

describe('CLIENT', () => {
  it('SETNAME validates as Redis; GETNAME, ID, INFO and LIST show this session', async () => {
    const r = await both(
      req(
        ['CLIENT', 'SETNAME', 'a b'],
        ['CLIENT', 'SETNAME', 'a\nb'],
        ['CLIENT', 'SETNAME', 'ok'],
        ['CLIENT', 'GETNAME'],
        ['CLIENT', 'SETNAME'],
      ),
    );
    expect(r.proxy).toBe(
      '-ERR Client names cannot contain spaces, newlines or special characters.\r\n-ERR Client names cannot contain spaces, newlines or special characters.\r\n+OK\r\n$2\r\nok\r\n' +
        "-ERR wrong number of arguments for 'client|setname' command\r\n",
    );
    expect(r.proxy).toBe(r.direct);
    const client = demo.client();
    await client.client('SETNAME', 'lister');
    const id = (await client.client('ID')) as number;
    const info = (await client.client('INFO')) as string;
    expect(info).toMatch(
      new RegExp(
        `^id=${id} addr=127\\.0\\.0\\.1:\\d+ laddr=\\S+ fd=-?\\d+ name=lister age=\\d+ idle=\\d+ flags=N db=0 .* cmd=client\\|info user=demo redir=-1 resp=2\\n$`,
      ),
    );
    const list = (await client.client('LIST')) as string;
    expect(list).toContain(`id=${id} `);
    expect((await client.call('CLIENT', 'LIST', 'ID', String(id))) as string).toMatch(
      new RegExp(`^id=${id} [^\\n]+\\n$`),
    );
    await expect(client.call('CLIENT', 'NOPE')).rejects.toThrow("ERR unknown subcommand 'NOPE'. Try CLIENT HELP.");
  });

  it("KILL closes this caller's own sessions only, by ID or address", async () => {
    const a = demo.client();
    const b = demo.client();
    await Promise.all([a.ping(), b.ping()]);
    const bId = (await b.client('ID')) as number;
    const closed = new Promise((resolve) => b.once('end', resolve));
    expect(await a.call('CLIENT', 'KILL', 'ID', String(bId))).toBe(1);
    await closed;
    expect(await a.call('CLIENT', 'KILL', 'ID', String(bId))).toBe(0);
    await expect(a.call('CLIENT', 'KILL', '1.2.3.4:5')).rejects.toThrow('ERR No such client');
    // SKIPME yes (the default) keeps the caller's own connection.
    expect(await a.call('CLIENT', 'KILL', 'USER', 'demo')).toBeGreaterThanOrEqual(0);
    expect(await a.ping()).toBe('PONG');
  });

  it('REPLY OFF and SKIP suppress replies, ON resumes; NO-EVICT validates its argument', async () => {
    const r = await both(
      req(
        ['CLIENT', 'REPLY', 'SKIP'],
        ['PING', 'skipped'],
        ['PING', 'seen1'],
        ['CLIENT', 'REPLY', 'OFF'],
        ['SET', 'key:off', 'x'],
        ['PING', 'no'],
        ['CLIENT', 'REPLY', 'ON'],
        ['GET', 'key:off'],
        ['CLIENT', 'NO-EVICT', 'maybe'],
        ['CLIENT', 'NO-EVICT', 'on'],
      ),
    );
    expect(r.proxy).toBe('$5\r\nseen1\r\n+OK\r\n$1\r\nx\r\n-ERR syntax error\r\n+OK\r\n');
    expect(r.proxy).toBe(r.direct);
  });
});
