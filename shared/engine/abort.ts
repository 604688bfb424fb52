/** The error a cancelled query rejects with, and how callers tell it from a real failure. */

export function abortError(): Error {
  return new DOMException('查询已取消', 'AbortError');
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}
