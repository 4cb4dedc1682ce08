// Builds one deployable app into dist/apps/<app>: every source file its entry points reach (its own and
// the workspace libraries', never a spec) compiled by SWC with the same settings @swc-node/register
// runs the sources with — CommonJS, ES2022, legacy decorators with their metadata (NestJS injects by
// it) — and source maps. The app's files land at the root (`node dist/apps/<app>/main.js`), each
// library under libs/<name>, and every `@eventshop/*` import is rewritten to the relative path of its
// copy. Files next to compiled ones that are not TypeScript (a .proto) are copied along, and so are the
// asset directories named with --assets. External packages stay imports: they come from node_modules.
//
//   tsx tools/build/build-app.ts <app> [--entry src/other.ts]... [--assets src/some/dir]...
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { parseArgs } from 'node:util';
import { transformFileSync, type Options } from '@swc/core';

const root = path.resolve(__dirname, '../..');

const swcOptions: Options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

/** `@eventshop/x` -> the library's entry file (tsconfig.base.json's paths). */
function workspaceAliases(): Map<string, string> {
  const config = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  return new Map(Object.entries(config.compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(root, target)]));
}

const importPattern = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;

function resolveSource(fromFile: string, specifier: string, aliases: Map<string, string>): string | undefined {
  const aliased = aliases.get(specifier);
  if (aliased) return aliased;
  if (!specifier.startsWith('.')) return undefined; // a package from node_modules
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return undefined; // JSON and other non-TypeScript files are copied with their directory
}

/** The npm package an import names (`@scope/name/sub` -> `@scope/name`), or undefined for Node's own and the workspace's. */
function packageOf(specifier: string, aliases: Map<string, string>): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || aliases.has(specifier)) return undefined;
  const name = specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
  return builtinModules.includes(name) ? undefined : name;
}

/**
 * The packages the sources import that are not production dependencies: the Docker image installs
 * only those (npm ci --omit=dev), so a build importing a devDependency would not start there.
 */
function missingProductionPackages(sources: Set<string>, aliases: Map<string, string>): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const missing = new Set<string>();
  for (const source of sources) {
    for (const [, specifier] of readFileSync(source, 'utf8').matchAll(importPattern)) {
      const name = packageOf(specifier, aliases);
      if (name && !(name in (manifest.dependencies ?? {}))) missing.add(`${name} (${path.relative(root, source)})`);
    }
  }
  return [...missing];
}

/** Every workspace source file the entries reach, following imports. */
function reachableSources(entries: string[], aliases: Map<string, string>): Set<string> {
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(importPattern)) {
      const target = resolveSource(file, specifier, aliases);
      if (target && !seen.has(target)) pending.push(target);
    }
  }
  return seen;
}

function main(): void {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { entry: { type: 'string', multiple: true, default: [] }, assets: { type: 'string', multiple: true, default: [] } },
  });
  const [app] = positionals;
  if (!app || !existsSync(path.join(root, 'apps', app, 'src', 'main.ts')))
    throw new Error(`usage: build-app.ts <app with apps/<app>/src/main.ts> (got ${app})`);
  const out = path.join(root, 'dist', 'apps', app);
  /** Where a source file's output goes: the app's at the root, a library's under libs/<name>. */
  const outputOf = (source: string): string => {
    const relative = path.relative(root, source);
    const [kind, name, src, ...rest] = relative.split(path.sep);
    if (kind === 'apps' && name === app && src === 'src') return path.join(out, ...rest);
    if (kind === 'libs' && src === 'src') return path.join(out, 'libs', name, ...rest);
    throw new Error(`${relative} is outside the app and the libraries`);
  };

  const aliases = workspaceAliases();
  const entries = ['src/main.ts', ...(values.entry ?? [])].map((entry) => path.join(root, 'apps', app, entry));
  const sources = reachableSources(entries, aliases);
  const missing = missingProductionPackages(sources, aliases);
  if (missing.length > 0) throw new Error(`${app} imports packages that are not production dependencies: ${missing.join(', ')}`);
  rmSync(out, { recursive: true, force: true });

  for (const source of sources) {
    const target = outputOf(source).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(target), { recursive: true });
    const { code, map } = transformFileSync(source, { ...swcOptions, sourceFileName: path.relative(path.dirname(target), source) });
    const rewritten = code.replace(/require\("(@eventshop\/[^"]+)"\)/g, (whole, alias: string) => {
      const library = aliases.get(alias);
      if (!library) return whole;
      const relative = path.relative(path.dirname(target), outputOf(library).replace(/\.ts$/, ''));
      return `require("${relative.startsWith('.') ? relative : `./${relative}`}")`;
    });
    writeFileSync(target, `${rewritten}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
    if (map) writeFileSync(`${target}.map`, map);
  }

  // Non-TypeScript files beside the compiled ones (a .proto the code loads by __dirname).
  const directories = new Set([...sources].map((s) => path.dirname(s)));
  for (const directory of directories) {
    for (const file of readdirSync(directory)) {
      const source = path.join(directory, file);
      if (!file.endsWith('.ts') && statSync(source).isFile()) copyFileSync(source, outputOf(source));
    }
  }
  for (const asset of values.assets ?? []) {
    const source = path.join(root, 'apps', app, asset);
    cpSync(source, outputOf(source), { recursive: true });
  }
  console.log(
    `${app}: ${sources.size} files from ${new Set([...sources].map((s) => path.relative(root, s).split(path.sep).slice(0, 2).join('/'))).size} projects -> ${path.relative(root, out)}`,
  );
}

main();
