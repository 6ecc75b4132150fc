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

export const recordingStates = ['processing', 'ready', 'unplayable'] as const;
export const RecordingState = z.enum(recordingStates);
export type RecordingState = z.infer<typeof RecordingState>;

/** Who an audit event names as its actor; 'anonymous' is anyone not yet signed in (sign-in attempts). */
export const actorTypes = ['staff', 'service', 'system', 'agency', 'anonymous'] as const;
export const ActorType = z.enum(actorTypes);
export type ActorType = z.infer<typeof ActorType>;
