import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import Negotiator from 'negotiator';
import { PAGE_LOCALES } from '../survey.config.js';

const root = (dir: string) => fileURLToPath(new URL(`../../${dir}/`, import.meta.url));
type Catalogue = Record<string, string>;
export type PageLocale = (typeof PAGE_LOCALES)[number];
export type PageView = 'survey' | 'message' | 'unsubscribe';

/**
 * The customer-facing pages: Handlebars templates (every value escaped), one stylesheet inlined
 * and allowed by its hash in the Content-Security-Policy, and the strings of each language.
 */
export class PageRenderer {
  private readonly hbs = Handlebars.create();
  private readonly views = new Map<string, Handlebars.TemplateDelegate>();
  private readonly catalogues = new Map<string, Catalogue>();
  private readonly strings = new Map<string, Handlebars.TemplateDelegate>();
  private readonly rendered = new Map<string, string>();
  private readonly css: string;
  /** The CSP that lets the inline stylesheet (and nothing else) in. */
  readonly contentSecurityPolicy: string;

  constructor(private readonly defaultLocale: PageLocale) {
    this.css = readFileSync(`${root('templates')}page.css`, 'utf8').trim();
    const hash = createHash('sha256').update(this.css).digest('base64');
    this.contentSecurityPolicy = [
      "default-src 'none'",
      `style-src 'sha256-${hash}'`,
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; ');
    for (const name of ['layout', 'survey', 'message', 'unsubscribe']) {
      this.views.set(
        name,
        this.hbs.compile(readFileSync(`${root('templates')}${name}.hbs`, 'utf8'), {
          strict: false,
        }),
      );
    }
    for (const locale of PAGE_LOCALES) {
      this.catalogues.set(
        locale,
        JSON.parse(readFileSync(`${root('locales')}${locale}.json`, 'utf8')) as Catalogue,
      );
    }
    this.hbs.registerHelper('t', (key: string, options: Handlebars.HelperOptions) =>
      this.t(
        (options.data as { root: { locale: string } }).root.locale,
        key,
        options.hash as object,
      ),
    );
  }

  /**
   * The language of a page: the `lang` parameter, then the browser's Accept-Language, then the
   * invitation's own language, then the default.
   */
  localeFor(lang: unknown, acceptLanguage: string | undefined, fallback?: string): PageLocale {
    const supported = PAGE_LOCALES as readonly string[];
    const asked = typeof lang === 'string' ? lang.toLowerCase().split(/[-_]/)[0] : '';
    if (supported.includes(asked)) return asked as PageLocale;
    const negotiated = acceptLanguage
      ? new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language([...supported])
      : undefined;
    if (negotiated) return negotiated as PageLocale;
    return supported.includes(fallback ?? '') ? (fallback as PageLocale) : this.defaultLocale;
  }

  /** A string of the page's language, its `{{placeholders}}` filled (the page escapes it). */
  t(locale: string, key: string, vars?: object): string {
    const id = `${locale}:${key}`;
    // Most strings have no placeholders: render each once (a page has some forty of them).
    const plain = vars === undefined || Object.keys(vars).length === 0;
    if (plain) {
      const known = this.rendered.get(id);
      if (known !== undefined) return known;
    }
    let compiled = this.strings.get(id);
    if (!compiled) {
      const source = this.catalogues.get(locale)?.[key] ?? this.catalogues.get('en')?.[key];
      if (source === undefined) throw new Error(`no string "${key}" for the survey pages`);
      compiled = Handlebars.compile(source, { noEscape: true });
      this.strings.set(id, compiled);
    }
    const text = compiled(vars ?? {});
    if (plain) this.rendered.set(id, text);
    return text;
  }

  /** A whole page: `view` inside the layout, titled `title`. */
  render(view: PageView, locale: PageLocale, title: string, context: object): string {
    const data = { ...context, locale };
    const body = this.views.get(view)!(data);
    return this.views.get('layout')!({ locale, title, css: this.css, body });
  }

  /** A date as the page's language writes it, e.g. "8 December 2026". */
  date(locale: PageLocale, at: Date | string | number): string {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(at),
    );
  }
}
