/**
 * The only places user text enters SQL. Values become escaped string literals,
 * names become quoted identifiers; nothing else is ever concatenated into a query.
 */

export function str(value: string): string {
  if (value.includes('\u0000')) throw new Error('SQL 字符串中不允许出现空字符');
  return `'${value.replace(/'/g, "''")}'`;
}

export function ident(name: string): string {
  if (name.includes('\u0000')) throw new Error('SQL 标识符中不允许出现空字符');
  return `"${name.replace(/"/g, '""')}"`;
}

export function int(value: number): string {
  if (!Number.isInteger(value)) throw new Error(`不是整数: ${value}`);
  return String(value);
}

export function strList(values: readonly string[]): string {
  return `(${values.map(str).join(', ')})`;
}
