import { describe, expect, it } from 'vitest';
import { hashSecret, parseSecretHash, verifySecret } from './secret-hash.ts';

const FAST = { N: 1024, r: 8, p: 1 };

describe('secret hashes', () => {
  it('uses the scrypt$N$r$p$salt$hash format with the default cost', async () => {
    const stored = await hashSecret('correct horse');
    const parts = stored.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(parts[4] ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(parts[5] ?? '', 'base64')).toHaveLength(32);
    expect(await verifySecret('correct horse', stored)).toBe(true);
  });

  it('rejects a wrong secret and salts every hash', async () => {
    const a = await hashSecret('s3cret', FAST);
    const b = await hashSecret('s3cret', FAST);
    expect(a).not.toBe(b);
    expect(await verifySecret('s3cret', b)).toBe(true);
    expect(await verifySecret('s3cret ', a)).toBe(false);
  });

  it('treats malformed or abusive stored hashes as a mismatch, without throwing', async () => {
    const good = await hashSecret('x', FAST);
    const [, , r, p, salt, key] = good.split('$');
    for (const bad of [
      '',
      'plain',
      'argon2$1$1$1$a$b',
      `scrypt$1000$${r}$${p}$${salt}$${key}`,
      `scrypt$${2 ** 24}$${r}$${p}$${salt}$${key}`,
      `scrypt$1024$${r}$${p}$$${key}`,
    ]) {
      expect(parseSecretHash(bad)).toBeNull();
      expect(await verifySecret('x', bad)).toBe(false);
    }
  });
});
