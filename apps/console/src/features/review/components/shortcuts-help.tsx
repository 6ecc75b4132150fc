import { useId } from 'react';
import { Modal } from '@/components/ui/modal';
import { useI18n, type Messages } from '@/lib/i18n';

type KeyName = keyof Messages['review']['shortcuts']['keys'];
type Group = keyof Messages['review']['shortcuts']['groups'];

/** The keys as the review page binds them (review-workspace.tsx); shown, not parsed. */
export const REVIEW_KEYS: Array<{ group: Group; name: KeyName; keys: string[][] }> = [
  { group: 'playback', name: 'playPause', keys: [['Space'], ['K']] },
  { group: 'playback', name: 'back', keys: [['J'], ['←']] },
  { group: 'playback', name: 'forward', keys: [['L'], ['→']] },
  { group: 'playback', name: 'frameBack', keys: [[',']] },
  { group: 'playback', name: 'frameForward', keys: [['.']] },
  { group: 'playback', name: 'slower', keys: [['['], ['-']] },
  { group: 'playback', name: 'faster', keys: [[']'], ['+']] },
  { group: 'playback', name: 'mute', keys: [['M']] },
  { group: 'playback', name: 'reveal', keys: [['R']] },
  { group: 'playback', name: 'revealToggle', keys: [['Shift', 'R']] },
  { group: 'marking', name: 'markIn', keys: [['I']] },
  { group: 'marking', name: 'markOut', keys: [['O']] },
  { group: 'marking', name: 'flag', keys: [['F']] },
  { group: 'marking', name: 'decide', keys: [['D']] },
  { group: 'marking', name: 'submit', keys: [['Ctrl', 'Enter']] },
  { group: 'navigation', name: 'next', keys: [['N']] },
  { group: 'navigation', name: 'help', keys: [['?']] },
  { group: 'navigation', name: 'escape', keys: [['Esc']] },
];

const QUEUE_KEYS: KeyName[] = ['next', 'help', 'escape'];

function Keys({ combos, or }: { combos: string[][]; or: string }) {
  return (
    <>
      {combos.map((combo, i) => (
        <span key={combo.join('+')}>
          {i > 0 && <span className="muted"> {or} </span>}
          {combo.map((key, j) => (
            <span key={key}>
              {j > 0 && '+'}
              <kbd className="kbd">{key}</kbd>
            </span>
          ))}
        </span>
      ))}
    </>
  );
}

/** The `?` overlay: every key of the page, grouped; Escape closes it and focus goes back. */
export function ShortcutsHelp({ page, onClose }: { page: 'queue' | 'review'; onClose: () => void }) {
  const { t } = useI18n();
  const s = t.review.shortcuts;
  const id = useId();
  const rows = page === 'queue' ? REVIEW_KEYS.filter((k) => QUEUE_KEYS.includes(k.name)) : REVIEW_KEYS;
  const groups = [...new Set(rows.map((r) => r.group))];

  return (
    <Modal titleId={`${id}-title`} descriptionId={`${id}-desc`} onClose={onClose}>
      <div className="shortcuts">
        <h2 id={`${id}-title`} className="modal__title">
          {s.title}
        </h2>
        <p id={`${id}-desc`} className="modal__body">
          {s.note}
        </p>
        {groups.map((group) => (
          <section key={group} aria-labelledby={`${id}-${group}`}>
            <h3 id={`${id}-${group}`} className="panel__subtitle">
              {s.groups[group]}
            </h3>
            <dl className="shortcuts__list">
              {rows
                .filter((r) => r.group === group)
                .map((row) => (
                  <div key={row.name} className="shortcuts__row">
                    <dt>
                      <Keys combos={row.keys} or={s.or} />
                    </dt>
                    <dd>{page === 'queue' && row.name === 'next' ? s.keys.start : s.keys[row.name]}</dd>
                  </div>
                ))}
            </dl>
          </section>
        ))}
        <div className="modal__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {s.close}
          </button>
        </div>
      </div>
    </Modal>
  );
}
