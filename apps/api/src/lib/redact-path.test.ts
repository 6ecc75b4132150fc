import { describe, expect, it } from 'vitest';
import { redactPath } from './redact-path.ts';

const TOKEN = 'Xq3_aZ9-kP0vL2mN8bC4dE6fG1hJ5rS7tU9wY0zA1bC';

describe('redactPath', () => {
  it('replaces the token of the agency page and every agency API path', () => {
    expect(redactPath(`/share/${TOKEN}`)).toBe('/share/:token');
    expect(redactPath(`/v1/share/${TOKEN}`)).toBe('/v1/share/:token');
    expect(redactPath(`/v1/share/${TOKEN}/clips/0b6e9a4c-3c1d-4c55-9d62-3f1c1d2e4b5a`)).toBe(
      '/v1/share/:token/clips/0b6e9a4c-3c1d-4c55-9d62-3f1c1d2e4b5a',
    );
    expect(redactPath(`/v1/share/${TOKEN}/session`)).toBe('/v1/share/:token/session');
  });

  it('catches odd spellings of the same path and short or tampered tokens', () => {
    expect(redactPath(`/v1//SHARE/${TOKEN}/manifest`)).toBe('/v1//SHARE/:token/manifest');
    expect(redactPath(`/v1/share//${TOKEN}`)).toBe('/v1/share//:token');
    expect(redactPath(`/v1/%73hare/${TOKEN}`)).toBe('/v1/%73hare/:token');
    expect(redactPath('/v1/share/abc')).toBe('/v1/share/:token');
  });

  it('catches a token pasted under another route', () => {
    expect(redactPath(`/api/recordings/${TOKEN}`)).toBe('/api/recordings/:token');
  });

  it('leaves other paths alone, long call refs included', () => {
    for (const p of [
      '/api/recordings/0b6e9a4c-3c1d-4c55-9d62-3f1c1d2e4b5a/media',
      '/v1/ingest/calls/call-1',
      '/healthz',
      '/',
      `/v1/ingest/calls/${'c'.repeat(120)}`,
    ]) {
      expect(redactPath(p)).toBe(p);
    }
  });
});
