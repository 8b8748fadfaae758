/** The journal file under the durable state: torn tails, group commit, atomic rewrite. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../src/persistence/journal.ts';

const fail = (err: unknown): never => {
  throw err;
};

function tmpFile(content?: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tds-journal-')), 'j');
  if (content !== undefined) fs.writeFileSync(file, content);
  return file;
}

describe('journal', () => {
  it('drops a line torn by a crash and truncates the file to the last whole line', () => {
    const file = tmpFile('{"a":1}\n{"b":2}\n{"c":');
    const { journal, lines } = Journal.open(file, fail);
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
    void journal.close();
  });

  it('has the lines on disk when append resolves, in order, concurrent appends sharing writes', async () => {
    const file = tmpFile();
    const { journal } = Journal.open(file, fail);
    await Promise.all([journal.append(['1']), journal.append(['2', '3']), journal.append([])]);
    expect(fs.readFileSync(file, 'utf8')).toBe('1\n2\n3\n');
    await journal.close();
  });

  it('replaces the content on rewrite, drops lines it supersedes, and appends after it', async () => {
    const file = tmpFile();
    const { journal } = Journal.open(file, fail);
    await journal.append(['old-1', 'old-2']);
    // Queued before the rewrite: the rewrite's live state already holds these changes.
    const superseded = journal.append(['queued']);
    const rewrite = journal.rewrite(() => ['live-1', 'live-2']);
    await Promise.all([superseded, rewrite]);
    await journal.append(['after']);
    expect(fs.readFileSync(file, 'utf8')).toBe('live-1\nlive-2\nafter\n');
    expect(fs.existsSync(`${file}.compacting`)).toBe(false);
    await journal.close();
    expect(Journal.open(file, fail).lines).toEqual(['live-1', 'live-2', 'after']);
  });
});
