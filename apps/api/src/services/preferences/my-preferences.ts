import { WellbeingSettings, type MyPreferencesDto, type UpdatePreferencesBody } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { lockPreferences, readPreferences, writePreferences } from '../../repositories/db/settings-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { loadReviewSettings } from '../settings/review-settings.ts';

const Overrides = WellbeingSettings.partial();
type Overrides = MyPreferencesDto['overrides'];

/** Keeps only the overrides that still fit the settings' shape; anything else follows the defaults. */
function overridesFrom(stored: Record<string, unknown> | undefined): Overrides {
  const out: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(stored ?? {})) {
    if (Overrides.safeParse({ [k]: v }).success) out[k] = v as boolean;
  }
  return out;
}

function preferencesDto(defaults: MyPreferencesDto['defaults'], overrides: Overrides): MyPreferencesDto {
  return { wellbeing: { ...defaults, ...overrides }, overrides, defaults };
}

export async function myPreferences(ctx: AppContext, staff: StaffPrincipal): Promise<MyPreferencesDto> {
  const [settings, stored] = await Promise.all([loadReviewSettings(ctx.db), readPreferences(ctx.db, staff.userId)]);
  return preferencesDto(settings.wellbeingDefaults, overridesFrom(stored));
}

/**
 * Replaces the person's overrides as a whole: a key left out follows the organisation's default
 * again, so `{wellbeing: {}}` resets everything.
 */
export async function updateMyPreferences(
  ctx: AppContext,
  staff: StaffPrincipal,
  body: UpdatePreferencesBody,
  requestId: string,
): Promise<MyPreferencesDto> {
  const now = ctx.now();
  const overrides: Overrides = body.wellbeing;
  return ctx.db.transaction().execute(async (tx) => {
    const before = overridesFrom(await lockPreferences(tx, staff.userId));
    const keys = new Set([...Object.keys(before), ...Object.keys(overrides)]) as Set<keyof Overrides>;
    if ([...keys].some((k) => before[k] !== overrides[k])) {
      await writePreferences(tx, staff.userId, overrides, now);
      await appendAudit(
        tx,
        { actor: { type: 'staff', id: staff.userId }, requestId },
        { action: 'preferences.updated', subject: { type: 'staff_user', id: staff.userId }, details: { wellbeing: overrides } },
        now,
      );
    }
    return preferencesDto((await loadReviewSettings(tx)).wellbeingDefaults, overrides);
  });
}
