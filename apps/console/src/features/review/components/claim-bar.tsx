import type { ReviewItemDetailDto, StaffUserDto } from '@kura/contracts';
import { useState } from 'react';
import { minutesUntil } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { isLead } from '@/lib/authorization';
import { useNow } from '@/lib/use-now';
import { useAssignItem, useClaimItem, useReleaseItem } from '../api/claims';
import { AssignDialog } from './assign-dialog';
import { claimErrorMessage } from './claim-error';

/** Who holds the item and for how long; claim, release and (leads) reassign. */
export function ClaimBar({ item, user }: { item: ReviewItemDetailDto; user: StaffUserDto | null }) {
  const { t } = useI18n();
  const c = t.review.claim;
  const claim = useClaimItem();
  const release = useReleaseItem();
  const assign = useAssignItem();
  const [assigning, setAssigning] = useState(false);
  const expiresAt = item.claimExpiresAt ? Date.parse(item.claimExpiresAt) : undefined;
  const now = useNow(15_000, expiresAt);
  const lead = isLead(user);
  const mine = !!user && item.assignee?.id === user.id && item.status === 'claimed';
  const closed = item.status === 'closed';
  const canClaim = !closed && item.status !== 'claimed' && (item.status !== 'escalated' || lead);
  const canRelease = item.status === 'claimed' && (mine || lead);
  const error = claim.error ?? release.error;

  let text: string;
  if (item.status === 'claimed' && item.assignee) {
    text = mine ? c.claimedByYou(item.claimExpiresAt ? minutesUntil(item.claimExpiresAt, now) : 0) : c.claimedBy(item.assignee.displayName);
  } else {
    text = c.unclaimed;
  }

  // A closed item has no holder and nothing to claim: the status badge says it all.
  if (closed && !error) return null;
  return (
    <div className="claim-bar">
      {!closed && <span className={`claim-bar__state${mine ? ' claim-bar__state--mine' : ''}`}>{text}</span>}
      {canClaim && (
        <button
          type="button"
          className="button button--small button--secondary"
          disabled={claim.isPending}
          onClick={() => {
            release.reset();
            claim.mutate(item.id);
          }}
        >
          {c.claim}
        </button>
      )}
      {canRelease && (
        <button
          type="button"
          className="button button--small button--ghost"
          disabled={release.isPending}
          onClick={() => {
            claim.reset();
            release.mutate(item.id);
          }}
        >
          {c.release}
        </button>
      )}
      {lead && !closed && (
        <button type="button" className="button button--small button--ghost" onClick={() => setAssigning(true)}>
          {c.reassign}
        </button>
      )}
      {error && (
        <p role="alert" className="claim-bar__error">
          {claimErrorMessage(error, t)}
        </p>
      )}
      {assigning && (
        <AssignDialog
          title={t.review.assign.title}
          currentAssigneeId={item.status === 'claimed' ? (item.assignee?.id ?? null) : null}
          errorMessage={(e) => claimErrorMessage(e, t)}
          onClose={() => setAssigning(false)}
          onSubmit={(staffUserId) => assign.mutateAsync({ id: item.id, staffUserId })}
        />
      )}
    </div>
  );
}
