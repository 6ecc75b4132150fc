import {
  ChangePasswordBody,
  CreateStaffBody,
  DEFAULT_WELLBEING,
  UpdatePreferencesBody,
  UpdateReviewSettingsBody,
  UpdateStaffBody,
  type MyExposureDto,
  type MyPreferencesDto,
  type ReviewSettingsDto,
  type Role,
  type StaffAccountDto,
  type StaffSessionDto,
  type StaffUserDto,
  type TeamExposureDto,
  type WellbeingSettings,
} from '@kura/contracts';
import { http, HttpResponse } from 'msw';
import { auditor, moderator, PASSWORD } from './data';
import { db } from './db';

// The mock API behind staff admin, review settings, the account page and exposure.

let requests = 0;
function apiError(status: number, code: string, message = code, details?: unknown) {
  requests += 1;
  const error = { code, message, requestId: `req-acct-${requests}`, ...(details === undefined ? {} : { details }) };
  return HttpResponse.json({ error }, { status });
}

export const lead: StaffUserDto = { id: 'staff-lead-1', email: 'lead@kura.test', displayName: '田中 誠', roles: ['moderator', 'lead'] };
export const admin: StaffUserDto = { id: 'staff-adm-1', email: 'admin@kura.test', displayName: '高橋 恵', roles: ['admin'] };

const account = (user: StaffUserDto, extra: Partial<StaffAccountDto> = {}): StaffAccountDto => ({
  ...user,
  disabledAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  lastSeenAt: null,
  ...extra,
});

export const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const FIREFOX_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

export interface AccountAdminState {
  staff: StaffAccountDto[];
  settings: ReviewSettingsDto;
  /** The signed-in person's own wellbeing overrides. */
  overrides: Partial<WellbeingSettings>;
  password: string;
  sessions: StaffSessionDto[];
  myExposure: Omit<MyExposureDto, 'breakThresholdMinutes' | 'breakDue'>;
  team: TeamExposureDto;
}

function fresh(): AccountAdminState {
  return {
    staff: [
      account(admin, { lastSeenAt: '2026-01-05T00:30:00Z' }),
      account(moderator, { lastSeenAt: '2026-01-05T01:20:44Z' }),
      account(lead),
      account(auditor, { disabledAt: '2026-01-04T03:00:00Z', lastSeenAt: '2026-01-03T09:00:00Z' }),
    ],
    settings: { wellbeingDefaults: { ...DEFAULT_WELLBEING }, breakThresholdMinutes: 120 },
    overrides: {},
    password: PASSWORD,
    sessions: [
      {
        id: 'sess-other',
        createdAt: '2026-01-04T23:00:00Z',
        lastSeenAt: '2026-01-05T00:10:00Z',
        expiresAt: '2026-01-05T11:00:00Z',
        ip: '198.51.100.23',
        userAgent: FIREFOX_WIN,
        current: false,
      },
      {
        id: 'sess-here',
        createdAt: '2026-01-05T00:00:00Z',
        lastSeenAt: '2026-01-05T01:00:00Z',
        expiresAt: '2026-01-05T12:00:00Z',
        ip: '203.0.113.7',
        userAgent: CHROME_MAC,
        current: true,
      },
    ],
    myExposure: {
      day: '2026-01-05',
      totalMs: 83 * 60_000 + 20_000,
      bySeverity: { none: 40 * 60_000, low: 20 * 60_000 + 20_000, medium: 12 * 60_000, high: 9 * 60_000, critical: 2 * 60_000 },
    },
    team: {
      day: '2026-01-05',
      reviewers: 4,
      totalMs: 410 * 60_000,
      bySeverity: { none: 200 * 60_000, low: 90 * 60_000, medium: 60 * 60_000, high: 45 * 60_000, critical: 15 * 60_000 },
    },
  };
}

export const accountAdminDb: AccountAdminState = fresh();

export function resetAccountAdminDb(): void {
  Object.assign(accountAdminDb, fresh());
}

const signedIn = () => db.session?.user ?? null;
const has = (...roles: Role[]) => !!signedIn()?.roles.some((r) => roles.includes(r));
const unauthenticated = () => (signedIn() ? null : apiError(401, 'unauthenticated'));
const csrf = (request: Request) => (request.headers.get('x-csrf-token') === db.session?.csrfToken ? null : apiError(403, 'csrf'));
const onlyFor = (...roles: Role[]) => (has(...roles) ? null : apiError(403, 'forbidden'));
const invalid = (issues: { path: PropertyKey[]; message: string }[]) =>
  apiError(
    400,
    'validation_failed',
    'invalid request body',
    issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );

function preferences(): MyPreferencesDto {
  const defaults = accountAdminDb.settings.wellbeingDefaults;
  return { defaults, overrides: accountAdminDb.overrides, wellbeing: { ...defaults, ...accountAdminDb.overrides } };
}

