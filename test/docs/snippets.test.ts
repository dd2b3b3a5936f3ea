/**
 * Documentation that cannot drift: every ```ts / ```typescript block in
 * README.md and docs/*.md is type-checked against the sources, one test per
 * block, named `<file>:<line of the opening fence>`.
 *
 * How a block is checked:
 * - `from 'aicmo'` / `from 'aicmo/<entry>'` (also `import('…')`) resolve to
 *   `src/index.ts` / `src/<entry>/index.ts`; `aicmo/schemas/<file>.json`
 *   resolves to the JSON Schema generated from `src/json-schemas.ts`.
 * - Each block is its own module (top-level `await` works, names do not clash
 *   between blocks), compiled with the repository's tsconfig.json options by
 *   the TypeScript compiler API, in memory, in one program.
 *
 * Conventions (HTML comments, invisible on GitHub, on the lines just above the
 * opening fence, blank lines allowed in between):
 * - `<!-- snippet-preamble: declare const envelope: DeliverablesEnvelope -->`
 *   (one line, or several lines before the closing `-->`): code prepended to
 *   the block, for the free identifiers a fragment assumes. Prefer blocks
 *   that stand on their own; keep preambles to `import type` and `declare`.
 * A block that is deliberately not TypeScript (a shape sketch) uses another
 * fence language (```text); every ```ts block compiles, there is no skip.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { JSON_SCHEMAS } from '../../src/json-schemas.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VIRTUAL_DIR = join(ROOT, '.tmp', 'doc-snippets');

interface Snippet {
  /** `README.md:38`: the file and the line of the opening fence. */
  readonly name: string;
  readonly file: string;
  readonly fenceLine: number;
  readonly code: string;
  readonly preamble: string;
}

/** The markdown files whose TypeScript blocks are checked. */
function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

/** Reads the HTML-comment directives that end just above `fenceIndex`. */
function directivesAbove(lines: string[], fenceIndex: number): string {
  let end = fenceIndex - 1;
  const preamble: string[] = [];
  while (end >= 0) {
    while (end >= 0 && lines[end]?.trim() === '') end--;
    if (end < 0 || !lines[end]?.trimEnd().endsWith('-->')) break;
    let start = end;
    while (start >= 0 && !lines[start]?.includes('<!--')) start--;
    if (start < 0) break;
    const body = lines
      .slice(start, end + 1)
      .join('\n')
      .replace(/^\s*<!--/, '')
      .replace(/-->\s*$/, '')
      .trim();
    const match = /^snippet-preamble:?\s*([\s\S]*)$/.exec(body);
    if (!match) break;
    preamble.unshift(match[1]?.trim() ?? '');
    end = start - 1;
  }
  return preamble.join('\n');
}

/** Every ```ts / ```typescript block of one markdown file. */
function extractSnippets(file: string): Snippet[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\w*)/.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = open[2] ?? '```';
    let close = i + 1;
    while (close < lines.length && !(lines[close] ?? '').trim().startsWith(fence)) close++;
    const lang = (open[3] ?? '').toLowerCase();
    if (lang === 'ts' || lang === 'typescript') {
      const preamble = directivesAbove(lines, i);
      const code = lines.slice(i + 1, close).join('\n');
      snippets.push({ name: `${file}:${i + 1}`, file, fenceLine: i + 1, code, preamble });
    }
    i = close;
  }
  return snippets;
}

/** `aicmo` / `aicmo/<entry>` / `aicmo/schemas/<file>` → a path the program resolves. */
function rewriteSpecifier(specifier: string): string {
  if (specifier === 'aicmo') return join(ROOT, 'src', 'index.ts').replace(/\.ts$/, '.js');
  const schema = /^aicmo\/schemas\/(.+\.json)$/.exec(specifier);
  if (schema) return join(VIRTUAL_DIR, 'schemas', schema[1] ?? '');
  const entry = /^aicmo\/([\w-]+)$/.exec(specifier);
  if (entry) return join(ROOT, 'src', entry[1] ?? '', 'index.js');
  return specifier;
}

