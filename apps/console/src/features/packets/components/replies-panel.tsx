import type { PacketReplyDto } from '@kura/contracts';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

/** What the agency wrote back through its link, newest last. */
export function RepliesPanel({ replies }: { replies: PacketReplyDto[] }) {
  const { t } = useI18n();
  const r = t.packets.replies;
  const sorted = [...replies].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return (
    <section className="panel" aria-labelledby="packet-replies-heading">
      <h2 id="packet-replies-heading" className="panel__title">
        {r.title} <span className="count">{replies.length}</span>
      </h2>
      {sorted.length === 0 ? (
        <p className="muted">{r.empty}</p>
      ) : (
        <ul className="report-list">
          {sorted.map((reply) => (
            <li key={reply.id} className="reply">
              <div className="reply__head">
                <span className="badge badge--agency">{t.packets.custody.agency}</span>
                <span>{r.from(reply.recipientName)}</span>
                <span>{formatDateTime(reply.createdAt)}</span>
                {reply.acknowledged && <span className="badge badge--link-live">{r.acknowledged}</span>}
              </div>
              <p className="reply__body">{reply.body}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
