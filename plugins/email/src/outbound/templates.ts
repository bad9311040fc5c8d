import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
export type MailTemplate = 'reply' | 'ack' | 'resolved' | 'survey';
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Part = 'subject' | 'text' | 'html';

/**
 * The mails' Handlebars templates: `<locale>/<template>.{subject,text,html}.hbs`, wrapped in
 * `layouts/default.{text,html}.hbs`, with `partials/<name>.{text,html}.hbs`. A file in the
 * operator's folder (EMAIL_TEMPLATES_DIR) wins over the built-in one of the same path, so a
 * company restyles or translates mails without rebuilding; read at start.
 * HTML parts escape every value; plain-text parts and subjects do not (they are not HTML).
 * Helpers: `{{paragraphs text}}` (escaped paragraphs), `href="{{href url}}"` (a link, escaped
 * for a quoted attribute) and `eq`, as in `{{#if (eq survey.kind "nps")}}`.
 */
export class MailTemplates {
  private readonly html = Handlebars.create();
  private readonly text = Handlebars.create();
  private readonly files = new Map<string, string>();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor(
    private readonly defaultLocale: string,
    overrideDir?: string,
  ) {
    for (const dir of [BUILTIN_TEMPLATES, overrideDir]) {
      if (!dir) continue;
      if (!existsSync(dir)) throw new Error(`EMAIL_TEMPLATES_DIR: ${dir} does not exist`);
      for (const rel of walk(dir)) this.files.set(rel, readFileSync(join(dir, rel), 'utf8'));
    }
    for (const [rel, source] of this.files) {
      const m = /^partials\/(.+)\.(text|html)\.hbs$/.exec(rel);
      if (m) (m[2] === 'html' ? this.html : this.text).registerPartial(m[1], source);
    }
    this.html.registerHelper(
      'paragraphs',
      (s: unknown) => new Handlebars.SafeString(paragraphs(s)),
    );
    this.text.registerHelper('paragraphs', (s: unknown) => asText(s));
    this.html.registerHelper('href', (s: unknown) => new Handlebars.SafeString(attributeUrl(s)));
    this.text.registerHelper('href', (s: unknown) => asText(s));
    for (const hbs of [this.html, this.text]) {
      hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    }
  }

  /**
   * Renders a template in the best locale there is: de-AT, then de, then the default, then en.
   * `locale` in the templates is the language the mail is written in (the HTML's `lang`).
   */
  render(template: MailTemplate, locale: string | undefined, context: object): RenderedMail {
    const loc = this.localeFor(template, locale);
    const wanted = locale ?? this.defaultLocale;
    const values = { ...context, locale: wanted.split('-')[0] === loc ? wanted : loc };
    const body = (part: Part) => this.compile(`${loc}/${template}.${part}.hbs`, part)(values);
    const layout = (part: 'text' | 'html', inner: string) =>
      this.compile(`layouts/default.${part}.hbs`, part)({ ...values, body: inner });
    return {
      subject: body('subject').replace(/\s+/g, ' ').trim(),
      text: layout('text', body('text')),
      html: layout('html', body('html')),
    };
  }

  private localeFor(template: MailTemplate, wanted: string | undefined): string {
    const candidates = [wanted, wanted?.split('-')[0], this.defaultLocale, 'en'];
    for (const c of candidates) {
      if (c && this.files.has(`${c}/${template}.subject.hbs`)) return c;
    }
    throw new Error(`no "${template}" mail template in ${candidates.filter(Boolean).join(', ')}`);
  }

  private compile(rel: string, part: Part): Handlebars.TemplateDelegate {
    let t = this.compiled.get(rel);
    if (!t) {
      const source = this.files.get(rel);
      if (source === undefined) throw new Error(`mail template ${rel} is missing`);
      t = (part === 'html' ? this.html : this.text).compile(source, {
        noEscape: part !== 'html',
        strict: false,
      });
      this.compiled.set(rel, t);
    }
    return t;
  }
}

/** Plain text as escaped HTML paragraphs: blank lines part paragraphs, single breaks stay. */
function paragraphs(s: unknown): string {
  return asText(s)
    .split(/\r?\n\s*\r?\n/)
    .map((p) => `<p>${Handlebars.escapeExpression(p.trim()).replace(/\r?\n/g, '<br>\n')}</p>`)
    .join('\n');
}

const ATTRIBUTE_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
};

/**
 * A URL for a quoted attribute: escaped like `{{url}}`, except `=`. Handlebars writes `&#x3D;`
 * (for unquoted attributes), and some mail clients and link-tracking relays follow that literally.
 */
function attributeUrl(s: unknown): string {
  return asText(s).replace(/[&<>"'`]/g, (ch) => ATTRIBUTE_ENTITIES[ch]);
}

function asText(s: unknown): string {
  return typeof s === 'string' || typeof s === 'number' ? String(s) : '';
}

function walk(root: string, sub = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(root, rel));
    else if (basename(rel).endsWith('.hbs')) out.push(rel);
  }
  return out;
}
