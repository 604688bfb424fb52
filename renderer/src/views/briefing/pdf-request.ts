/**
 * "导出简报PDF" from the desktop menu can arrive while another screen is showing: the
 * request waits here until the briefing screen has mounted and rendered its items.
 */
let pending = false;
const listeners = new Set<() => void>();

export function requestBriefingPdf(): void {
  pending = true;
  for (const l of listeners) l();
}

/** True once per request. */
export function takeBriefingPdfRequest(): boolean {
  const was = pending;
  pending = false;
  return was;
}

export function onBriefingPdfRequest(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
