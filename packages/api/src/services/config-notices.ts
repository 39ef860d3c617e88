/**
 * Publishes made by OTHER console processes (issue 20). Every insert into ConfigVersion
 * notifies channel `switchyard_config` with the new version (a trigger, migration
 * `config_version_notify`, so the seed and any replica are covered with no extra round trip,
 * and NOTIFY is delivered at commit: a listener never hears of a row it cannot read yet).
 * While polls are held, this process LISTENs and turns each notice into the in-process
 * publish signal, so a poll held here wakes at once instead of at the next re-check.
 *
 * Notices are hints, never the only path: the poll service's re-check stays (a dropped
 * connection, a database that does not deliver them). The embedded PGlite server delivers
 * them too: its wire server copies each notice to the LISTENing connections (its single
 * session would otherwise hand it to the committing client only). Echoes of this process's
 * own publishes are ignored.
 */
import { z } from 'zod';
import { listenChannel, type ChannelListener } from '@switchyard/db/listen';
import { announcePublished, onPublished } from './publish-bus.ts';

export const CONFIG_CHANNEL = 'switchyard_config';
/** Workers re-poll within milliseconds of an answer: keep the connection across that gap. */
const LINGER_MS = 30_000;
const ECHOES_KEPT = 64;

const ZNotice = z.coerce.number().int().min(1);

interface Entry {
  listener: ChannelListener;
  users: number;
  linger: NodeJS.Timeout | undefined;
}

const listeners = new Map<string, Entry>();
/** Versions already announced in this process (its own publishes, earlier notices). */
const announced: number[] = [];
let heard = 0;

onPublished((version) => {
  announced.push(version);
  if (announced.length > ECHOES_KEPT) announced.shift();
});

function onNotice(payload: string): void {
  const version = ZNotice.safeParse(payload);
  if (!version.success || announced.includes(version.data)) return;
  heard++;
  announcePublished(version.data);
}

/**
 * Listens on `url` while the returned release function has not been called (shared by every
 * caller of the same URL). `onReady` runs after each (re)connect: re-read what a notice may
 * have announced while the connection was down.
 */
export function useConfigNotices(url: string, onReady: () => void): () => void {
  let entry = listeners.get(url);
  if (!entry) {
    entry = { listener: listenChannel(url, CONFIG_CHANNEL, onNotice, { onReady }), users: 0, linger: undefined };
    listeners.set(url, entry);
  }
  const used = entry;
  clearTimeout(used.linger);
  used.users++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--used.users > 0) return;
    used.linger = setTimeout(() => {
      if (used.users > 0 || listeners.get(url) !== used) return;
      listeners.delete(url);
      void used.listener.close();
    }, LINGER_MS).unref();
  };
}

/** Notices from other processes that woke held polls here (a probe for tests). */
export const configNoticesHeard = (): number => heard;

/** Whether this process is LISTENing on `url` right now (a probe for tests). */
export const configNoticesListening = (url: string): boolean => listeners.get(url)?.listener.listening() ?? false;

/** Closes the listener of `url` (test teardown, before its database stops). */
export async function closeConfigNotices(url: string): Promise<void> {
  const entry = listeners.get(url);
  if (!entry) return;
  listeners.delete(url);
  clearTimeout(entry.linger);
  await entry.listener.close();
}
