import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { productionNodeFlags } from '../../scripts/node-flags.mjs';

// No container engine or cluster runs here, so the deployment files are checked as data: what
// must hold for every workload (non-root, one image, secrets only from Secrets or interpolation,
// probes, Forbid) is asserted on the parsed YAML and the Dockerfile's text.

const INFRA = path.resolve(import.meta.dirname, '../../infra');
const read = (f: string) => readFileSync(path.join(INFRA, f), 'utf8');

/** Names whose values are credentials: never a literal in a manifest. */
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|DATABASE(_MIGRATION)?_URL|ACCESS_KEY/;

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('infra/Dockerfile', () => {
  const text = read('Dockerfile');
  const stages = text.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;

  it('is multi-stage and its last stage runs compiled JavaScript with node, no TypeScript loader', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(text).not.toMatch(/\btsx\b|ts-node|--experimental-strip-types/);
    expect(runtime).toMatch(/^ENTRYPOINT \["node"/m);
    expect(runtime).toMatch(/^CMD \["apps\/api\/dist\/main\.js"\]/m);
    expect(runtime).toMatch(/NODE_ENV=production/);
  });

  it('starts node with the flags `pnpm start:prod` uses (the heap floor and young-generation cap the ingest path relies on, no memory reducer for the media path)', () => {
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(runtime)?.[1];
    expect(JSON.parse(entrypoint!)).toEqual(['node', ...productionNodeFlags()]);
    expect(productionNodeFlags()).toContain('--initial-old-space-size=32');
    expect(productionNodeFlags()).toContain('--max-semi-space-size=8');
    expect(productionNodeFlags()).toContain('--no-memory-reducer');
  });

  it('runs as a numeric non-root user', () => {
    const user = /^USER (\S+)/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(Number(user!.split(':')[0])).toBeGreaterThan(0);
  });

  it('installs ffmpeg and production dependencies only, and ships the prebuilt console and server', () => {
    expect(runtime).toMatch(/apt-get install[^\n]*\bffmpeg\b/);
    expect(text).toMatch(/pnpm install [^\n]*--prod/);
    expect(runtime).toMatch(/COPY --from=prod-deps /);
    expect(runtime).toMatch(/COPY --from=build \/app\/apps\/console\/dist /);
    expect(runtime).toMatch(/COPY --from=build \/app\/apps\/api\/dist /);
    // The build stage's full install (dev tools) never reaches the final image.
    expect(runtime).not.toMatch(/COPY --from=build \/app \/app/);
  });
});

describe('.dockerignore', () => {
  it('keeps local installs, data and the compose secrets out of the build context (and git)', () => {
    const ignored = readFileSync(path.join(INFRA, '../.dockerignore'), 'utf8').split('\n');
    for (const p of ['**/node_modules', '**/dist', 'data', 'infra/.env', 'infra/keyring']) expect(ignored).toContain(p);
    const gitignored = readFileSync(path.join(INFRA, '../.gitignore'), 'utf8').split('\n');
    for (const p of ['infra/.env', 'infra/keyring/']) expect(gitignored).toContain(p);
  });
});

