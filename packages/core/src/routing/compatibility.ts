/**
 * docs/COMPATIBILITY.md's command list, rendered from the one command table so the document
 * cannot drift from what the proxy does (a unit test compares the committed file).
 */
import { EXPLICIT_GRANT_COMMANDS, allCommands, type CommandSpec } from './commands.ts';
import { LOCAL_NOTES } from './command-policy.ts';
import { REDIS_VERSION } from './redis-commands.generated.ts';

export const GENERATED_BEGIN = '<!-- BEGIN GENERATED: command table (npm run gen:compatibility) -->';
export const GENERATED_END = '<!-- END GENERATED: command table -->';

/** Whether a command can name more than one key (then the multi-key policy applies). */
function multiKey(spec: CommandSpec): boolean {
  if (spec.keySpecs.length > 1) return true;
  const f = spec.keySpecs[0]?.find;
  return f !== undefined && f !== null && ('keynumidx' in f || f.lastkey !== 0);
}

function status(spec: CommandSpec): string {
  if (spec.serving === 'refused') return `refused: ${spec.note ?? 'not a data command'}`;
  if (spec.serving === 'local')
    return `supported, answered by the proxy${LOCAL_NOTES.has(spec.name) ? ` (${LOCAL_NOTES.get(spec.name)})` : ''}`;
  if (spec.serving === 'proxy') return `supported, Switchyard's own: ${spec.note ?? ''}`;
  const conditions: string[] = [];
  if (spec.note !== null) conditions.push(spec.note);
  else if (EXPLICIT_GRANT_COMMANDS.has(spec.name.split('|')[0]!)) conditions.push('explicit grant');
  if (spec.multi !== 'same')
    conditions.push('keys on several instances are split per instance and the replies reassembled');
  else if (multiKey(spec) && !(spec.note ?? '').includes('one instance'))
    conditions.push('every key on one instance (else CROSSSLOT)');
  if (spec.keySpecs.length === 0 && spec.subcommands === null && spec.note === null)
    conditions.push('needs a key to route by');
  return conditions.length === 0 ? 'supported' : `supported when: ${conditions.join('; ')}`;
}

function rows(spec: CommandSpec): string[] {
  const name = spec.name.toLowerCase();
  if (spec.subcommands === null || spec.serving !== 'forward')
    return [`| \`${name}\` | ${spec.redis?.group ?? 'switchyard'} | ${status(spec)} |`];
  return [...spec.subcommands.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => `| \`${s.name.toLowerCase().replace('|', ' ')}\` | ${spec.redis?.group ?? ''} | ${status(s)} |`);
}

/** The generated section, markers included. */
export function renderCompatibilityTable(): string {
  const lines = [
    GENERATED_BEGIN,
    `Every command of Redis ${REDIS_VERSION} (\`COMMAND\`), plus Switchyard's own; forwarded containers by subcommand.`,
    '',
    '| command | group | through the proxy |',
    '|---|---|---|',
    ...allCommands().flatMap(rows),
    GENERATED_END,
  ];
  return lines.join('\n');
}
