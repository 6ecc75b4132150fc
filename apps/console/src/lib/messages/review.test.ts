import { conductClauses, conductCategories } from '@kura/contracts';
import { describe, expect, it } from 'vitest';
import { reviewEn } from './review.en';
import { reviewJa } from './review.ja';

describe('review messages', () => {
  it('have the text of every clause of the current conduct policy, in both languages', () => {
    for (const category of conductCategories) {
      const id = conductClauses[category];
      for (const messages of [reviewJa, reviewEn]) {
        const clause = messages.policy.clauses[id];
        expect(clause, `${id}`).toBeDefined();
        expect(clause!.text.length).toBeGreaterThan(10);
      }
    }
    expect(Object.keys(reviewJa.policy.clauses).sort()).toEqual(Object.keys(reviewEn.policy.clauses).sort());
  });

  it('word ages with their largest two units', () => {
    expect(reviewJa.age({ days: 2, hours: 3, minutes: 4, seconds: 5 })).toBe('2日 3時間');
    expect(reviewJa.age({ days: 0, hours: 0, minutes: 0, seconds: 42 })).toBe('42秒');
    expect(reviewEn.age({ days: 0, hours: 1, minutes: 5, seconds: 0 })).toBe('1 h 5 min');
    expect(reviewEn.priority.reasons.reports(1)).toBe('1 report');
  });
});
