/**
 * Reading the Layout screen's form at the edge: the gadgets in the order they were sent (each a hidden
 * `gadget` field, `AREA|ID|TYPE`, followed by its `g-ID-…` fields), and what the button asked for. The
 * draft changes the buttons make without a script (add, remove, move) are applied here, before the
 * form is shown again; the screen's script makes the same moves in the page.
 */
import { InvalidInputError } from '../../domain/errors.js';
import { AREAS, EVERY_PAGE, GADGET_TYPES, type AreaName, type GadgetType } from '../../domain/layout/layout-model.js';
import { SETTING_FIELDS, type FormGadget } from '../../render/dashboard/layout-editor.presenter.js';

export type LayoutAction =
  | { kind: 'save' }
  | { kind: 'preview' }
  | { kind: 'add'; type: GadgetType; area: AreaName }
  | { kind: 'remove' | 'up' | 'down'; id: string };

const ID = /^[a-z][a-z0-9-]{0,39}$/;
const MAX_SENT = 60;

function one(body: Record<string, unknown>, name: string, max: number): string {
  const value = body[name];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new InvalidInputError('Each field of a gadget is sent once.', name);
  if (value.length > max) throw new InvalidInputError(`A field of a gadget is at most ${max.toLocaleString('en')} characters.`, name);
  return value;
}

function many(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.some((v) => typeof v !== 'string')) throw new InvalidInputError('Please send text values.', name);
  return list as string[];
}

const isArea = (v: string): v is AreaName => (AREAS as readonly string[]).includes(v);
const isType = (v: string): v is GadgetType => (GADGET_TYPES as readonly string[]).includes(v);

/** The form's gadgets, in the order sent; malformed ones refused with a 400. */
export function readLayoutForm(raw: unknown): FormGadget[] {
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const sent = many(body, 'gadget');
  if (sent.length > MAX_SENT) throw new InvalidInputError(`A layout has at most ${MAX_SENT} gadgets.`);
  return sent.map((entry) => {
    const [area = '', id = '', type = ''] = entry.split('|');
    if (!isArea(area) || !ID.test(id) || !isType(type))
      throw new InvalidInputError('The layout form was not understood; please reload the page.');
    const values: Record<string, string> = {};
    for (const field of SETTING_FIELDS[type]) values[field] = one(body, `g-${id}-${field}`, 20_000);
    return { area, id, type, title: one(body, `g-${id}-title`, 1000), show: many(body, `g-${id}-show`), values };
  });
}

/** What the pressed button asked for. */
export function readLayoutAction(raw: unknown): LayoutAction {
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const action = typeof body.action === 'string' ? body.action : 'save';
  if (action === 'save' || action === 'preview') return { kind: action };
  if (action === 'add') {
    const type = typeof body['add-type'] === 'string' ? body['add-type'] : '';
    const area = typeof body['add-area'] === 'string' ? body['add-area'] : '';
    if (!isType(type) || !isArea(area)) throw new InvalidInputError('Please choose a gadget and an area to add it to.', 'add-type');
    return { kind: 'add', type, area };
  }
  const match = /^(remove|up|down):([a-z][a-z0-9-]{0,39})$/.exec(action);
  if (!match) throw new InvalidInputError('That button was not understood; please reload the page.');
  return { kind: match[1] as 'remove' | 'up' | 'down', id: match[2]! };
}

/**
 * The draft after an add, remove or move. Up from the top of an area goes to the end of the area above;
 * down from the bottom to the start of the area below — so the buttons alone reach every place.
 * Returns the gadgets and the one to focus.
 */
export function applyDraftAction(gadgets: FormGadget[], action: LayoutAction): { gadgets: FormGadget[]; focus?: string } {
  if (action.kind === 'add') {
    const used = new Set(gadgets.map((g) => g.id));
    let n = 1;
    while (used.has(`${action.type}-${n}`)) n++;
    const id = `${action.type}-${n}`;
    const values = Object.fromEntries(SETTING_FIELDS[action.type].map((f) => [f, f === 'count' ? '1' : '']));
    return { gadgets: [...gadgets, { area: action.area, id, type: action.type, title: '', show: [...EVERY_PAGE], values }], focus: id };
  }
  if (action.kind === 'remove') return { gadgets: gadgets.filter((g) => g.id !== action.id) };
  if (action.kind === 'up' || action.kind === 'down') {
    const ordered = AREAS.flatMap((area) => gadgets.filter((g) => g.area === area));
    const at = ordered.findIndex((g) => g.id === action.id);
    if (at < 0) return { gadgets: ordered };
    const gadget = ordered[at]!;
    const areaIndex = AREAS.indexOf(gadget.area);
    const step = action.kind === 'up' ? -1 : 1;
    const neighbour = ordered[at + step];
    if (neighbour && neighbour.area === gadget.area) {
      ordered[at] = neighbour;
      ordered[at + step] = gadget;
    } else if (AREAS[areaIndex + step]) {
      // Across the area's edge: into the next area, at its near end (its position in the flat list is unchanged).
      ordered[at] = { ...gadget, area: AREAS[areaIndex + step]! };
    }
    return { gadgets: AREAS.flatMap((area) => ordered.filter((g) => g.area === area)), focus: action.id };
  }
  return { gadgets };
}
