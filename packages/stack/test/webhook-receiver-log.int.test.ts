/** The demo webhook receiver's log file: there from the start (the banner points at it), one JSON line per delivery. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startWebhookReceiver } from '../src/notify-receiver/receiver.ts';

it('creates the log when it starts and appends each delivery', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-receiver-'));
  const logFile = path.join(dir, 'webhook-received.jsonl');
  const r = await startWebhookReceiver({ logFile });
  try {
    expect(await readFile(logFile, 'utf8')).toBe('');
    const res = await fetch(r.url, {
      method: 'POST',
      headers: { 'x-switchyard-event': 'test' },
      body: JSON.stringify({ type: 'test' }),
    });
    expect(res.status).toBe(200);
    const lines = (await readFile(logFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; body: unknown });
    expect(lines).toEqual([expect.objectContaining({ event: 'test', body: { type: 'test' } })]);
  } finally {
    await r.close();
    await rm(dir, { recursive: true, force: true });
  }
});
