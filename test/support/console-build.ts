import { buildConsoleIfStale } from '../../scripts/console-build.mjs';

/** Once per run, before any browser test: the console those tests load (test files run in parallel). */
export default async function setup() {
  await buildConsoleIfStale();
}
