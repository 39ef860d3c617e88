import { describe, expect, it } from 'vitest';
import { ADMITTED, CircuitBreaker, PROBE, REFUSED } from './circuit-breaker.ts';
import { TokenBucket } from '../protections/token-bucket.ts';

const options = {
  windowMs: 1000,
  minRequests: 10,
  errorRate: 0.5,
  consecutiveFailures: 100,
  slowMs: 1000,
  slowRate: 0.5,
  openMs: 100,
};

describe('CircuitBreaker', () => {
  it('opens on the error rate, fails fast, probes once, and closes on a good probe', () => {
    const b = new CircuitBreaker('x', options);
    for (let i = 0; i < 5; i++) b.record(b.admit(i), false, 1, i);
    expect(b.state).toBe('closed');
    for (let i = 5; i < 10; i++) b.record(b.admit(i), true, 1, i);
    expect(b.state).toBe('open');
    expect(b.admit(50)).toBe(REFUSED);
    expect(b.admit(120)).toBe(PROBE);
    expect(b.state).toBe('half-open');
    expect(b.admit(121)).toBe(REFUSED);
    b.record(PROBE, false, 1, 122);
    expect(b.state).toBe('closed');
    expect(b.admit(123)).toBe(ADMITTED);
    expect(b.trips).toBe(1);
  });

  it('re-opens when the probe fails, and opens on slow calls too', () => {
    const b = new CircuitBreaker('x', options);
    for (let i = 0; i < 10; i++) b.record(b.admit(i), false, 2000, i);
    expect(b.state).toBe('open');
    expect(b.admit(200)).toBe(PROBE);
    b.record(PROBE, true, 1, 201);
    expect(b.state).toBe('open');
    expect(b.admit(250)).toBe(REFUSED);
    expect(b.admit(302)).toBe(PROBE);
  });

  it('opens after consecutive failures even with little traffic, and forgets old windows', () => {
    const b = new CircuitBreaker('x', { ...options, consecutiveFailures: 3 });
    for (let i = 0; i < 9; i++) b.record(b.admit(i), true, 1, i * 1000);
    expect(b.state).toBe('open');
    const quiet = new CircuitBreaker('y', options);
    for (let i = 0; i < 9; i++) quiet.record(quiet.admit(i), i % 2 === 0, 1, i * 10);
    // Ten seconds later the old failures are out of the window.
    for (let i = 0; i < 10; i++) quiet.record(quiet.admit(10_000 + i), i === 0, 1, 10_000 + i);
    expect(quiet.state).toBe('closed');
  });
});

describe('TokenBucket', () => {
  it('allows a burst of its capacity, then refills at its rate', () => {
    const bucket = new TokenBucket(10, 0);
    let ok = 0;
    for (let i = 0; i < 30; i++) if (bucket.take(0)) ok++;
    expect(ok).toBe(10);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(100)).toBe(true);
    let later = 0;
    for (let i = 0; i < 30; i++) if (bucket.take(10_000)) later++;
    expect(later).toBe(10);
  });
});
