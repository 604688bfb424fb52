/** Pinyin initials of a Chinese name ("王庄村" → "wzc"), from pinyin-pro's bundled dictionary (offline). */
import { pinyin } from 'pinyin-pro';

export function initialsOf(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
}
