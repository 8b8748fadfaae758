/**
 * The runtime dependencies are the ones the product's code imports: a package only tests or
 * benchmarks use belongs in devDependencies, and an unused one goes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };

/** Needed at run time without an import: the start command's loader, and peers of imported packages. */
const usedWithoutImport: Record<string, string> = {
  tsx: 'runs `npm start` (package.json scripts)',
  'react-dom': 'peer dependency of @react-email/render',
  'date-fns': 'peer dependency of date-fns-tz',
};

/** The product's source files (not tests, benchmarks or scripts only developers run). */
const productFiles = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx', '*.mjs'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file !== '' && !/^(test|bench|temporal-dev-server\/(test|bench))\//.test(file) && !file.includes('.test.'));
const sources = productFiles.map((file) => readFileSync(`${root}/${file}`, 'utf8')).join('\n');

describe('package.json', () => {
  it('lists as runtime dependencies only packages the product imports', () => {
    const unused = Object.keys(pkg.dependencies).filter((name) => !(name in usedWithoutImport) && !new RegExp(`from '${name.replace(/[/.]/g, '\\$&')}(/[^']*)?'|import\\('${name.replace(/[/.]/g, '\\$&')}`).test(sources));
    expect(unused).toEqual([]);
  });
});
