import { EmptyState } from '../components/States.tsx';

const PLANS: Record<string, string> = {
  简报: '把图表、透视表和排名组合成简报，自动生成文字说明，导出 PDF 和 Excel。',
};

export function ComingSoon({ label }: { label: string }) {
  return (
    <EmptyState title={`${label}：即将推出`}>
      <p>{PLANS[label]}</p>
      <p className="muted">总览、数据、透视、趋势、对比和排名已经可以使用。</p>
    </EmptyState>
  );
}
