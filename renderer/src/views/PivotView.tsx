import { ComingSoon } from './ComingSoon.tsx';

/** 透视: being built (issue "The analysis"). */
export function PivotView() {
  return <ComingSoon label="透视" />;
}
