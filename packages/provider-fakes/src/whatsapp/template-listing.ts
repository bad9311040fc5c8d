import type { FakeWhatsAppTemplate } from './fake-template.js';

const DEFAULT_LIMIT = 25;
const cursor = (index: number) => Buffer.from(`tpl:${index}`).toString('base64url');
const indexOf = (c: string | null): number | null => {
  if (!c) return null;
  const m = /^tpl:(\d+)$/.exec(Buffer.from(c, 'base64url').toString());
  return m ? Number(m[1]) : null;
};

/** A template as Graph lists it: components with the BODY text, positional parameters. */
function templateObject(t: FakeWhatsAppTemplate & { id: string }): Record<string, unknown> {
  const components: Record<string, unknown>[] = [];
  if (t.header) components.push({ type: 'HEADER', format: 'TEXT', text: t.header });
  components.push({ type: 'BODY', text: t.body });
  if (t.footer) components.push({ type: 'FOOTER', text: t.footer });
  return {
    name: t.name,
    parameter_format: 'POSITIONAL',
    components,
    language: t.language,
    status: t.status ?? 'APPROVED',
    category: t.category ?? 'UTILITY',
    id: t.id,
  };
}

/**
 * `GET /{version}/{waba-id}/message_templates`: one page of `data` and `paging.cursors`
 * (`before`, `after`), with `paging.next` while more follow. Reads `limit` (default 25),
 * `after`, `before`, `fields` (the id always comes), `status` and `name`.
 */
export function templatePage(
  templates: readonly (FakeWhatsAppTemplate & { id: string })[],
  url: URL,
  publicBase: string,
): Record<string, unknown> {
  const q = url.searchParams;
  const limit = Math.max(1, Math.min(1000, Number(q.get('limit')) || DEFAULT_LIMIT));
  const fields = q
    .get('fields')
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const status = q.get('status')?.toUpperCase();
  const name = q.get('name');
  const all = templates.filter(
    (t) => (!status || (t.status ?? 'APPROVED') === status) && (!name || t.name.includes(name)),
  );
  const after = indexOf(q.get('after'));
  const before = indexOf(q.get('before'));
  const start = after !== null ? after + 1 : before !== null ? Math.max(0, before - limit) : 0;
  const end = before !== null && after === null ? before : Math.min(all.length, start + limit);
  const page = all.slice(start, end).map((t) => {
    const full = templateObject(t);
    if (!fields) return full;
    return Object.fromEntries(
      Object.entries(full).filter(([k]) => k === 'id' || fields.includes(k)),
    );
  });
  const result: Record<string, unknown> = { data: page };
  if (page.length > 0) {
    const paging: Record<string, unknown> = {
      cursors: { before: cursor(start), after: cursor(end - 1) },
    };
    if (end < all.length) {
      const next = new URL(url.pathname, publicBase);
      for (const [k, v] of q) if (k !== 'after' && k !== 'before') next.searchParams.set(k, v);
      next.searchParams.set('limit', String(limit));
      next.searchParams.set('after', cursor(end - 1));
      paging.next = next.toString();
    }
    if (start > 0) {
      const previous = new URL(url.pathname, publicBase);
      for (const [k, v] of q) if (k !== 'after' && k !== 'before') previous.searchParams.set(k, v);
      previous.searchParams.set('limit', String(limit));
      previous.searchParams.set('before', cursor(start));
      paging.previous = previous.toString();
    }
    result.paging = paging;
  }
  return result;
}
