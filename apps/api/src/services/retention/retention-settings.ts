import { DEFAULT_RETENTION_SETTINGS, RetentionSettings, type RetentionSettingsDto } from '@kura/contracts';
import type { DbOrTx } from '@kura/db';
import { readSettings } from '../../repositories/db/settings-repo.ts';

// Retention settings live in app_settings under one key each; a stored value that no longer fits
// (say, written by an older version) counts as unset and the DESIGN.md default applies.

export const RETENTION_SETTING_KEYS: { [K in keyof RetentionSettingsDto]: string } = {
  unflaggedDays: 'retention.unflagged_days',
  flaggedDays: 'retention.flagged_days',
  withdrawnDays: 'retention.withdrawn_days',
  packetClipDays: 'retention.packet_clip_days',
  cron: 'retention.cron',
  enabled: 'retention.enabled',
};
export const RETENTION_SETTING_NAMES = Object.keys(RETENTION_SETTING_KEYS) as (keyof RetentionSettingsDto)[];

export async function loadRetentionSettings(db: DbOrTx): Promise<RetentionSettingsDto> {
  const stored = await readSettings(db, Object.values(RETENTION_SETTING_KEYS));
  const out: Record<string, unknown> = {};
  for (const name of RETENTION_SETTING_NAMES) {
    const parsed = RetentionSettings.shape[name].safeParse(stored.get(RETENTION_SETTING_KEYS[name]));
    out[name] = parsed.success ? parsed.data : DEFAULT_RETENTION_SETTINGS[name];
  }
  return out as RetentionSettingsDto;
}
