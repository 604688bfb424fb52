/**
 * The engine: DuckDB (duckdb-wasm) as the project's Database, with cancellation, and the one
 * runner of analysis queries. Every front door imports it: the app (booted by
 * renderer/src/data/duckdb-browser.ts), the CLI and the tests (booted by cli/node-duckdb.ts)
 * and the bench. Booting is the only part left to each platform.
 */
export { abortError, isAbortError } from './abort.ts';
export { type AsyncDuckDBLike, type CancellableDatabase, isCancellable, openCancellableDatabase } from './connection.ts';
export { queryColumns, queryRows, runAnalysis, runAnalysisWithRows, type QuerySource, type RunnableQuery } from './run.ts';
