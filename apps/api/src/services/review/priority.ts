import type { ConductCategory, PriorityBand, PriorityReason, ReviewSource } from '@kura/contracts';
import { conductCategories, priorityBandFloors, priorityBands } from '@kura/contracts';
import type { DbTx } from '@kura/db';
import { enqueueJob } from '../../repositories/db/jobs-repo.ts';
import { lockOpenItem, priorityFacts, setPriority } from '../../repositories/db/review-items-repo.ts';

// How urgent an item is (0-100) and why, from its reports and the history of the call's user and
// creator. The reasons are stored with the score so the console can explain it line by line.

/** Severity of a conduct category as the queue ranks it. */
export const CATEGORY_WEIGHT: Record<ConductCategory, number> = {
  minor_involvement: 40,
  threats_violence: 35,
  sexual_content: 30,
  fraud: 25,
  hate: 25,
  harassment: 20,
  contact_exchange: 15,
  unauthorised_recording: 15,
  other: 5,
};

export interface PriorityFacts {
  source: ReviewSource;
  minorUser: boolean;
  /** Categories of the item's own reports (one entry per report). */
  reportCategories: string[];
  /** Reports on, and standing violation decisions about, the user's and creator's other calls. */
  userReports: number;
  userViolations: number;
  creatorReports: number;
  creatorViolations: number;
}

const isCategory = (c: string): c is ConductCategory => (conductCategories as readonly string[]).includes(c);

export function scorePriority(f: PriorityFacts): { priority: number; reasons: PriorityReason[] } {
  const reasons: PriorityReason[] = [];
  const categories = f.reportCategories.filter(isCategory);
  if (categories.length > 0) {
    const worst = categories.reduce((a, b) => (CATEGORY_WEIGHT[b] > CATEGORY_WEIGHT[a] ? b : a));
    reasons.push({ code: 'category', category: worst, points: CATEGORY_WEIGHT[worst] });
  }
  const count = f.reportCategories.length;
  if (count > 1) reasons.push({ code: 'reports', count, points: Math.min(20, 5 * (count - 1)) });
  if (f.minorUser || categories.includes('minor_involvement')) reasons.push({ code: 'minor', points: 25 });
  const user = Math.min(15, 3 * f.userReports) + Math.min(20, 10 * f.userViolations);
  if (user > 0) reasons.push({ code: 'user_history', reports: f.userReports, violations: f.userViolations, points: user });
  const creator = Math.min(10, 2 * f.creatorReports) + Math.min(10, 5 * f.creatorViolations);
  if (creator > 0) reasons.push({ code: 'creator_history', reports: f.creatorReports, violations: f.creatorViolations, points: creator });
  if (f.source === 'sample' && count === 0) reasons.push({ code: 'sampled', points: 5 });
  if (f.source === 'staff') reasons.push({ code: 'staff_opened', points: 10 });
  const total = reasons.reduce((sum, r) => sum + r.points, 0);
  return { priority: Math.max(0, Math.min(100, total)), reasons };
}

export function priorityBand(score: number): PriorityBand {
  return priorityBands.find((b) => score >= priorityBandFloors[b]) ?? 'low';
}

/** The score range of a band, for filtering: [min, below). */
export function bandRange(band: PriorityBand): { min: number; below: number } {
  const i = priorityBands.indexOf(band);
  return { min: priorityBandFloors[band], below: i === 0 ? 101 : priorityBandFloors[priorityBands[i - 1]!] };
}

/** Recomputes one item's score, reasons and report categories in the caller's transaction. */
export async function rescoreItem(tx: DbTx, itemId: string): Promise<void> {
  const facts = await priorityFacts(tx, itemId);
  if (!facts) return;
  const { priority, reasons } = scorePriority(facts);
  const categories = [...new Set(facts.reportCategories)].sort();
  await setPriority(tx, itemId, priority, reasons, categories);
}

/**
 * After something changed the history of a call's user and creator (a report, a decision, a
 * reopening): the call's own item now, the accounts' other open items through a job, so that
 * this transaction never waits on rows other requests hold.
 */
export async function rescoreAfterChange(tx: DbTx, itemId: string | null, callId: string): Promise<void> {
  if (itemId) await rescoreItem(tx, itemId);
  await enqueueJob(tx, 'review.rescore', { callId });
}

/** Job step: rescore one open item under its row lock, so it cannot race a report joining it. */
export async function rescoreOpenItem(tx: DbTx, itemId: string): Promise<boolean> {
  if (!(await lockOpenItem(tx, itemId))) return false;
  await rescoreItem(tx, itemId);
  return true;
}
