// Where to send a browser after it signs in: only a path on Kura's own origin. Anything that a
// browser could read as another origin (//host, /\host, a scheme), or that holds control
// characters, falls back to the console's home.

const HOME = '/';
const PROBE_ORIGIN = 'http://kura.invalid';

export function safeReturnPath(value: string | null | undefined): string {
  if (!value || value.length > 2000 || !value.startsWith('/')) return HOME;
  if (value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f\u007f]/.test(value)) return HOME;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return HOME;
  }
  if (url.origin !== PROBE_ORIGIN) return HOME;
  // Back to the API or the sign-in page would be a dead end or a loop.
  if (url.pathname.startsWith('/api/') || url.pathname === '/login') return HOME;
  return url.pathname + url.search + url.hash;
}
