/**
 * The config the console has published, for commands that answer like the proxy would
 * (`syctl route`). No console configured → null (callers fall back to the demo snapshot);
 * a configured console that fails is an error, never a silent fallback to the demo.
 */
import { formatProblems, parseSnapshot, type TConfigSnapshot } from '@switchyard/core';
import { resolveTarget, withApi } from './api-client.ts';
import { CliError } from './framework/errors.ts';

export async function publishedConfig(
  cwd: string,
): Promise<{ version: number; url: string; snapshot: TConfigSnapshot } | null> {
  let url: string;
  try {
    url = resolveTarget(cwd).url;
  } catch (e) {
    if (e instanceof CliError && e.code === 'NO_CONSOLE') return null;
    throw e;
  }
  const published = await withApi(cwd, async (api) => {
    const [latest] = await api.versions.list.query({ limit: 1 });
    if (!latest)
      throw new CliError(
        'ROUTE_FAILED',
        'the console has published no version yet; publish the draft, or use --offline',
      );
    return api.versions.get.query({ version: latest.version });
  });
  // Caller secret hashes arrive redacted; routing never needs them.
  const r = parseSnapshot(published.snapshot);
  if (!r.ok)
    throw new CliError(
      'CONFIG_INVALID',
      `published version ${published.version} has ${r.problems.length} problem(s):\n${formatProblems(r.problems)}`,
    );
  return { version: published.version, url, snapshot: r.snapshot };
}
