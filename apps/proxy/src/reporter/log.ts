/** Structured logs: one JSON line per event on stderr (stdout carries only the ready line). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(base: Record<string, unknown>, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  return {
    log(level, event, fields) {
      write(JSON.stringify({ ts: new Date().toISOString(), level, event, ...base, ...fields }) + '\n');
    },
  };
}

export const silentLogger: Logger = { log: () => undefined };
