import { useId, useRef, useState } from 'react';
import { useI18n } from '@/lib/i18n';

/** A read-only value with a copy button; when the clipboard refuses, the text is selected instead. */
export function CopyField({ label, copyLabel, value }: { label: string; copyLabel: string; value: string }) {
  const { t } = useI18n();
  const c = t.packets.createLink;
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      input.current?.select();
      setStatus('failed');
    }
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="secret-box">
        <input ref={input} id={id} type="text" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button button--secondary" onClick={() => void copy()}>
          {copyLabel}
        </button>
      </div>
      <p role="status" className={status === 'failed' ? 'field-error' : 'field-hint'}>
        {status === 'copied' ? c.copied : status === 'failed' ? c.copyFailed : ''}
      </p>
    </div>
  );
}
