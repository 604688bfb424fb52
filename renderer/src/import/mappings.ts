/**
 * Column mappings the user assigned, remembered per header signature. They travel in the
 * workspace (the 'import-mappings' part) and are mirrored in localStorage. Opening a
 * workspace adds its mappings to the ones this computer already knows (the file's win
 * where both have one): a mapping is knowledge about a file layout, and forgetting it
 * because another workspace was opened would only make the next import harder.
 */
import type { FieldId } from '../../../shared/import/types.ts';
import { registerWorkspacePart } from '../workspace/parts.ts';

type Mappings = Record<string, Array<FieldId | null>>;

const KEY = 'xingtu.mappings.v1';
const listeners = new Set<() => void>();

function valid(parsed: unknown): Mappings {
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const out: Mappings = {};
  for (const [signature, fields] of Object.entries(parsed as Record<string, unknown>)) {
    if (Array.isArray(fields) && fields.every((f) => f === null || typeof f === 'string')) out[signature] = fields as Array<FieldId | null>;
  }
  return out;
}

export function loadMappings(): Record<string, Array<FieldId | null>> {
  try {
    return valid(JSON.parse(localStorage.getItem(KEY) ?? '{}'));
  } catch {
    return {};
  }
}

function store(all: Mappings): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // Storage full or disabled: the mapping is simply asked for again next time.
  }
  for (const l of listeners) l();
}

export function saveMapping(signature: string, fields: Array<FieldId | null>): void {
  const all = loadMappings();
  all[signature] = fields;
  store(all);
}

registerWorkspacePart({
  key: 'import-mappings',
  save: () => loadMappings(),
  restore: (json) => {
    if (json === undefined) return;
    store({ ...loadMappings(), ...valid(json) });
  },
  subscribe: (l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
});
