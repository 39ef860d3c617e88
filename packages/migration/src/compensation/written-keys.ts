/**
 * The keys a write command touched, from its argv, so a failed secondary write re-syncs
 * every one of them (not just argv[1]). Covers the multi-key writes the proxy forwards whole
 * or split per instance; anything else writes argv[1].
 */
export function writtenKeys(argv: readonly Buffer[]): Buffer[] {
  if (argv.length < 2) return [];
  const name = argv[0]!.toString('latin1').toUpperCase();
  switch (name) {
    case 'MSET':
    case 'MSETNX':
      return argv.filter((_, i) => i % 2 === 1);
    case 'DEL':
    case 'UNLINK':
    case 'TOUCH':
      return argv.slice(1);
    case 'EVAL':
    case 'EVALSHA':
    case 'EVAL_RO':
    case 'EVALSHA_RO':
    case 'FCALL': {
      const n = Number(argv[2]?.toString('latin1'));
      return Number.isInteger(n) && n > 0 ? argv.slice(3, 3 + n) : [];
    }
    default:
      return [argv[1]!];
  }
}
