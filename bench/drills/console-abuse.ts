/**
 * Drill: console abuse over HTTP. Every tRPC mutation of the app router is called against the
 * API test server without a session, with a viewer session, with malformed input (admin
 * session), and with an admin session cookie but a foreign or missing Origin (CSRF). Expectations: only
 * 401/403/400-class answers (never 5xx, never 2xx), no state change (published version, draft
 * revision, users, tokens), and every viewer denial audited. Then the issue-14 cases
 * (console-hardening.ts): each refused every time, still with no state change.
 * Run: node --import tsx bench/drills/console-abuse.ts
 */
import { appRouter } from '../../packages/api/src/routers/app-router.ts';
import {
  PASSWORD,
  startApiServer,
  startTestApi,
  type ApiServer,
  type TestApi,
} from '../../packages/api/src/testing/index.ts';
import { DEFAULT_API_OPTIONS } from '../../packages/api/src/deps.ts';
import { prepareAdminOnlyVersion, runHardeningCases, type HardeningCase } from './console-hardening.ts';
import { Expectations, isMain, runAsCli, type DrillResult } from './drill-lib.ts';

type Procedures = Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;
const procedures = (appRouter as unknown as { _def: { procedures: Procedures } })._def.procedures;
export const MUTATIONS = Object.keys(procedures)
  .filter((p) => procedures[p]!._def.type === 'mutation')
  .sort();

export interface ConsoleAbuseOptions {
  /** The tRPC mutations to abuse; all of the app router's by default. */
  mutations: readonly string[];
}

async function login(server: ApiServer, role: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email: `${role}@test.local`, password: PASSWORD }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!res.ok || !cookie) throw new Error(`login as ${role} failed: ${res.status}`);
  return cookie;
}

