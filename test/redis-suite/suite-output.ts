/** Parses the output of Redis's TCL test server (`[ok]`, `[err]`, `[skip]`, `[ignore]`, `[exception]`). */

export interface SuiteRun {
  /** Passed tests by name, with a count: a few files reuse a test name. */
  ok: Map<string, number>;
  /** Failed tests: name and the first line of the failure. */
  err: Array<{ name: string; detail: string }>;
  skipped: string[];
  /** Tests the suite left out by tag (e.g. `external:skip`). */
  ignored: string[];
  /** A test client crashed (the rest of the file did not run). */
  exception: string | null;
  /** The file did not finish in time (killed); its output is kept. */
  timedOut: boolean;
  wallMs: number;
  /** runtest's test client started (false: e.g. its test server could not listen). */
  started: boolean;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const OK = /^\[ok\]: (.*) \((\d+) ms\)$/;
const ERR = /^\[err\]: (.*?)(?: in tests\/\S+\.tcl)?$/;

export function parseSuiteOutput(output: string, wallMs = 0, timedOut = false): SuiteRun {
  const run: SuiteRun = {
    ok: new Map(),
    err: [],
    skipped: [],
    ignored: [],
    exception: null,
    timedOut,
    wallMs,
    started: output.includes('[ready]: '),
  };
  const lines = output
    .replace(ANSI, '')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ok = OK.exec(line);
    if (ok) {
      run.ok.set(ok[1]!, (run.ok.get(ok[1]!) ?? 0) + 1);
      continue;
    }
    const err = ERR.exec(line);
    if (err) {
      run.err.push({ name: err[1]!, detail: (lines[i + 1] ?? '').slice(0, 300) });
      continue;
    }
    if (line.startsWith('[skip]: ')) run.skipped.push(line.slice(8));
    else if (line.startsWith('[ignore]: ')) run.ignored.push(line.slice(10));
    else if (line.startsWith('[exception]: ') && run.exception === null)
      run.exception = [line, ...lines.slice(i + 1, i + 6)].join('\n');
  }
  return run;
}

export const okCount = (run: SuiteRun): number => [...run.ok.values()].reduce((a, b) => a + b, 0);
