import { severities, type ExposureSeverity, type MyExposureDto, type TeamExposureDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { tokyoDay } from '../../lib/tokyo-day.ts';
import { exposureOf, teamExposure } from '../../repositories/db/exposure-repo.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { loadReviewSettings } from '../settings/review-settings.ts';

function bySeverity(rows: { severity: ExposureSeverity; played_ms: number }[]): Record<ExposureSeverity, number> {
  const out = Object.fromEntries((['none', ...severities] as ExposureSeverity[]).map((s) => [s, 0])) as Record<ExposureSeverity, number>;
  for (const r of rows) out[r.severity] += Number(r.played_ms);
  return out;
}

const sum = (r: Record<ExposureSeverity, number>) => Object.values(r).reduce((a, b) => a + b, 0);

/** What the person played today, and whether the console should suggest a break. */
export async function myExposure(ctx: AppContext, staff: StaffPrincipal): Promise<MyExposureDto> {
  const day = tokyoDay(ctx.now());
  const [rows, settings] = await Promise.all([exposureOf(ctx.db, staff.userId, day), loadReviewSettings(ctx.db)]);
  const split = bySeverity(rows);
  const totalMs = sum(split);
  return {
    day,
    totalMs,
    bySeverity: split,
    breakThresholdMinutes: settings.breakThresholdMinutes,
    breakDue: totalMs >= settings.breakThresholdMinutes * 60_000,
  };
}

/** The team's totals for today. No per-person figure leaves here, so nobody can be ranked. */
export async function teamExposureToday(ctx: AppContext): Promise<TeamExposureDto> {
  const day = tokyoDay(ctx.now());
  const team = await teamExposure(ctx.db, day);
  const split = bySeverity(team.bySeverity);
  return { day, reviewers: team.reviewers, totalMs: sum(split), bySeverity: split };
}
