/**
 * A deliberately separate full comparison for tests: plain SCAN of both sides, then plain
 * per-type commands (no Lua, no digests, nothing shared with the engine), so a bug in the
 * engine's digest cannot hide a difference from the assertion that checks the engine.
 */
import { Cluster, type Redis } from 'ioredis';

type Client = Redis | Cluster;

async function allKeys(c: Client, filter: (key: string) => boolean): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const node of c instanceof Cluster ? c.nodes('master') : [c]) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'COUNT', 500);
      cursor = next;
      for (const k of batch) if (filter(k)) keys.add(k);
    } while (cursor !== '0');
  }
  return keys;
}

async function valueOf(c: Client, key: string): Promise<string> {
  const type = await c.type(key);
  const ttl = (await c.pttl(key)) > 0 ? 'ttl' : 'persist';
  let body: unknown;
  switch (type) {
    case 'none':
      return 'none';
    case 'string':
      body = (await c.getBuffer(key))?.toString('hex');
      break;
    case 'hash':
      body = Object.entries(await c.hgetall(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      break;
    case 'set':
      body = (await c.smembers(key)).sort();
      break;
    case 'zset':
      body = await c.zrange(key, 0, -1, 'WITHSCORES');
      break;
    case 'list':
      body = await c.lrange(key, 0, -1);
      break;
    default:
      body = `unsupported ${type}`;
  }
  return `${type}|${ttl}|${JSON.stringify(body)}`;
}

/** Keys (matching `filter`) whose type, content or TTL presence differ between the sides. */
export async function independentDiff(
  a: Client,
  b: Client,
  filter: (key: string) => boolean = () => true,
): Promise<string[]> {
  const keys = new Set([...(await allKeys(a, filter)), ...(await allKeys(b, filter))]);
  const diffs: string[] = [];
  for (const key of keys) {
    const [x, y] = await Promise.all([valueOf(a, key), valueOf(b, key)]);
    if (x !== y) diffs.push(`${key}: ${x.slice(0, 120)} ≠ ${y.slice(0, 120)}`);
  }
  return diffs.sort();
}
