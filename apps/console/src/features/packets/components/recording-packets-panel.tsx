import type { RecordingDetailDto } from '@kura/contracts';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '@/lib/i18n';
import { RecordingPacketBuilder } from './recording-packet-builder';

/** On the recording page: this recording's packets, and the builder behind a button. */
export function RecordingPacketsPanel({ recording }: { recording: RecordingDetailDto }) {
  const { t } = useI18n();
  const b = t.packets.builder;
  const id = useId();
  const [open, setOpen] = useState(false);
  const ready = recording.state === 'ready';
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="panel__title">
        {t.packets.nav.packets}
      </h2>
      <div className="panel__actions">
        <Link to={`/packets?recording=${encodeURIComponent(recording.id)}`}>{t.packets.recordingPackets}</Link>
      </div>
      {ready ? (
        <div className="panel__actions">
          <button
            type="button"
            className="button button--primary"
            aria-expanded={open}
            aria-controls={`${id}-builder`}
            onClick={() => setOpen((v) => !v)}
          >
            {b.open}
          </button>
        </div>
      ) : (
        <p className="muted">{b.notReady}</p>
      )}
      <div id={`${id}-builder`}>{open && ready && <RecordingPacketBuilder recording={recording} onCancel={() => setOpen(false)} />}</div>
    </section>
  );
}
