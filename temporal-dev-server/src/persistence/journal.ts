/**
 * An append-only journal of JSON lines with group commit: lines handed to `append` are written
 * and `fdatasync`ed before the returned promise resolves; appends that arrive while a write is
 * in flight share the next one. `rewrite` replaces the whole file atomically (write a temporary
 * file, fsync, rename, fsync the directory): that is compaction. A crash can only tear the last
 * line, which `open` drops.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export class Journal {
  private fd: number;
  private tail: Promise<void> = Promise.resolve();
  private pending: string[] = [];
  private queued = false;
  /** Bytes in the file now. */
  bytes: number;
  /** Lines written since the last rewrite (or open). */
  linesSinceRewrite = 0;

  private constructor(
    readonly file: string,
    bytes: number,
    private readonly onError: (err: unknown) => void,
  ) {
    this.fd = fs.openSync(file, 'a');
    this.bytes = bytes;
  }

  /** Open (or create) a journal and read its lines. */
  static open(file: string, onError: (err: unknown) => void): { journal: Journal; lines: string[] } {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const lines = text.split('\n');
    // The last element is '' when the file ends with a newline; anything else is a torn write.
    const last = lines.pop() ?? '';
    let bytes = Buffer.byteLength(text);
    if (last !== '') {
      bytes -= Buffer.byteLength(last);
      fs.truncateSync(file, bytes);
    }
    return { journal: new Journal(file, bytes, onError), lines: lines.filter((l) => l !== '') };
  }

  /** Queue lines; resolves once they (and everything queued before) are on disk. */
  append(lines: string[]): Promise<void> {
    if (lines.length > 0) {
      for (const l of lines) this.pending.push(l);
      if (!this.queued) {
        this.queued = true;
        this.tail = this.tail.then(() => this.writePending());
      }
    }
    return this.tail;
  }

  private async writePending(): Promise<void> {
    this.queued = false;
    const lines = this.pending;
    this.pending = [];
    if (lines.length === 0) return;
    const data = Buffer.from(lines.join('\n') + '\n');
    try {
      let off = 0;
      while (off < data.length) {
        const { bytesWritten } = await new Promise<{ bytesWritten: number }>((resolve, reject) =>
          fs.write(this.fd, data, off, data.length - off, null, (err, n) => (err ? reject(err) : resolve({ bytesWritten: n }))),
        );
        off += bytesWritten;
      }
      await new Promise<void>((resolve, reject) => fs.fdatasync(this.fd, (err) => (err ? reject(err) : resolve())));
      this.bytes += data.length;
      this.linesSinceRewrite += lines.length;
    } catch (err) {
      this.onError(err);
    }
  }

  /**
   * Replace the journal's content with `lines` once the writes queued so far are done (they are
   * superseded). `lines` is called then, so it sees the state of that moment.
   */
  rewrite(lines: () => Iterable<string>): Promise<void> {
    this.tail = this.tail.then(() => {
      // Lines still waiting describe changes the rewrite already holds; written after it, they
      // would bring older state back.
      this.pending = [];
      try {
        this.rewriteNow(lines());
      } catch (err) {
        this.onError(err);
      }
    });
    return this.tail;
  }

  private rewriteNow(lines: Iterable<string>): void {
    const tmp = `${this.file}.compacting`;
    const fd = fs.openSync(tmp, 'w');
    let bytes = 0;
    let chunk: string[] = [];
    let chunkLen = 0;
    const flush = (): void => {
      if (chunk.length === 0) return;
      const b = Buffer.from(chunk.join('\n') + '\n');
      fs.writeSync(fd, b);
      bytes += b.length;
      chunk = [];
      chunkLen = 0;
    };
    for (const l of lines) {
      chunk.push(l);
      chunkLen += l.length;
      if (chunkLen > 1 << 20) flush();
    }
    flush();
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.file);
    syncDir(path.dirname(path.resolve(this.file)));
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, 'a');
    this.bytes = bytes;
    this.linesSinceRewrite = 0;
  }

  async close(): Promise<void> {
    await this.tail;
    fs.closeSync(this.fd);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}
