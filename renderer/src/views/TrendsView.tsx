import { ComingSoon } from './ComingSoon.tsx';

/** 趋势: being built (issue "The analysis"). */
export function TrendsView() {
  return <ComingSoon label="趋势" />;
}
