import type { AccountNoteDto } from '@kura/contracts';
import type { AccountNoteRow } from '../../repositories/db/account-notes-repo.ts';

export function accountNoteDto(n: AccountNoteRow): AccountNoteDto {
  return { id: n.id, body: n.body, author: { id: n.author_id, displayName: n.author_name }, createdAt: n.created_at.toISOString() };
}
