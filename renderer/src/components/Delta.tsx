import type { Delta } from '../../../shared/format.ts';

const ARROWS = { up: '↑', down: '↓', flat: '→', none: '' } as const;

/**
 * A change against the previous period: ↑ in the accent, ↓ in green-grey, as reports colour them.
 * `note` (shared/format.ts unitSetNote / uncomparedNote) marks a change over units that are
 * not all the same in both periods: a small 注 whose tooltip says how many differ.
 */
export function DeltaBadge({ delta, title, note }: { delta: Delta; title?: string; note?: string }) {
  const base = title ?? delta.sentence;
  return (
    <span className={`delta delta-${delta.trend}`} title={note ? `${base}（${note}）` : base}>
      {ARROWS[delta.trend]}
      {delta.short}
      {note && <sup className="delta-note" data-testid="delta-note">注</sup>}
    </span>
  );
}
