/**
 * The config a worker routes by. Each command captures `holder.current` once when it starts
 * and uses that object to the end, so a swap between commands never mixes two versions.
 */
import { compileConfig, ZPublishedConfig, type CompiledConfig, type TPublishedConfig } from '@switchyard/core';

export interface ActiveConfig {
  readonly version: number;
  readonly hash: string;
  readonly publishedAt: string;
  readonly compiled: CompiledConfig;
  /** The published document as received, for last-known-good persistence. */
  readonly published: TPublishedConfig;
}

/** Validates (zod + cross-field checks in compileConfig) and deep-freezes a published config. */
export function activate(input: unknown): ActiveConfig {
  const published = deepFreeze(ZPublishedConfig.parse(input));
  const compiled = compileConfig(published.snapshot);
  return Object.freeze({
    version: published.version,
    hash: published.hash,
    publishedAt: published.publishedAt,
    compiled,
    published,
  });
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

export type ConfigListener = (next: ActiveConfig, previous: ActiveConfig | null) => void;

export class ConfigHolder {
  private active: ActiveConfig | null = null;
  private readonly listeners: ConfigListener[] = [];

  get current(): ActiveConfig | null {
    return this.active;
  }

  onSwap(listener: ConfigListener): void {
    this.listeners.push(listener);
  }

  /** Atomic: one assignment; in-flight commands keep the object they captured. */
  swap(next: ActiveConfig): void {
    const previous = this.active;
    this.active = next;
    for (const l of this.listeners) l(next, previous);
  }
}
