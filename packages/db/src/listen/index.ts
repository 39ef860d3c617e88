/**
 * `listenChannel(url, channel, onNotice)`: one dedicated connection that LISTENs on a
 * PostgreSQL channel and hands every NOTIFY payload to `onNotice` (issue 20: a publish in one
 * console process wakes the config polls held by another at once). A notice is only a hint:
 * when the connection drops, it is re-opened after a back-off, and `onReady` runs after every
 * (re)connect so the caller can re-read what it may have missed meanwhile.
 *
 * On the embedded PGlite server (one session for every client) the notice is produced in the
 * output of the client that committed; the wire server copies it to the connections that
 * LISTEN on its channel (embedded/wire-notify.ts), so this works there too.
 */
import pg from 'pg';
import { poolOptionsFor } from '../pool-options.ts';

export interface ChannelListener {
  /** True while the LISTEN connection is open. */
  listening(): boolean;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Runs after each successful LISTEN (first connect and every reconnect). */
  onReady?: () => void;
  /** Wait before re-opening a dropped connection; default 1 s. */
  retryMs?: number;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

export function listenChannel(
  url: string,
  channel: string,
  onNotice: (payload: string) => void,
  options: ListenOptions = {},
): ChannelListener {
  // LISTEN takes an identifier, not a parameter: allow only plain lower-case names.
  if (!CHANNEL.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
  let client: pg.Client | null = null;
  let open = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const dropped = (c: pg.Client): void => {
    if (client !== c) return;
    client = null;
    open = false;
    c.end().catch(() => undefined);
    if (!closed) retry = setTimeout(connect, options.retryMs ?? 1_000).unref();
  };
  function connect(): void {
    const c = new pg.Client(poolOptionsFor(url));
    client = c;
    c.on('notification', (n) => {
      if (n.channel === channel) onNotice(n.payload ?? '');
    });
    c.on('error', () => dropped(c));
    c.on('end', () => dropped(c));
    c.connect()
      .then(() => c.query(`LISTEN ${channel}`))
      .then(() => {
        if (client !== c || closed) return;
        open = true;
        options.onReady?.();
      })
      .catch(() => dropped(c));
  }
  connect();
  return {
    listening: () => open,
    close: async () => {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = null;
      open = false;
      await c?.end().catch(() => undefined);
    },
  };
}
