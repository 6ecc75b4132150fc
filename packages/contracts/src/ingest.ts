import { z } from 'zod';
import { ConductCategory } from './enums.ts';

// Taken exactly as sent: no trimming, so ' sec-1' or 'sec-1\n' can never alias the call 'sec-1';
// whitespace and control characters fall outside the allowed set and are refused.
const ref = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only (no spaces or control characters)');

export const CallRef = ref;

// Checked before trimming: a control character anywhere (a newline included) is refused, not cut.
const name = z
  .string()
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
  .trim()
  .min(1)
  .max(200);

/** No call on the platform predates this; earlier times are corrupt or made up. */
export const EARLIEST_CALL_TIME = '2015-01-01T00:00:00Z';
export const MAX_CALL_HOURS = 24;

export const PutCallBody = z
  .object({
    creator: z.object({ ref, name, agency: z.object({ ref, name }).strict() }).strict(),
    user: z.object({ ref }).strict(),
    startedAt: z.iso.datetime({ offset: true }),
    endedAt: z.iso.datetime({ offset: true }),
  })
  .strict()
  // Call times set retention timers: bound them. Whether they lie in the future needs the
  // server's clock, so that check is the service's (services/ingest/upsert-call.ts).
  .refine((b) => Date.parse(b.startedAt) >= Date.parse(EARLIEST_CALL_TIME), {
    message: `startedAt must not be before ${EARLIEST_CALL_TIME.slice(0, 10)} (2015)`,
    path: ['startedAt'],
  })
  .refine((b) => Date.parse(b.endedAt) >= Date.parse(b.startedAt), {
    message: 'endedAt must not be before startedAt',
    path: ['endedAt'],
  })
  .refine((b) => Date.parse(b.endedAt) - Date.parse(b.startedAt) <= MAX_CALL_HOURS * 3_600_000, {
    message: `a call may last at most ${MAX_CALL_HOURS} hours`,
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

export const PutCallResponse = z.object({ callId: z.string(), created: z.boolean() }).meta({ id: 'PutCallResponse' });
export type PutCallResponse = z.infer<typeof PutCallResponse>;
export const PutRecordingResponse = z
  .object({ recordingId: z.string(), sha256: z.string(), bytes: z.number() })
  .meta({ id: 'PutRecordingResponse' });
export type PutRecordingResponse = z.infer<typeof PutRecordingResponse>;
export const PostReportResponse = z.object({ reportId: z.string(), reviewItemId: z.string() }).meta({ id: 'PostReportResponse' });
export type PostReportResponse = z.infer<typeof PostReportResponse>;
