/** The datasets loaded in this workspace, each with its source, periods and row count. */
import { periodCode, periodFromPk } from '../../../shared/period.ts';
import { DATASETS_SQL } from '../../../shared/sql/lists.ts';
import { useCoordinator } from '../data/context.ts';
import { useQuery } from '../data/useQuery.ts';
import { removeDatasetWithUndo } from '../import/commit.ts';
import { useOpenImport } from '../import/ImportHost.tsx';
import { EmptyState } from '../components/States.tsx';

interface DatasetRow {
  dataset_id: string;
  name: string;
  source: string;
  imported_at: string;
  is_sample: boolean;
  row_count: number;
  first_period: number | null;
  last_period: number | null;
}

/** first_period / last_period are pks (shared/period.ts periodPk): 2023Q4, 2023年度. */
const periodText = (p: number | null) => (p == null ? '—' : periodCode(periodFromPk(Number(p))));

export function DatasetList() {
  const { data } = useQuery(DATASETS_SQL, (rows) => rows as unknown as DatasetRow[]);
  const coordinator = useCoordinator();
  const openImport = useOpenImport();
  if (!data) return null;
  if (data.length === 0) {
    return (
      <EmptyState title="工作区里还没有数据">
        <p>导入各乡镇报送的“五星”支部台账（Excel 或 CSV），支持一个工作表一个季度、多行表头和合计行。</p>
        <button className="primary" onClick={openImport}>导入台账（Ctrl+O）</button>
      </EmptyState>
    );
  }
  return (
    <table className="mini-table datasets" data-testid="datasets">
      <thead>
        <tr><th>数据集</th><th>来源</th><th>期次范围</th><th>评定记录</th><th>导入时间</th><th /></tr>
      </thead>
      <tbody>
        {data.map((d) => (
          <tr key={d.dataset_id}>
            <td>{d.name}{d.is_sample && <span className="tag">示例数据</span>}</td>
            <td>{d.source}</td>
            <td>{periodText(d.first_period)} – {periodText(d.last_period)}</td>
            <td className="num">{Number(d.row_count).toLocaleString('zh-CN')} 条</td>
            <td>{new Date(d.imported_at).toLocaleString('zh-CN', { hour12: false })}</td>
            <td>
              <button className="link" aria-label={`移除数据集“${d.name}”`}
                onClick={() => void removeDatasetWithUndo(coordinator, d.dataset_id, d.name)}>移除</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
