/**
 * In-process "a version was published" signal. Held config polls wake on it at once; polls
 * held by another console process (or waiting on a publish made by the seed script) fall
 * back to a short database re-check instead.
 */
import { EventEmitter } from 'node:events';

// On globalThis: Next.js may bundle this module once per route, and the publishing route
// (tRPC) and the polling route (/api/config) must share one emitter.
const holder = globalThis as typeof globalThis & { __switchyardPublishBus?: EventEmitter };
const bus = (holder.__switchyardPublishBus ??= new EventEmitter());
// Every held worker poll listens; hundreds are normal, not a leak.
bus.setMaxListeners(0);

export function announcePublished(version: number): void {
  bus.emit('published', version);
}

export function onPublished(listener: (version: number) => void): () => void {
  bus.on('published', listener);
  return () => bus.off('published', listener);
}
