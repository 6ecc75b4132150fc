import { z } from 'zod';

export const roles = ['moderator', 'lead', 'auditor', 'admin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

/** The privacy policy's purposes: 犯罪行為・不法行為・禁止行為の抑制, 被害の拡大の防止. */
export const purposes = ['deter_crime', 'deter_tort', 'deter_prohibited_conduct', 'prevent_damage_spread'] as const;
export const Purpose = z.enum(purposes);
export type Purpose = z.infer<typeof Purpose>;

export const conductCategories = [
  'harassment',
  'sexual_content',
  'contact_exchange',
  'threats_violence',
  'minor_involvement',
  'fraud',
  'hate',
  'unauthorised_recording',
  'other',
] as const;
export const ConductCategory = z.enum(conductCategories);
export type ConductCategory = z.infer<typeof ConductCategory>;

export const recordingStates = ['processing', 'ready', 'unplayable', 'expired'] as const;
export const RecordingState = z.enum(recordingStates);
export type RecordingState = z.infer<typeof RecordingState>;

/**
 * Why a recording cannot be played. `recordings.unplayable_reason` holds `code` or
 * `code: detail`, where the code is one of these (stable: the console translates it) and the
 * detail is ffmpeg's own words for operators (English, unstable, may be absent).
 */
export const unplayableReasonCodes = [
  /** The bytes are not audio or video that ffmpeg recognises. */
  'unrecognised_format',
  /** A known container with no audio or video stream in it. */
  'no_media_stream',
  /** Streams are declared, but not one video frame or audio frame decodes (e.g. a cut-off file). */
  'no_decodable_stream',
  /** It decodes, but lasts no time at all. */
  'zero_duration',
  /** How long it lasts could not be found out. */
  'unknown_duration',
  /** Our side (storage, ffmpeg) kept failing until the retries ran out; the media may be fine. */
  'processing_failed',
] as const;
export const UnplayableReasonCode = z.enum(unplayableReasonCodes);
export type UnplayableReasonCode = z.infer<typeof UnplayableReasonCode>;

export function formatUnplayableReason(code: UnplayableReasonCode, detail?: string | null): string {
  const d = detail?.replace(/\s+/g, ' ').trim();
  return d ? `${code}: ${d}` : code;
}

/** The code and detail of a stored reason; `code` is null for text written before codes existed. */
export function parseUnplayableReason(reason: string): { code: UnplayableReasonCode | null; detail: string | null } {
  const m = /^([a-z_]+)(?:: ([\s\S]*))?$/.exec(reason);
  const code = m ? UnplayableReasonCode.safeParse(m[1]).data : undefined;
  if (!m || code === undefined) return { code: null, detail: reason };
  return { code, detail: m[2] || null };
}

/** Who an audit event names as its actor; 'anonymous' is anyone not yet signed in (sign-in attempts). */
export const actorTypes = ['staff', 'service', 'system', 'agency', 'anonymous'] as const;
export const ActorType = z.enum(actorTypes);
export type ActorType = z.infer<typeof ActorType>;
