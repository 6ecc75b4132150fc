import type { OpenApiDocument } from '../http/openapi.ts';

// /api/docs: the published document as plain HTML, rendered here rather than by a script so the
// page needs nothing but the app's own CSP (no script at all, one inline style) and no CDN.
// Schemas wrap instead of scrolling sideways: a scrolling box would need a tab stop of its own.

type Json = Record<string, unknown>;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const anchor = (name: string) => `schema-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** Pretty JSON with every component $ref turned into a link to that component. */
function schemaHtml(schema: unknown): string {
  const text = escapeHtml(JSON.stringify(schema, null, 2));
  return `<pre>${text.replace(/&quot;#\/components\/schemas\/([A-Za-z0-9_]+)&quot;/g, (_m, name: string) => `<a href="#${anchor(name)}">${name}</a>`)}</pre>`;
}

function operationHtml(method: string, path: string, op: Json): string {
  const params = (op.parameters ?? []) as Json[];
  const security = (op.security ?? []) as Json[];
  const who = security.length ? security.flatMap((s) => Object.keys(s)).join(' + ') : 'none';
  const id = String(op.operationId);
  const rows = params
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : ''}</td><td>${schemaHtml(p.schema)}</td></tr>`,
    )
    .join('');
  const body = op.requestBody as { content?: Record<string, Json> } | undefined;
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
    .map(([status, r]) => {
      const content = Object.entries((r.content ?? {}) as Record<string, Json>)
        .map(([type, c]) => `<div><code>${escapeHtml(type)}</code>${c.schema ? schemaHtml(c.schema) : ''}</div>`)
        .join('');
      return `<li><strong>${status}</strong> ${escapeHtml(String(r.description ?? ''))}${content}</li>`;
    })
    .join('');
  return `<section id="${escapeHtml(id)}"><h3><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(String(op.summary ?? ''))}</p>${op.description ? `<p>${escapeHtml(String(op.description))}</p>` : ''}
<p>Credentials: <code>${escapeHtml(who)}</code> · operationId <code>${escapeHtml(id)}</code></p>
${rows ? `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
${
  body?.content
    ? `<h4>Request body</h4>${Object.entries(body.content)
        .map(([type, c]) => `<div><code>${escapeHtml(type)}</code>${schemaHtml(c.schema)}</div>`)
        .join('')}`
    : ''
}
<h4>Responses</h4><ul>${responses}</ul></section>`;
}

export function renderApiDocs(spec: OpenApiDocument): string {
  const info = spec.info as { title: string; version: string; description: string };
  const groups = new Map<string, string[]>();
  const toc = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = String((op.tags as string[] | undefined)?.[0] ?? 'other');
      (groups.get(tag) ?? groups.set(tag, []).get(tag)!).push(operationHtml(method, path, op));
      (toc.get(tag) ?? toc.set(tag, []).get(tag)!).push(
        `<li><a href="#${escapeHtml(String(op.operationId))}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`,
      );
    }
  }
  const schemas = Object.entries(spec.components.schemas)
    .map(([name, s]) => `<section id="${anchor(name)}"><h3>${escapeHtml(name)}</h3>${schemaHtml(s)}</section>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(info.title)} — reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 2rem;color:#1a1a1a}
pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap;overflow-wrap:anywhere;font-size:13px;margin:.25rem 0}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top;text-align:left}
section{border-top:1px solid #ddd;margin-top:1rem}.m{font-family:monospace;background:#1a1a1a;color:#fff;padding:0 .4rem}
a:focus-visible{outline:3px solid #0a58ca}
</style></head><body><main>
<h1>${escapeHtml(info.title)} <small>v${escapeHtml(info.version)}</small></h1>
<p>${escapeHtml(info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${escapeHtml(String(spec.openapi))}).</p>
<nav aria-label="Operations">${[...toc].map(([tag, items]) => `<h2>${escapeHtml(tag)}</h2><ul>${items.join('')}</ul>`).join('')}
<h2>Schemas</h2><ul>${Object.keys(spec.components.schemas)
    .map((n) => `<li><a href="#${anchor(n)}">${escapeHtml(n)}</a></li>`)
    .join('')}</ul></nav>
${[...groups].map(([tag, ops]) => `<h2>${escapeHtml(tag)}</h2>${ops.join('')}`).join('')}
<h2>Schemas</h2>${schemas}
</main></body></html>`;
}
