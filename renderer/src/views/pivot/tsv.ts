/** Rows as tab-separated text for pasting into Excel/WPS (tabs and newlines inside cells flattened). */
export function toTsv(rows: Array<Array<string | number | null | undefined>>): string {
  const clean = (v: string | number | null | undefined) => (v == null ? '' : String(v).replace(/[\t\r\n]+/g, ' '));
  return rows.map((r) => r.map(clean).join('\t')).join('\r\n');
}

/** Puts text on the clipboard through a copy event: needs no clipboard permission. */
export function copyText(text: string): boolean {
  const onCopy = (e: ClipboardEvent) => {
    e.clipboardData?.setData('text/plain', text);
    e.preventDefault();
  };
  document.addEventListener('copy', onCopy);
  try {
    return document.execCommand('copy');
  } finally {
    document.removeEventListener('copy', onCopy);
  }
}
