// Just enough of a browser for sign-in flows over plain HTTP: a cookie jar per host and manual
// redirects, so a test can stop at any hop (the provider's sign-in page, Kura's callback) and
// look at it or tamper with it.

interface StoredCookie {
  value: string;
  path: string;
}

export interface Hop {
  url: string;
  status: number;
  location: string | null;
  setCookies: string[];
  body: string;
}

export class HttpBrowser {
  /** host (with port) → name → cookie */
  private readonly jar = new Map<string, Map<string, StoredCookie>>();

  async request(url: string, init: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {}): Promise<Hop> {
    const target = new URL(url);
    const headers: Record<string, string> = {};
    const cookie = this.cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(target, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const sc of setCookies) this.store(target, sc);
    const location = res.headers.get('location');
    return {
      url: target.href,
      status: res.status,
      location: location === null ? null : new URL(location, target).href,
      setCookies,
      body: await res.text(),
    };
  }

  /** Follows redirects from `url` until an answer that is not one, or until `stopAt` matches a hop's URL. */
  async follow(url: string, stopAt?: (url: URL) => boolean): Promise<Hop> {
    let hop = await this.request(url);
    for (let i = 0; i < 20 && hop.location; i++) {
      if (stopAt?.(new URL(hop.location))) return hop;
      hop = await this.request(hop.location);
    }
    return hop;
  }

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name)?.value;
  }

  private cookieHeader(url: URL): string {
    const cookies = this.jar.get(url.host) ?? new Map<string, StoredCookie>();
    return [...cookies]
      .filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  private store(url: URL, header: string): void {
    const [pair, ...attrs] = header.split(';').map((s) => s.trim());
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    let path = '/';
    let expired = false;
    for (const a of attrs) {
      const [k, v = ''] = a.split('=');
      if (k!.toLowerCase() === 'path') path = v;
      if (k!.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      if (k!.toLowerCase() === 'expires' && Date.parse(v) < Date.now()) expired = true;
    }
    const cookies = this.jar.get(url.host) ?? new Map<string, StoredCookie>();
    this.jar.set(url.host, cookies);
    if (expired) cookies.delete(name);
    else cookies.set(name, { value, path });
  }
}
