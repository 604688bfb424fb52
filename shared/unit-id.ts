/**
 * A stable unit id when the file has no 行政区划代码: a 64-bit FNV-1a hash of
 * county + township + name, so the same village gets the same id in every import.
 */
export function unitIdFor(county: string, township: string, name: string): string {
  const text = `${county}\u001f${township}\u001f${name}`;
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * prime) & 0xffffffffffffffffn;
  }
  return 'u' + h.toString(16).padStart(16, '0');
}
