import {
  MAX_CLIPS_PER_PACKET,
  type CreatePacketBody,
  type DecisionDto,
  type FlagDto,
  type RecordingDetailDto,
  type ReviewItemDetailDto,
} from '@kura/contracts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { formatDateTime, formatDuration } from '@/lib/format';
import { useI18n, type Messages } from '@/lib/i18n';
import { useCreatePacket } from '../api/create-packet';
import { actionErrorMessage } from './action-error';
import { formatClipTime, parseClipTime } from './clip-time';
import { ActionError } from './error-message';
import './packets.css';

/** The recording a packet is cut from, as the recording page or the review page knows it. */
export interface PacketSource {
  recordingId: string;
  callRef: string;
  durationMs: number | null;
  agency: { name: string } | null;
}

export function packetSourceFromRecording(r: RecordingDetailDto): PacketSource {
  return { recordingId: r.id, callRef: r.callRef, durationMs: r.durationMs, agency: r.agency };
}

/** Null while the call has no recording yet: there is nothing to cut. */
export function packetSourceFromReviewItem(item: ReviewItemDetailDto): PacketSource | null {
  if (!item.recording) return null;
  return { recordingId: item.recording.id, callRef: item.call.ref, durationMs: item.recording.durationMs, agency: item.agency };
}

interface ClipRow {
  key: number;
  start: string;
  end: string;
}

interface Problems {
  messages: string[];
  title: boolean;
  summary: boolean;
  clips: Map<number, { start: boolean; end: boolean }>;
}

/** Checks the form as the API will: times readable, in order, inside the recording, 1-20 clips. */
export function checkBuilder(
  form: { title: string; summary: string; clips: ClipRow[] },
  durationMs: number | null,
  t: Messages,
): { problems: Problems; clips: { startMs: number; endMs: number }[] } {
  const b = t.packets.builder;
  const problems: Problems = { messages: [], title: false, summary: false, clips: new Map() };
  if (form.title.trim() === '') {
    problems.title = true;
    problems.messages.push(b.titleMissing);
  }
  if (form.summary.trim() === '') {
    problems.summary = true;
    problems.messages.push(b.summaryMissing);
  }
  if (form.clips.length === 0) problems.messages.push(b.noClips);
  if (form.clips.length > MAX_CLIPS_PER_PACKET) problems.messages.push(b.tooManyClips(MAX_CLIPS_PER_PACKET));
  const clips: { startMs: number; endMs: number }[] = [];
  form.clips.forEach((row, index) => {
    const n = index + 1;
    const startMs = parseClipTime(row.start);
    const endMs = parseClipTime(row.end);
    if (startMs === null || endMs === null) {
      problems.clips.set(row.key, { start: startMs === null, end: endMs === null });
      problems.messages.push(b.badTime(n));
      return;
    }
    if (endMs <= startMs) {
      problems.clips.set(row.key, { start: false, end: true });
      problems.messages.push(b.endBeforeStart(n));
      return;
    }
    if (durationMs !== null && endMs > durationMs) {
      problems.clips.set(row.key, { start: startMs >= durationMs, end: true });
      problems.messages.push(b.beyondDuration(n, formatDuration(durationMs)));
      return;
    }
    clips.push({ startMs, endMs });
  });
  return { problems, clips };
}

interface PacketBuilderProps {
  source: PacketSource;
  /** The recording's flags; retracted ones are not offered. */
  flags: FlagDto[];
  /** Decisions on the call; reopened (superseded) ones are not offered. */
  decisions: DecisionDto[];
  onCancel?: () => void;
}

/**
 * Drafts an evidence packet: time ranges (from a flag with one click, or typed), a title and a
 * summary, the flags (with their notes) and optionally a decision. The recipient is not chosen
 * here or anywhere: it is the creator's agency. On success it opens the new packet.
 */