async function state(api: TestApi): Promise<Record<string, number>> {
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

const deniedAudits = (api: TestApi): Promise<number> => api.db.auditEntry.count({ where: { outcome: 'denied' } });

async function post(server: ApiServer, path: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${server.url}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Inputs that match no procedure's schema: bad JSON, wrong top-level type, wrong field types. */
export const MALFORMED = [
  '{not json',
  '123',
  '"x"',
  JSON.stringify({
    expectedRevision: -1,
    name: { $gt: '' },
    key: ['a'],
    ratio: 'NaN',
    reason: 'r'.repeat(20_000),
    from: 42,
    version: 'latest',
  }),
];
/** Plausible inputs, so a CSRF refusal is not just an input error in disguise. */
const PLAUSIBLE: Record<string, unknown> = {
  'degradation.setKey': { key: 'stable_1', ratio: 0.5, reason: 'csrf drill' },
  'draft.publish': { expectedRevision: 1, reason: 'csrf drill' },
  'failover.set': { from: 'gz', to: 'sh', reason: 'csrf drill', confirmRegion: 'gz' },
  'users.create': { email: 'evil@test.local', name: 'evil', role: 'admin', password: 'evil-password-123' },
  'apiTokens.create': { name: 'evil' },
  'workerTokens.create': { name: 'evil' },
};

type Category = 'anonymous' | 'viewer' | 'malformed' | 'csrf' | 'noOrigin';
type Statuses = Record<Category, Record<string, number>>;

/** Calls each mutation five ways; counts statuses and lists every one that is not the expected refusal. */
async function abuse(
  server: ApiServer,
  mutations: readonly string[],
): Promise<{ statuses: Statuses; unexpected: string[] }> {
  const [viewer, admin] = [await login(server, 'viewer'), await login(server, 'admin')];
  const host = new URL(server.url).host;
  const statuses: Statuses = { anonymous: {}, viewer: {}, malformed: {}, csrf: {}, noOrigin: {} };
  const unexpected: string[] = [];
  const call = async (
    kind: Category,
    what: string,
    expected: number,
    path: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<void> => {
    const status = await post(server, path, body, headers);
    statuses[kind][status] = (statuses[kind][status] ?? 0) + 1;
    if (status !== expected) unexpected.push(`${what} ${path} → ${status}`);
  };
  for (const path of mutations) {
    const plausible = JSON.stringify(PLAUSIBLE[path] ?? {});
    await call('anonymous', 'anonymous', 401, path, '{}', { origin: server.url });
    await call('viewer', 'viewer', 403, path, '{}', { cookie: viewer, origin: server.url });
    for (const body of MALFORMED)
      await call('malformed', `malformed ${body.slice(0, 12)}`, 400, path, body, { cookie: admin, origin: server.url });
    await call('csrf', 'csrf', 403, path, plausible, { cookie: admin, origin: 'http://evil.example', host });
    await call('noOrigin', 'cookie without Origin', 403, path, plausible, { cookie: admin });
  }
  return { statuses, unexpected };
}

export async function runConsoleAbuse(
  options: Partial<ConsoleAbuseOptions> = {},
): Promise<DrillResult & { figures: ConsoleAbuseFigures }> {
  const mutations = options.mutations ?? MUTATIONS;
  const api = await startTestApi();
  let server: ApiServer | undefined;
  try {
    server = await startApiServer(api.deps);
    await prepareAdminOnlyVersion(api);
    const before = await state(api);
    const auditsBefore = await deniedAudits(api);
    const { statuses, unexpected } = await abuse(server, mutations);
    const deniedAuditEntries = (await deniedAudits(api)) - auditsBefore;
    const hardening = await runHardeningCases(server, api, { operator: await login(server, 'operator') });
    const after = await state(api);
    const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
    const counts = Object.values(statuses).flatMap((m) => Object.entries(m));
    const fiveXX = counts.filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
    const twoXX = counts.filter(([s]) => Number(s) < 300).reduce((n, [, c]) => n + c, 0);
    const expectations = new Expectations();
    expectations.check(fiveXX === 0, `${fiveXX} answers were 5xx`);
    expectations.check(twoXX === 0, `${twoXX} abusive calls were accepted (2xx)`);
    expectations.check(
      changed.length === 0,
      `state changed: ${changed.map((k) => `${k} ${before[k]}→${after[k]}`).join(', ')}`,
    );
    expectations.check(
      deniedAuditEntries >= mutations.length,
      `only ${deniedAuditEntries} denied audit entries for ${mutations.length} viewer denials`,
    );
    expectations.check(
      unexpected.length === 0,
      `unexpected statuses: ${unexpected.slice(0, 20).join('; ')}${unexpected.length > 20 ? ` (+${unexpected.length - 20})` : ''}`,
    );
    checkHardening(expectations, hardening);
    const figures = {
      mutations: mutations.length,
      calls: mutations.length * (4 + MALFORMED.length),
      statuses,
      unexpected,
      stateBefore: before,
      stateAfter: after,
      deniedAuditEntries,
      hardening,
    };
    const fmt = (m: Record<string, number>): string =>
      Object.entries(m)
        .map(([s, c]) => `${s}×${c}`)
        .join(' ');
    const table = [
      `mutations enumerated   ${mutations.length}`,
      `no session             ${fmt(statuses.anonymous)}`,
      `viewer session         ${fmt(statuses.viewer)}`,
      `malformed (admin)      ${fmt(statuses.malformed)}`,
      `foreign Origin (CSRF)  ${fmt(statuses.csrf)}`,
      `cookie, no Origin      ${fmt(statuses.noOrigin)}`,
      `state changed          ${changed.length === 0 ? 'no' : changed.join(', ')}`,
      `denied audit entries   +${deniedAuditEntries}`,
      ...Object.entries(hardening).map(
        ([name, c]) => `${name.padEnd(25)}${c.refused}/${c.calls} refused (${fmt(c.statuses)}); ${c.note}`,
      ),
    ];
    return { figures, table, failed: expectations.failed };
  } finally {
    await server?.close();
    await api.stop();
  }
}

/** Every hardening case refuses every call; the flood writes at most one budget of rows, each small. */
function checkHardening(expectations: Expectations, hardening: Record<string, HardeningCase>): void {
  for (const [name, c] of Object.entries(hardening))
    expectations.check(
      c.refused === c.calls,
      `${name}: only ${c.refused} of ${c.calls} refused (${JSON.stringify(c.statuses)})`,
    );
  const flood = hardening['refusalFlood'] as HardeningCase & { rows: number; largestRowBytes: number };
  const budget = DEFAULT_API_OPTIONS.refusalAudit.rowsPerWindow;
  expectations.check(flood.rows <= budget + 1, `refusal flood wrote ${flood.rows} audit rows (budget ${budget} + 1)`);
  expectations.check(
    flood.largestRowBytes < 8 * 1024,
    `a refused request's audit row took ${flood.largestRowBytes} bytes`,
  );
}

export interface ConsoleAbuseFigures extends Record<string, unknown> {
  mutations: number;
  statuses: Statuses;
  unexpected: string[];
  stateBefore: Record<string, number>;
  stateAfter: Record<string, number>;
  deniedAuditEntries: number;
  hardening: Record<string, HardeningCase>;
}

if (isMain(import.meta.url)) await runAsCli('console-abuse', () => runConsoleAbuse());
