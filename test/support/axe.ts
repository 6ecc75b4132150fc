import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core's WCAG 2.0 and 2.1 A/AA rules on the page as it is now and returns the serious and
 * critical violations (the rest are returned too, for the message, but do not fail a page).
 * The script goes in through DevTools evaluation, which the page's CSP does not govern, so the
 * check sees the page exactly as served, CSP included.
 */
export async function axeViolations(page: Page): Promise<{ blocking: AxeFinding[]; other: AxeFinding[] }> {
  // These callbacks run in the page; this file is compiled without the DOM's types.
  const loaded = await page.evaluate(() => typeof (globalThis as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const run = (globalThis as unknown as { axe: typeof axe }).axe;
    const result = await run.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      // Experimental in axe, so off by default; an outside review found this one here before.
      rules: { 'label-content-name-mismatch': { enabled: true } },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return { blocking, other: violations.filter((v) => !blocking.includes(v)) };
}

/** Readable lines for an assertion message. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.impact} ${f.id}: ${f.help} — ${f.targets.slice(0, 5).join(', ')}`).join('\n');
}
