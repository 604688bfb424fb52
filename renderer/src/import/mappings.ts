/** Column mappings the user assigned, remembered per header signature (localStorage). */
import type { FieldId } from '../../../shared/import/types.ts';

const KEY = 'xingtu.mappings.v1';

export function loadMappings(): Record<string, Array<FieldId | null>> {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

export function saveMapping(signature: string, fields: Array<FieldId | null>): void {
  const all = loadMappings();
  all[signature] = fields;
  localStorage.setItem(KEY, JSON.stringify(all));
}
