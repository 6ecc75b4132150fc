import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import type { Harness } from './harness.ts';

// Checks answers seen in tests against the published document (/api/openapi.json): the
// operation is found by method and path template, the schema by status (or `default`, the
// error shape), and the body validated with ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses).

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}
export interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

export class SpecConformance {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: { path: string; re: RegExp; params: number }[];

  constructor(readonly spec: Spec) {
    addFormats.default(this.ajv);
    const defs = JSON.stringify(spec.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/');
    this.ajv.addSchema({ $id: 'kura-openapi', $defs: JSON.parse(defs) as Json });
    this.templates = Object.keys(spec.paths).map((path) => ({
      path,
      re: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      params: (path.match(/\{/g) ?? []).length,
    }));
  }

  static async load(h: Harness): Promise<SpecConformance> {
    const res = await fetch(`${h.baseUrl}/api/openapi.json`);
    expect(res.status).toBe(200);
    return new SpecConformance((await res.json()) as Spec);
  }

  /** The operation answering `method path`: a literal segment wins over a parameter. */
  operation(method: string, urlPath: string): { template: string; op: Operation } {
    const candidates = this.templates
      .filter((t) => t.re.test(urlPath) && this.spec.paths[t.path]?.[method.toLowerCase()])
      .sort((a, b) => a.params - b.params);
    const t = candidates[0];
    if (!t) throw new Error(`no operation in the spec for ${method} ${urlPath}`);
    return { template: t.path, op: this.spec.paths[t.path]![method.toLowerCase()]! };
  }

  /** What is wrong with `body` as the answer `status` of `method urlPath` (empty: it conforms). */
  problems(method: string, urlPath: string, status: number, body: unknown): unknown[] {
    const { template, op } = this.operation(method, urlPath);
    const response = op.responses[String(status)] ?? op.responses.default;
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${method} ${template} has no JSON schema for status ${status}`);
    const key = `${method} ${template} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"kura-openapi#/$defs/')) as Json;
      validate = this.ajv.compile(rewritten);
      this.compiled.set(key, validate);
    }
    return validate(body) ? [] : [key, ...(validate.errors ?? [])];
  }

  /** Asserts a JSON answer conforms to the spec; returns the parsed body. */
  async expectConforms<T = unknown>(method: string, res: Response, expectedStatus?: number): Promise<T> {
    const text = await res.text();
    if (expectedStatus !== undefined) expect({ status: res.status, body: text.slice(0, 300) }).toMatchObject({ status: expectedStatus });
    const body = JSON.parse(text) as T;
    expect(this.problems(method, new URL(res.url).pathname, res.status, body)).toEqual([]);
    return body;
  }
}
