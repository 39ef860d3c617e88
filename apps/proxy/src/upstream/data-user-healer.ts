/**
 * Issue 14: a server that refuses the managed data user (lost on a restart without a saved
 * ACL, or deleted) gets it re-created with the instance's admin credentials, at most once per
 * HEAL_INTERVAL_MS per server, so the next requests get through. The config is the truth.
 */
import type { TInstance } from '@switchyard/core';
import type { Logger } from '../telemetry/log.ts';
import { healDataUser } from './caller-users.ts';

const HEAL_INTERVAL_MS = 5000;

export class DataUserHealer {
  private readonly healedAt = new Map<string, number>();

  constructor(
    private readonly timeoutMs: number,
    private readonly log: Logger | undefined,
  ) {}

  heal(instance: TInstance, host: string, port: number): void {
    const server = `${host}:${port}`;
    const now = Date.now();
    if ((this.healedAt.get(server) ?? -Infinity) > now - HEAL_INTERVAL_MS) return;
    this.healedAt.set(server, now);
    const where = { instance: instance.name, server, user: instance.dataUser?.username };
    healDataUser(instance, host, port, this.timeoutMs).then(
      () => this.log?.log('warn', 'data_user_recreated', where),
      (err: unknown) =>
        this.log?.log('error', 'data_user_recreate_failed', {
          ...where,
          error: err instanceof Error ? err.message : String(err),
        }),
    );
  }
}
