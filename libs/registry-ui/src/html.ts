/**
 * HTML built only through the `markup` tag: every interpolated value is escaped unless it is already
 * `Html` (the output of another `markup` call), so a server.json's text can never become markup.
 * Escaping covers `& < > " '`, which makes a value safe both as element text and inside a quoted
 * attribute; URLs going into `href` must also pass `externalHref` (no `javascript:`).
 */
/** Only `markup` holds it, so only `markup` makes `Html`: data cannot be passed off as markup. */
const MADE_BY_MARKUP = Symbol('made by markup');

export class Html {
  constructor(
    token: typeof MADE_BY_MARKUP,
    readonly text: string,
  ) {
    if (token !== MADE_BY_MARKUP) throw new Error('Html is made by the markup tag only');
  }

  toString(): string {
    return this.text;
  }
}

/** What may be interpolated: text (escaped), numbers, markup, lists of those; nothing renders nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

/**
 * The template tag: literal parts are markup, interpolations are data. Not named `html`, so that
 * formatters leave the markup (and the whitespace it means) as written.
 */
export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(MADE_BY_MARKUP, out);
}

/**
 * A URL from a server.json, fit for an `href`: absolute http(s) only, so no `javascript:`, `data:`
 * or relative path reaches a link. Undefined otherwise (the page then shows it as text).
 */
export function externalHref(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
