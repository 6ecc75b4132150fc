import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Ingest service tokens, kept only as SHA-256 digests. A token may be configured raw or as
 * `sha256:<hex>` so that deployments never have to hold the clear value in their environment.
 */
export class ServiceTokens {
  private readonly digests: Buffer[];

  constructor(tokens: string[]) {
    this.digests = tokens.map((t) =>
      t.startsWith('sha256:') ? Buffer.from(t.slice(7), 'hex') : createHash('sha256').update(t, 'utf8').digest(),
    );
    if (this.digests.some((d) => d.length !== 32)) throw new Error('KURA_INGEST_TOKENS: a sha256: entry is not 64 hex digits');
  }

  /** Returns a short fingerprint of the matching token (safe to log and audit), or null. */
  verify(presented: string): string | null {
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    let match: Buffer | null = null;
    // Compare against every digest so timing does not reveal which one matched.
    for (const d of this.digests) if (timingSafeEqual(d, digest)) match = d;
    return match ? `svc-${match.subarray(0, 4).toString('hex')}` : null;
  }
}
