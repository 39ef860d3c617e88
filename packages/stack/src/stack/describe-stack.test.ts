/** Issue 16 #15: `npm start` / `npm run up` print the operator's login, the role ops use. */
import { describe, expect, it } from 'vitest';
import { describeStack } from './up.ts';
import type { TStackFile } from './state.ts';

const stack: TStackFile = {
  console: { url: 'http://127.0.0.1:3000' },
  proxies: [{ name: 'proxy-gz-1', region: 'gz', port: 7000, metricsPort: 7100 }],
  redis: [],
  database: { url: 'postgres://x', embedded: true },
  demoCaller: { name: 'demo', secret: 's' },
  admin: { email: 'admin@switchyard.local', password: 'a-pass' },
  adminToken: 't',
  viewer: { email: 'viewer@switchyard.local', password: 'v-pass' },
  operator: { email: 'operator@switchyard.local', password: 'o-pass' },
  webhookReceiver: { url: 'http://127.0.0.1:7300/hook', log: '/tmp/logs/webhook-received.jsonl' },
  startedAt: '2026-12-06T00:00:00.000Z',
};

describe('describeStack', () => {
  it('prints the admin, operator and viewer logins', () => {
    const text = describeStack(stack);
    expect(text).toContain('Admin login    admin@switchyard.local / a-pass');
    expect(text).toMatch(/Operator login operator@switchyard\.local \/ o-pass/);
    expect(text).toContain('Viewer login   viewer@switchyard.local / v-pass');
  });

  it('says where the demo webhook receiver logs what it receives (issue 17)', () => {
    expect(describeStack(stack)).toContain(
      "webhook 'demo-receiver' → http://127.0.0.1:7300/hook; received: /tmp/logs/webhook-received.jsonl",
    );
  });
});
