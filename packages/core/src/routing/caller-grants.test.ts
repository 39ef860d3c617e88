import { describe, expect, it } from 'vitest';
import { callerAclRules, callerKeyPatterns, dataUserAclRules } from '../config/data-user.ts';
import { literalPrefix } from '../keytypes/key-type-matcher.ts';
import { DEMO_KEY_TYPES } from '../demo/demo-config.ts';
import { ZConfigSnapshot, ZInstance } from '../config/schema.ts';
import { demo } from '../test-support/fixtures.ts';
import { callerMayRun, EXPLICIT_GRANT_COMMANDS } from './commands.ts';
import { compileConfig } from './compile-config.ts';
import { route } from './route.ts';

function withCallers() {
  const s = demo();
  return compileConfig({
    ...s,
    callers: [
      { name: 'star', secretHash: 'h', commands: ['*'], keyTypes: ['*'] },
      { name: 'scripted', secretHash: 'h', commands: ['*', 'EVAL', 'EVALSHA', 'SCRIPT'], keyTypes: ['stable'] },
      { name: 'narrow', secretHash: 'h', commands: ['GET', 'RESTORE'], keyTypes: ['*'] },
    ],
  });
}

describe('explicit grants (issue 14)', () => {
  const cfg = withCallers();
  const caller = (name: string) => cfg.callers.get(name)!;

  it("'*' grants data commands but no script, SCRIPT or RESTORE", () => {
    expect(callerMayRun(caller('star'), 'GET')).toBe(true);
    for (const c of EXPLICIT_GRANT_COMMANDS) expect(callerMayRun(caller('star'), c)).toBe(false);
  });

  it('a listed script command is granted next to * the others stay refused', () => {
    const c = caller('scripted');
    expect(['EVAL', 'EVALSHA', 'SCRIPT', 'SET'].map((n) => callerMayRun(c, n))).toEqual([true, true, true, true]);
    expect(['EVAL_RO', 'FCALL', 'RESTORE'].map((n) => callerMayRun(c, n))).toEqual([false, false, false]);
  });

  it('a narrow caller gets only what it lists', () => {
    const c = caller('narrow');
    expect(['GET', 'RESTORE', 'SET', 'EVAL'].map((n) => callerMayRun(c, n))).toEqual([true, true, false, false]);
  });

  it("the console's route preview applies the same rule", () => {
    const r = route(cfg, { command: 'EVAL', keys: ['stable_1'], caller: 'star' });
    expect(r).toMatchObject({ ok: false, error: 'COMMAND_NOT_ALLOWED' });
  });
});

describe('data user config', () => {
  it('old snapshots without dataUser still parse; a dataUser needs a username and password', () => {
    expect(ZConfigSnapshot.safeParse(demo()).success).toBe(true);
    const base = { name: 'a', region: 'gz', kind: 'standalone', addresses: [{ host: 'h', port: 1 }] };
    expect(
      ZInstance.parse({ ...base, dataUser: { username: 'switchyard-proxy', password: 'p' } }).dataUser?.username,
    ).toBe('switchyard-proxy');
    expect(ZInstance.safeParse({ ...base, dataUser: { username: 'bad user', password: 'p' } }).success).toBe(false);
    expect(ZInstance.safeParse({ ...base, dataUser: { username: 'u', password: '' } }).success).toBe(false);
  });

  it('the managed user loses dangerous commands, keeps what the proxy sends itself', () => {
    const rules = dataUserAclRules('>pw');
    expect(rules.slice(0, 3)).toEqual(['reset', 'on', '>pw']);
    expect(rules).toContain('-@dangerous');
    for (const r of [
      '+restore',
      '+script|load',
      '+script|exists',
      '+script|kill',
      '+function|kill',
      '-function',
      '-select',
    ])
      expect(rules).toContain(r);
    // Order matters for Redis: the script subcommands come back after -script.
    expect(rules.indexOf('+script|load')).toBeGreaterThan(rules.indexOf('-script'));
  });
});

describe('per-caller key patterns (issue 14)', () => {
  it('reads the literal prefix of anchored key-type patterns', () => {
    expect(literalPrefix('^stable_(?<mid>\\d{1,20})$')).toBe('stable_');
    expect(literalPrefix('^member_list_\\{(?<mid>\\d+)\\}$')).toBe('member_list_{');
    expect(literalPrefix('^(?<mid>\\d+)$')).toBeNull();
    expect(literalPrefix('stable_x')).toBeNull();
    expect(literalPrefix('^(key|counter)(:|$)')).toBeNull();
    expect(literalPrefix('^abc|^def')).toBeNull();
    expect(literalPrefix('^ab?c')).toBe('a');
    expect(literalPrefix('^ab+c')).toBe('ab');
    expect(literalPrefix('^a.b')).toBe('a');
    expect(literalPrefix('^u2m_\\d')).toBe('u2m_');
  });

  it('gives a restricted caller one ~prefix* per key type, and none when it cannot be contained', () => {
    const types = DEMO_KEY_TYPES;
    expect(callerKeyPatterns(types, new Set(['stable', 'member_list']))).toEqual(['~member_list_{*', '~stable_*']);
    expect(callerKeyPatterns(types, null)).toBeNull();
    // meeting_info keys are bare meeting IDs: no literal prefix, so no containment.
    expect(callerKeyPatterns(types, new Set(['stable', 'meeting_info']))).toBeNull();
    expect(callerKeyPatterns([{ name: 'g', pattern: '^a*[b]?\\\\x' }], new Set(['g']))).toBeNull();
    expect(callerKeyPatterns([{ name: 'g', pattern: '^a\\*\\[b_' }], new Set(['g']))).toEqual(['~a\\*\\[b_*']);
  });

  it('a caller user with a restricted command list gets only those commands, never a dangerous one', () => {
    const rules = callerAclRules('>pw', ['~stable_*'], ['GET', 'EVAL', 'KEYS', 'RESTORE']);
    expect(rules.slice(rules.indexOf('-@all'), rules.indexOf('-@all') + 5)).toEqual([
      '-@all',
      '+get',
      '+eval',
      '+keys',
      '+restore',
    ]);
    // The always-refused set comes after the grants, so a granted KEYS is still refused.
    expect(rules.indexOf('-@dangerous')).toBeGreaterThan(rules.indexOf('+keys'));
    expect(rules.lastIndexOf('+restore')).toBeGreaterThan(rules.indexOf('-@dangerous'));
    expect(callerAclRules('>pw', ['~a*'], ['GET'])).not.toContain('+restore');
    expect(callerAclRules('>pw', ['~a*'], null)).toEqual(dataUserAclRules('>pw', ['~a*']));
  });

  it('a caller user keeps the data user rules with its own key patterns', () => {
    const rules = dataUserAclRules('>pw', ['~stable_*']);
    expect(rules).toContain('~stable_*');
    expect(rules).not.toContain('~*');
    expect(rules).toContain('-@dangerous');
  });
});
