import '../review.css';
import type { FlagDto, HoldDto, RecordingDetailDto, ReviewItemDetailDto, StaffUserDto } from '@kura/contracts';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Spinner } from '@/components/ui/spinner';
import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import { canReview, isLead } from '@/lib/authorization';
import { useDecide, useReopen } from '../api/decisions';
import { useCreateFlag, useRetractFlag, useUpdateFlag } from '../api/flags';
import { usePlaceHold, useReleaseHold } from '../api/holds';
import { useWellbeing } from '../api/me';
import { useExposureMeter } from '../hooks/use-exposure-meter';
import { SKIP_MS, useMediaController } from '../hooks/use-media-controller';
import { useShortcuts, type ShortcutMap } from '../hooks/use-shortcuts';
import { useStartReviewing } from '../hooks/use-start-reviewing';
import { HoldBadge, MinorBadge, SampledBadge, StatusBadge } from './badges';
import { ClaimBar } from './claim-bar';
import { ContextPanel } from './context-panel';
import { DecisionDialog } from './decision-dialog';
import { DecisionHistory } from './decision-history';
import { FlagDialog, type FlagDraft } from './flag-dialog';
import { FlagsPanel } from './flags-panel';
import { HoldsPanel } from './holds-panel';
import { ItemSummary } from './item-summary';
import { Kbd } from './kbd';
import { NO_MARKS, rangeFromMarks, type Marks } from './marks';
import { PageHeading } from '@/components/ui/page-heading';
import { PriorityDisclosure } from './priority';
import { ReasonDialog } from './reason-dialog';
import { ReportsPanel } from './reports-panel';
import { ReviewPlayer, type AccessState } from './review-player';
import { ShortcutsHelp } from './shortcuts-help';

type Dialog =
  | { kind: 'flag'; draft: FlagDraft; flag?: FlagDto }
  | { kind: 'retract'; flag: FlagDto }
  | { kind: 'decide' }
  | { kind: 'reopen' }
  | { kind: 'hold' }
  | { kind: 'releaseHold'; hold: HoldDto }
  | { kind: 'help' };

interface ReviewWorkspaceProps {
  item: ReviewItemDetailDto;
  /** The call's recording (for the player); undefined while it loads or when there is none. */
  recording: RecordingDetailDto | undefined;
  recordingError: unknown;
  access: AccessState;
  user: StaffUserDto | null;
  /** Opens the purpose dialog (owned by the page), pre-filled with this item as the reference. */
  onDeclarePurpose: () => void;
}

/**
 * The review page: the item, its recording behind the purpose dialog and the wellbeing filters,
 * flags on time ranges, the decision and its history, holds, reports and the accounts' context.
 * Everything has a key (`?` lists them); the loop is: play, mark, flag, decide, next.
 */
