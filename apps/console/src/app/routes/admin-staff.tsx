import { PageHeading } from '@/components/ui/page-heading';
import type { StaffAccountDto } from '@kura/contracts';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useUser } from '@/features/auth/api/get-session';
import { useStaff } from '@/features/staff-admin/api/staff';
import { CreateStaffDialog } from '@/features/staff-admin/components/create-staff-dialog';
import { EditStaffDialog } from '@/features/staff-admin/components/edit-staff-dialog';
import { StaffStatusDialog } from '@/features/staff-admin/components/staff-status-dialog';
import { StaffTable } from '@/features/staff-admin/components/staff-table';
import { canAdministerStaff } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

type Open = { kind: 'create' } | { kind: 'edit'; staff: StaffAccountDto } | { kind: 'status'; staff: StaffAccountDto } | null;

function StaffAdmin({ currentUserId }: { currentUserId: string | null }) {
  const { t } = useI18n();
  const staff = useStaff({ enabled: true });
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  const close = () => setOpen(null);
  const finish = (message: string) => {
    setOpen(null);
    setDone(message);
  };

  return (
    <>
      <div className="toolbar">
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            setDone(null);
            setOpen({ kind: 'create' });
          }}
        >
          {t.staffAdmin.add}
        </button>
      </div>
      <div role="status">{done && <p className="notice notice--success">{done}</p>}</div>
      {staff.isError ? (
        <ErrorAlert title={t.staffAdmin.loadError} error={staff.error} onRetry={() => void staff.refetch()} />
      ) : (
        <StaffTable
          items={staff.data?.items}
          loading={staff.isPending}
          currentUserId={currentUserId}
          onEdit={(s) => {
            setDone(null);
            setOpen({ kind: 'edit', staff: s });
          }}
          onToggleDisabled={(s) => {
            setDone(null);
            setOpen({ kind: 'status', staff: s });
          }}
        />
      )}
      {open?.kind === 'create' && <CreateStaffDialog onClose={close} onCreated={(name) => finish(t.staffAdmin.create.done(name))} />}
      {open?.kind === 'edit' && (
        <EditStaffDialog staff={open.staff} onClose={close} onSaved={(name) => finish(t.staffAdmin.update.done(name))} />
      )}
      {open?.kind === 'status' && <StaffStatusDialog staff={open.staff} onClose={close} onDone={finish} />}
    </>
  );
}

/** Staff accounts for admins; anyone else gets a plain refusal and no API call. */
export function AdminStaffRoute() {
  const { t } = useI18n();
  const user = useUser();
  const allowed = canAdministerStaff(user);
  return (
    <div className="page">
      <title>{`${t.staffAdmin.title} · ${t.common.appName}`}</title>
      <PageHeading>{t.staffAdmin.title}</PageHeading>
      {allowed ? <StaffAdmin currentUserId={user?.id ?? null} /> : <p className="notice notice--warning">{t.staffAdmin.notAllowed}</p>}
    </div>
  );
}
