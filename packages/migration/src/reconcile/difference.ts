/** Human-readable reason two digests differ, for samples ("missing on new", "ttl differs"…). */
import { digestParts, type KeyDigest } from '../shared/records.ts';

export function describeDifference(oldDigest: KeyDigest, newDigest: KeyDigest): string {
  const old = digestParts(oldDigest);
  const neu = digestParts(newDigest);
  if (old.type === 'none') return 'missing on old';
  if (neu.type === 'none') return 'missing on new';
  if (old.type !== neu.type) return `type differs (old ${old.type}, new ${neu.type})`;
  if (old.digest === neu.digest)
    return `ttl differs (old ${old.ttl ? 'expires' : 'persistent'}, new ${neu.ttl ? 'expires' : 'persistent'})`;
  return `${old.type} value differs`;
}
