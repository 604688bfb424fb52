/**
 * Column mappings the user assigned, remembered per header signature. They travel in the
 * workspace (the 'import-mappings' part) and are mirrored in localStorage. Opening a
 * workspace adds its mappings to the ones this computer already knows (the file's win
 * where both have one): a mapping is knowledge about a file layout, and forgetting it
 * because another workspace was opened would only make the next import harder.
 */
import type { FieldId } from '../../../shared/import/types.ts';
import { checkImportMappings } from '../../../shared/specs.ts';
import { registerWorkspacePart } from '../workspace/parts.ts';
import { reportSpecNotices } from '../workspace/spec-notices.ts';

type Mappings = Record<string, Array<FieldId | null>>;

const KEY = 'xingtu.mappings.v1';
const listeners = new Set<() => void>();

/** Mappings from JSON of a file or of storage, checked (shared/specs.ts); a workspace's are reported. */
function valid(parsed: unknown, report = false): Mappings {
  const checked = checkImportMappings(parsed);
  if (report) reportSpecNotices(checked.notices);
  return checked.value;
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
    store({ ...loadMappings(), ...valid(json, true) });
  },
  subscribe: (l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
});
