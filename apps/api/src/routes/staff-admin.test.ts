import { randomBytes, randomUUID } from 'node:crypto';
import type { ListSessionsResponse, ListStaffResponse, StaffAccountDto } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../test/support/http-calls.ts';
import { auditRows, expectError, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { signIn, type SignedIn } from '../../../../test/support/staff.ts';

// Staff administration by admins (create, re-role, rename, disable, enable) and each person's
// own account (password, sessions).

let h: Harness;
let admin: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  admin = await staffSession(h, ['admin']);
});
afterAll(async () => {
  await h?.close();
});

const email = () => `new-${randomBytes(4).toString('hex')}@kura.test`;
const PASSWORD = 'correct horse battery staple';
const whoAmI = (s: SignedIn) => callApi(h, s, 'GET', '/api/auth/session');
const patch = (id: string, body: unknown, as: SignedIn = admin.session) => callApi(h, as, 'PATCH', `/api/staff/${id}`, body);
const login = (e: string, password: string) =>
  fetch(`${h.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: e, password }),
  });

async function createViaApi(roles: string[] = ['moderator']): Promise<StaffAccountDto & { password: string }> {
  const res = await callApi(h, admin.session, 'POST', '/api/staff', {
    email: email(),
    displayName: 'Aoi Tanaka',
    roles,
    password: PASSWORD,
  });
  return { ...(await jsonOf<StaffAccountDto>(res, 201)), password: PASSWORD };
}

describe('admins manage staff', () => {
  it('creates an account (201, staff.created by the admin) that can sign in', async () => {
    const e = email();
    const res = await callApi(h, admin.session, 'POST', '/api/staff', {
      email: e.toUpperCase(),
      displayName: ' Aoi ',
      roles: ['moderator', 'moderator'],
      password: PASSWORD,
    });
    const created = await jsonOf<StaffAccountDto>(res, 201);
    expect(created).toEqual({
      id: expect.any(String),
      email: e,
      displayName: 'Aoi',
      roles: ['moderator'],
      disabledAt: null,
      createdAt: expect.any(String),
      lastSeenAt: null,
    });
    const ev = (await auditRows(h, 'staff.created')).at(-1);
    expect(ev).toMatchObject({
      actor_type: 'staff',
      actor_id: admin.userId,
      subject_id: created.id,
      request_id: res.headers.get('x-request-id'),
    });
    expect(JSON.stringify(ev!.details)).not.toContain(PASSWORD);

    const s = await signIn(h, e, PASSWORD);
    expect((await whoAmI(s)).status).toBe(200);
    const { items } = await jsonOf<ListStaffResponse>(await callApi(h, admin.session, 'GET', '/api/staff'), 200);
    const listed = items.find((i) => i.id === created.id)!;
    expect(listed.lastSeenAt).not.toBeNull();
    expect(Object.keys(listed).sort()).toEqual(['createdAt', 'disabledAt', 'displayName', 'email', 'id', 'lastSeenAt', 'roles']);
    expect(items.map((i) => i.email)).toContain(admin.email);
  });

  it('refuses a taken email (409) and bad input (400)', async () => {
    const first = await createViaApi();
    await expectError(
      await callApi(h, admin.session, 'POST', '/api/staff', { email: first.email, displayName: 'x', roles: ['lead'], password: PASSWORD }),
      409,
      'email_taken',
    );
    const good = { email: email(), displayName: 'x', roles: ['lead'], password: PASSWORD };
    for (const body of [
      { ...good, password: 'short' },
      { ...good, roles: [] },
      { ...good, roles: ['superuser'] },
      { ...good, email: 'not-an-email' },
      { ...good, displayName: '' },
      { ...good, disabled: true },
    ]) {
      await expectError(await callApi(h, admin.session, 'POST', '/api/staff', body), 400, 'validation_failed');
    }
  });

  it('re-roles and renames in one change (staff.updated from → to); the new roles apply at the next request', async () => {
    const u = await createViaApi(['moderator']);
    const s = await signIn(h, u.email, u.password);
    expect((await callApi(h, s, 'GET', '/api/staff')).status).toBe(403);
    const res = await patch(u.id, { roles: ['admin', 'lead'], displayName: 'Aoi T.' });
    expect(await jsonOf<StaffAccountDto>(res, 200)).toMatchObject({ id: u.id, roles: ['admin', 'lead'], displayName: 'Aoi T.' });
    const ev = (await auditRows(h, 'staff.updated')).at(-1);
    expect(ev).toMatchObject({ actor_id: admin.userId, subject_id: u.id, request_id: res.headers.get('x-request-id') });
    expect(ev!.details).toEqual({
      roles: { from: ['moderator'], to: ['admin', 'lead'] },
      displayName: { from: 'Aoi Tanaka', to: 'Aoi T.' },
    });
    expect((await callApi(h, s, 'GET', '/api/staff')).status).toBe(200);

    // The same values again: nothing changes, nothing is recorded.
    const count = (await auditRows(h, 'staff.updated')).length;
    await jsonOf(await patch(u.id, { roles: ['lead', 'admin'], displayName: 'Aoi T.' }), 200);
    expect((await auditRows(h, 'staff.updated')).length).toBe(count);
  });

  it('disabling ends every session at once (staff.disabled); enabling lets them sign in again (staff.enabled)', async () => {
    const u = await createViaApi(['lead']);
    const a = await signIn(h, u.email, u.password);
    const b = await signIn(h, u.email, u.password);
    const res = await patch(u.id, { disabled: true });
    expect((await jsonOf<StaffAccountDto>(res, 200)).disabledAt).not.toBeNull();
    for (const s of [a, b]) await expectError(await whoAmI(s), 401, 'unauthorized');
    const live = await h.ctx.db
      .selectFrom('staff_sessions')
      .select('id')
      .where('user_id', '=', u.id)
      .where('revoked_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
    await expectError(await login(u.email, u.password), 401, 'invalid_credentials');
    expect((await auditRows(h, 'staff.disabled')).at(-1)).toMatchObject({
      actor_id: admin.userId,
      subject_id: u.id,
      details: { email: u.email },
    });

    const enabled = await jsonOf<StaffAccountDto>(await patch(u.id, { disabled: false }), 200);
    expect(enabled.disabledAt).toBeNull();
    expect((await auditRows(h, 'staff.enabled')).at(-1)).toMatchObject({
      actor_id: admin.userId,
      subject_id: u.id,
      details: { email: u.email },
    });
    // Old sessions stay ended; a new sign-in works.
    await expectError(await whoAmI(a), 401, 'unauthorized');
    expect((await login(u.email, u.password)).status).toBe(200);
  });

  it('an admin cannot disable themselves or drop their own admin role (409), and nothing changes', async () => {
    const before = (await auditRows(h)).length;
    await expectError(await patch(admin.userId, { disabled: true }), 409, 'cannot_disable_self');
    await expectError(await patch(admin.userId, { roles: ['lead'] }), 409, 'cannot_remove_own_admin');
    await expectError(await patch(admin.userId, { roles: ['lead'], displayName: 'Boss' }), 409, 'cannot_remove_own_admin');
    expect((await auditRows(h)).length).toBe(before);
    expect((await whoAmI(admin.session)).status).toBe(200);
    const me = (await jsonOf<ListStaffResponse>(await callApi(h, admin.session, 'GET', '/api/staff'), 200)).items.find(
      (i) => i.id === admin.userId,
    )!;
    expect(me).toMatchObject({ roles: ['admin'], disabledAt: null });
    // Adding a role to oneself, or renaming oneself, is fine.
    expect(await jsonOf<StaffAccountDto>(await patch(admin.userId, { roles: ['admin', 'auditor'] }), 200)).toMatchObject({
      roles: ['admin', 'auditor'],
    });
    await jsonOf(await patch(admin.userId, { roles: ['admin'] }), 200);
  });

  it('another admin may disable an admin', async () => {
    const other = await createViaApi(['admin']);
    const s = await signIn(h, other.email, other.password);
    await jsonOf(await patch(other.id, { disabled: true }), 200);
    await expectError(await whoAmI(s), 401, 'unauthorized');
  });

  it('unknown accounts: 404; bad changes: 400', async () => {
    await expectError(await patch(randomUUID(), { displayName: 'x' }), 404, 'not_found');
    await expectError(await patch('nope', { displayName: 'x' }), 404, 'not_found');
    const u = await createViaApi();
    for (const body of [{}, { roles: [] }, { roles: ['root'] }, { disabled: 'yes' }, { email: 'x@y.z' }, { password: 'a new password!' }]) {
      await expectError(await patch(u.id, body), 400, 'validation_failed');
    }
  });
});

describe('one’s own password', () => {
  it('needs the current password; ends every other session of the person, keeps this one; audits no password', async () => {
    const me = await staffSession(h, ['auditor']);
    const other = await signIn(h, me.email, me.password);
    const bystander = await staffSession(h, ['auditor']);
    const newPassword = `new-${randomBytes(9).toString('base64url')}`;

    await expectError(
      await callApi(h, me.session, 'POST', '/api/me/password', { currentPassword: 'wrong password', newPassword }),
      400,
      'wrong_password',
    );
    expect((await whoAmI(other)).status).toBe(200);

    const res = await callApi(h, me.session, 'POST', '/api/me/password', { currentPassword: me.password, newPassword });
    expect(res.status).toBe(204);
    expect((await whoAmI(me.session)).status).toBe(200);
    await expectError(await whoAmI(other), 401, 'unauthorized');
    expect((await whoAmI(bystander.session)).status).toBe(200);
    await expectError(await login(me.email, me.password), 401, 'invalid_credentials');
    expect((await login(me.email, newPassword)).status).toBe(200);

    const ev = (await auditRows(h, 'staff.password_changed')).at(-1);
    expect(ev).toMatchObject({ actor_id: me.userId, subject_id: me.userId, request_id: res.headers.get('x-request-id') });
    expect(ev!.details).toEqual({ sessionsRevoked: 1 });
    const everything = JSON.stringify(await auditRows(h));
    for (const secret of [me.password, newPassword, 'wrong password']) expect(everything).not.toContain(secret);
  });

  it('refuses a weak new password (400) and stops guessing after five wrong tries (429)', async () => {
    const me = await staffSession(h, ['moderator']);
    await expectError(
      await callApi(h, me.session, 'POST', '/api/me/password', { currentPassword: me.password, newPassword: 'short' }),
      400,
      'validation_failed',
    );
    for (let i = 0; i < 5; i++) {
      await expectError(
        await callApi(h, me.session, 'POST', '/api/me/password', { currentPassword: `guess ${i}`, newPassword: PASSWORD }),
        400,
        'wrong_password',
      );
    }
    const res = await callApi(h, me.session, 'POST', '/api/me/password', { currentPassword: me.password, newPassword: PASSWORD });
    await expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectError(await login(me.email, PASSWORD), 429, 'rate_limited');
  });
});

describe('one’s own sessions', () => {
  it('lists the person’s live sessions, marks the current one, and ends another one (session.revoked)', async () => {
    const me = await staffSession(h, ['lead']);
    const phone = await signIn(h, me.email, me.password);
    const ended = await signIn(h, me.email, me.password);
    await callApi(h, ended, 'POST', '/api/auth/logout');
    const { items } = await jsonOf<ListSessionsResponse>(await callApi(h, me.session, 'GET', '/api/me/sessions'), 200);
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const current = items.find((s) => s.current)!;
    expect(current).toMatchObject({
      ip: expect.any(String),
      createdAt: expect.any(String),
      lastSeenAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    const target = items.find((s) => !s.current)!;

    const res = await callApi(h, me.session, 'POST', `/api/me/sessions/${target.id}/revoke`);
    expect(res.status).toBe(204);
    await expectError(await whoAmI(phone), 401, 'unauthorized');
    expect((await whoAmI(me.session)).status).toBe(200);
    const ev = (await auditRows(h, 'session.revoked')).at(-1);
    expect(ev).toMatchObject({ actor_id: me.userId, subject_id: me.userId, details: { sessionId: target.id } });
    const after = await jsonOf<ListSessionsResponse>(await callApi(h, me.session, 'GET', '/api/me/sessions'), 200);
    expect(after.items.map((s) => s.id)).toEqual([current.id]);

    // Again: already ended, nothing more is recorded.
    const count = (await auditRows(h, 'session.revoked')).length;
    expect((await callApi(h, me.session, 'POST', `/api/me/sessions/${target.id}/revoke`)).status).toBe(204);
    expect((await auditRows(h, 'session.revoked')).length).toBe(count);

    // Ending the current one signs the person out.
    expect((await callApi(h, me.session, 'POST', `/api/me/sessions/${current.id}/revoke`)).status).toBe(204);
    await expectError(await whoAmI(me.session), 401, 'unauthorized');
  });

  it('someone else’s session is not found (404) and keeps working, even for an admin', async () => {
    const victim = await staffSession(h, ['moderator']);
    const { items } = await jsonOf<ListSessionsResponse>(await callApi(h, victim.session, 'GET', '/api/me/sessions'), 200);
    for (const s of [admin, await staffSession(h, ['lead'])]) {
      await expectError(await callApi(h, s.session, 'POST', `/api/me/sessions/${items[0]!.id}/revoke`), 404, 'not_found');
      const mine = await jsonOf<ListSessionsResponse>(await callApi(h, s.session, 'GET', '/api/me/sessions'), 200);
      expect(mine.items.map((x) => x.id)).not.toContain(items[0]!.id);
    }
    await expectError(await callApi(h, victim.session, 'POST', `/api/me/sessions/${randomUUID()}/revoke`), 404, 'not_found');
    expect((await whoAmI(victim.session)).status).toBe(200);
  });
});
