/** Runs one suite file against one server with tclsh, bounded in time; keeps the output. */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSuiteOutput, type SuiteRun } from './suite-output.ts';

export interface RunFileOptions {
  /** The patched copy of the suite. */
  suiteDir: string;
  file: string;
  port: number;
  timeoutMs: number;
  /** runtest's --tags, e.g. `-slow` to leave out the stress tests (both runs alike). */
  tags: string | undefined;
  /** Where the full output is written. */
  logFile: string;
}

export function runSuiteFile(o: RunFileOptions): Promise<SuiteRun> {
  const args = [
    'tests/test_helper.tcl', '--host', '127.0.0.1', '--port', String(o.port), '--singledb', '--ignore-encoding', '--ignore-digest',
    // --durable: a test that throws counts as failed and the file goes on (else one error ends the file).
    '--durable', '--clients', '1',
    // runtest's own test server listens near --baseport (default 21111): a random base keeps
    // concurrent runs (other checkouts on this machine) from colliding.
    '--baseport', String(20_000 + 64 * Math.floor(Math.random() * 600)), '--timeout', String(Math.ceil(o.timeoutMs / 1000)), '--single', o.file,
    ...(o.tags === undefined ? [] : ['--tags', o.tags]),
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('tclsh', args, {
      cwd: o.suiteDir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole process group: the test server and its test client.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, o.timeoutMs);
    child.on('close', () => {
      clearTimeout(timer);
      const wallMs = Date.now() - started;
      void writeFile(o.logFile, output).then(() => resolve(parseSuiteOutput(output, wallMs, timedOut)));
    });
  });
}

export const logName = (dir: string, file: string, target: string): string => path.join(dir, `${file.replace(/\//g, '_')}.${target}.log`);
