import path from 'node:path';
import { build, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

// The console package (jsdom gives import.meta.url an http: scheme, so go by the directory).
const root = path.resolve(import.meta.dirname, '../..');

type Output = Rolldown.RolldownOutput['output'][number];
type Chunk = Extract<Output, { type: 'chunk' }>;

/** The chunks a page loads: its entry and everything the entry imports, statically or lazily. */
function closure(chunks: Map<string, Chunk>, entry: Chunk): Chunk[] {
  const seen = new Map<string, Chunk>();
  const visit = (chunk: Chunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.set(chunk.fileName, chunk);
    for (const file of [...chunk.imports, ...chunk.dynamicImports]) {
      const next = chunks.get(file);
      if (next) visit(next);
    }
  };
  visit(entry);
  return [...seen.values()];
}

describe('the agency page bundle', () => {
  it('loads none of the staff console: no features, app, staff messages, api client or query code', { timeout: 120_000 }, async () => {
    const result = (await build({
      root,
      configFile: path.join(root, 'vite.config.ts'),
      logLevel: 'silent',
      build: { write: false },
    })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
    const output = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
    const chunks = new Map(output.filter((o): o is Chunk => o.type === 'chunk').map((c) => [c.fileName, c]));
    const entries = [...chunks.values()].filter((c) => c.isEntry);
    const share = entries.find((c) => c.facadeModuleId === path.join(root, 'share.html'));
    const main = entries.find((c) => c.facadeModuleId === path.join(root, 'index.html'));
    expect(share, 'a share entry').toBeDefined();
    expect(main, 'a console entry').toBeDefined();

    const modules = closure(chunks, share!).flatMap((c) => c.moduleIds);
    const ours = modules.filter((id) => id.includes('/apps/console/src/')).map((id) => id.slice(id.indexOf('/src/') + 1));
    expect(ours.some((id) => id.startsWith('src/share/'))).toBe(true);
    const staff = ours.filter(
      (id) =>
        /^src\/(features|app|components)\//.test(id) ||
        /^src\/lib\/(messages|i18n|api-client|react-query|query-keys|authorization|packet-authorization)/.test(id) ||
        id === 'src/main.tsx',
    );
    expect(staff).toEqual([]);
    expect(modules.some((id) => id.includes('node_modules/react-router') || id.includes('node_modules/@tanstack'))).toBe(false);
    // No schemas either: the page uses the contracts' types only (zod would also want eval under CSP).
    expect(modules.some((id) => id.includes('node_modules/zod') || id.includes('/packages/contracts/'))).toBe(false);

    // …and the share page's HTML points at its own entry, not the console's.
    const html = output.find((o) => o.type === 'asset' && o.fileName === 'share.html');
    const source = html && 'source' in html ? String(html.source) : '';
    expect(source).toContain(share!.fileName);
    expect(source).not.toContain(main!.fileName);
    expect(source).toContain('<meta name="referrer" content="no-referrer" />');
    expect(source).toContain('noindex');
  });
});
