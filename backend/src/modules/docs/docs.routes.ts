import { Router } from 'express';
import type { ApiRegistry } from '../../http/endpoint';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

type Operation = { summary?: string; tags?: string[]; security?: unknown[]; description?: string; parameters?: Array<{ name: string; in: string; required?: boolean }>; requestBody?: { content: Record<string, { schema: unknown }> }; responses?: Record<string, { description: string }> };

/** A readable, script-free page of the generated document (fits the strict CSP). */
function renderHtml(doc: { info: { title: string; version: string }; paths: Record<string, Record<string, Operation>> }): string {
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters ?? []).map((p) => `<code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ', required' : ''})`).join(', ');
      const body = op.requestBody ? `<details><summary>Request body</summary><pre>${escapeHtml(JSON.stringify(op.requestBody.content['application/json']?.schema, null, 2))}</pre></details>` : '';
      const responses = Object.entries(op.responses ?? {}).map(([s, r]) => `<li><b>${escapeHtml(s)}</b> ${escapeHtml(r.description)}</li>`).join('');
      const auth = (op.security ?? []).length === 0 ? 'public' : op.description?.includes('Admins') ? 'admin' : 'signed in';
      rows.push(`<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code> <small>${auth}</small></h3><p>${escapeHtml(op.summary ?? '')}</p>${params ? `<p>Parameters: ${params}</p>` : ''}${body}<ul>${responses}</ul></section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(doc.info.title)} API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#e5e7eb;background:#111827}a{color:#93c5fd}section{border-top:1px solid #374151;padding:.5rem 0}code,pre{font-family:ui-monospace,monospace}pre{background:#1f2937;padding:.75rem;overflow:auto}.m{display:inline-block;min-width:4.5em;font-size:.8em;padding:.1em .4em;border-radius:4px;background:#374151}.get{background:#1e3a8a}.post{background:#065f46}.put,.patch{background:#92400e}.delete{background:#991b1b}small{color:#9ca3af;font-weight:normal}</style></head>
<body><h1>${escapeHtml(doc.info.title)} API <small>${escapeHtml(doc.info.version)}</small></h1><p>Machine-readable: <a href="/api/docs/openapi.json">/api/docs/openapi.json</a> (OpenAPI 3.1, generated from the request schemas).</p>${rows.join('\n')}</body></html>`;
}

export function docsRoutes(api: ApiRegistry, version: string): Router {
  const router = Router();
  let cached: Record<string, unknown> | undefined;
  const doc = () => (cached ??= api.openApi({ title: 'MediaNest', version }));
  router.get('/api/docs/openapi.json', (_req, res) => {
    res.json(doc());
  });
  router.get(['/api/docs', '/api/docs/'], (_req, res) => {
    res.type('html').send(renderHtml(doc() as never));
  });
  return router;
}
