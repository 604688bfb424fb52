// The architecture's boundaries (DESIGN.md §3), checked on every `npm test`:
//   - shared/ runs in the main process, the renderer and the Node CLI: it imports no React or
//     other DOM-only packages, no stylesheets or Vite-only `?url`/`?worker` modules, no
//     Electron, nothing from renderer/ or electron/, and touches no window/document/storage.
//   - renderer/ never imports electron/ (nor the electron package): it reaches the shell only
//     through the preload API, whose types live in shared/desktop-api.ts.
//   - electron/ never imports renderer/.
//   - No SQL text in renderer/src: views ask shared/ builders for their queries.
//
// Imports are read with TypeScript's own parser (static, type-only, dynamic, require,
// `export … from`, `import('x').T` types and `new URL('./x', import.meta.url)`), and SQL is
// looked for only in string and template literals, so comments and UI text do not count.
//
//   node tests/boundaries.mjs          checks this checkout; exit 1 and one line per violation
//   node tests/boundaries.mjs <root>   checks another tree laid out the same way
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SOURCE_EXT = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'dist-electron', '.git']);

/** Packages that need a DOM, React or Electron: never imported from shared/. */
const SHARED_FORBIDDEN_PACKAGES = [
  /^react(?:-dom)?(?:\/|$)/, /^ag-grid-/, /^@ag-grid-community\//, /^echarts(?:\/|$)/, /^@fontsource\//,
  /^electron(?:\/|$)/,
];
/** Browser globals shared/ must not touch (it also runs in Node). */
const DOM_GLOBALS = new Set(['window', 'document', 'localStorage', 'sessionStorage']);

/**
 * SQL in a string: an upper-case keyword followed by something a query would have next
 * (a name, a quote, a bracket, a star, a number or an interpolation), or by a space that
 * ends the string (a fragment such as `' ORDER BY '`). `'SELECT'` alone, as in an element's
 * tagName, is not SQL.
 */
const SQL_TEXT = new RegExp(
  '\\b(?:SELECT|FROM|WHERE|JOIN|GROUP\\s+BY|ORDER\\s+BY|INSERT\\s+INTO|DELETE\\s+FROM|' +
  'CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMP(?:ORARY)?\\s+)?(?:TABLE|VIEW)|DROP\\s+(?:TABLE|VIEW))' +
  '\\s+(?:$|(?:DISTINCT\\s+)?[A-Za-z_"\'(*0-9\\u0000])',
);

/** @param {string} dir @param {string} root @returns {string[]} repo-relative paths, '/'-separated */
function listSources(dir, root) {
  /** @type {string[]} */
  const out = [];
  let entries;
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return out; // a tree without this folder has nothing to check there
  }
  for (const e of entries) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) out.push(...listSources(rel, root));
    } else if (SOURCE_EXT.test(e.name) && !e.name.endsWith('.d.ts')) {
      out.push(rel);
    }
  }
  return out.sort();
}

function scriptKind(file) {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Every module specifier a file names, with its line (1-based). */
function importsOf(sf) {
  /** @type {{ spec: string; line: number }[]} */
  const out = [];
  const add = (lit) => {
    if (lit && (ts.isStringLiteral(lit) || ts.isNoSubstitutionTemplateLiteral(lit))) {
      out.push({ spec: lit.text, line: sf.getLineAndCharacterOfPosition(lit.getStart(sf)).line + 1 });
    }
  };
  for (const ref of sf.referencedFiles) {
    out.push({ spec: ref.fileName, line: sf.getLineAndCharacterOfPosition(ref.pos).line + 1 });
  }
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        add(node.arguments[0]);
      }
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      const [target, base] = node.arguments ?? [];
      if (base && base.getText(sf) === 'import.meta.url') add(target);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The repo-relative path a relative specifier points at, or null for a package. */
function resolveLocal(file, spec) {
  if (!spec.startsWith('.') && !spec.startsWith('/')) return null;
  const clean = spec.replace(/[?#].*$/, '');
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), clean));
}

const topOf = (rel) => rel.split('/')[0];

