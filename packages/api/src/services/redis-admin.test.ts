import { describe, expect, it } from 'vitest';
import { parseInfo, replicationFromInfo } from './redis-admin.ts';

const MASTER = [
  '# Replication',
  'role:master',
  'connected_slaves:1',
  'slave0:ip=127.0.0.1,port=7002,state=online,offset=900,lag=0',
  'master_repl_offset:1000',
  '',
].join('\r\n');

const REPLICA = [
  '# Replication',
  'role:slave',
  'master_host:127.0.0.1',
  'master_port:7001',
  'master_link_status:down',
  'slave_repl_offset:880',
  '',
].join('\r\n');

describe('INFO replication parsing', () => {
  it('reads a master with its replicas and their lag', () => {
    const info = replicationFromInfo(parseInfo(MASTER));
    expect(info).toMatchObject({ reachable: true, role: 'master', masterLinkStatus: null, offset: 1000 });
    expect(info.replicas).toEqual([{ address: '127.0.0.1:7002', offset: 900, lagBytes: 100 }]);
  });

  it('reads a replica with its link state and master address', () => {
    expect(replicationFromInfo(parseInfo(REPLICA))).toMatchObject({
      role: 'slave',
      masterLinkStatus: 'down',
      masterHost: '127.0.0.1',
      masterPort: 7001,
      offset: 880,
    });
  });
});
