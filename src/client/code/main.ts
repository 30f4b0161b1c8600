/**
 * The theme file editor, in the browser: a CodeMirror 6 editor over the page's plain textarea, with line
 * numbers, Liquid/HTML or CSS highlighting, and "Line N" in an error jumping the cursor to that line.
 * Without this script the textarea works as it is, and it stays the field the form sends.
 *
 * Loaded only by the theme file page (dashboard/templates/theme-file.liquid).
 *
 * The Content-Security-Policy: CodeMirror writes its styles at run time. Into a document it adds a
 * `<style>` element, which `style-src 'self'` refuses; into a shadow root it adopts a constructed
 * stylesheet (`new CSSStyleSheet()`), which CSP does not govern. So the editor lives in a shadow root.
 * The page's colours reach it through CSS custom properties, which inherit into shadow trees.
 */
import { EditorState, StateField, type Extension } from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { liquid } from '@codemirror/lang-liquid';
import { css } from '@codemirror/lang-css';

/** Syntax colours from admin.css's custom properties (light and dark), with fallbacks. */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword], color: 'var(--code-keyword, #8a2be2)' },
  { tag: [tags.tagName, tags.standard(tags.tagName)], color: 'var(--code-tag, #1d5fa8)' },
  { tag: [tags.attributeName, tags.propertyName], color: 'var(--code-attribute, #8a5a00)' },
  { tag: [tags.string, tags.attributeValue, tags.special(tags.string)], color: 'var(--code-string, #146c2e)' },
  { tag: [tags.number, tags.bool, tags.atom, tags.color, tags.unit], color: 'var(--code-number, #a3155e)' },
  { tag: [tags.comment, tags.blockComment, tags.lineComment], color: 'var(--code-comment, #5a6270)', fontStyle: 'italic' },
  { tag: [tags.variableName, tags.definition(tags.variableName)], color: 'var(--code-variable, #1b1f24)' },
  { tag: [tags.function(tags.variableName), tags.className, tags.labelName], color: 'var(--code-function, #2446c7)' },
  { tag: [tags.brace, tags.bracket, tags.angleBracket, tags.processingInstruction], color: 'var(--code-punctuation, #5a6270)' },
  { tag: tags.invalid, color: 'var(--danger, #b3261e)' },
]);

/** The editor's look: the dashboard's colours and monospace font, a height that fits a long file. */
const look = EditorView.theme({
  '&': {
    color: 'var(--fg)',
    backgroundColor: 'var(--surface)',
    border: '1px solid var(--line-strong)',
    borderRadius: 'var(--radius, 8px)',
    fontSize: '0.9rem',
    height: '34rem',
    maxHeight: '75vh',
  },
  '&.cm-focused': { outline: '3px solid var(--accent)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--mono, monospace)', lineHeight: '1.55' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '.cm-gutters': {
    backgroundColor: 'var(--panel)',
    color: 'var(--muted)',
    borderRight: '1px solid var(--line)',
    borderTopLeftRadius: 'var(--radius, 8px)',
    borderBottomLeftRadius: 'var(--radius, 8px)',
  },
  '.cm-activeLine': { backgroundColor: 'var(--code-active-line, rgb(36 70 199 / 6%))' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--accent-soft)', color: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--code-selection, rgb(36 70 199 / 22%)) !important',
  },
  '.cm-matchingBracket': { backgroundColor: 'var(--accent-soft)', outline: '1px solid var(--line-strong)' },
  '.cm-line.cm-error-line': { backgroundColor: 'var(--code-error-line, rgb(179 38 30 / 12%))' },
});

/** Marks `line` (1-based) as the one an error names; the mark moves with edits above it. */
function errorLine(line: number): Extension {
  return StateField.define<DecorationSet>({
    create: (state) =>
      line <= state.doc.lines
        ? Decoration.set([Decoration.line({ class: 'cm-error-line' }).range(state.doc.line(line).from)])
        : Decoration.none,
    update: (marks, tr) => marks.map(tr.changes),
    provide: (field) => EditorView.decorations.from(field),
  });
}

/**
 * Typing over a selection: done here, not by the browser. Chromium's own editing, replacing text across
 * lines, merges the lines' elements with an inline `style` attribute that the CSP refuses (a console
 * error, though CodeMirror redraws the lines from its document anyway). Composition (IME) input is left
 * to the browser and CodeMirror as it is.
 */
