import { ComingSoon } from './ComingSoon.tsx';

/** 对比: being built (issue "The analysis"). */
export function CompareView() {
  return <ComingSoon label="对比" />;
}
