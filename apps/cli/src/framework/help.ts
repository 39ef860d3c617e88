import type { Command } from './command.ts';

export function overviewHelp(commands: readonly Command[], prefix: readonly string[]): string {
  const shown = commands.filter((c) => prefix.every((w, i) => c.path[i] === w));
  const list = (shown.length ? shown : commands).map((c) => `  syctl ${c.path.join(' ').padEnd(22)} ${c.summary}`);
  return [
    'syctl: the Switchyard ops CLI',
    '',
    'Commands:',
    ...list,
    '',
    "Every command takes --json; run 'syctl <command> --help' for its flags.",
  ].join('\n');
}

export function commandHelp(c: Command): string {
  const usage = c.positionals.map((n) => (n.endsWith('?') ? `[${n.slice(0, -1)}]` : `<${n}>`)).join(' ');
  const flags = Object.entries(c.flags).map(
    ([name, f]) => `  --${name}${f.type === 'string' ? ' <value>' : ''}`.padEnd(30) + f.description,
  );
  return [
    `syctl ${c.path.join(' ')} ${usage}`.trimEnd(),
    '',
    c.summary,
    '',
    'Flags:',
    ...flags,
    '  --json'.padEnd(30) + 'print one JSON document instead of text',
  ].join('\n');
}
