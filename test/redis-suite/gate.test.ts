import { describe, expect, it } from 'vitest';
import { byDesignFromDoc, gate, gatePassed, type FileRuns } from './gate.ts';
import { patchHelper } from './patch-suite.ts';
import { parseSuiteOutput } from './suite-output.ts';

const OUTPUT = [
  '[ready]: 123',
  '\u001b[1;37;49mTesting unit/type/list\u001b[0m',
  '[\u001b[0;32;49mok\u001b[0m]: LPOS basic usage (3 ms)',
  '[ok]: Same name twice (1 ms)',
  '[ok]: Same name twice (2 ms)',
  '[err]: BLPOP with a timeout in tests/unit/type/list.tcl',
  "Expected 'foo' to equal or match 'ERR unknown command'",
  '[skip]: Skipped by name',
  '[ignore]: Needs a server: Not supported on external server',
  '[ok]: A | pipe (0 ms)',
].join('\n');

const run = (out: string) => parseSuiteOutput(`[ready]: 1\n${out}`);

describe('parseSuiteOutput', () => {
  it('counts ok tests by name, failed tests with their first detail line, skips and ignores', () => {
    const r = run(OUTPUT);
    expect([...r.ok]).toEqual([
      ['LPOS basic usage', 1],
      ['Same name twice', 2],
      ['A | pipe', 1],
    ]);
    expect(r.err).toEqual([
      { name: 'BLPOP with a timeout', detail: "Expected 'foo' to equal or match 'ERR unknown command'" },
    ]);
    expect(r.skipped).toEqual(['Skipped by name']);
    expect(r.ignored).toHaveLength(1);
    expect(r.exception).toBeNull();
  });

  it('keeps an exception with its following lines', () => {
    expect(run('[ok]: a (1 ms)\n[exception]: Executing test client: boom\nline2').exception).toBe(
      '[exception]: Executing test client: boom\nline2',
    );
  });
});

const files = (direct: string, proxy: string, file = 'unit/x'): FileRuns[] => [
  { file, direct: run(direct), proxy: run(proxy) },
];

describe('gate', () => {
  it('fails for a test that passes directly only, and passes once it is listed', () => {
    const runs = files('[ok]: t1 (1 ms)\n[ok]: t2 (1 ms)', '[ok]: t1 (1 ms)\n[err]: t2 in tests/unit/x.tcl\nboom');
    const bare = gate(runs, [], []);
    expect(bare.unexplained).toEqual([{ file: 'unit/x', test: 't2' }]);
    expect(gatePassed(bare)).toBe(false);
    expect(gatePassed(gate(runs, [], [{ file: 'unit/x', test: 't2' }]))).toBe(true);
    expect(gatePassed(gate(runs, [{ file: 'unit/x', test: 't2' }], []))).toBe(true);
  });

  it('reports a known gap that passes through the proxy as stale, and fails for a by-design entry that passes', () => {
    const runs = files('[ok]: t1 (1 ms)', '[ok]: t1 (1 ms)');
    const g = gate(runs, [], [{ file: 'unit/x', test: 't1' }]);
    expect(g.stale).toEqual([{ file: 'unit/x', test: 't1' }]);
    expect(g.staleByDesign).toEqual([]);
    expect(gatePassed(g)).toBe(true);
    const d = gate(runs, [{ file: 'unit/x', test: 't1' }], []);
    expect(d.staleByDesign).toEqual([{ file: 'unit/x', test: 't1' }]);
    expect(gatePassed(d)).toBe(false);
  });

  it('counts a name that passes twice directly and once through the proxy as missing', () => {
    expect(gate(files('[ok]: a (1 ms)\n[ok]: a (1 ms)', '[ok]: a (1 ms)'), [], []).missing).toEqual([
      { file: 'unit/x', test: 'a' },
    ]);
  });

  it('fails when the direct run hung or crashed', () => {
    const runs: FileRuns[] = [
      { file: 'unit/x', direct: parseSuiteOutput('[ok]: a (1 ms)', 10, true), proxy: run('[ok]: a (1 ms)') },
    ];
    expect(gate(runs, [], []).brokenDirect).toEqual(['unit/x']);
    const notStarted: FileRuns[] = [
      { file: 'unit/y', direct: parseSuiteOutput('address already in use'), proxy: run('') },
    ];
    expect(gate(notStarted, [], []).brokenDirect).toEqual(['unit/y']);
  });
});

describe('byDesignFromDoc', () => {
  it('reads the by-design table, with escaped pipes, and stops at the next heading', () => {
    const doc = [
      '## Something',
      '| file | test | reason |',
      '|---|---|---|',
      '| unit/a | `not this` | x |',
      '### Tests refused by design',
      '',
      '| file | test | reason |',
      '|---|---|---|',
      '| unit/keyspace | `KEYS with pattern` | KEYS is refused; use SCAN |',
      '| unit/b | `a \\| b` | why |',
      '## Next',
      '| unit/c | `nor this` | y |',
    ].join('\n');
    expect(byDesignFromDoc(doc)).toEqual([
      { file: 'unit/keyspace', test: 'KEYS with pattern' },
      { file: 'unit/b', test: 'a | b' },
    ]);
  });
});

describe('patchHelper', () => {
  it('renames the r and deferring-client helpers and sources the bypass file, each exactly once', () => {
    const out = patchHelper(
      'source tests/support/util.tcl\nproc r {args} {\n}\nproc redis_deferring_client {args} {\n}\n',
    );
    expect(out).toBe(
      'source tests/support/util.tcl\nsource tests/switchyard-bypass.tcl\nproc sy_through_r {args} {\n}\nproc sy_through_deferring_client {args} {\n}\n',
    );
    expect(() => patchHelper('proc r {args} {\n')).toThrow(/exactly once/);
  });
});
