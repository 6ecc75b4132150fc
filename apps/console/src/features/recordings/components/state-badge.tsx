import type { RecordingState } from '@kura/contracts';
import { useI18n } from '@/lib/i18n';

export function StateBadge({ state }: { state: RecordingState }) {
  const { t } = useI18n();
  return <span className={`badge badge--state-${state}`}>{t.states[state]}</span>;
}
