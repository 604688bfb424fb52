/**
 * "加入简报": adds what a view shows (its configuration and the filter of the moment) to the
 * briefing, and says so: 已加入简报（共N项）.
 */
import type { ItemSpec } from '../../../../shared/briefing/model.ts';
import { filterStore } from '../../state/filter-store.ts';
import { notify } from '../../state/toast.ts';
import { addItem } from './store.ts';
import './briefing.css';

export function AddToBriefing({ spec, label = '加入简报', title, testId }: {
  /** The item, or a function building it at click time (views whose settings live in local state). */
  spec: ItemSpec | (() => ItemSpec | null);
  label?: string;
  title?: string;
  testId?: string;
}) {
  return (
    <button type="button" className="add-briefing" data-testid={testId ?? 'add-to-briefing'}
      title={title ?? '把当前内容（含筛选条件）加入简报，可在“简报”中排序、加说明并导出'}
      onClick={() => {
        const s = typeof spec === 'function' ? spec() : spec;
        if (!s) return;
        const n = addItem(s, filterStore.get());
        notify(`已加入简报（共${n}项）`);
      }}>
      {label}
    </button>
  );
}
