import { z } from 'zod';
import { Role } from './enums.ts';

// Staff administration (admins) and each person's own account: password and sessions.

export interface StaffAccountDto {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  disabledAt: string | null;
  createdAt: string;
  /** Latest activity of any of their sessions. */
  lastSeenAt: string | null;
}
export interface ListStaffResponse {
  items: StaffAccountDto[];
}

const password = z.string().min(12, 'at least 12 characters').max(1024);
const roleList = z.array(Role).min(1).max(4);

export const CreateStaffBody = z
  .object({
    email: z.email().max(320),
    displayName: z.string().trim().min(1).max(200),
    roles: roleList,
    password,
  })
  .strict();
export type CreateStaffBody = z.infer<typeof CreateStaffBody>;

export const UpdateStaffBody = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    roles: roleList.optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateStaffBody = z.infer<typeof UpdateStaffBody>;

export const ChangePasswordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: password }).strict();
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export interface StaffSessionDto {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  /** The session this request came with. */
  current: boolean;
}
export interface ListSessionsResponse {
  items: StaffSessionDto[];
}
