import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '@/testing/server';
import { api, ApiError, fieldIssues, setCsrfToken } from './api-client';

describe('api client', () => {
  it('sends X-CSRF-Token on non-GET requests only, with same-origin credentials and JSON', async () => {
    const seen: Array<{ method: string; csrf: string | null; type: string | null; credentials: string }> = [];
    server.use(
      http.all('/api/echo', async ({ request }) => {
        seen.push({
          method: request.method,
          csrf: request.headers.get('x-csrf-token'),
          type: request.headers.get('content-type'),
          credentials: request.credentials,
        });
        return HttpResponse.json({ ok: true });
      }),
    );
    setCsrfToken('tok-123');
    await api.get('/api/echo', { params: { q: 'a', empty: '', none: undefined } });
    await api.post('/api/echo', { a: 1 });
    expect(seen).toEqual([
      { method: 'GET', csrf: null, type: null, credentials: 'same-origin' },
      { method: 'POST', csrf: 'tok-123', type: 'application/json', credentials: 'same-origin' },
    ]);
  });

  it('throws an ApiError carrying code, message, requestId and status', async () => {
    server.use(
      http.get('/api/boom', () =>
        HttpResponse.json({ error: { code: 'not_found', message: 'no such thing', requestId: 'req-9' } }, { status: 404 }),
      ),
    );
    const error = await api.get('/api/boom').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'not_found', message: 'no such thing', requestId: 'req-9', status: 404 });
  });

  it("keeps the error's details, e.g. who holds a claimed item", async () => {
    server.use(
      http.post('/api/claim', () =>
        HttpResponse.json(
          { error: { code: 'claimed', message: 'claimed', requestId: 'req-1', details: { holder: { id: 'u1', displayName: 'A' } } } },
          { status: 409 },
        ),
      ),
    );
    const error = await api.post('/api/claim').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, details: { holder: { id: 'u1', displayName: 'A' } } });
  });

  it('still produces an ApiError when the body is not JSON', async () => {
    server.use(http.get('/api/html', () => new HttpResponse('<h1>Bad gateway</h1>', { status: 502 })));
    const error = await api.get('/api/html').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'http_502', status: 502, requestId: null });
  });

  it('returns undefined for 204', async () => {
    server.use(http.post('/api/empty', () => new HttpResponse(null, { status: 204 })));
    await expect(api.post('/api/empty')).resolves.toBeUndefined();
  });

  it('sends PUT and PATCH with the CSRF token and a JSON body', async () => {
    const seen: Array<{ method: string; csrf: string | null; body: unknown }> = [];
    server.use(
      http.all('/api/echo', async ({ request }) => {
        seen.push({ method: request.method, csrf: request.headers.get('x-csrf-token'), body: await request.json() });
        return HttpResponse.json({ ok: true });
      }),
    );
    setCsrfToken('tok-456');
    await api.put('/api/echo', { a: 1 });
    await api.patch('/api/echo', { b: 2 });
    expect(seen).toEqual([
      { method: 'PUT', csrf: 'tok-456', body: { a: 1 } },
      { method: 'PATCH', csrf: 'tok-456', body: { b: 2 } },
    ]);
  });

  it('keeps the error details and reads per-field issues from them', async () => {
    const details = [
      { path: 'newPassword', message: 'at least 12 characters' },
      { path: 'newPassword', message: 'second problem, not shown' },
      { path: 'roles.0', message: 'invalid option' },
      { nonsense: true },
    ];
    server.use(
      http.post('/api/bad', () =>
        HttpResponse.json(
          { error: { code: 'validation_failed', message: 'invalid request body', requestId: 'req-1', details } },
          { status: 400 },
        ),
      ),
    );
    const error = await api.post('/api/bad', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation_failed', details });
    expect(fieldIssues(error)).toEqual({ newPassword: 'at least 12 characters', 'roles.0': 'invalid option' });
    expect(fieldIssues(new Error('plain'))).toEqual({});
  });
});
