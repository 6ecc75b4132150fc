import type { Role } from '@kura/contracts';

export interface DemoLogin {
  email: string;
  password: string;
  roles: Role[];
}

export interface DemoLoginsInfo {
  /** True when this run made the accounts (and their passwords). */
  created: boolean;
  logins: DemoLogin[];
  /** The 0600 file that keeps them. */
  file: string;
}

/**
 * What a start prints about the demo staff. Passwords go to the terminal once, on the run that
 * made them; every later start names the 0600 file instead, so terminal scrollback and captured
 * stdout (service logs, CI output) do not collect them on every start.
 */
export function demoLoginLines({ created, logins, file }: DemoLoginsInfo): string[] {
  if (!created) return [`Demo staff logins: in ${file} (mode 0600; not printed again)`];
  if (logins.length === 0) return [`Demo staff accounts already exist; no new passwords were made (see ${file})`];
  return [
    `Demo staff logins (shown this once; kept in ${file}, mode 0600):`,
    ...logins.map((l) => `  ${l.roles.join(',').padEnd(18)} ${l.email.padEnd(26)} ${l.password}`),
  ];
}
