import { Redis } from 'ioredis';
import { e2eStack } from './stack.ts';

/**
 * A grouped meeting ID whose storage code is `code` under the demo layout (X=4, T=14):
 * the code sits at bits 31..34, the relative day at 35..48, random bits below.
 */
export function meetingIdWithCode(code: number, random: number): string {
  return ((BigInt(code) << 31n) | BigInt(random)).toString();
}

export function proxyClient(region: 'gz' | 'sh'): Redis {
  const stack = e2eStack();
  const proxy = stack.proxies.find((p) => p.region === region);
  if (!proxy) throw new Error(`no proxy for region ${region} in stack.json`);
  return new Redis({
    port: proxy.port,
    host: '127.0.0.1',
    username: stack.demoCaller.name,
    password: stack.demoCaller.secret,
    maxRetriesPerRequest: 1,
  });
}

export function instanceClient(name: string): Redis {
  const instance = e2eStack().redis.find((r) => r.name === name);
  if (!instance) throw new Error(`no redis instance ${name} in stack.json`);
  return new Redis({ port: instance.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
}
