/** Tells the user what the spec checks (shared/specs.ts) dropped or repaired while loading saved settings. */
import { specNoticeText } from '../../../shared/specs.ts';
import { notify } from '../state/toast.ts';

/** One notice for a load (a workspace part, localStorage), naming the first few changes. */
export function reportSpecNotices(notices: readonly string[]): void {
  const text = specNoticeText(notices);
  if (text) notify(text, 'error', 12_000);
}