export function PacketBuilder({ source, flags, decisions, onCancel }: PacketBuilderProps) {
  const { t } = useI18n();
  const b = t.packets.builder;
  const id = useId();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [clips, setClips] = useState<ClipRow[]>([]);
  const [flagIds, setFlagIds] = useState<string[]>([]);
  const [decisionId, setDecisionId] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [refusals, setRefusals] = useState(0);
  const nextKey = useRef(1);
  const summaryRef = useRef<HTMLDivElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const create = useCreatePacket({ onSuccess: (packet) => void navigate(`/packets/${encodeURIComponent(packet.id)}`) });

  const liveFlags = flags.filter((f) => f.retracted === null);
  const liveDecisions = decisions.filter((d) => d.reopened === null);
  const full = clips.length >= MAX_CLIPS_PER_PACKET;
  const { problems } = checkBuilder({ title, summary, clips }, source.durationMs, t);
  const show = attempted;

  // After a refused submit, the list of problems takes focus, so a screen reader hears all of them.
  useEffect(() => {
    if (refusals > 0) summaryRef.current?.focus();
  }, [refusals]);

  const addClip = (start = '', end = '') => {
    if (full) return;
    const key = nextKey.current++;
    setClips((rows) => [...rows, { key, start, end }]);
  };
  const addFromFlag = (flag: FlagDto) => {
    addClip(formatClipTime(flag.startMs), formatClipTime(flag.endMs));
    setFlagIds((ids) => (ids.includes(flag.id) ? ids : [...ids, flag.id]));
  };
  const updateClip = (key: number, field: 'start' | 'end', value: string) =>
    setClips((rows) => rows.map((row) => (row.key === key ? { ...row, [field]: value } : row)));
  const removeClip = (key: number) => setClips((rows) => rows.filter((row) => row.key !== key));
  const toggleFlag = (flagId: string, on: boolean) =>
    setFlagIds((ids) => (on ? [...ids.filter((x) => x !== flagId), flagId] : ids.filter((x) => x !== flagId)));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAttempted(true);
    const checked = checkBuilder({ title, summary, clips }, source.durationMs, t);
    if (checked.problems.messages.length > 0) {
      setRefusals((n) => n + 1);
      return;
    }
    // What the user can get wrong is checked above; the ids come from the API, which checks them again.
    const body: CreatePacketBody = {
      recordingId: source.recordingId,
      title: title.trim(),
      summary: summary.trim(),
      // In the order the flags appear on the recording, whatever order they were ticked in.
      flagIds: liveFlags.filter((f) => flagIds.includes(f.id)).map((f) => f.id),
      ...(decisionId ? { decisionId } : {}),
      clips: checked.clips,
    };
    create.mutate(body);
  };

  const duration = formatDuration(source.durationMs);
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="panel__title">
        {b.title}
      </h2>
      <p className="panel__text">{b.intro}</p>
      {source.agency && (
        <p className="panel__text">
          <strong>{b.recipient(source.agency.name)}</strong>
        </p>
      )}
      <form className="form-stack" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-heading`}>
        {show && problems.messages.length > 0 && (
          <div ref={summaryRef} tabIndex={-1} role="alert" className="alert alert--error">
            <p className="alert__title">{b.errorsTitle}</p>
            <ul className="error-list">
              {problems.messages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-title`}>{b.titleLabel}</label>
          <input
            id={`${id}-title`}
            type="text"
            maxLength={200}
            value={title}
            required
            aria-invalid={(show && problems.title) || undefined}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-summary`}>{b.summaryLabel}</label>
          <textarea
            id={`${id}-summary`}
            maxLength={8000}
            value={summary}
            required
            aria-invalid={(show && problems.summary) || undefined}
            aria-describedby={`${id}-summary-hint`}
            onChange={(e) => setSummary(e.target.value)}
          />
          <p id={`${id}-summary-hint`} className="field-hint">
            {b.summaryHint}
          </p>
        </div>

        <fieldset className="fieldset" aria-describedby={`${id}-clips-hint`}>
          <legend>{b.clips}</legend>
          <p id={`${id}-clips-hint`} className="field-hint">
            {b.clipsHint(MAX_CLIPS_PER_PACKET, duration)}
          </p>
          <ol className="clip-rows">
            {clips.map((row, index) => {
              const n = index + 1;
              const bad = show ? problems.clips.get(row.key) : undefined;
              return (
                <li key={row.key} className="clip-row">
                  <span className="clip-row__name">{b.clipLabel(n)}</span>
                  <div className="field">
                    <label htmlFor={`${id}-clip-${row.key}-start`}>{`${b.clipLabel(n)} ${b.start}`}</label>
                    <input
                      id={`${id}-clip-${row.key}-start`}
                      type="text"
                      inputMode="decimal"
                      placeholder="0:00"
                      autoComplete="off"
                      value={row.start}
                      aria-invalid={bad?.start || undefined}
                      onChange={(e) => updateClip(row.key, 'start', e.target.value)}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-clip-${row.key}-end`}>{`${b.clipLabel(n)} ${b.end}`}</label>
                    <input
                      id={`${id}-clip-${row.key}-end`}
                      type="text"
                      inputMode="decimal"
                      placeholder="0:00"
                      autoComplete="off"
                      value={row.end}
                      aria-invalid={bad?.end || undefined}
                      onChange={(e) => updateClip(row.key, 'end', e.target.value)}
                    />
                  </div>
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    aria-label={b.removeClip(n)}
                    onClick={() => {
                      removeClip(row.key);
                      addRef.current?.focus();
                    }}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ol>
          <button ref={addRef} type="button" className="button button--secondary" disabled={full} onClick={() => addClip()}>
            {b.addClip}
          </button>
        </fieldset>

        <fieldset className="fieldset" aria-describedby={`${id}-flags-hint`}>
          <legend>{b.flags}</legend>
          <p id={`${id}-flags-hint`} className="field-hint">
            {b.flagsHint}
          </p>
          {liveFlags.length === 0 ? (
            <p className="muted">{b.noFlags}</p>
          ) : (
            <ul className="flag-choices">
              {liveFlags.map((flag) => {
                const range = `${formatClipTime(flag.startMs)}–${formatClipTime(flag.endMs)}`;
                return (
                  <li key={flag.id} className="flag-choice">
                    <div>
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={flagIds.includes(flag.id)}
                          onChange={(e) => toggleFlag(flag.id, e.target.checked)}
                        />
                        <span>{b.flagLabel(t.categories[flag.category], t.packets.severities[flag.severity], range)}</span>
                      </label>
                      {flag.note && <p className="flag-choice__note">{flag.note}</p>}
                    </div>
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-label={b.addFromFlagLabel(range)}
                      disabled={full}
                      onClick={() => addFromFlag(flag)}
                    >
                      {b.addFromFlag}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </fieldset>

        <div className="field">
          <label htmlFor={`${id}-decision`}>{b.decision}</label>
          <select id={`${id}-decision`} value={decisionId} onChange={(e) => setDecisionId(e.target.value)}>
            <option value="">{b.noDecision}</option>
            {liveDecisions.map((decision) => (
              <option key={decision.id} value={decision.id}>
                {b.decisionOption(t.packets.outcomes[decision.outcome], formatDateTime(decision.decidedAt))}
              </option>
            ))}
          </select>
        </div>

        {create.isError && <ActionError error={create.error} message={actionErrorMessage(create.error, t, b.failed)} />}
        <div className="modal__actions">
          {onCancel && (
            <button type="button" className="button button--secondary" onClick={onCancel}>
              {b.cancel}
            </button>
          )}
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? b.submitting : b.submit}
          </button>
        </div>
      </form>
    </section>
  );
}
