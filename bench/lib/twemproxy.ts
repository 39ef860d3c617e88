/** twemproxy (nutcracker), the benchmarks' peer, in front of one redis-server. */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, waitForPort } from '@switchyard/stack/harness';

export async function startTwemproxy(dir: string, redisPort: number): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const statsPort = await freePort();
  const yml = path.join(dir, 'nutcracker.yml');
  const yaml = [
    'bench:',
    `  listen: 127.0.0.1:${port}`,
    '  hash: fnv1a_64',
    '  distribution: ketama',
    '  redis: true',
    '  servers:',
    `   - 127.0.0.1:${redisPort}:1`,
    '',
  ];
  await writeFile(yml, yaml.join('\n'));
  const child = spawn(
    'nutcracker',
    [
      '-c',
      yml,
      '-p',
      path.join(dir, 'nutcracker.pid'),
      '-s',
      String(statsPort),
      '-o',
      path.join(dir, 'nutcracker.log'),
    ],
    { stdio: 'ignore' },
  );
  await waitForPort(port);
  return { port, child };
}
