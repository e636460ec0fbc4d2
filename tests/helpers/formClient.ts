/**
 * A plain HTTP client for the respondent pages: no JavaScript, it only reads the HTML forms (hidden
 * fields, radios, checkboxes, selects, text fields, buttons), sends them with app.inject() and
 * follows redirects, keeping cookies like a browser.
 */
import type { FastifyInstance } from 'fastify';

export interface Control {
  tag: 'input' | 'select' | 'textarea' | 'button';
  type: string;
  name: string;
  value: string;
  checked: boolean;
  /** Option values of a select. */
  options: string[];
  /** Visible text of a button. */
  label: string;
}

export interface HtmlForm {
  action: string;
  method: string;
  controls: Control[];
}

function decode(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = m[1];
    if (!name) continue;
    out[name.toLowerCase()] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** Every form of a page with its controls, in document order. */
export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const a = attrs(m[1] ?? '');
    const body = m[2] ?? '';
    const controls: Control[] = [];
    const re = /<(input|select|textarea|button)\b([^>]*)>(?:([\s\S]*?)<\/\1>)?/g;
    for (const c of body.matchAll(re)) {
      const tag = c[1] as Control['tag'];
      const at = attrs(c[2] ?? '');
      const inner = c[3] ?? '';
      const options = tag === 'select' ? [...inner.matchAll(/<option\b([^>]*)>/g)].map((o) => attrs(o[1] ?? '').value ?? '') : [];
      const selected = tag === 'select' ? [...inner.matchAll(/<option\b([^>]*)>/g)].map((o) => attrs(o[1] ?? '')).find((o) => 'selected' in o) : undefined;
      controls.push({
        tag,
        type: (at.type ?? (tag === 'button' ? 'submit' : tag === 'input' ? 'text' : tag)).toLowerCase(),
        name: at.name ?? '',
        value: tag === 'textarea' ? decode(inner) : tag === 'select' ? (selected?.value ?? '') : (at.value ?? ''),
        checked: 'checked' in at,
        options,
        label: decode(inner.replace(/<[^>]+>/g, '').trim()),
      });
    }
    forms.push({ action: a.action ?? '', method: (a.method ?? 'get').toLowerCase(), controls });
  }
  return forms;
}

/** The fields a browser would send for this form as it stands (checked boxes, selected options, texts). */
export function defaults(form: HtmlForm): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const had = out[name];
    out[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  };
  for (const c of form.controls) {
    if (!c.name || c.tag === 'button' || c.type === 'submit') continue;
    if ((c.type === 'radio' || c.type === 'checkbox') && !c.checked) continue;
    add(c.name, c.value);
  }
  return out;
}

export interface Page {
  status: number;
  url: string;
  html: string;
  forms: HtmlForm[];
}

/** A cookie-keeping client that follows 303 redirects. */
export class Client {
  cookies = new Map<string, string>();

  constructor(private app: FastifyInstance) {}

  private remember(setCookie: string | string[] | undefined): void {
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): Record<string, string> {
    return this.cookies.size > 0 ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  async get(url: string): Promise<Page> {
    let current = url;
    for (let hops = 0; hops < 10; hops++) {
      const res = await this.app.inject({ method: 'GET', url: current, headers: { accept: 'text/html', ...this.cookieHeader() } });
      this.remember(res.headers['set-cookie']);
      if (res.statusCode === 303 || res.statusCode === 302) {
        current = String(res.headers.location);
        continue;
      }
      return { status: res.statusCode, url: current, html: res.body, forms: parseForms(res.body) };
    }
    throw new Error('too many redirects');
  }

  /** Send a form (with its current values, overridden by `fields`), pressing the button with this label. */
  async submit(form: HtmlForm, fields: Record<string, string | string[] | null>, button?: string): Promise<Page> {
    const body: Record<string, string | string[]> = { ...defaults(form) };
    for (const [k, v] of Object.entries(fields)) {
      if (v === null) delete body[k];
      else body[k] = v;
    }
    if (button !== undefined) {
      const b = form.controls.find((c) => c.tag === 'button' && c.label === button);
      if (!b) throw new Error(`no button "${button}" in form; buttons: ${form.controls.filter((c) => c.tag === 'button').map((c) => c.label).join(', ')}`);
      if (b.name) body[b.name] = b.value;
    }
    const payload = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) for (const x of Array.isArray(v) ? v : [v]) payload.append(k, x);
    if (form.method === 'get') return this.get(`${form.action}?${payload.toString()}`);
    const res = await this.app.inject({
      method: 'POST',
      url: form.action,
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...this.cookieHeader() },
      payload: payload.toString(),
    });
    this.remember(res.headers['set-cookie']);
    if (res.statusCode === 303 || res.statusCode === 302) return this.get(String(res.headers.location));
    return { status: res.statusCode, url: form.action, html: res.body, forms: parseForms(res.body) };
  }
}

/** The one form of a questionnaire page (the one with the navigation buttons). */
export function pageForm(page: Page): HtmlForm {
  const form = page.forms.find((f) => f.controls.some((c) => c.name === '_action'));
  if (!form) throw new Error(`no questionnaire form on ${page.url} (status ${page.status}):\n${page.html.slice(0, 2000)}`);
  return form;
}

/** Visible text of an HTML fragment, whitespace collapsed. */
export function textOf(html: string): string {
  return decode(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}
