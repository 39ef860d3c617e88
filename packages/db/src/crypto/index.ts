export { DEFAULT_SCRYPT, hashSecret, verifySecret, parseSecretHash } from './secret-hash.ts';
export type { ScryptParams } from './secret-hash.ts';
export { canonicalJson, hashSnapshot } from './snapshot-hash.ts';
export type { TJsonValue } from './snapshot-hash.ts';
export { hashToken, newToken, sha256Hex } from './token-hash.ts';