export const accountAdminHandlers = [
  http.get('/api/staff', () => unauthenticated() ?? onlyFor('admin') ?? HttpResponse.json({ items: accountAdminDb.staff })),

  http.post('/api/staff', async ({ request }) => {
    const denied = unauthenticated() ?? csrf(request) ?? onlyFor('admin');
    if (denied) return denied;
    const body = CreateStaffBody.safeParse(await request.json());
    if (!body.success) return invalid(body.error.issues);
    if (accountAdminDb.staff.some((s) => s.email === body.data.email))
      return apiError(409, 'email_taken', 'a staff user with this email exists');
    const { password: _password, ...rest } = body.data;
    const created = account({ id: `staff-new-${accountAdminDb.staff.length + 1}`, ...rest }, { createdAt: new Date().toISOString() });
    accountAdminDb.staff.push(created);
    return HttpResponse.json(created, { status: 201 });
  }),

  http.patch('/api/staff/:id', async ({ request, params }) => {
    const denied = unauthenticated() ?? csrf(request) ?? onlyFor('admin');
    if (denied) return denied;
    const body = UpdateStaffBody.safeParse(await request.json());
    if (!body.success) return invalid(body.error.issues);
    const index = accountAdminDb.staff.findIndex((s) => s.id === params.id);
    if (index < 0) return apiError(404, 'not_found');
    const self = params.id === signedIn()!.id;
    if (self && body.data.disabled === true) return apiError(409, 'self_protection', 'you cannot disable yourself');
    if (self && body.data.roles && !body.data.roles.includes('admin'))
      return apiError(409, 'self_protection', 'you cannot remove your own admin role');
    const current = accountAdminDb.staff[index]!;
    const next: StaffAccountDto = {
      ...current,
      ...(body.data.displayName !== undefined ? { displayName: body.data.displayName } : {}),
      ...(body.data.roles !== undefined ? { roles: body.data.roles } : {}),
      ...(body.data.disabled !== undefined ? { disabledAt: body.data.disabled ? new Date().toISOString() : null } : {}),
    };
    accountAdminDb.staff[index] = next;
    return HttpResponse.json(next);
  }),

  http.get('/api/settings/review', () => unauthenticated() ?? onlyFor('admin') ?? HttpResponse.json(accountAdminDb.settings)),

  http.put('/api/settings/review', async ({ request }) => {
    const denied = unauthenticated() ?? csrf(request) ?? onlyFor('admin');
    if (denied) return denied;
    const body = UpdateReviewSettingsBody.safeParse(await request.json());
    if (!body.success) return invalid(body.error.issues);
    accountAdminDb.settings = { ...accountAdminDb.settings, ...body.data };
    return HttpResponse.json(accountAdminDb.settings);
  }),

  http.get('/api/me/preferences', () => unauthenticated() ?? HttpResponse.json(preferences())),

  http.put('/api/me/preferences', async ({ request }) => {
    const denied = unauthenticated() ?? csrf(request);
    if (denied) return denied;
    const body = UpdatePreferencesBody.safeParse(await request.json());
    if (!body.success) return invalid(body.error.issues);
    accountAdminDb.overrides = body.data.wellbeing;
    return HttpResponse.json(preferences());
  }),

  http.post('/api/me/password', async ({ request }) => {
    const denied = unauthenticated() ?? csrf(request);
    if (denied) return denied;
    const body = ChangePasswordBody.safeParse(await request.json());
    if (!body.success) return invalid(body.error.issues);
    if (body.data.currentPassword !== accountAdminDb.password)
      return apiError(400, 'invalid_current_password', 'current password is wrong');
    accountAdminDb.password = body.data.newPassword;
    accountAdminDb.sessions = accountAdminDb.sessions.filter((s) => s.current);
    return new HttpResponse(null, { status: 204 });
  }),

  http.get('/api/me/sessions', () => unauthenticated() ?? HttpResponse.json({ items: accountAdminDb.sessions })),

  http.post('/api/me/sessions/:id/revoke', ({ request, params }) => {
    const denied = unauthenticated() ?? csrf(request);
    if (denied) return denied;
    if (!accountAdminDb.sessions.some((s) => s.id === params.id)) return apiError(404, 'not_found');
    accountAdminDb.sessions = accountAdminDb.sessions.filter((s) => s.id !== params.id);
    return new HttpResponse(null, { status: 204 });
  }),

  http.get('/api/me/exposure', () => {
    const denied = unauthenticated() ?? onlyFor('moderator', 'lead');
    if (denied) return denied;
    const threshold = accountAdminDb.settings.breakThresholdMinutes;
    return HttpResponse.json<MyExposureDto>({
      ...accountAdminDb.myExposure,
      breakThresholdMinutes: threshold,
      breakDue: accountAdminDb.myExposure.totalMs > threshold * 60_000,
    });
  }),

  http.get('/api/exposure/team', () => unauthenticated() ?? onlyFor('lead') ?? HttpResponse.json(accountAdminDb.team)),
];
