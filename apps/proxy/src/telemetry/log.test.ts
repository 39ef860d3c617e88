import { describe, expect, it } from 'vitest';
import { throttledEvent, type Logger } from './log.ts';

describe('throttledEvent', () => {
  it('logs once per interval and reports how many lines it held back', () => {
    const lines: Record<string, unknown>[] = [];
    const logger: Logger = { log: (_level, event, fields) => lines.push({ event, ...fields }) };
    let clock = 0;
    const log = throttledEvent(logger, 'warn', 'auth_failed', 1000, () => clock);
    for (let i = 0; i < 500; i++) {
      log({ client: i });
      clock += 10; // 500 failures over 5 s
    }
    expect(lines.length).toBe(5);
    expect(lines[0]).toEqual({ event: 'auth_failed', client: 0 });
    expect(lines[1]).toEqual({ event: 'auth_failed', client: 100, suppressed: 99 });
  });
});
