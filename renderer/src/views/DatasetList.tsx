/** The datasets loaded in this workspace, each with its source, periods and row count. */
import { DATASETS_SQL } from '../../../shared/sql/measures.ts';
import { useQuery } from '../data/useQuery.ts';

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

const periodCode = (p: number | null) => (p == null ? '—' : `${Math.floor(p / 10)}Q${p % 10}`);

export function DatasetList() {
  const { data } = useQuery(DATASETS_SQL, (rows) => rows as unknown as DatasetRow[]);
  if (!data) return null;
  return (
    <table className="mini-table datasets" data-testid="datasets">
      <thead>
        <tr><th>数据集</th><th>来源</th><th>期次范围</th><th>评定记录</th><th>导入时间</th></tr>
      </thead>
      <tbody>
        {data.map((d) => (
          <tr key={d.dataset_id}>
            <td>{d.name}{d.is_sample && <span className="tag">示例数据</span>}</td>
            <td>{d.source}</td>
            <td>{periodCode(d.first_period)} – {periodCode(d.last_period)}</td>
            <td className="num">{Number(d.row_count).toLocaleString('zh-CN')} 条</td>
            <td>{new Date(d.imported_at).toLocaleString('zh-CN', { hour12: false })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
