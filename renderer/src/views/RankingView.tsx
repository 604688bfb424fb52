import { ComingSoon } from './ComingSoon.tsx';

/** 排名: being built (issue "The analysis"). */
export function RankingView() {
  return <ComingSoon label="排名" />;
}
