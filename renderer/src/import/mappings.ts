/**
 * Column mappings the user assigned, remembered per header signature. They travel in the
 * workspace (the 'import-mappings' part) and are mirrored in localStorage. Opening a
 * workspace adds its mappings to the ones this computer already knows (the file's win
 * where both have one): a mapping is knowledge about a file layout, and forgetting it
 * because another workspace was opened would only make the next import harder.
 */
import type { FieldId } from '../../../shared/import/types.ts';
import { checkImportMappings, checkImportScoreRules, type ImportScoreRules } from '../../../shared/specs.ts';
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

// ---------------------------------------------------------------------------------------------
// Score rules (按得分判定星级: 满分, 获星分数) set in the dialog, remembered per header signature
// like the column mappings: the next file of the same layout is read under the same rule.

const RULES_KEY = 'xingtu.score-rules.v1';
const ruleListeners = new Set<() => void>();

function validRules(parsed: unknown, report = false): ImportScoreRules {
  const checked = checkImportScoreRules(parsed);
  if (report) reportSpecNotices(checked.notices);
  return checked.value;
}

export function loadScoreRules(): ImportScoreRules {
  try {
    return validRules(JSON.parse(localStorage.getItem(RULES_KEY) ?? '{}'));
  } catch {
    return {};
  }
}

function storeRules(all: ImportScoreRules): void {
  try {
    localStorage.setItem(RULES_KEY, JSON.stringify(all));
  } catch {
    // Storage full or disabled: the rule is simply asked for again next time.
  }
  for (const l of ruleListeners) l();
}

export function saveScoreRules(bySignature: ImportScoreRules): void {
  storeRules({ ...loadScoreRules(), ...bySignature });
}

registerWorkspacePart({
  key: 'import-score-rules',
  save: () => loadScoreRules(),
  restore: (json) => {
    if (json === undefined) return;
    storeRules({ ...loadScoreRules(), ...validRules(json, true) });
  },
  subscribe: (l) => {
    ruleListeners.add(l);
    return () => ruleListeners.delete(l);
  },
});
