/** The status line: what is loaded, how much, that the sample is invented, and when a query takes a while. */
import { STATUS_QUERY } from '../../../shared/datasets.ts';
import { useAnalysis, useBusy } from '../data/useQuery.ts';

export function StatusBar() {
  const { data } = useAnalysis(STATUS_QUERY);
  const busy = useBusy();
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-busy" role="status" aria-live="polite" data-testid="status-busy">
        {busy && <><span className="spinner inline" aria-hidden="true" />正在计算…</>}
      </span>
      {data ? (
        <>
          <span>已加载：{data.names.length ? data.names.join('、') : '无'}</span>
          {data.hasSample && <span className="tag">示例数据 · 虚构县，仅供演示</span>}
          <span data-testid="status-rows">{data.ratings.toLocaleString('zh-CN')} 条评定记录</span>
          {/* Each unit once, however many periods or names it has. */}
          <span data-testid="status-units">{data.units.toLocaleString('zh-CN')} 个单位</span>
          <span className="spacer" />
          <span className="muted">离线运行 · 数据不出本机</span>
        </>
      ) : (
        <span className="muted">正在读取…</span>
      )}
    </footer>
  );
}
