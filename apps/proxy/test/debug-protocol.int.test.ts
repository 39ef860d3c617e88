/**
 * Issue 13 §6/§7: DEBUG PROTOCOL <type> through the proxy gives the same bytes as Redis 7 for
 * every type, in RESP2 and RESP3 (the rest of DEBUG stays refused by design).
 */
import net from 'node:net';
import { waitUntil } from '@switchyard/stack/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, startDemo, type DemoFixture } from './fixture.ts';

const TYPES = [
  'string',
  'integer',
  'double',
  'bignum',
  'null',
  'array',
  'set',
  'map',
  'attrib',
  'push',
  'verbatim',
  'true',
  'false',
  'nosuchtype',
];
const frame = (...args: string[]): string =>
  `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

/** Sends `commands` on one connection and returns everything received once `marker` (a final PING's reply) arrived. */
async function exchange(port: number, commands: string[][], marker: string): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  let data = '';
  socket.on('data', (c) => (data += c.toString('utf8')));
  await new Promise((r) => socket.once('connect', r));
  socket.write(commands.map((c) => frame(...c)).join('') + frame('PING', marker));
  await waitUntil(
    async () => data,
    (d) => d.includes(marker),
    `the reply to PING ${marker}`,
    5000,
    10,
  );
  socket.destroy();
  return data;
}

describe('DEBUG PROTOCOL (issue 13)', () => {
  let demo: DemoFixture;
  beforeAll(async () => {
    demo = await startDemo({ redisArgs: ['--enable-debug-command', 'yes'] });
  }, 60_000);
  afterAll(() => demo?.stop());

  for (const protocol of ['2', '3']) {
    it(`every type gives Redis's bytes in RESP${protocol}`, async () => {
      const probes = TYPES.map((t) => ['DEBUG', 'PROTOCOL', t]);
      const direct = await exchange(demo.redis['gz-enterprise'].port, [['HELLO', protocol], ...probes], 'end');
      const proxied = await exchange(
        demo.proxy.port,
        [['AUTH', 'demo', SECRET], ['HELLO', protocol], ...probes],
        'end',
      );
      // The HELLO replies differ (server name, id): compare from the first DEBUG reply on.
      const fromFirst = (s: string): string => s.slice(s.indexOf('$11\r\nHello World'));
      expect(fromFirst(direct).length).toBeGreaterThan(100);
      expect(fromFirst(proxied)).toBe(fromFirst(direct));
    });
  }

  it('the rest of DEBUG stays refused', async () => {
    await expect(demo.client().call('DEBUG', 'SLEEP', '0')).rejects.toThrow(/disabled by the proxy/);
  });
});
