import type { Delta } from '../../../shared/format.ts';

const ARROWS = { up: '↑', down: '↓', flat: '→', none: '' } as const;

/** A change against the previous period: ↑ in the accent, ↓ in green-grey, as reports colour them. */
export function DeltaBadge({ delta, title }: { delta: Delta; title?: string }) {
  return (
    <span className={`delta delta-${delta.trend}`} title={title ?? delta.sentence}>
      {ARROWS[delta.trend]}
      {delta.short}
    </span>
  );
}
