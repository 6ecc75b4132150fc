import type { Role } from '@kura/db';

/** The signed-in staff member behind a request, as resolved from the session cookie. */
export interface StaffPrincipal {
  userId: string;
  email: string;
  displayName: string;
  roles: Role[];
  sessionId: string;
  csrfToken: string;
}

export function hasRole(p: StaffPrincipal, ...roles: Role[]): boolean {
  return p.roles.some((r) => roles.includes(r));
}
