/**
 * The analysis engine: summaries built at import, and typed SQL builders with readers for
 * the pivot, trends, rankings, compare and unit search views. Each view asks for an
 * AnalysisQuery (SQL + reader) and runs it through the query coordinator (or shared/engine runAnalysis).
 */
export * from './common.ts';
export * from './summaries.ts';
export * from './measures.ts';
export * from './pivot.ts';
export * from './trends.ts';
export * from './ranking.ts';
export * from './compare.ts';
export * from './search.ts';
