import { randomBytes } from 'node:crypto';
import type { Role } from '@kura/db';
import { addStaffUser } from '../../apps/api/src/services/auth/staff-users.ts';
import type { Harness } from './harness.ts';

export interface TestStaff {
  email: string;
  password: string;
  userId: string;
}

export interface CreateStaffOptions {
  email?: string;
  password?: string;
  displayName?: string;
}

/** A staff account made the way the CLI makes one (audited as system/test). */
export async function createStaff(h: Harness, roles: Role[], opts: CreateStaffOptions = {}): Promise<TestStaff> {
  const email = opts.email ?? `staff-${randomBytes(5).toString('hex')}@kura.test`;
  const password = opts.password ?? `pw-${randomBytes(12).toString('base64url')}`;
  const user = await addStaffUser(
    h.ctx,
    { email, password, roles, ...(opts.displayName ? { displayName: opts.displayName } : {}) },
    { type: 'system', id: 'test' },
  );
  return { email: user.email, password, userId: user.id };
}

export interface SignedIn {
  /** `kura_session=<token>`, ready for a Cookie header. */
  cookie: string;
  csrfToken: string;
  /** Cookie and CSRF headers for any request, merged over `extra`. */
  headers(extra?: Record<string, string>): Record<string, string>;
}

/** Signs in over HTTP, as the console does; throws unless the login answers 200. */
export async function signIn(h: Harness, email: string, password: string): Promise<SignedIn> {
  const res = await fetch(`${h.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = sessionCookie(res);
  if (!cookie) throw new Error('sign-in answered 200 without a session cookie');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    csrfToken,
    headers: (extra = {}) => ({ ...extra, cookie, 'x-csrf-token': csrfToken }),
  };
}

/** The `kura_session=<value>` pair from a response's Set-Cookie headers, if it sets one. */
export function sessionCookie(res: Response): string | null {
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0]!.trim();
    if (pair.startsWith('kura_session=')) return pair;
  }
  return null;
}
