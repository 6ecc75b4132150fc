import { z } from 'zod';
import { ConductCategory } from './enums.ts';

// DTOs that several parts of the API answer with. Answers are zod schemas too (named with
// `.meta({id})`), so the published OpenAPI document describes them from the same source as the types.

export const StaffRefDto = z.object({ id: z.string(), displayName: z.string() }).meta({ id: 'StaffRefDto' });
export type StaffRefDto = z.infer<typeof StaffRefDto>;

export const ReportDto = z
  .object({
    id: z.string(),
    reporter: z.enum(['user', 'creator', 'system']),
    category: ConductCategory,
    note: z.string().nullable(),
    atSeconds: z.number().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ReportDto' });
export type ReportDto = z.infer<typeof ReportDto>;

export const HoldDto = z
  .object({
    id: z.string(),
    recordingId: z.string(),
    reason: z.string(),
    placedBy: StaffRefDto,
    placedAt: z.string(),
    released: z.object({ at: z.string(), by: StaffRefDto, reason: z.string() }).nullable(),
  })
  .meta({ id: 'HoldDto' });
export type HoldDto = z.infer<typeof HoldDto>;
