import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKura } from '../../../../test/support/cli.ts';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { auditRows, expectError, staffSession, tamperAudit } from '../../../../test/support/seed-recording.ts';
import { createStaff, signIn } from '../../../../test/support/staff.ts';

// `pnpm kura …` as an operator runs it: a child process against the same database and bucket.

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const kura = (args: string[], stdin = '') => runKura(h, args, stdin);

const staffByEmail = (email: string) => h.ctx.db.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst();

describe('kura users add', () => {
  it('adds a user with both roles, password from stdin, who can then sign in', async () => {
    const email = 'Cli.Lead@Kura.Test';
    const password = 'correct horse battery staple 42';
    const r = await kura(['users', 'add', '--email', email, '--role', 'moderator,lead', '--password-stdin'], `${password}\n`);
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('added cli.lead@kura.test (moderator, lead)');
    expect(r.stdout + r.stderr).not.toContain(password);

    const s = await signIn(h, 'cli.lead@kura.test', password);
    const session = (await (await fetch(`${h.baseUrl}/api/auth/session`, { headers: s.headers() })).json()) as {
      user: { roles: string[] };
    };
    expect(session.user.roles).toEqual(['moderator', 'lead']);
    const user = (await staffByEmail('cli.lead@kura.test'))!;
    const created = (await auditRows(h, 'staff.created')).find((e) => e.subject_id === user.id);
    expect(created).toMatchObject({
      actor_type: 'system',
      actor_id: 'cli',
      details: { email: 'cli.lead@kura.test', roles: ['moderator', 'lead'] },
    });
  });

  it('refuses an unknown role with exit 2 and creates nobody', async () => {
    const r = await kura(
      ['users', 'add', '--email', 'bad-role@kura.test', '--role', 'moderator,root', '--password-stdin'],
      'a long enough password 1\n',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown role(s): root');
    expect(await staffByEmail('bad-role@kura.test')).toBeUndefined();
  });

  it('answers usage mistakes with exit 2', async () => {
    for (const args of [
      ['users', 'add', '--email', 'x@kura.test', '--role', 'moderator'],
      ['users', 'add', '--role', 'moderator', '--password-stdin'],
      ['users', 'add', '--email', 'x@kura.test', '--role', 'moderator', '--password-stdin', '--bogus'],
      ['users', 'frobnicate'],
      ['users', 'disable'],
    ]) {
      const r = await kura(args, 'a long enough password 1\n');
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
    }
    expect(await staffByEmail('x@kura.test')).toBeUndefined();
  });

  it('refuses a duplicate email and a weak password with exit 1', async () => {
    const existing = await createStaff(h, ['moderator']);
    const dup = await kura(
      ['users', 'add', '--email', existing.email, '--role', 'auditor', '--password-stdin'],
      'a long enough password 1\n',
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already exists');
    const weak = await kura(['users', 'add', '--email', 'weak@kura.test', '--role', 'auditor', '--password-stdin'], 'pw\n');
    expect(weak.code).toBe(1);
    expect(await staffByEmail('weak@kura.test')).toBeUndefined();
  });
});

describe('kura users disable', () => {
  it('ends the user’s live session at their next request', async () => {
    const s = await staffSession(h, ['moderator']);
    expect((await fetch(`${h.baseUrl}/api/recordings`, { headers: s.session.headers() })).status).toBe(200);
    const r = await kura(['users', 'disable', '--email', s.email.toUpperCase()]);
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toContain(`disabled ${s.email}; 1 session(s) ended`);
    await expectError(await fetch(`${h.baseUrl}/api/recordings`, { headers: s.session.headers() }), 401, 'unauthorized');
    expect((await staffByEmail(s.email))!.disabled_at).not.toBeNull();

    const again = await kura(['users', 'disable', '--email', s.email]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('was already disabled');
    const unknown = await kura(['users', 'disable', '--email', 'nobody@kura.test']);
    expect(unknown.code).toBe(1);
  });
});

describe('kura audit verify', () => {
  it('prints the result as JSON: exit 0 when intact, 1 naming the first broken seq after tampering', async () => {
    const n = (await auditRows(h)).length;
    const ok = await kura(['audit', 'verify']);
    expect(ok, ok.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(ok.stdout.trim())).toEqual({ intact: true, events: n });
    expect((await auditRows(h)).at(-1)).toMatchObject({ seq: n + 1, action: 'audit.verified', actor_id: 'cli' });

    const k = 4;
    await tamperAudit(h, `update audit_events set details = '{"x":1}' where seq = $1`, [k]);
    const broken = await kura(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout.trim())).toEqual({ intact: false, firstBrokenSeq: k, events: k - 1 });
  });
});
