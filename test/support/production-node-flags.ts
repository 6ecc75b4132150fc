import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The node flags the server ships with, as `pnpm start:prod` spells them (the image's entrypoint
 * must carry the same: test/infra checks it), so that the bench runs the server as deployed.
 */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const script = pkg.scripts['start:prod'];
  if (!script) throw new Error('package.json has no start:prod script');
  return script.split(/\s+/).filter((word) => word.startsWith('--'));
}
