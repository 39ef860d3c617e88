/**
 * LISTEN/NOTIFY on the embedded server (issue 20). PGlite is ONE session for every client, so
 * a NotificationResponse goes out with the output of whichever client ran the COMMIT, never
 * to the client that asked to LISTEN. The wire server remembers which connection LISTENs on
 * which channel and sends each of them a copy of the notification messages it sees in other
 * connections' output. The committing client's own output is passed on unchanged (clients
 * ignore notifications they did not ask for), so a mistake here can only affect listeners.
 */

const LISTEN = /^\s*(LISTEN|UNLISTEN)\s+(?:"([^"]+)"|([A-Za-z_][A-Za-z0-9_$]*)|(\*))\s*;?\s*$/i;

/** `LISTEN x` / `UNLISTEN x` / `UNLISTEN *` sent as a simple Query ('Q') message, or null. */
export function listenCommand(message: Buffer): { listen: boolean; channel: string } | null {
  if (message[0] !== 0x51 || message.length < 6) return null;
  const match = LISTEN.exec(message.toString('utf8', 5, message.length - 1));
  if (!match) return null;
  // Unquoted identifiers fold to lower case, as the server does.
  const channel = match[2] ?? match[3]?.toLowerCase() ?? '*';
  return { listen: match[1]!.toUpperCase() === 'LISTEN', channel };
}

/** The NotificationResponse ('A') messages in a run of complete server messages. */
export function notificationsIn(output: Buffer): { channel: string; bytes: Buffer }[] {
  const found: { channel: string; bytes: Buffer }[] = [];
  for (let at = 0; at + 5 <= output.length;) {
    const end = at + 1 + output.readInt32BE(at + 1);
    if (end > output.length || end <= at + 4) break;
    if (output[at] === 0x41) {
      // int32 backend pid, then the channel as a C string, then the payload.
      const nul = output.indexOf(0, at + 9);
      if (nul > 0 && nul < end)
        found.push({ channel: output.toString('utf8', at + 9, nul), bytes: output.subarray(at, end) });
    }
    at = end;
  }
  return found;
}

/** Which connection LISTENs on which channels. */
export class ListenRegistry {
  private readonly byConnection = new Map<number, { send: (bytes: Buffer) => void; channels: Set<string> }>();

  get size(): number {
    return this.byConnection.size;
  }

  /** Records a (UN)LISTEN a connection sent; `send` writes to that connection. */
  note(id: number, command: { listen: boolean; channel: string }, send: (bytes: Buffer) => void): void {
    const entry = this.byConnection.get(id) ?? { send, channels: new Set<string>() };
    if (command.listen) entry.channels.add(command.channel);
    else if (command.channel === '*') entry.channels.clear();
    else entry.channels.delete(command.channel);
    if (entry.channels.size > 0) this.byConnection.set(id, entry);
    else this.byConnection.delete(id);
  }

  forget(id: number): void {
    this.byConnection.delete(id);
  }

  /** Copies the notifications in `output` (produced for connection `from`) to every other listener. */
  forward(from: number, output: Buffer): void {
    for (const n of notificationsIn(output)) {
      for (const [id, entry] of this.byConnection)
        if (id !== from && entry.channels.has(n.channel)) entry.send(n.bytes);
    }
  }
}
