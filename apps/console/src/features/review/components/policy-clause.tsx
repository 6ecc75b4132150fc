import { conductClauses, type ConductCategory } from '@kura/contracts';
import { useI18n, type Messages } from '@/lib/i18n';

export function clauseText(id: string, t: Messages) {
  return t.review.policy.clauses[id] ?? null;
}

/** One clause of the conduct policy, quoted: number, title and text (or the bare id if unknown). */
export function PolicyClause({ id }: { id: string }) {
  const { t } = useI18n();
  const clause = clauseText(id, t);
  if (!clause) return <p className="clause clause--unknown mono">{t.review.policy.unknownClause(id)}</p>;
  return (
    <blockquote className="clause" cite={id}>
      <p className="clause__title">
        {clause.number} {clause.title}
      </p>
      <p className="clause__text">{clause.text}</p>
    </blockquote>
  );
}

export function categoryClause(category: ConductCategory): string {
  return conductClauses[category];
}
