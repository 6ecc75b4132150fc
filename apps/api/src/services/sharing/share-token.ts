import { createHash, randomBytes } from 'node:crypto';

// A share token is 256 random bits in base64url; Kura keeps only its SHA-256. The same shape
// serves the agency's session credential.

export const newSecret = (): string => randomBytes(32).toString('base64url');

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
