import { DEFAULT_WELLBEING, WellbeingSettings, type ReviewSettingsDto, type UpdateReviewSettingsBody } from '@kura/contracts';
import { z } from 'zod';
import type { DbOrTx } from '@kura/db';
import type { AppContext } from '../../context.ts';
import { lockSettings, readSettings, writeSetting } from '../../repositories/db/settings-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';

export const DEFAULT_BREAK_THRESHOLD_MINUTES = 120;

// Each setting: its app_settings key, how a stored value is checked, and its default. A stored
// value that no longer fits (say, written by an older version) counts as unset.
const SETTINGS = {
  wellbeingDefaults: { key: 'wellbeing_defaults', schema: WellbeingSettings, fallback: DEFAULT_WELLBEING },
  breakThresholdMinutes: { key: 'break_threshold_minutes', schema: z.number().int().positive(), fallback: DEFAULT_BREAK_THRESHOLD_MINUTES },
} as const;
type SettingName = keyof typeof SETTINGS;
const NAMES = Object.keys(SETTINGS) as SettingName[];

export async function loadReviewSettings(db: DbOrTx): Promise<ReviewSettingsDto> {
  const stored = await readSettings(
    db,
    NAMES.map((n) => SETTINGS[n].key),
  );
  const { wellbeingDefaults: w, breakThresholdMinutes: b } = SETTINGS;
  const wellbeing = w.schema.safeParse(stored.get(w.key));
  const threshold = b.schema.safeParse(stored.get(b.key));
  return {
    wellbeingDefaults: wellbeing.success ? wellbeing.data : { ...w.fallback },
    breakThresholdMinutes: threshold.success ? threshold.data : b.fallback,
  };
}

export async function getReviewSettings(ctx: AppContext): Promise<ReviewSettingsDto> {
  return loadReviewSettings(ctx.db);
}

/** Each setting that really changes is written and audited with what it was and what it is now. */
export async function updateReviewSettings(
  ctx: AppContext,
  staff: StaffPrincipal,
  body: UpdateReviewSettingsBody,
  requestId: string,
): Promise<ReviewSettingsDto> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    await lockSettings(tx);
    const current = await loadReviewSettings(tx);
    const next: ReviewSettingsDto = { ...current, ...body };
    for (const name of NAMES) {
      if (body[name] === undefined || sameJson(current[name], next[name])) continue;
      await writeSetting(tx, SETTINGS[name].key, next[name], staff.userId, now);
      await appendAudit(
        tx,
        { actor: { type: 'staff', id: staff.userId }, requestId },
        {
          action: 'settings.updated',
          subject: { type: 'settings', id: SETTINGS[name].key },
          details: { from: current[name], to: next[name] },
        },
        now,
      );
    }
    return next;
  });
}

/** Equal as JSON regardless of key order (settings are flat objects or scalars). */
function sameJson(a: unknown, b: unknown): boolean {
  const canon = (v: unknown) =>
    v !== null && typeof v === 'object' ? JSON.stringify(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : JSON.stringify(v);
  return canon(a) === canon(b);
}
