/** Structured logs: one JSON line per event on stderr (stdout carries only the ready line). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(
  base: Record<string, unknown>,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  return {
    log(level, event, fields) {
      write(JSON.stringify({ ts: new Date().toISOString(), level, event, ...base, ...fields }) + '\n');
    },
  };
}

export const silentLogger: Logger = { log: () => undefined };

/**
 * One line per interval for an event that clients can trigger at will (a failed AUTH), with
 * the number of lines held back: a password-guessing loop must not flood the log.
 */
export function throttledEvent(
  logger: Logger,
  level: LogLevel,
  event: string,
  intervalMs = 1000,
  now: () => number = Date.now,
) {
  let last = -Infinity;
  let suppressed = 0;
  return (fields: Record<string, unknown>): void => {
    const t = now();
    if (t - last < intervalMs) {
      suppressed++;
      return;
    }
    logger.log(level, event, suppressed > 0 ? { ...fields, suppressed } : fields);
    last = t;
    suppressed = 0;
  };
}
