import { describe, expect, it } from 'vitest';
import { failbackPlan, failoverPlan } from './plan.ts';

const pairs = [
  { home: 'gz-personal', mirror: 'gz-personal-sh' },
  { home: 'gz-enterprise', mirror: 'gz-enterprise-sh' },
];
const show = (steps: { step: string; target: string; master: string | null; critical: boolean }[]) =>
  steps.map((s) => `${s.step} ${s.target}${s.master ? `<-${s.master}` : ''}${s.critical ? ' !' : ''}`);

describe('workflow plans', () => {
  it('failover opens, publishes, waits, promotes after catching up, re-arms read-only, then fences each home from its mirror', () => {
    expect(show(failoverPlan(pairs, 'gz', null).steps)).toEqual([
      'open-writes gz-personal-sh !',
      'open-writes gz-enterprise-sh !',
      'publish gz !',
      'await-workers gz',
      'promote gz-personal-sh<-gz-personal',
      'restore-read-only gz-personal-sh',
      'promote gz-enterprise-sh<-gz-enterprise',
      'restore-read-only gz-enterprise-sh',
      'fence gz-personal<-gz-personal-sh',
      'fence gz-enterprise<-gz-enterprise-sh',
    ]);
  });

  it('an interlock override makes opening a dead mirror non-critical', () => {
    const plan = failoverPlan(pairs, 'gz', 'mirror rebuilt');
    expect(plan.overrideReason).toBe('mirror rebuilt');
    expect(plan.steps.filter((s) => s.step === 'open-writes').map((s) => s.critical)).toEqual([false, false]);
  });

  it('failback reverses every step: resync (critical), open the homes, publish, wait, promote the homes, relink the mirrors', () => {
    expect(show(failbackPlan(pairs, 'gz').steps)).toEqual([
      'resync gz-personal<-gz-personal-sh !',
      'resync gz-enterprise<-gz-enterprise-sh !',
      'open-writes gz-personal !',
      'open-writes gz-enterprise !',
      'publish gz !',
      'await-workers gz',
      'promote gz-personal<-gz-personal-sh',
      'restore-read-only gz-personal',
      'promote gz-enterprise<-gz-enterprise-sh',
      'restore-read-only gz-enterprise',
      'relink gz-personal-sh<-gz-personal',
      'relink gz-enterprise-sh<-gz-enterprise',
    ]);
  });
});
