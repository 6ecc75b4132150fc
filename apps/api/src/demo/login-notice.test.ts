import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { signIn } from '../../../../test/support/staff.ts';
import { demoLoginLines } from './login-notice.ts';
import { ensureDemoStaff } from './seed.ts';

// Demo passwords reach the terminal once, when they are made; every later start points at the
// 0600 file that keeps them, so a scrolled-back terminal or a captured log holds no passwords.

const logins = [
  { email: 'moderator@kura.example', password: 'demo-secret-one', roles: ['moderator' as const] },
  { email: 'lead@kura.example', password: 'demo-secret-two', roles: ['lead' as const, 'moderator' as const] },
];
const file = '/var/lib/kura/demo-logins.json';

describe('demoLoginLines', () => {
  it('prints the passwords when they were just created, with where they are kept', () => {
    const text = demoLoginLines({ created: true, logins, file }).join('\n');
    expect(text).toContain('demo-secret-one');
    expect(text).toContain('demo-secret-two');
    expect(text).toContain('lead,moderator');
    expect(text).toContain(file);
  });

  it('prints only the file on later starts', () => {
    const lines = demoLoginLines({ created: false, logins, file });
    const text = lines.join('\n');
    expect(text).toContain(file);
    expect(text).not.toContain('demo-secret-one');
    expect(text).not.toContain('demo-secret-two');
    expect(lines.length).toBeGreaterThan(0);
  });

  it('says so when the accounts exist but no passwords were made', () => {
    const text = demoLoginLines({ created: true, logins: [], file }).join('\n');
    expect(text).toContain(file);
    expect(text).not.toContain('demo-secret');
  });
});

describe('ensureDemoStaff', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates the demo staff once (file 0600), and afterwards reports them as not new', async () => {
    const first = await ensureDemoStaff(h.ctx);
    expect(first.created).toBe(true);
    expect(first.file).toBe(path.join(h.ctx.config.dataDir, 'demo-logins.json'));
    expect(first.logins.map((l) => l.email)).toContain('auditor@kura.example');
    expect((await stat(first.file)).mode & 0o777).toBe(0o600);
    const auditorLogin = first.logins.find((l) => l.email === 'auditor@kura.example')!;
    await signIn(h, auditorLogin.email, auditorLogin.password);

    const again = await ensureDemoStaff(h.ctx);
    expect(again).toEqual({ created: false, logins: first.logins, file: first.file });
    expect(demoLoginLines(again).join('\n')).not.toContain(auditorLogin.password);
  });
});
