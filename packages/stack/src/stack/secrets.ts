import { randomBytes } from 'node:crypto';
import { readJson, writeJson, ZSecrets, type StackPaths, type TSecrets } from './state.ts';

const token = (prefix: string): string => `${prefix}_${randomBytes(24).toString('base64url')}`;

/** Generated on the first `up`, then reused: the persisted database was seeded with them. */
export async function loadOrCreateSecrets(paths: StackPaths): Promise<TSecrets & { dataUserPassword: string }> {
  const existing = await readJson(paths.secretsFile, ZSecrets);
  if (existing?.dataUserPassword !== undefined) return { ...existing, dataUserPassword: existing.dataUserPassword };
  if (existing) {
    // A secrets file from before the managed data user: add its password, keep the rest.
    const upgraded = { ...existing, dataUserPassword: randomBytes(24).toString('base64url') };
    await writeJson(paths.secretsFile, upgraded);
    return upgraded;
  }
  const secrets = {
    adminPassword: randomBytes(9).toString('base64url'),
    viewerPassword: randomBytes(9).toString('base64url'),
    operatorPassword: randomBytes(9).toString('base64url'),
    adminToken: token('sy_api'),
    workerToken: token('sy_wrk'),
    demoCallerSecret: randomBytes(18).toString('base64url'),
    dataUserPassword: randomBytes(24).toString('base64url'),
  };
  await writeJson(paths.secretsFile, secrets);
  return secrets;
}
