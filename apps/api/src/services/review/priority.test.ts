import { describe, expect, it } from 'vitest';
import { bandRange, priorityBand, scorePriority, type PriorityFacts } from './priority.ts';

const base: PriorityFacts = {
  source: 'report',
  minorUser: false,
  reportCategories: [],
  userReports: 0,
  userViolations: 0,
  creatorReports: 0,
  creatorViolations: 0,
};

describe('scorePriority', () => {
  it('takes the worst category of the reports, and 5 points per extra report up to 20', () => {
    expect(scorePriority({ ...base, reportCategories: ['harassment', 'threats_violence'] })).toEqual({
      priority: 40,
      reasons: [
        { code: 'category', category: 'threats_violence', points: 35 },
        { code: 'reports', count: 2, points: 5 },
      ],
    });
    const many = scorePriority({ ...base, reportCategories: Array(9).fill('other') });
    expect(many.reasons).toContainEqual({ code: 'reports', count: 9, points: 20 });
    expect(many.priority).toBe(25);
  });

  it('a minor involved adds 25, by the user flag or by a report of minor involvement', () => {
    expect(scorePriority({ ...base, minorUser: true, reportCategories: ['other'] }).priority).toBe(30);
    expect(scorePriority({ ...base, reportCategories: ['minor_involvement'] })).toEqual({
      priority: 65,
      reasons: [
        { code: 'category', category: 'minor_involvement', points: 40 },
        { code: 'minor', points: 25 },
      ],
    });
  });

  it('history of the user and the creator, each part capped', () => {
    const r = scorePriority({
      ...base,
      reportCategories: ['other'],
      userReports: 2,
      userViolations: 1,
      creatorReports: 1,
      creatorViolations: 0,
    });
    expect(r.reasons).toEqual([
      { code: 'category', category: 'other', points: 5 },
      { code: 'user_history', reports: 2, violations: 1, points: 16 },
      { code: 'creator_history', reports: 1, violations: 0, points: 2 },
    ]);
    const capped = scorePriority({ ...base, userReports: 50, userViolations: 9, creatorReports: 50, creatorViolations: 9 });
    expect(capped.reasons).toEqual([
      { code: 'user_history', reports: 50, violations: 9, points: 35 },
      { code: 'creator_history', reports: 50, violations: 9, points: 20 },
    ]);
  });

  it('sampled items without reports get 5, staff-opened 10; the total is clamped to 100', () => {
    expect(scorePriority({ ...base, source: 'sample' })).toEqual({ priority: 5, reasons: [{ code: 'sampled', points: 5 }] });
    expect(scorePriority({ ...base, source: 'sample', reportCategories: ['other'] }).reasons.map((r) => r.code)).toEqual(['category']);
    expect(scorePriority({ ...base, source: 'staff' })).toEqual({ priority: 10, reasons: [{ code: 'staff_opened', points: 10 }] });
    const worst = scorePriority({
      source: 'staff',
      minorUser: true,
      reportCategories: Array(6).fill('minor_involvement'),
      userReports: 9,
      userViolations: 9,
      creatorReports: 9,
      creatorViolations: 9,
    });
    expect(worst.priority).toBe(100);
    expect(worst.reasons.reduce((s, r) => s + r.points, 0)).toBeGreaterThan(100);
  });

  it('bands and their score ranges agree', () => {
    for (let score = 0; score <= 100; score++) {
      const band = priorityBand(score);
      const { min, below } = bandRange(band);
      expect(score >= min && score < below, `${score} in ${band}`).toBe(true);
    }
    expect([priorityBand(0), priorityBand(25), priorityBand(45), priorityBand(70)]).toEqual(['low', 'medium', 'high', 'critical']);
  });
});