function rewriteImports(code: string): string {
  return code.replace(
    /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(aicmo(?:\/[^'"]*)?)\2/g,
    (_all, lead: string, quote: string, spec: string) => `${lead}${quote}${rewriteSpecifier(spec)}${quote}`,
  );
}

function virtualPath(snippet: Snippet): string {
  return join(VIRTUAL_DIR, `${snippet.file.replace(/[/.]/g, '_')}_L${snippet.fenceLine}.ts`);
}

/** The module text compiled for a block; the block starts at line `offset + 1`. */
function moduleText(snippet: Snippet): { text: string; offset: number } {
  const preamble = snippet.preamble ? `${rewriteImports(snippet.preamble)}\n` : '';
  const offset = preamble === '' ? 0 : preamble.split('\n').length - 1;
  return { text: `${preamble}${rewriteImports(snippet.code)}\nexport {};\n`, offset };
}

const snippets = markdownFiles().flatMap(extractSnippets);

let program: ts.Program;
const texts = new Map<string, { text: string; offset: number }>();

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT, undefined, configPath);
  return { ...parsed.options, noEmit: true, incremental: false };
}

function buildProgram(): ts.Program {
  const virtualFiles = new Map<string, string>();
  for (const snippet of snippets) {
    const module = moduleText(snippet);
    texts.set(snippet.name, module);
    virtualFiles.set(virtualPath(snippet), module.text);
  }
  for (const [file, schema] of Object.entries(JSON_SCHEMAS)) {
    virtualFiles.set(join(VIRTUAL_DIR, 'schemas', file), JSON.stringify(schema()));
  }
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  const { directoryExists } = host;
  host.fileExists = (f) => virtualFiles.has(f) || fileExists.call(host, f);
  host.directoryExists = (d) => d.startsWith(VIRTUAL_DIR) || (directoryExists?.call(host, d) ?? true);
  host.readFile = (f) => virtualFiles.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, languageVersion, onError, shouldCreate) => {
    const text = virtualFiles.get(f);
    if (text !== undefined) return ts.createSourceFile(f, text, languageVersion, true);
    return getSourceFile.call(host, f, languageVersion, onError, shouldCreate);
  };
  const roots = snippets.map(virtualPath);
  return ts.createProgram({ rootNames: roots, options, host });
}

/**
 * Preamble statements that are not `import type` or `declare`: a preamble
 * may only give names to what the block assumes, never run code of its own.
 */
function preambleProblems(snippet: Snippet): string[] {
  if (!snippet.preamble) return [];
  const source = ts.createSourceFile('preamble.ts', snippet.preamble, ts.ScriptTarget.Latest, true);
  return source.statements
    .filter((statement) => {
      if (ts.isImportDeclaration(statement)) {
        const clause = statement.importClause;
        if (!clause) return true;
        if (clause.isTypeOnly) return false;
        const bindings = clause.namedBindings;
        return clause.name !== undefined || !bindings || !ts.isNamedImports(bindings)
          ? true
          : !bindings.elements.every((element) => element.isTypeOnly);
      }
      const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
      return !modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
    })
    .map(
      (statement) =>
        `${snippet.name} preamble: only \`import type\` and \`declare\` allowed: ${statement.getText()}`,
    );
}

/** Diagnostics of one block, as `README.md:42:7 TS2304 Cannot find name 'body'.` lines. */
function diagnosticsOf(snippet: Snippet): string[] {
  const source = program.getSourceFile(virtualPath(snippet));
  if (!source) return [`${snippet.name}: not compiled`];
  const { offset } = texts.get(snippet.name) ?? { offset: 0 };
  const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
    if (d.file === undefined || d.start === undefined) return `TS${d.code} ${message}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const where =
      line < offset
        ? `${snippet.name} (preamble line ${line + 1})`
        : `${snippet.file}:${snippet.fenceLine + 1 + line - offset}:${character + 1}`;
    return `${where} TS${d.code} ${message}`;
  });
}

describe('TypeScript snippets in README.md and docs/*.md compile against src/', () => {
  beforeAll(() => {
    program = buildProgram();
  });

  it('finds the snippets', () => {
    expect(snippets.length).toBeGreaterThan(20);
    expect(snippets.some((s) => s.file === 'README.md')).toBe(true);
  });

  for (const snippet of snippets) {
    const label = snippet.name;
    it(label, () => {
      const diagnostics = [...preambleProblems(snippet), ...diagnosticsOf(snippet)];
      expect(diagnostics, `\n${diagnostics.join('\n')}\n`).toEqual([]);
    });
  }
});
