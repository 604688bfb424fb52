/**
 * A few lines over IndexedDB for the browser build: the autosave slots and the recent
 * workspaces (with their file handles where the browser has them). Every call fails
 * soft (resolves undefined / []) when IndexedDB is missing or refuses: the app keeps working.
 */

const DB_NAME = 'xingtu-workspace';
export type StoreName = 'autosave' | 'recent';

let opening: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve(null);
    try {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore('autosave');
        req.result.createObjectStore('recent', { keyPath: 'id' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
      req.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opening;
}

function request<T>(store: StoreName, mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  return open().then((db) => new Promise<T | undefined>((resolve) => {
    if (!db) return resolve(undefined);
    try {
      const tx = db.transaction(store, mode);
      const req = run(tx.objectStore(store));
      // Resolve when the transaction commits: a write is then on disk, all or nothing.
      tx.oncomplete = () => resolve(req ? req.result : undefined);
      tx.onerror = () => resolve(undefined);
      tx.onabort = () => resolve(undefined);
    } catch {
      resolve(undefined);
    }
  }));
}

export const idb = {
  get: <T>(store: StoreName, key: string) => request<T>(store, 'readonly', (s) => s.get(key) as IDBRequest<T>),
  all: async <T>(store: StoreName) => (await request<T[]>(store, 'readonly', (s) => s.getAll() as IDBRequest<T[]>)) ?? [],
  put: (store: StoreName, value: unknown, key?: string) =>
    request(store, 'readwrite', (s) => { if (key === undefined) s.put(value); else s.put(value, key); }),
  delete: (store: StoreName, key: string) => request(store, 'readwrite', (s) => { s.delete(key); }),
  /**
   * Writes `value` under `key` and moves the value it replaces to `previousKey`, in one
   * transaction: after a crash either both happened or neither (the autosave rotation).
   */
  rotate: (store: StoreName, key: string, previousKey: string, value: unknown) =>
    request(store, 'readwrite', (s) => {
      const old = s.get(key);
      old.onsuccess = () => {
        if (old.result !== undefined) s.put(old.result, previousKey);
        s.put(value, key);
      };
    }),
};
