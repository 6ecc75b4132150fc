// `pnpm build:api`: the server and the CLI as plain JavaScript in apps/api/dist, for production
// (`pnpm start:prod`, `node apps/api/dist/cli.js worker`). The
// workspace packages export TypeScript, so they are bundled in; every other package stays an
// import resolved from apps/api/node_modules at run time, and the build fails if the server
// imports one that apps/api/package.json does not list (a production install would lack it).
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const apiDir = path.join(root, 'apps/api');
const outdir = process.env.KURA_BUILD_OUTDIR ? path.resolve(process.env.KURA_BUILD_OUTDIR) : path.join(apiDir, 'dist');

const pkg = JSON.parse(await readFile(path.join(apiDir, 'package.json'), 'utf8'));
const declared = new Set(Object.keys(pkg.dependencies ?? {}));
const builtins = new Set(builtinModules);
const undeclared = new Set();

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

/** Bare imports stay imports (except @kura/*); each must be a dependency of @kura/api. */
const externals = {
  name: 'kura-externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || builtins.has(args.path)) return { path: args.path, external: true };
      const name = packageName(args.path);
      if (name.startsWith('@kura/')) return undefined;
      if (!declared.has(name)) undeclared.add(`${name} (imported by ${path.relative(root, args.importer)})`);
      return { path: args.path, external: true };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'apps/api/src/main.ts', cli: 'apps/api/src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Chunks sit next to the entries: code that finds files relative to itself (the embedded
  // services' scripts, the console's dist) sees the same folder depth as in src/.
  chunkNames: 'chunk-[hash]',
  plugins: [externals],
  logLevel: 'warning',
  metafile: true,
});
if (undeclared.size) {
  console.error(`build-api: imported but not in apps/api/package.json dependencies:\n  ${[...undeclared].join('\n  ')}`);
  process.exit(1);
}
// The embedded PGlite and s3rver run as child processes from plain .mjs files next to the code.
for (const f of ['pglite-child.mjs', 's3rver-child.mjs']) await copyFile(path.join(apiDir, 'src/embedded', f), path.join(outdir, f));
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(
  `build-api: ${path.relative(root, outdir)} (${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KiB)`,
);
