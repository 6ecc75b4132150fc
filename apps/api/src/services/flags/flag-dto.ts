import type { FlagDto } from '@kura/contracts';
import type { FlagRow } from '../../repositories/db/flags-read.ts';

export function flagDto(f: FlagRow): FlagDto {
  return {
    id: f.id,
    recordingId: f.recording_id,
    reviewItemId: f.review_item_id,
    category: f.category,
    severity: f.severity,
    startMs: f.start_ms,
    endMs: f.end_ms,
    note: f.note,
    author: { id: f.author_id, displayName: f.author_name },
    version: f.version,
    createdAt: f.created_at.toISOString(),
    updatedAt: f.updated_at.toISOString(),
    retracted:
      f.retracted_at && f.retracted_by && f.retract_reason !== null
        ? { at: f.retracted_at.toISOString(), by: { id: f.retracted_by, displayName: f.retracted_by_name ?? '' }, reason: f.retract_reason }
        : null,
    history: f.revisions.map((v) => ({
      version: v.version,
      category: v.category,
      severity: v.severity,
      startMs: v.start_ms,
      endMs: v.end_ms,
      note: v.note,
      editedBy: { id: v.edited_by, displayName: v.edited_by_name },
      editedAt: v.edited_at.toISOString(),
    })),
  };
}
