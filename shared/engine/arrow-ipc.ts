/**
 * Arrow IPC bytes in and out of a duckdb-wasm connection (Database.queryArrowIPC and
 * insertArrowIPC): workspaces persist tables this way, with no DuckDB extension.
 */

/** The parts of duckdb-wasm's AsyncDuckDBConnection that move Arrow IPC bytes (Node and browser builds alike). */
export interface ArrowIPCConnection {
  /** Raw access: runQuery answers with the Arrow IPC *file* bytes the worker produced. */
  useUnsafe<R>(callback: (bindings: { runQuery(conn: number, sql: string): Promise<Uint8Array> }, conn: number) => R): R;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; schema?: string; create?: boolean }): Promise<void>;
}

/** Database.queryArrowIPC over a duckdb-wasm connection: the worker's bytes, never decoded here. */
export async function queryArrowIPCOn(conn: ArrowIPCConnection, sql: string): Promise<Uint8Array> {
  return arrowFileToStream(await conn.useUnsafe((bindings, id) => bindings.runQuery(id, sql)));
}

/** Database.insertArrowIPC over a duckdb-wasm connection. */
export async function insertArrowIPCOn(conn: ArrowIPCConnection, name: string, bytes: Uint8Array): Promise<void> {
  // The worker takes ownership of (detaches) the buffer it is handed: give it a copy.
  await conn.insertArrowFromIPCStream(bytes.slice(), { name, create: true });
}

const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
const EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/**
 * Arrow IPC file bytes to stream bytes without decoding anything: a file is
 * "ARROW1" + padding, the stream format, the footer, the footer length, "ARROW1"
 * (Arrow columnar format spec, "IPC File Format"). The stream gets its end-of-stream
 * marker if the writer left it out.
 */
export function arrowFileToStream(file: Uint8Array): Uint8Array {
  const n = file.length;
  const magicAt = (at: number) => ARROW_MAGIC.every((b, i) => file[at + i] === b);
  if (n < 8 + 10 || !magicAt(0) || !magicAt(n - 6)) throw new Error('Arrow IPC 文件格式不正确');
  const footer = new DataView(file.buffer, file.byteOffset + n - 10, 4).getInt32(0, true);
  const end = n - 10 - footer;
  if (footer < 0 || end < 8) throw new Error('Arrow IPC 文件格式不正确');
  const body = file.subarray(8, end);
  const tail = body.subarray(Math.max(0, body.length - 8));
  const hasEos = tail.length === 8 && EOS.every((b, i) => tail[i] === b);
  if (hasEos) return body.slice();
  const out = new Uint8Array(body.length + 8);
  out.set(body);
  out.set(EOS, body.length);
  return out;
}
