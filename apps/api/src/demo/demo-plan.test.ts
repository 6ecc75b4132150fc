import { decisionOutcomes } from '@kura/contracts';
import { describe, expect, it } from 'vitest';
import { DEMO_DECISIONS, DEMO_HOLD, DEMO_SAMPLED, demoCalls, demoReports } from './demo-plan.ts';

describe('the demo plan', () => {
  const calls = demoCalls(30, new Date('2026-12-02T00:00:00Z'));
  const reports = demoReports(calls);

  it('has at least 60 reports over the 30 calls, each at a moment inside its call, none on a sampled call', () => {
    expect(reports.length).toBeGreaterThanOrEqual(60);
    const reported = new Set(reports.map((r) => r.callIndex));
    expect(reported.size).toBeGreaterThanOrEqual(20);
    expect(reports.every((r) => r.callIndex >= 0 && r.callIndex < 30)).toBe(true);
    expect(reports.every((r) => r.atSeconds === undefined || r.atSeconds < calls[r.callIndex]!.seconds)).toBe(true);
    expect(DEMO_SAMPLED.filter((i) => reported.has(i))).toEqual([]);
    expect(reports.every((r) => r.category !== 'other' || (r.note ?? '').length > 0)).toBe(true);
    // Some items carry several reports.
    expect(Math.max(...[...reported].map((i) => reports.filter((r) => r.callIndex === i).length))).toBeGreaterThanOrEqual(3);
  });

  it('decides every outcome, on reported calls, citing flags wherever the outcome needs them; one is reopened', () => {
    const reported = new Set(reports.map((r) => r.callIndex));
    expect(new Set(DEMO_DECISIONS.map((d) => d.outcome))).toEqual(new Set(decisionOutcomes));
    expect(DEMO_DECISIONS.every((d) => reported.has(d.callIndex))).toBe(true);
    expect(new Set(DEMO_DECISIONS.map((d) => d.callIndex)).size).toBe(DEMO_DECISIONS.length);
    for (const d of DEMO_DECISIONS) {
      if (!['no_violation', 'escalate'].includes(d.outcome)) expect(d.flags.length, d.outcome).toBeGreaterThan(0);
      if (['suspend_user', 'ban_user'].includes(d.outcome)) expect(d.by).toBe('lead');
      expect(d.flags.every((f) => f.endS > f.startS && f.startS >= 0)).toBe(true);
    }
    expect(DEMO_DECISIONS.filter((d) => d.reopen)).toHaveLength(1);
    expect(DEMO_DECISIONS.map((d) => d.callIndex)).toContain(DEMO_HOLD.callIndex);
  });
});
