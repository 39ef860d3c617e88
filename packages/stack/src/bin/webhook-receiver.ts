/** `webhook-receiver --port N --log FILE`: the demo stack's local notification receiver. */
import { z } from 'zod';
import { startWebhookReceiver } from '../notify-receiver/receiver.ts';

const ZArgs = z.object({ port: z.coerce.number().int().min(0).max(65535), log: z.string().min(1) });

function parseArgs(argv: readonly string[]): z.infer<typeof ZArgs> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < argv.length; i += 2) out[argv[i]!.replace(/^--/, '')] = argv[i + 1]!;
  return ZArgs.parse(out);
}

const args = parseArgs(process.argv.slice(2));
const receiver = await startWebhookReceiver({ port: args.port, logFile: args.log });
console.log(JSON.stringify({ event: 'webhook_receiver_listening', url: receiver.url, log: args.log }));
const stop = (): void => void receiver.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
