import { ErrorAlert } from '@/components/ui/error-alert';
import { useI18n } from '@/lib/i18n';
import type { useStartReviewing } from '../hooks/use-start-reviewing';
import { Kbd } from './kbd';

/** The prominent "Start reviewing" button, with the calm answer when nothing is waiting. */
export function StartReviewingButton({ session }: { session: ReturnType<typeof useStartReviewing> }) {
  const { t } = useI18n();
  const q = t.review.queue;
  return (
    <div className="start-reviewing">
      <button
        type="button"
        className="button button--primary button--large"
        aria-keyshortcuts="n"
        aria-describedby="start-reviewing-hint"
        disabled={session.pending}
        onClick={session.start}
      >
        {session.pending ? q.starting : q.start}
        <Kbd onPrimary>N</Kbd>
      </button>
      <p id="start-reviewing-hint" className="sr-only">
        {q.startHint}
      </p>
      {session.outcome === 'none' && (
        <p role="status" className="notice notice--calm">
          {q.emptyNext}
        </p>
      )}
      {session.error && <ErrorAlert title={q.startError} error={session.error} />}
    </div>
  );
}
