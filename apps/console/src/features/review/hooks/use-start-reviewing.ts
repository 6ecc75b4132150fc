import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { useNextItem } from '../api/claims';

export type NextOutcome = 'none' | 'same' | null;

/**
 * "Start reviewing" and "next item": claim the most urgent item and open it. `outcome` says why
 * nothing changed: nothing is waiting ('none'), or the API handed back the item on screen because
 * its caller still holds it ('same').
 */
export function useStartReviewing(currentItemId?: string) {
  const next = useNextItem();
  const navigate = useNavigate();
  const [outcome, setOutcome] = useState<NextOutcome>(null);

  const start = useCallback(() => {
    if (next.isPending) return;
    setOutcome(null);
    next.mutate(undefined, {
      onSuccess: (detail) => {
        if (!detail) setOutcome('none');
        else if (detail.id === currentItemId) setOutcome('same');
        else void navigate(`/queue/${encodeURIComponent(detail.id)}`);
      },
    });
  }, [next, navigate, currentItemId]);

  return { start, pending: next.isPending, error: next.error, outcome, dismiss: () => setOutcome(null) };
}
