import { launchChromium } from '../../support/browser.ts';
import type { Scenario } from '../lib/scenario.ts';
import { summarize } from '../lib/stats.ts';

/**
 * The login page's first load in Chromium with an empty cache: every byte that crossed the wire
 * (CDP encodedDataLength: compressed bodies and headers), as the budget test in test/e2e counts it.
 */
export const consoleLoad: Scenario = {
  name: 'console',
  about: 'console first load (login page, empty cache), bytes transferred',
  async run(stack, o) {
    const index = await fetch(`${stack.server.url}/login`);
    if (index.status !== 200 || !(index.headers.get('content-type') ?? '').includes('text/html')) {
      throw new Error(`the server has no console build (GET /login: ${index.status}); run node scripts/console-build.mjs`);
    }
    const browser = await launchChromium();
    const totals: number[] = [];
    let listing = '';
    try {
      for (let i = 0; i < o.rounds; i++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        const sizes = new Map<string, number>();
        const urls = new Map<string, string>();
        cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
        cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
        await page.goto(`${stack.server.url}/login`, { waitUntil: 'networkidle' });
        totals.push([...sizes.values()].reduce((a, b) => a + b, 0) / 1000);
        listing = [...sizes].map(([id, b]) => `${b} ${urls.get(id)?.replace(stack.server.url, '')}`).join(', ');
        await context.close();
      }
    } finally {
      await browser.close();
    }
    const s = summarize(totals);
    return [
      {
        scenario: 'console',
        metric: 'login page first load, transferred',
        unit: 'KB',
        kura: s,
        baseline: null,
        ratio: null,
        target: '< 150 KB',
        pass: s.median < 150,
        note: listing,
      },
    ];
  },
};