export function ReviewWorkspace({ item, recording, recordingError, access, user, onDeclarePurpose }: ReviewWorkspaceProps) {
  const { t } = useI18n();
  const r = t.review;
  const lead = isLead(user);
  const reviewer = canReview(user);
  const wellbeing = useWellbeing();
  const [revealHeld, setRevealHeld] = useState(false);
  const [revealLocked, setRevealLocked] = useState(false);
  const [audioOn, setAudioOn] = useState(false);
  const [marks, setMarks] = useState<Marks>(NO_MARKS);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [justDecided, setJustDecided] = useState(false);
  const nextRef = useRef<HTMLButtonElement>(null);

  const durationMs = recording?.durationMs ?? item.recording?.durationMs ?? null;
  const revealed = revealHeld || revealLocked;
  const view = {
    // A minor is never shown unblurred, whatever the reviewer's settings or reveal.
    blur: item.minor || (wellbeing.blurVideo && !revealed),
    greyscale: wellbeing.greyscale && !revealed,
    muted: wellbeing.muteAudio && !audioOn,
    thumbnailsBlurred: item.minor || (wellbeing.blurThumbnails && !revealed),
    minor: item.minor,
    revealed,
    revealLocked,
  };
  const controller = useMediaController(durationMs, { muted: view.muted });
  const media = controller.element;
  const playable = access.live && recording?.state === 'ready' && reviewer;
  useExposureMeter(playable ? media : null, recording?.id ?? null);

  const session = useStartReviewing(item.id);
  const decide = useDecide(item.id);
  const reopen = useReopen(item.id);
  const recordingId = item.recording?.id ?? '';
  const createFlag = useCreateFlag(recordingId, item.id);
  const updateFlag = useUpdateFlag(item.id);
  const retractFlag = useRetractFlag(item.id);
  const placeHold = usePlaceHold(recordingId);
  const releaseHold = useReleaseHold(recordingId);

  // A new item starts clean: no marks, nothing revealed, sound off again.
  useEffect(() => {
    setMarks(NO_MARKS);
    setRevealHeld(false);
    setRevealLocked(false);
    setAudioOn(false);
    setDialog(null);
    setJustDecided(false);
  }, [item.id]);

  const mine = !!user && item.assignee?.id === user.id && item.status === 'claimed';
  const decided = item.status === 'closed' || (item.status === 'escalated' && !lead);
  const canDecide = reviewer && item.status !== 'closed' && (item.status !== 'claimed' || mine) && (item.status !== 'escalated' || lead);
  const canFlag = reviewer && item.recording !== null;
  const activeFlags = item.flags.filter((f) => !f.retracted);

  // After a decision, the way on is "next item": it takes focus so Enter or N continues.
  useEffect(() => {
    if (justDecided && decided) nextRef.current?.focus();
  }, [justDecided, decided]);

  const openFlag = () => {
    if (!canFlag) return;
    const range = rangeFromMarks(marks, controller.state.currentMs, durationMs);
    controller.pause();
    setDialog({ kind: 'flag', draft: { category: '', severity: '', note: '', ...range } });
  };
  const markIn = () => {
    if (!media) return;
    const at = Math.round(controller.state.currentMs);
    setMarks((m) => ({ inMs: at, outMs: m.outMs !== null && m.outMs > at ? m.outMs : null }));
  };
  const markOut = () => {
    if (!media) return;
    const at = Math.round(controller.state.currentMs);
    setMarks((m) => ({ inMs: m.inMs !== null && m.inMs < at ? m.inMs : null, outMs: at }));
  };
  const playOrDeclare = () => {
    if (media) controller.togglePlay();
    else if (reviewer && recording?.state === 'ready' && !access.live) onDeclarePurpose();
  };
  const seek = playable && media ? controller.seek : null;

  const shortcuts: ShortcutMap = {
    ' ': { down: playOrDeclare },
    k: { down: playOrDeclare },
    j: { down: () => controller.skip(-SKIP_MS), repeat: true },
    ArrowLeft: { down: () => controller.skip(-SKIP_MS), repeat: true },
    l: { down: () => controller.skip(SKIP_MS), repeat: true },
    ArrowRight: { down: () => controller.skip(SKIP_MS), repeat: true },
    ',': { down: () => controller.step(-1), repeat: true },
    '.': { down: () => controller.step(1), repeat: true },
    '[': { down: () => controller.changeRate(-1) },
    '-': { down: () => controller.changeRate(-1) },
    ']': { down: () => controller.changeRate(1) },
    '+': { down: () => controller.changeRate(1) },
    '=': { down: () => controller.changeRate(1) },
    m: { down: () => setAudioOn((on) => !on) },
    r: { down: () => setRevealHeld(true), up: () => setRevealHeld(false) },
    R: { down: () => setRevealLocked((on) => !on) },
    i: { down: markIn },
    o: { down: markOut },
    f: { down: openFlag },
    d: { down: () => canDecide && setDialog({ kind: 'decide' }) },
    n: { down: session.start },
    '?': { down: () => setDialog({ kind: 'help' }) },
  };
  useShortcuts(shortcuts);

  const close = () => setDialog(null);

  return (
    <>
      <Link to="/queue" className="back-link">
        ← {r.item.back}
      </Link>
      <div className="review-head">
        <div className="review-head__title">
          <PageHeading>{r.item.title(item.call.ref)}</PageHeading>
          <span className="badge-list">
            <StatusBadge status={item.status} />
            <PriorityDisclosure band={item.priorityBand} score={item.priority} reasons={item.priorityReasons} />
            {item.onHold && <HoldBadge />}
            {item.minor && <MinorBadge />}
            {item.source === 'sample' && <SampledBadge />}
          </span>
        </div>
        <div className="review-head__actions">
          <ClaimBar item={item} user={user} />
          <button
            type="button"
            className="button button--ghost button--small"
            aria-keyshortcuts="?"
            onClick={() => setDialog({ kind: 'help' })}
          >
            {r.item.keyboardHelp} <Kbd>?</Kbd>
          </button>
        </div>
      </div>

      <div className="review-layout">
        <div className="review-layout__main">
          {session.outcome && (
            <p role="status" className="notice notice--calm">
              {session.outcome === 'none' ? r.next.none : r.next.stillHolding}
            </p>
          )}
          {session.error && <ErrorAlert title={r.queue.startError} error={session.error} />}

          {!item.recording ? (
            <section className="panel" aria-label={r.player.title}>
              <p className="notice notice--neutral">{r.item.noRecording}</p>
            </section>
          ) : recording ? (
            <ReviewPlayer
              recording={recording}
              access={access}
              canPlay={reviewer}
              onDeclare={onDeclarePurpose}
              controller={controller}
              view={view}
              onRevealHold={setRevealHeld}
              onRevealLock={setRevealLocked}
              onToggleAudio={() => setAudioOn((on) => !on)}
              marks={marks}
              onMarkIn={markIn}
              onMarkOut={markOut}
              onClearMarks={() => setMarks(NO_MARKS)}
              onFlagRange={openFlag}
              reports={item.reports}
              flags={item.flags}
            />
          ) : recordingError ? (
            <ErrorAlert title={r.item.loadError} error={recordingError} />
          ) : (
            <Spinner label={t.common.loading} />
          )}

          <FlagsPanel
            flags={item.flags}
            canEdit={canFlag}
            canSeek={!!seek}
            onSeek={(ms) => seek?.(ms)}
            onAdd={openFlag}
            onEdit={(flag) =>
              setDialog({
                kind: 'flag',
                flag,
                draft: {
                  category: flag.category,
                  severity: flag.severity,
                  startMs: flag.startMs,
                  endMs: flag.endMs,
                  note: flag.note ?? '',
                },
              })
            }
            onRetract={(flag) => setDialog({ kind: 'retract', flag })}
          />

          <DecisionHistory
            decisions={item.decisions}
            flags={item.flags}
            onReopen={lead && item.status === 'closed' ? () => setDialog({ kind: 'reopen' }) : null}
          >
            {decided ? (
              <div className={`decided-banner${item.status === 'closed' ? ' decided-banner--closed' : ''}`}>
                <p>{item.status === 'closed' ? r.decision.closedBanner : r.decision.escalatedBanner}</p>
                <button
                  ref={nextRef}
                  type="button"
                  className="button button--primary"
                  aria-keyshortcuts="n"
                  disabled={session.pending}
                  onClick={session.start}
                >
                  {r.decision.next} <Kbd onPrimary>N</Kbd>
                </button>
              </div>
            ) : canDecide ? (
              <div className="decide-row">
                <button
                  type="button"
                  className="button button--primary"
                  aria-keyshortcuts="d"
                  onClick={() => setDialog({ kind: 'decide' })}
                >
                  {r.decision.decide} <Kbd onPrimary>D</Kbd>
                </button>
              </div>
            ) : null}
          </DecisionHistory>
        </div>

        <div className="review-layout__side">
          <ItemSummary item={item} />
          <ReportsPanel reports={item.reports} onSeek={seek} />
          {item.recording && (
            <HoldsPanel
              holds={item.holds}
              onPlace={lead ? () => setDialog({ kind: 'hold' }) : null}
              onRelease={lead ? (hold) => setDialog({ kind: 'releaseHold', hold }) : null}
            />
          )}
          <ContextPanel reviewItemId={item.id} />
        </div>
      </div>

      {dialog?.kind === 'flag' && (
        <FlagDialog
          flag={dialog.flag}
          initial={dialog.draft}
          durationMs={durationMs}
          onCreate={async (body) => {
            await createFlag.mutateAsync(body);
            setMarks(NO_MARKS);
          }}
          onUpdate={(body) => updateFlag.mutateAsync({ flagId: dialog.flag!.id, body })}
          onClose={close}
        />
      )}
      {dialog?.kind === 'retract' && (
        <ReasonDialog
          title={r.flags.retractTitle}
          description={<p>{r.flags.retractDescription}</p>}
          label={r.flags.retractReason}
          submitLabel={r.flags.retractSubmit}
          danger
          onSubmit={(reason) => retractFlag.mutateAsync({ flagId: dialog.flag.id, reason })}
          onClose={close}
        />
      )}
      {dialog?.kind === 'decide' && (
        <DecisionDialog
          flags={activeFlags}
          lead={lead}
          onSubmit={async (body) => {
            await decide.mutateAsync(body);
            setJustDecided(true);
          }}
          onClose={close}
        />
      )}
      {dialog?.kind === 'reopen' && (
        <ReasonDialog
          title={r.decision.reopenTitle}
          description={<p>{r.decision.reopenDescription}</p>}
          label={r.decision.reopenReason}
          submitLabel={r.decision.reopenSubmit}
          errorMessage={(error) => (isApiError(error) && error.status === 409 ? r.decision.reopenConflict : t.review.reason.failed)}
          onSubmit={(reason) => reopen.mutateAsync(reason)}
          onClose={close}
        />
      )}
      {dialog?.kind === 'hold' && (
        <ReasonDialog
          title={r.holds.placeTitle}
          description={<p>{r.holds.placeDescription}</p>}
          label={r.holds.reason}
          submitLabel={r.holds.placeSubmit}
          errorMessage={() => r.holds.failed}
          onSubmit={(reason) => placeHold.mutateAsync(reason)}
          onClose={close}
        />
      )}
      {dialog?.kind === 'releaseHold' && (
        <ReasonDialog
          title={r.holds.releaseTitle}
          description={<p>{r.holds.releaseDescription}</p>}
          label={r.holds.reason}
          submitLabel={r.holds.releaseSubmit}
          errorMessage={() => r.holds.failed}
          onSubmit={(reason) => releaseHold.mutateAsync({ holdId: dialog.hold.id, reason })}
          onClose={close}
        />
      )}
      {dialog?.kind === 'help' && <ShortcutsHelp page="review" onClose={close} />}
    </>
  );
}
