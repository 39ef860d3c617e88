/**
 * Drill: console abuse over HTTP. Every tRPC mutation of the app router is called against the
 * API test server without a session, with a viewer session, with malformed input (admin
 * session), and with an admin session cookie but a foreign or missing Origin (CSRF). Expectations: only
 * 401/403/400-class answers (never 5xx, never 2xx), no state change (published version, draft
 * revision, users, tokens), and every viewer denial audited.
 * Run: node --import tsx bench/drills/console-abuse.ts
 */
import { appRouter } from '../../packages/api/src/routers/app-router.ts';
import { PASSWORD, startApiServer, startTestApi } from '../../packages/api/src/testing/index.ts';
import { Expectations, report } from './drill-lib.ts';

type Procedures = Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;
const procedures = (appRouter as unknown as { _def: { procedures: Procedures } })._def.procedures;
const mutations = Object.keys(procedures).filter((p) => procedures[p]!._def.type === 'mutation').sort();

const api = await startTestApi();
const server = await startApiServer(api.deps);
const host = new URL(server.url).host;

async function login(role: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ email: `${role}@test.local`, password: PASSWORD }) });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!res.ok || !cookie) throw new Error(`login as ${role} failed: ${res.status}`);
  return cookie;
}

async function state(): Promise<Record<string, number>> {
  const latest = await api.db.configVersion.findFirst({ orderBy: { version: 'desc' } });
  const draft = await api.db.draft.findUnique({ where: { id: 'main' } });
  return {
    publishedVersion: latest?.version ?? 0,
    draftRevision: draft?.revision ?? 0,
    users: await api.db.user.count(),
    apiTokens: await api.db.apiToken.count(),
    workerTokens: await api.db.workerToken.count(),
  };
}

const deniedAudits = (): Promise<number> => api.db.auditEntry.count({ where: { outcome: 'denied' } });

async function post(path: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${server.url}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  await res.arrayBuffer();
  return res.status;
}

/** Inputs that match no procedure's schema: bad JSON, wrong top-level type, wrong field types. */
const MALFORMED = ['{not json', '123', '"x"', JSON.stringify({ expectedRevision: -1, name: { $gt: '' }, key: ['a'], ratio: 'NaN', reason: 'r'.repeat(20_000), from: 42, version: 'latest' })];
/** Plausible inputs, so a CSRF refusal is not just an input error in disguise. */
const PLAUSIBLE: Record<string, unknown> = {
  'degradation.setKey': { key: 'stable_1', ratio: 0.5, reason: 'csrf drill' },
  'draft.publish': { expectedRevision: 1, reason: 'csrf drill' },
  'failover.set': { from: 'gz', to: 'sh', reason: 'csrf drill', confirmRegion: 'gz' },
  'users.create': { email: 'evil@test.local', name: 'evil', role: 'admin', password: 'evil-password-123' },
  'apiTokens.create': { name: 'evil' },
  'workerTokens.create': { name: 'evil' },
};

const expectations = new Expectations();
try {
  const viewer = await login('viewer');
  const admin = await login('admin');
  const before = await state();
  const auditsBefore = await deniedAudits();
  const statuses: Record<string, Record<string, number>> = { anonymous: {}, viewer: {}, malformed: {}, csrf: {}, noOrigin: {} };
  const bump = (kind: string, status: number): void => void (statuses[kind]![status] = (statuses[kind]![status] ?? 0) + 1);
  const unexpected: string[] = [];

  for (const path of mutations) {
    const s1 = await post(path, '{}', { origin: server.url });
    bump('anonymous', s1);
    if (s1 !== 401) unexpected.push(`anonymous ${path} → ${s1}`);
    const s2 = await post(path, '{}', { cookie: viewer, origin: server.url });
    bump('viewer', s2);
    if (s2 !== 403) unexpected.push(`viewer ${path} → ${s2}`);
    for (const body of MALFORMED) {
      const s3 = await post(path, body, { cookie: admin, origin: server.url });
      bump('malformed', s3);
      if (s3 !== 400) unexpected.push(`malformed ${path} ${body.slice(0, 12)} → ${s3}`);
    }
    const s4 = await post(path, JSON.stringify(PLAUSIBLE[path] ?? {}), { cookie: admin, origin: 'http://evil.example', host });
    bump('csrf', s4);
    if (s4 !== 403) unexpected.push(`csrf ${path} → ${s4}`);
    const s5 = await post(path, JSON.stringify(PLAUSIBLE[path] ?? {}), { cookie: admin });
    bump('noOrigin', s5);
    if (s5 !== 403) unexpected.push(`cookie without Origin ${path} → ${s5}`);
  }
  const after = await state();
  const auditsAfter = await deniedAudits();
  const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
  const fiveXX = Object.values(statuses).flatMap((m) => Object.entries(m)).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
  const twoXX = Object.values(statuses).flatMap((m) => Object.entries(m)).filter(([s]) => Number(s) < 300).reduce((n, [, c]) => n + c, 0);
  expectations.check(fiveXX === 0, `${fiveXX} answers were 5xx`);
  expectations.check(twoXX === 0, `${twoXX} abusive calls were accepted (2xx)`);
  expectations.check(changed.length === 0, `state changed: ${changed.map((k) => `${k} ${before[k]}→${after[k]}`).join(', ')}`);
  expectations.check(auditsAfter - auditsBefore >= mutations.length, `only ${auditsAfter - auditsBefore} denied audit entries for ${mutations.length} viewer denials`);
  expectations.check(unexpected.length === 0, `unexpected statuses: ${unexpected.slice(0, 20).join('; ')}${unexpected.length > 20 ? ` (+${unexpected.length - 20})` : ''}`);
  const figures = { mutations: mutations.length, calls: mutations.length * (4 + MALFORMED.length), statuses, unexpected, stateBefore: before, stateAfter: after, deniedAuditEntries: auditsAfter - auditsBefore };
  const fmt = (m: Record<string, number>): string => Object.entries(m).map(([s, c]) => `${s}×${c}`).join(' ');
  await report('console-abuse', figures, [
    `mutations enumerated   ${mutations.length}`,
    `no session             ${fmt(statuses.anonymous!)}`,
    `viewer session         ${fmt(statuses.viewer!)}`,
    `malformed (admin)      ${fmt(statuses.malformed!)}`,
    `foreign Origin (CSRF)  ${fmt(statuses.csrf!)}`,
    `cookie, no Origin      ${fmt(statuses.noOrigin!)}`,
    `state changed          ${changed.length === 0 ? 'no' : changed.join(', ')}`,
    `denied audit entries   +${auditsAfter - auditsBefore}`,
  ], expectations);
} finally {
  await server.close();
  await api.stop();
}
