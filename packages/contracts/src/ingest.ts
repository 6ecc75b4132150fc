import { z } from 'zod';
import { ConductCategory } from './enums.ts';

const ref = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

export const CallRef = ref;

export const PutCallBody = z
  .object({
    creator: z
      .object({
        ref,
        name: z.string().trim().min(1).max(200),
        agency: z.object({ ref, name: z.string().trim().min(1).max(200) }).strict(),
      })
      .strict(),
    user: z.object({ ref }).strict(),
    startedAt: z.iso.datetime({ offset: true }),
    endedAt: z.iso.datetime({ offset: true }),
  })
  .strict()
  .refine((b) => Date.parse(b.endedAt) >= Date.parse(b.startedAt), {
    message: 'endedAt must not be before startedAt',
    path: ['endedAt'],
  });
export type PutCallBody = z.infer<typeof PutCallBody>;

export const PostReportBody = z
  .object({
    callRef: ref,
    reporter: z.enum(['user', 'creator', 'system']),
    category: ConductCategory,
    note: z.string().trim().max(4000).optional(),
    atSeconds: z.number().finite().nonnegative().optional(),
  })
  .strict()
  .refine((b) => b.category !== 'other' || (b.note !== undefined && b.note.length > 0), {
    message: 'a note is required for category "other"',
    path: ['note'],
  });
export type PostReportBody = z.infer<typeof PostReportBody>;

export interface PutCallResponse {
  callId: string;
  created: boolean;
}
export interface PutRecordingResponse {
  recordingId: string;
  sha256: string;
  bytes: number;
}
export interface PostReportResponse {
  reportId: string;
  reviewItemId: string;
}
