import { describe, expect, it } from 'vitest';
import { parseProxyEnv, readEnv, ZProxyEnv } from './env.ts';

describe('proxy env, parsed once (issue 19 finding 4)', () => {
  it('fills every unset setting from the zod defaults, and freezes the result', () => {
    const env = parseProxyEnv({ PROXY_PORT: 0 });
    expect(env.PROXY_PORT).toBe(0);
    expect(env.BREAKER_OPEN_MS).toBe(500);
    expect(env.PROXY_MAX_WATCH_CONNECTIONS).toBe(256);
    expect(env.HOT_KEY_SAMPLE_EVERY).toBe(4);
    expect(Object.isFrozen(env)).toBe(true);
    expect(() => Object.assign(env, { PROXY_PORT: 1 })).toThrow(TypeError);
  });

  it('gives every schema key a value (no setting is left for a caller to default)', () => {
    const env = parseProxyEnv({});
    const optional = ['METRICS_PORT', 'CONSOLE_URL', 'WORKER_TOKEN', 'CONFIG_FILE'];
    for (const key of Object.keys(ZProxyEnv.shape)) {
      if (!optional.includes(key)) expect(env[key as keyof typeof env], key).not.toBeUndefined();
    }
  });

  it('defaults the last-known-good file to one per worker name', () => {
    expect(parseProxyEnv({ SWITCHYARD_WORKER_NAME: 'w7' }).LKG_PATH).toMatch(/\.switchyard\/lkg\/w7\.json$/);
    expect(parseProxyEnv({ LKG_PATH: '/tmp/x.json' }).LKG_PATH).toBe('/tmp/x.json');
  });

  it('reads strings from the environment and lists every invalid value', () => {
    expect(readEnv({ PROXY_PORT: '7000', BREAKER_ERROR_RATE: '0.25' })).toMatchObject({
      PROXY_PORT: 7000,
      BREAKER_ERROR_RATE: 0.25,
    });
    expect(() => readEnv({ PROXY_PORT: '70000', BREAKER_ERROR_RATE: '2' })).toThrow(
      /PROXY_PORT[\s\S]*BREAKER_ERROR_RATE/,
    );
  });
});
