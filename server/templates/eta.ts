/** The Eta engine of the page and e-mail templates in views/: a plain module the view plugin and the mail pass share. */
import { join } from 'node:path';
import { Eta } from 'eta';
import { projectRoot } from '../config.js';

export const viewsDir = join(projectRoot, 'views');

type TemplateFunction = ReturnType<Eta['compile']>;

/**
 * Eta with two shortcuts for pages built from many partials (a questionnaire page includes three
 * partials per question): template paths are resolved once (Eta's own resolver builds a JSON key
 * per include and resolves the top-level template on every render), and `this.partial(name, data)`
 * renders a partial with exactly `data`, where `include()` first copies every field of the including
 * template's data into a new object.
 */
export class ViewEta extends Eta {
  private readonly resolved = new Map<string, string>();
  private readonly partials = new Map<string, { fn: TemplateFunction; options: { filepath: string; async: false } }>();

  override resolvePath = function (this: ViewEta, template: string, options?: { filepath?: string }): string {
    if (!this.config.cache) return resolveUncached.call(this, template, options);
    const key = `${this.config.views ?? ''}\0${options?.filepath ?? ''}\0${template}`;
    let path = this.resolved.get(key);
    if (path === undefined) {
      path = resolveUncached.call(this, template, options);
      this.resolved.set(key, path);
    }
    return path;
  } as Eta['resolvePath'];

  /** Render a partial (a view path like '/questions/likert') with only the given data. */
  partial(template: string, data: object): string {
    let entry = this.config.cache ? this.partials.get(template) : undefined;
    if (!entry) {
      const options = { filepath: this.resolvePath(template), async: false as const };
      entry = { fn: this.compile(this.readFile(options.filepath), options), options };
      if (this.config.cache) this.partials.set(template, entry);
    }
    return entry.fn.call(this, data, entry.options);
  }
}

const resolveUncached = new Eta().resolvePath;

/** One Eta engine for pages and e-mails: auto-escaping on, templates cached outside development. */
export function createEta(cache = true): ViewEta {
  return new ViewEta({ views: viewsDir, cache, autoEscape: true, autoTrim: false, defaultExtension: '.eta' });
}
