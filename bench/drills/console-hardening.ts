/**
 * The console-abuse drill's issue-14 cases (findings 9–13), each an attack that must be
 * refused without changing state: an operator rolling back an admin-only change, password
 * guessing with padded emails, an oversized anonymous body, a flood of refused requests
 * (audit rows bounded), reading secret hashes as a viewer, an open redirect after login, and
 * a connection to the embedded Postgres without its password.
 */
import pg from 'pg';
import { safeNext } from '../../apps/console/src/lib/safe-next.ts';
import { DEFAULT_API_OPTIONS } from '../../packages/api/src/deps.ts';
import type { ApiServer, TestApi } from '../../packages/api/src/testing/index.ts';

export interface HardeningCase {
  calls: number;
  /** Calls answered with the expected refusal. */
  refused: number;
  statuses: Record<string, number>;
  /** What else was measured, e.g. audit rows written. */
  note: string;
}

export const FLOOD_CALLS = 300;
export const GUESSES = 12;

const count = (statuses: Record<string, number>, status: number): void => {
  statuses[status] = (statuses[status] ?? 0) + 1;
};

async function trpc(
  server: ApiServer,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const res = await fetch(`${server.url}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, ...headers },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Run before the drill's "before" state: version 2 relabels a region (an admin-only change). */
export async function prepareAdminOnlyVersion(api: TestApi): Promise<void> {
  const { revision } = await api.as('admin').draft.get();
  const edit = await api
    .as('admin')
    .regions.upsert({ expectedRevision: revision, region: { name: 'gz', label: 'relabelled by an admin' } });
  await api.as('operator').draft.publish({ expectedRevision: edit.revision, reason: 'admin-only change' });
}

async function operatorRollback(server: ApiServer, operator: string): Promise<HardeningCase> {
  const statuses: Record<string, number> = {};
  count(
    statuses,
    await trpc(server, 'versions.rollback', JSON.stringify({ version: 1, reason: 'undo an admin change' }), {
      cookie: operator,
    }),
  );
  return { calls: 1, refused: statuses[403] ?? 0, statuses, note: 'ROLLBACK_NEEDS_ADMIN' };
}

async function paddedGuesses(server: ApiServer): Promise<HardeningCase> {
  const statuses: Record<string, number> = {};
  for (let n = 0; n < GUESSES; n++) {
    const email = `${' '.repeat(n % 4)}VIEWER@test.local${' '.repeat(n % 3)}`;
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: `guess-${n}` }),
    });
    count(statuses, res.status);
  }
  const free = DEFAULT_API_OPTIONS.loginThrottle.account.freeFailures;
  return {
    calls: GUESSES,
    refused: (statuses[401] ?? 0) + (statuses[429] ?? 0),
    statuses,
    note: `one budget for every padding: ${free} free failures, then 429`,
  };
}

async function oversizedBody(server: ApiServer, api: TestApi): Promise<HardeningCase> {
  const rowsBefore = await api.db.auditEntry.count();
  const statuses: Record<string, number> = {};
  count(
    statuses,
    await trpc(
      server,
      'degradation.setKey',
      JSON.stringify({ key: 'k', ratio: 1, reason: 'x'.repeat(5 * 1024 * 1024) }),
    ),
  );
  const rows = (await api.db.auditEntry.count()) - rowsBefore;
  return { calls: 1, refused: statuses[413] ?? 0, statuses, note: `5 MB anonymous body; audit rows +${rows}` };
}

async function refusalFlood(
  server: ApiServer,
  api: TestApi,
): Promise<HardeningCase & { rows: number; largestRowBytes: number }> {
  const since = new Date();
  const statuses: Record<string, number> = {};
  const body = JSON.stringify({ expectedRevision: 1, reason: 'z'.repeat(200_000) });
  for (let n = 0; n < FLOOD_CALLS; n++) count(statuses, await trpc(server, 'draft.publish', body));
  const written = await api.db.auditEntry.findMany({ where: { at: { gte: since } } });
  const largestRowBytes = Math.max(0, ...written.map((r) => JSON.stringify(r).length));
  const note = `${written.length} audit rows for ${FLOOD_CALLS} refused 200 KB calls; largest ${largestRowBytes} B`;
  return { calls: FLOOD_CALLS, refused: statuses[401] ?? 0, statuses, note, rows: written.length, largestRowBytes };
}

async function viewerReadsHashes(api: TestApi): Promise<HardeningCase> {
  const viewer = api.as('viewer');
  const reads = [
    await viewer.draft.get(),
    await viewer.versions.get({ version: 1 }),
    await viewer.versions.diff({ from: 1, to: 2 }),
    await viewer.audit.list({ limit: 200 }),
  ];
  const leaks = reads.filter((r) => JSON.stringify(r).includes('scrypt$')).length;
  return {
    calls: reads.length,
    refused: reads.length - leaks,
    statuses: { hashFree: reads.length - leaks, leaked: leaks },
    note: 'draft, version, diff, audit: fingerprints only',
  };
}

export const HOSTILE_NEXT = [
  '/\\example.invalid/x',
  '//evil.example',
  'https://evil.example/',
  '/\\\\evil.example',
  '/..//evil.example',
  '/\t/evil.example',
  'javascript:alert(1)',
];

function openRedirects(): HardeningCase {
  const refused = HOSTILE_NEXT.filter((next) => safeNext(next) === '/').length;
  return {
    calls: HOSTILE_NEXT.length,
    refused,
    statuses: { '/': refused, other: HOSTILE_NEXT.length - refused },
    note: 'safeNext falls back to /',
  };
}

async function databaseWithoutPassword(api: TestApi): Promise<HardeningCase> {
  const statuses: Record<string, number> = {};
  for (const password of ['', 'postgres', 'guess']) {
    const url = new URL(api.databaseUrl);
    url.password = password;
    const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    const outcome = await client.connect().then(
      () => 'connected',
      (err: Error) => (/password/.test(err.message) ? 'refused' : 'error'),
    );
    await client.end().catch(() => undefined);
    statuses[outcome] = (statuses[outcome] ?? 0) + 1;
  }
  return { calls: 3, refused: statuses['refused'] ?? 0, statuses, note: 'no, default or wrong password' };
}

export async function runHardeningCases(
  server: ApiServer,
  api: TestApi,
  cookies: { operator: string },
): Promise<Record<string, HardeningCase>> {
  return {
    operatorRollback: await operatorRollback(server, cookies.operator),
    paddedGuesses: await paddedGuesses(server),
    oversizedBody: await oversizedBody(server, api),
    refusalFlood: await refusalFlood(server, api),
    viewerReadsHashes: await viewerReadsHashes(api),
    openRedirects: openRedirects(),
    databaseWithoutPassword: await databaseWithoutPassword(api),
  };
}
