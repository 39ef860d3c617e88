/** Runs one suite file against one server with tclsh, bounded in time; keeps the output. */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { SKIPPED_TESTS } from './suite-files.ts';
import { parseSuiteOutput, type SuiteRun } from './suite-output.ts';

export interface RunFileOptions {
  /** The patched copy of the suite. */
  suiteDir: string;
  file: string;
  port: number;
  timeoutMs: number;
  /** runtest's --tags, e.g. `-slow` to leave out the stress tests (both runs alike). */
  tags: string | undefined;
  /** A free port for runtest's own test server (see freeTestServerPort). */
  testServerPort: number;
  /** Where the full output is written. */
  logFile: string;
}

/** Runs the file; once more on a new test-server port if runtest could not even start. */
export async function runSuiteFile(o: Omit<RunFileOptions, 'testServerPort'>): Promise<SuiteRun> {
  const first = await runOnce({ ...o, testServerPort: await freeTestServerPort() });
  return first.started || first.timedOut ? first : runOnce({ ...o, testServerPort: await freeTestServerPort() });
}

function runOnce(o: RunFileOptions): Promise<SuiteRun> {
  const args = [
    'tests/test_helper.tcl',
    '--host',
    '127.0.0.1',
    '--port',
    String(o.port),
    '--singledb',
    '--ignore-encoding',
    '--ignore-digest',
    // --durable: a test that throws counts as failed and the file goes on (else one error ends the file).
    '--durable',
    '--clients',
    '1',
    // runtest's own test server takes the first free port in [baseport-32, baseport) and also
    // checks port+10000; its check is unreliable, so the port is picked free here (below the
    // ephemeral range), which keeps concurrent runs on this machine from colliding.
    '--baseport',
    String(o.testServerPort + 32),
    '--timeout',
    String(Math.ceil(o.timeoutMs / 1000)),
    '--single',
    o.file,
    ...(o.tags === undefined ? [] : ['--tags', o.tags]),
    ...SKIPPED_TESTS.flatMap((t) => ['--skiptest', t.test]),
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

const bindable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A port in 10000..21999 free on 127.0.0.1, with port+10000 free too (runtest checks both). */
export async function freeTestServerPort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 10_000 + Math.floor(Math.random() * 12_000);
    if ((await bindable(port)) && (await bindable(port + 10_000))) return port;
  }
  throw new Error('redis-suite: no free port for the test server in 10000..21999');
}

export const logName = (dir: string, file: string, target: string): string =>
  path.join(dir, `${file.replace(/\//g, '_')}.${target}.log`);
