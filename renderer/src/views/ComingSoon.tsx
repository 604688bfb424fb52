import { EmptyState } from '../components/States.tsx';

const PLANS: Record<string, string> = {
  透视: '按乡镇、期次、星类等任意维度拖拽生成透视表，支持合计、排序和导出 Excel。',
  趋势: '各乡镇三星以上占比走势、星级结构变化和各星达标率曲线。',
  对比: '选择 2–6 个村（社区）或乡镇，并排比较五星雷达图和星级变化。',
  排名: '乡镇排名、红黑榜、进步星和降星名单（观摩评比用）。',
  简报: '把图表和表格组合成简报，自动生成文字说明，导出 PDF 和 Excel。',
};

export function ComingSoon({ label }: { label: string }) {
  return (
    <EmptyState title={`${label}：即将推出`}>
      <p>{PLANS[label]}</p>
      <p className="muted">目前可以使用“总览”和“数据”两个页面。</p>
    </EmptyState>
  );
}
