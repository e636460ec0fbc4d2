/**
 * The questionnaire editor of /admin/questionnaires/nieuw: CodeMirror 6 in place of the textarea, with
 * autocompletion and field documentation from the questionnaire JSON Schema (codemirror-json-schema)
 * and the faults of `questionnaire check` underlined as you type (from /admin/questionnaires/controle,
 * the same check the server stores by). Without JavaScript the page is the textarea and "Controleren".
 *
 * CodeMirror writes its styles into constructed style sheets of a shadow root, so the page's
 * Content-Security-Policy (no inline styles, no eval) needs no exception.
 */
import { autocompletion } from '@codemirror/autocomplete';
import { json, jsonLanguage } from '@codemirror/lang-json';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorView, hoverTooltip } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { jsonCompletion, jsonSchemaHover, stateExtensions } from 'codemirror-json-schema';
import type { Fault as CheckFault } from '../../server/domain/questionnaire/load.js';

/** The questionnaire JSON Schema, as codemirror-json-schema takes it. */
type JSONSchema7 = NonNullable<Parameters<typeof stateExtensions>[0]>;

/** A fault as the check endpoint sends it: the command line's fault without its file. */
type Fault = Omit<CheckFault, 'file'>;

interface CheckAnswer {
  ok: boolean;
  faults: Fault[];
  questionnaire?: { id: string; version: string; title: string };
}

/** A fault as an underline: from its element's start to the end of that line (an element can span a page). */
export function diagnosticOf(view: EditorView, fault: Fault): Diagnostic {
  const length = view.state.doc.length;
  const from = Math.min(Math.max(fault.from ?? 0, 0), length);
  const line = view.state.doc.lineAt(from);
  const to = Math.max(Math.min(fault.to ?? line.to, line.to, length), Math.min(from + 1, length));
  return { from, to, severity: 'error', source: fault.path || 'JSON', message: fault.message };
}

async function check(url: string, csrf: string, text: string): Promise<CheckAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify({ text }),
  });
  if (!res.ok) throw new Error(`check failed: ${res.status}`);
  return (await res.json()) as CheckAnswer;
}

const theme = EditorView.theme({
  '&': { fontSize: '14px', border: '0', backgroundColor: '#fff', color: '#1b1b1b', maxHeight: '70vh' },
  '.cm-scroller': { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', lineHeight: '1.45', minHeight: '28rem', overflow: 'auto' },
  '.cm-content': { minHeight: '28rem' },
  '&.cm-focused': { outline: '3px solid #ffbf47' },
  '.cm-tooltip': { maxWidth: '36rem', fontFamily: 'system-ui, sans-serif', fontSize: '13px' },
  '.cm-diagnostic-error': { borderLeft: '4px solid #b00020' },
});

async function enhance(textarea: HTMLTextAreaElement): Promise<void> {
  const form = textarea.form;
  const checkUrl = textarea.dataset.check ?? '';
  const csrf = textarea.dataset.csrf ?? '';
  let schema: JSONSchema7 | undefined;
  try {
    schema = (await (await fetch(textarea.dataset.schema ?? '', { credentials: 'same-origin' })).json()) as JSONSchema7;
  } catch {
    schema = undefined;
  }

  const host = document.createElement('div');
  host.className = 'json-editor-host';
  const status = document.createElement('p');
  status.className = 'editor-status';
  status.setAttribute('role', 'status');
  const list = document.createElement('ol');
  list.className = 'fault-list live-faults';
  textarea.after(host, status, list);
  textarea.hidden = true;
  const root = host.attachShadow({ mode: 'open' });
  const mount = document.createElement('div');
  root.append(mount);
  const label = document.querySelector(`label[for="${textarea.id}"]`)?.textContent ?? 'JSON van de vragenlijst';

  /** The faults as a list under the editor, as the page without JavaScript shows them; each jumps to its place. */
  const showFaults = (view: EditorView, faults: Fault[]) => {
    list.replaceChildren(
      ...faults.map((f) => {
        const item = document.createElement('li');
        const go = document.createElement('button');
        go.type = 'button';
        go.className = 'link-button fault-where';
        go.textContent = `${f.line !== undefined ? `Regel ${f.line}, kolom ${f.column}` : 'Hele bestand'}${f.path ? ` · ${f.path}` : ''}`;
        go.addEventListener('click', () => {
          const at = diagnosticOf(view, f);
          view.dispatch({ selection: { anchor: at.from, head: at.to }, effects: EditorView.scrollIntoView(at.from, { y: 'center' }) });
          view.focus();
        });
        const message = document.createElement('span');
        message.className = 'fault-message';
        message.textContent = f.message;
        item.append(go, ' ', message);
        return item;
      }),
    );
  };

  const serverFaults = linter(
    async (view) => {
      const text = view.state.doc.toString();
      if (text.trim() === '') {
        status.textContent = '';
        list.replaceChildren();
        return [];
      }
      try {
        const answer = await check(checkUrl, csrf, text);
        status.textContent = answer.ok
          ? `Geen fouten${answer.questionnaire ? `: ${answer.questionnaire.title} (${answer.questionnaire.id}, versie ${answer.questionnaire.version})` : ''}.`
          : `${answer.faults.length === 1 ? '1 fout' : `${answer.faults.length} fouten`} – zie de rode onderstrepingen (F8 springt naar de volgende).`;
        host.dataset.faults = String(answer.faults.length);
        showFaults(view, answer.faults);
        return answer.faults.map((f) => diagnosticOf(view, f));
      } catch {
        status.textContent = 'De controle is nu niet bereikbaar; Controleren onder het veld werkt wel.';
        return [];
      }
    },
    { delay: 500 },
  );

  const view = new EditorView({
    doc: textarea.value,
    root,
    parent: mount,
    extensions: [
      basicSetup,
      json(),
      jsonLanguage.data.of({ autocomplete: jsonCompletion() }),
      autocompletion(),
      hoverTooltip(jsonSchemaHover()),
      stateExtensions(schema),
      serverFaults,
      lintGutter(),
      theme,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
    ],
  });

  form?.addEventListener('submit', () => {
    textarea.value = view.state.doc.toString();
  });
  const file = form?.querySelector<HTMLInputElement>('input[type="file"]');
  file?.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    void chosen.text().then((text) => {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      // the text is in the editor now: the upload itself would replace it on submit
      file.value = '';
    });
  });
  host.dataset.ready = 'true';
}

const target = document.querySelector<HTMLTextAreaElement>('textarea[data-editor="questionnaire"]');
if (target) void enhance(target);
