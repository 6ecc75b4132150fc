import path from 'node:path';
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

// The layering lint must bite: run the project's own rules over a fixture tree that breaks each
// wall once, and over the real code, which must break none.

const root = path.resolve(import.meta.dirname, '../..');
const rules = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs'));

async function violations(baseDir: string, dirs: string[]) {
  // The fixture tree needs no tsconfig: its imports are relative.
  const { tsConfig: _unused, ...options } = rules.options;
  const { output } = await cruise(dirs, { ...options, validate: true, ruleSet: { forbidden: rules.forbidden }, baseDir });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('layering rules', () => {
  it('refuse each deliberate back-edge in the fixture tree', async () => {
    const found = await violations(path.join(root, 'test/fixtures/layering'), ['apps']);
    expect(found).toEqual([
      'console-features-are-islands: apps/console/src/features/queue/queue-row.ts → apps/console/src/features/packets/packet-title.ts',
      'ffmpeg-reads-through-media-input: apps/api/src/repositories/media/clips.ts → apps/api/src/repositories/media/loopback-source.ts',
      'lib-is-the-floor: apps/api/src/lib/strings.ts → apps/api/src/repositories/items-repo.ts',
      'repositories-below-services: apps/api/src/repositories/items-repo.ts → apps/api/src/services/close-item.ts',
      'routes-call-services: apps/api/src/routes/items.ts → apps/api/src/repositories/items-repo.ts',
    ]);
  });

  it('find nothing wrong in the real code', async () => {
    // `pnpm lint` runs the same check from the command line; this keeps the two honest together.
    const { output } = await cruise(['apps', 'packages'], {
      ...rules.options,
      validate: true,
      ruleSet: { forbidden: rules.forbidden },
      baseDir: root,
    });
    expect((output as ICruiseResult).summary.violations).toEqual([]);
  });
});
