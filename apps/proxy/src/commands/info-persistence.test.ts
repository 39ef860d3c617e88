import { describe, expect, it } from 'vitest';
import { fakeWorker } from '../testing/fake-session.ts';
import { instanceInfo, instanceSections, merged, mergeInstanceRows } from './info-persistence.ts';

const info = (rows: Record<string, string>): Map<string, string> => new Map(Object.entries(rows));

describe("INFO's instance-derived fields", () => {
  it('asks the instances only for the sections shown', () => {
    expect(instanceSections(['server', 'clients', 'memory', 'persistence', 'keyspace'])).toEqual([
      'persistence',
      'memory',
    ]);
    expect(instanceSections(['persistence'])).toEqual(['persistence']);
    expect(instanceSections(['server', 'clients'])).toBeNull();
  });

  it('a flag is 1 when any instance has it, counts are summed, a non-number is ignored', () => {
    const out = merged([
      info({ aof_rewrite_in_progress: '0', loading: '0', rdb_changes_since_last_save: '3', aof_enabled: 'x' }),
      info({ aof_rewrite_in_progress: '1', loading: '0', rdb_changes_since_last_save: '4', aof_enabled: '0' }),
    ]);
    expect(out.get('aof_rewrite_in_progress')).toBe(1);
    expect(out.get('loading')).toBe(0);
    expect(out.get('aof_enabled')).toBe(0);
    expect(out.get('rdb_changes_since_last_save')).toBe(7);
    expect(out.has('rdb_bgsave_in_progress')).toBe(false);
  });

  it("mem_allocator is the instances' only when every one names the same", () => {
    const je = info({ mem_allocator: 'jemalloc-5.3.0' });
    expect(merged([je, je]).get('mem_allocator')).toBe('jemalloc-5.3.0');
    expect(merged([je, info({ mem_allocator: 'libc' })]).has('mem_allocator')).toBe(false);
    expect(merged([je, info({})]).has('mem_allocator')).toBe(false);
    expect(merged([]).has('mem_allocator')).toBe(false);
  });

  it("keeps the proxy's own rows, in order, with the instances' values in place", () => {
    const rows: Array<[string, string | number]> = [
      ['loading', 0],
      ['aof_rewrite_in_progress', 0],
      ['mem_allocator', 'v8'],
    ];
    expect(mergeInstanceRows(rows, new Map([['aof_rewrite_in_progress', 1]]))).toEqual([
      ['loading', 0],
      ['aof_rewrite_in_progress', 1],
      ['mem_allocator', 'v8'],
    ]);
  });

  it('does not wait on an instance whose circuit breaker is open', async () => {
    const w = fakeWorker();
    try {
      const asked: string[] = [];
      w.ctx.admin.send = (instance, _request, cb) => {
        asked.push(instance.name);
        const body = 'aof_rewrite_in_progress:1\r\n';
        const reply = Buffer.from(`$${body.length}\r\n${body}\r\n`);
        cb(reply, 0, reply.length, null);
      };
      const tripped = 'gz-personal';
      w.ctx.guard.breakers.get(tripped).state = 'open';
      await instanceInfo(w.ctx, w.cfg, w.caller, ['persistence']);
      expect(asked.length).toBeGreaterThan(0);
      expect(asked).not.toContain(tripped);
    } finally {
      w.close();
    }
  });
});
