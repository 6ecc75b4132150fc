import { z } from 'zod';
import { Role } from './enums.ts';

// Staff administration (admins) and each person's own account: password and sessions.

export const StaffAccountDto = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    roles: z.array(Role),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
    /** Latest activity of any of their sessions. */
    lastSeenAt: z.string().nullable(),
  })
  .meta({ id: 'StaffAccountDto' });
export type StaffAccountDto = z.infer<typeof StaffAccountDto>;
export const ListStaffResponse = z.object({ items: z.array(StaffAccountDto) }).meta({ id: 'ListStaffResponse' });
export type ListStaffResponse = z.infer<typeof ListStaffResponse>;

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

export const StaffSessionDto = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    /** The session this request came with. */
    current: z.boolean(),
  })
  .meta({ id: 'StaffSessionDto' });
export type StaffSessionDto = z.infer<typeof StaffSessionDto>;
export const ListSessionsResponse = z.object({ items: z.array(StaffSessionDto) }).meta({ id: 'ListSessionsResponse' });
export type ListSessionsResponse = z.infer<typeof ListSessionsResponse>;
