import type { HoldDto } from '@kura/contracts';
import type { HoldRow } from '../../repositories/db/holds-repo.ts';

export function holdDto(h: HoldRow): HoldDto {
  return {
    id: h.id,
    recordingId: h.recording_id,
    reason: h.reason,
    placedBy: { id: h.placed_by, displayName: h.placed_by_name },
    placedAt: h.placed_at.toISOString(),
    released:
      h.released_at && h.released_by && h.release_reason !== null
        ? { at: h.released_at.toISOString(), by: { id: h.released_by, displayName: h.released_by_name ?? '' }, reason: h.release_reason }
        : null,
  };
}
