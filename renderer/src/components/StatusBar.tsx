/** The status line: what is loaded, how much, that the sample is invented, and when a query takes a while. */
import { useBusy, useQuery } from '../data/useQuery.ts';

const STATUS_SQL = `SELECT
  (SELECT count(*) FROM datasets) AS datasets,
  (SELECT count(*) FROM facts) AS ratings,
  (SELECT count(DISTINCT unit_id) FROM facts) AS units,
  (SELECT bool_or(is_sample) FROM datasets) AS has_sample,
  (SELECT string_agg(name, '、') FROM datasets) AS names`;

export function StatusBar() {
  const { data } = useQuery(STATUS_SQL, (rows) => rows[0]);
  const busy = useBusy();
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-busy" role="status" aria-live="polite" data-testid="status-busy">
        {busy && <><span className="spinner inline" aria-hidden="true" />正在计算…</>}
      </span>
      {data ? (
        <>
          <span>已加载：{String(data.names ?? '无')}</span>
          {Boolean(data.has_sample) && <span className="tag">示例数据 · 虚构县，仅供演示</span>}
          <span data-testid="status-rows">{Number(data.ratings).toLocaleString('zh-CN')} 条评定记录</span>
          <span>{Number(data.units).toLocaleString('zh-CN')} 个单位</span>
          <span className="spacer" />
          <span className="muted">离线运行 · 数据不出本机</span>
        </>
      ) : (
        <span className="muted">正在读取…</span>
      )}
    </footer>
  );
}