/** Uses of browser globals as values: `window.x`, `document[x]`, `typeof window`, `localStorage()`. */
function domGlobalsOf(sf) {
  /** @type {{ name: string; line: number }[]} */
  const out = [];
  const visit = (node) => {
    if (ts.isIdentifier(node) && DOM_GLOBALS.has(node.text)) {
      const p = node.parent;
      const asValue = (ts.isPropertyAccessExpression(p) && p.expression === node)
        || (ts.isElementAccessExpression(p) && p.expression === node)
        || (ts.isCallExpression(p) && p.expression === node)
        || ts.isTypeOfExpression(p);
      if (asValue) out.push({ name: node.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** String and template literals that read as SQL; a template's `${…}` parts count as a name. */
function sqlTextsOf(sf) {
  /** @type {{ text: string; line: number }[]} */
  const out = [];
  const visit = (node) => {
    let text = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) {
      text = node.head.text + node.templateSpans.map((s) => `\u0000${s.literal.text}`).join('');
    }
    if (text != null && SQL_TEXT.test(text)) {
      const shown = text.replace(/\u0000/g, '${…}').replace(/\s+/g, ' ').trim();
      out.push({ text: shown.length > 60 ? `${shown.slice(0, 60)}…` : shown, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
    }
    // Template spans are visited too: SQL inside an interpolated template counts.
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/**
 * @typedef {{ file: string; line: number; rule: string; message: string }} Violation
 * @param {string} [root] the checkout to check (default: this one)
 * @returns {{ files: number; violations: Violation[] }}
 */
export function checkBoundaries(root = REPO_ROOT) {
  /** @type {Violation[]} */
  const violations = [];
  const files = ['shared', 'renderer', 'electron'].flatMap((dir) => listSources(dir, root));
  for (const file of files) {
    const layer = topOf(file);
    const text = readFileSync(path.join(root, file), 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
    const report = (line, rule, message) => violations.push({ file, line, rule, message });

    for (const { spec, line } of importsOf(sf)) {
      const local = resolveLocal(file, spec);
      const target = local == null ? null : topOf(local);
      if (layer === 'shared') {
        if (target === 'renderer' || target === 'electron') {
          report(line, 'shared-imports', `shared/ imports ${target}/ ('${spec}'): shared code runs in every front door; move what both need into shared/`);
        } else if (local == null && SHARED_FORBIDDEN_PACKAGES.some((re) => re.test(spec))) {
          report(line, 'shared-imports', `shared/ imports '${spec}' (React, DOM-only or Electron): shared code must also run in Node (CLI, main process)`);
        } else if (/\.(?:css|scss|less)(?:[?#]|$)/.test(spec) || /\?(?:url|worker|raw|inline)\b/.test(spec)) {
          report(line, 'shared-imports', `shared/ imports '${spec}', which only the Vite renderer build can load`);
        }
      } else if (layer === 'renderer') {
        if (target === 'electron' || (local == null && /^electron(?:\/|$)/.test(spec))) {
          report(line, 'renderer-imports', `renderer/ imports '${spec}': the renderer reaches the shell only through window.xingtu; its types are in shared/desktop-api.ts`);
        }
      } else if (layer === 'electron') {
        if (target === 'renderer') {
          report(line, 'electron-imports', `electron/ imports renderer/ ('${spec}'): move what both need into shared/`);
        }
      }
    }
    if (layer === 'shared') {
      for (const { name, line } of domGlobalsOf(sf)) {
        report(line, 'shared-dom', `shared/ uses the browser global '${name}': shared code must also run in Node; pass what it needs in from renderer/`);
      }
    }
    if (file.startsWith('renderer/src/')) {
      for (const { text: sql, line } of sqlTextsOf(sf)) {
        report(line, 'renderer-sql', `SQL text in renderer/ ("${sql}"): build the query in shared/ (a named function or AnalysisQuery) and import it`);
      }
    }
  }
  return { files: files.length, violations };
}

/** One line per violation, `file:line  rule  message`. */
export function formatViolations(violations) {
  return violations.map((v) => `${v.file}:${v.line}  ${v.rule}  ${v.message}`).join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? REPO_ROOT);
  const { files, violations } = checkBoundaries(root);
  if (violations.length > 0) {
    console.error(formatViolations(violations));
    console.error(`boundaries: ${violations.length} violation(s) in ${files} files (see tests/boundaries.mjs for the rules)`);
    process.exitCode = 1;
  } else {
    console.log(`boundaries: ok (${files} files in shared/, renderer/, electron/)`);
  }
}