const typeOverSelection = EditorView.domEventHandlers({
  beforeinput(event, view) {
    if (event.inputType !== 'insertText' || !event.data || event.isComposing) return false;
    // What the browser is about to replace: its selection, which may be newer than CodeMirror's.
    const range = selectionIn(view.root);
    if (!range || range.collapsed || !view.contentDOM.contains(range.startContainer)) return false;
    const from = view.posAtDOM(range.startContainer, range.startOffset);
    const to = view.posAtDOM(range.endContainer, range.endOffset);
    if (from >= to) return false;
    event.preventDefault();
    view.dispatch({
      changes: { from, to, insert: event.data },
      selection: { anchor: from + event.data.length },
      userEvent: 'input.type',
      scrollIntoView: true,
    });
    return true;
  },
});

/**
 * The browser's selection inside a shadow root (the input event's target ranges leave it out):
 * `getComposedRanges` where the browser has it, else Chromium's older `ShadowRoot.getSelection`.
 */
function selectionIn(root: DocumentOrShadowRoot): AbstractRange | null {
  const selection = document.getSelection();
  // Older browsers have no getComposedRanges.
  if (selection && 'getComposedRanges' in selection && root instanceof ShadowRoot)
    return selection.getComposedRanges({ shadowRoots: [root] })[0] ?? null;
  const own = (root as { getSelection?: () => Selection | null }).getSelection?.() ?? selection;
  return own && own.rangeCount > 0 ? own.getRangeAt(0) : null;
}

/** Puts the cursor at `line` (1-based) and `column` (1-based, optional), scrolled into the middle. */
function jumpTo(view: EditorView, line: number, column: number, focus: boolean): void {
  const doc = view.state.doc;
  const target = doc.line(Math.min(Math.max(1, line), doc.lines));
  const pos = target.from + Math.min(Math.max(0, column - 1), target.length);
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
  if (focus) view.focus();
}

function enhance(textarea: HTMLTextAreaElement): void {
  const label = textarea.id ? document.querySelector<HTMLLabelElement>(`label[for="${textarea.id}"]`) : null;
  const language: Extension = textarea.dataset.code === 'css' ? css() : liquid();
  // "Line 14, column 58" in an error: the cursor goes there, and the page opens on that line.
  const links = [...document.querySelectorAll<HTMLAnchorElement>(`a[data-jump="${textarea.id}"][data-line]`)];
  const failed = Number(links[0]?.dataset.line) || 0;

  const host = document.createElement('div');
  host.className = 'code-editor';
  // Code reads left to right on a right-to-left page too.
  host.dir = 'ltr';
  textarea.insertAdjacentElement('beforebegin', host);
  const shadow = host.attachShadow({ mode: 'open' });

  const view = new EditorView({
    root: shadow,
    parent: shadow,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        history(),
        indentOnInput(),
        bracketMatching(),
        language,
        syntaxHighlighting(highlight),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        look,
        typeOverSelection,
        failed ? errorLine(failed) : [],
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({
          'aria-label': label?.textContent?.trim() ?? textarea.name,
          // Editable text is in the tab order already; saying so lets checkers (axe's scrollable-region-focusable)
          // see that the scrolling box around it is reached by the keyboard, without a tab stop of its own.
          tabindex: '0',
          spellcheck: 'false',
          autocapitalize: 'none',
          autocorrect: 'off',
          ...(textarea.getAttribute('aria-describedby') ? { 'aria-description': describedText(textarea) } : {}),
        }),
        // The textarea stays the form's field: every change is copied into it.
        EditorView.updateListener.of((update) => {
          if (update.docChanged) textarea.value = update.state.doc.toString();
        }),
      ],
    }),
  });

  textarea.hidden = true;
  if (label) {
    // The label now names the editor (its aria-label); a click on it goes there too.
    label.removeAttribute('for');
    label.addEventListener('click', () => view.focus());
  }

  for (const link of links) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      jumpTo(view, Number(link.dataset.line), Number(link.dataset.column) || 1, true);
    });
  }
  if (failed) jumpTo(view, failed, Number(links[0]?.dataset.column) || 1, false);
}

/** The text of the elements that describe the textarea (the form's error), for the editor's description. */
function describedText(textarea: HTMLTextAreaElement): string {
  return (textarea.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
    .filter(Boolean)
    .join(' ');
}

for (const textarea of document.querySelectorAll<HTMLTextAreaElement>('textarea[data-code]')) enhance(textarea);