describe('infra/compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Obj> };
  const s = compose.services;
  const kura = ['migrate', 'api', 'worker', 'retention'];

  it('has PostgreSQL, MinIO with its bucket made on start, the migration, the API, a worker and the retention job', () => {
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['postgres', 'minio', 'minio-init', ...kura]));
    expect(s['minio-init']!.command.join('\n')).toMatch(/mc mb [^\n]*local\/kura/);
    expect(s.migrate!.command).toEqual(['apps/api/dist/cli.js', 'migrate']);
    expect(s.worker!.command).toEqual(['apps/api/dist/cli.js', 'worker']);
    expect(s.retention!.command.join('\n')).toMatch(/node apps\/api\/dist\/cli\.js retention run/);
    expect(s.api!.environment.KURA_WORKERS).toBe('off');
  });

  it('starts the API and the workers only after the migration succeeded', () => {
    for (const name of ['api', 'worker', 'retention']) {
      expect(s[name]!.depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('runs every Kura service from the same image, as a non-root user', () => {
    const images = new Set(kura.map((n) => s[n]!.image));
    expect(images.size).toBe(1);
    for (const n of kura) expect(Number(String(s[n]!.user).split(':')[0])).toBeGreaterThan(0);
  });

  it('holds no secret value: credentials are interpolated from the environment, the key ring is a read-only mount', () => {
    for (const [name, service] of Object.entries(s)) {
      for (const [key, value] of Object.entries((service.environment ?? {}) as Record<string, string>)) {
        if (SECRET_NAME.test(key))
          expect({ service: name, key, value }).toEqual({ service: name, key, value: expect.stringMatching(/\$\{[A-Z0-9_]+:\?/) });
      }
    }
    for (const n of kura) {
      expect(s[n]!.environment.KURA_KEYRING).toBe('/run/kura/keyring.json');
      expect(s[n]!.volumes).toContain('./keyring:/run/kura:ro');
    }
    // Only the migration sees the owner role.
    expect(kura.filter((n) => s[n]!.environment.DATABASE_MIGRATION_URL)).toEqual(['migrate']);
  });
});

describe('infra/k8s', () => {
  const dir = path.join(INFRA, 'k8s');
  const docs: Obj[] = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as Obj));
  const kustomization = parse(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as Obj;
  const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
  const podOf = (d: Obj): Obj => (d.kind === 'CronJob' ? d.spec.jobTemplate.spec.template.spec : d.spec.template.spec);
  const workloads = docs.filter((d) => ['Deployment', 'Job', 'CronJob'].includes(d.kind));
  const named = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name)!;

  it('lists every manifest in the kustomization', () => {
    expect([...kustomization.resources].sort()).toEqual(
      readdirSync(dir)
        .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
        .sort(),
    );
  });

  it('has the API Deployment and Service, the worker Deployment, the retention CronJob and the migration Job', () => {
    expect(workloads.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual([
      'CronJob/kura-retention',
      'Deployment/kura-api',
      'Deployment/kura-worker',
      'Job/kura-migrate',
    ]);
    const service = named('Service', 'kura-api');
    expect(service.spec.selector).toEqual(named('Deployment', 'kura-api').spec.template.metadata.labels);
    expect(podOf(named('Deployment', 'kura-worker')).containers[0].args).toEqual(['apps/api/dist/cli.js', 'worker']);
    expect(podOf(named('Job', 'kura-migrate')).containers[0].args).toEqual(['apps/api/dist/cli.js', 'migrate']);
    expect(podOf(named('CronJob', 'kura-retention')).containers[0].args).toEqual(['apps/api/dist/cli.js', 'retention', 'run']);
  });

  it('probes the API on /healthz (liveness) and /readyz (readiness)', () => {
    const api = podOf(named('Deployment', 'kura-api')).containers[0];
    expect(api.livenessProbe.httpGet.path).toBe('/healthz');
    expect(api.readinessProbe.httpGet.path).toBe('/readyz');
    const portNames = api.ports.map((p: Obj) => p.name);
    expect(portNames).toContain(api.readinessProbe.httpGet.port);
    expect(portNames).toContain(api.livenessProbe.httpGet.port);
    const worker = podOf(named('Deployment', 'kura-worker')).containers[0];
    expect(worker.livenessProbe.httpGet.path).toBe('/healthz');
  });

  it('never lets two retention runs overlap', () => {
    expect(named('CronJob', 'kura-retention').spec.concurrencyPolicy).toBe('Forbid');
  });

  it('runs every workload non-root, without privilege escalation, from one image', () => {
    const images = new Set<string>();
    for (const w of workloads) {
      const pod = podOf(w);
      expect({ name: w.metadata.name, runAsNonRoot: pod.securityContext.runAsNonRoot }).toEqual({
        name: w.metadata.name,
        runAsNonRoot: true,
      });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        images.add(c.image);
        expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
        expect(c.securityContext.runAsUser ?? pod.securityContext.runAsUser).toBeGreaterThan(0);
        expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
      }
    }
    expect([...images]).toEqual(['kura']);
    expect(kustomization.images.map((i: Obj) => i.name)).toEqual(['kura']);
  });

  it('takes credentials only from Secrets, and the key ring only from a Secret (copied 0600 to memory)', () => {
    for (const w of workloads) {
      const pod = podOf(w);
      for (const c of pod.containers) {
        for (const e of c.env ?? []) {
          if (SECRET_NAME.test(e.name)) {
            expect({ workload: w.metadata.name, env: e.name, value: e.value, ref: e.valueFrom?.secretKeyRef?.name }).toEqual({
              workload: w.metadata.name,
              env: e.name,
              value: undefined,
              ref: expect.any(String),
            });
          }
        }
        for (const from of c.envFrom ?? []) expect(Object.keys(from).every((k) => k === 'configMapRef' || k === 'secretRef')).toBe(true);
        // Kura refuses a key ring its group may read, and a Secret volume is root's: an init
        // container copies the Secret, 0600, to memory, and Kura reads that copy read-only.
        const ring = c.volumeMounts.find((m: Obj) => m.mountPath === '/run/kura');
        expect(ring.readOnly).toBe(true);
        expect(pod.volumes.find((v: Obj) => v.name === ring.name).emptyDir).toEqual({ medium: 'Memory', sizeLimit: '1Mi' });
      }
      const [copy] = pod.initContainers;
      expect(copy.image).toBe('kura');
      expect(copy.command).toEqual(['install', '-m', '0600', '/run/kura-secret/keyring.json', '/run/kura/keyring.json']);
      const source = copy.volumeMounts.find((m: Obj) => m.mountPath === '/run/kura-secret');
      expect(source.readOnly).toBe(true);
      expect(pod.volumes.find((v: Obj) => v.name === source.name).secret.secretName).toBe('kura-keyring');
      expect(copy.volumeMounts.find((m: Obj) => m.mountPath === '/run/kura').name).toBe(
        pod.containers[0].volumeMounts.find((m: Obj) => m.mountPath === '/run/kura').name,
      );
    }
    // The owner role's URL reaches the migration Job only.
    const withOwner = workloads.filter((w) =>
      podOf(w).containers.some((c: Obj) => (c.env ?? []).some((e: Obj) => e.name === 'DATABASE_MIGRATION_URL')),
    );
    expect(withOwner.map((w) => w.metadata.name)).toEqual(['kura-migrate']);
  });

  it('keeps nothing secret in ConfigMaps and ships no Secret with values', () => {
    expect(byKind('Secret')).toEqual([]);
    for (const cm of byKind('ConfigMap')) {
      for (const key of Object.keys(cm.data)) expect(key).not.toMatch(SECRET_NAME);
      expect(cm.data.KURA_KEYRING).toBe('/run/kura/keyring.json');
    }
  });
});
