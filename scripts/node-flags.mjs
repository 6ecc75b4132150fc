// The node flags the server ships with, as `pnpm start:prod` spells them. The image's entrypoint
// must carry the same (test/infra checks it); `pnpm start` and the bench run the server with them
// too, so that memory behaves alike everywhere (test/bench/README.md, fix 20).
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export function productionNodeFlags() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const script = pkg.scripts?.['start:prod'];
  if (!script) throw new Error('package.json has no start:prod script');
  return script.split(/\s+/).filter((word) => word.startsWith('--'));
}
