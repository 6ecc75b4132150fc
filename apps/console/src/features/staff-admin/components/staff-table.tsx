import type { StaffAccountDto } from '@kura/contracts';
import { SkeletonRows } from '@/components/ui/skeleton-rows';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

interface StaffTableProps {
  items: StaffAccountDto[] | undefined;
  loading: boolean;
  currentUserId: string | null;
  onEdit: (staff: StaffAccountDto) => void;
  onToggleDisabled: (staff: StaffAccountDto) => void;
}

export function StaffTable({ items, loading, currentUserId, onEdit, onToggleDisabled }: StaffTableProps) {
  const { t } = useI18n();
  const s = t.staffAdmin;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">{s.table}</caption>
        <thead>
          <tr>
            <th scope="col">{s.name}</th>
            <th scope="col">{s.email}</th>
            <th scope="col">{s.roles}</th>
            <th scope="col">{s.status}</th>
            <th scope="col">{s.lastSeen}</th>
            <th scope="col">
              <span className="sr-only">{s.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {loading && <SkeletonRows rows={4} columns={6} />}
          {items?.length === 0 && (
            <tr>
              <td colSpan={6} className="empty-state">
                {s.empty}
              </td>
            </tr>
          )}
          {items?.map((staff) => {
            const disabled = staff.disabledAt !== null;
            return (
              <tr key={staff.id} className={disabled ? 'row--disabled' : undefined}>
                <th scope="row">
                  {staff.displayName}
                  {staff.id === currentUserId && <span className="badge badge--self">{s.you}</span>}
                </th>
                <td>{staff.email}</td>
                <td>
                  <span className="badge-list">
                    {staff.roles.map((role) => (
                      <span key={role} className="badge badge--role">
                        {t.roles[role]}
                      </span>
                    ))}
                  </span>
                </td>
                <td>
                  {disabled ? (
                    <span className="badge badge--state-unplayable" title={s.disabledSince(formatDateTime(staff.disabledAt!))}>
                      {s.disabled}
                    </span>
                  ) : (
                    <span className="badge badge--state-ready">{s.enabled}</span>
                  )}
                </td>
                <td className="nowrap">{staff.lastSeenAt ? formatDateTime(staff.lastSeenAt) : s.neverSeen}</td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button button--secondary"
                    aria-label={s.editLabel(staff.displayName)}
                    onClick={() => onEdit(staff)}
                  >
                    {s.edit}
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    aria-label={(disabled ? s.enableLabel : s.disableLabel)(staff.displayName)}
                    onClick={() => onToggleDisabled(staff)}
                  >
                    {disabled ? s.enable : s.disable}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
