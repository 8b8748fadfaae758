import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Transform } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

interface Entry {
  name: Buffer;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** DOS date and time of an instant, as zip headers store them. */
function dosDateTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/**
 * A minimal streaming zip writer (deflate, data descriptors, no zip64: entries and archive under
 * 4 GiB): each entry is compressed as it is written and sent to `output` with back-pressure, so
 * memory stays flat whatever the size. Just what an .xlsx package needs.
 */
export class ZipStream {
  private readonly entries: Entry[] = [];
  private offset = 0;
  private readonly stamp = dosDateTime(new Date());

  constructor(private readonly output: Writable) {}

  private async write(buffer: Buffer): Promise<void> {
    this.offset += buffer.length;
    if (!this.output.write(buffer)) await once(this.output, 'drain');
  }

  /** Opens an entry; write its content with `write`, then `close` it before opening another. */
  async open(name: string): Promise<{ write(chunk: string | Buffer): Promise<void>; close(): Promise<void> }> {
    const entry: Entry = { name: Buffer.from(name, 'utf8'), crc: 0, compressedSize: 0, size: 0, offset: this.offset };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 names
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt16LE(entry.name.length, 26);
    await this.write(Buffer.concat([header, entry.name]));

    // Level 1: the sheet is repetitive XML; faster compression keeps the 100,000-row export under 5 s.
    const deflate = createDeflateRaw({ level: 1 });
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        entry.compressedSize += chunk.length;
        done(null, chunk);
      },
    });
    deflate.pipe(counter).pipe(this.output, { end: false });
    const ended = once(counter, 'end');
    return {
      write: async (chunk) => {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        entry.crc = crc32(buffer, entry.crc);
        entry.size += buffer.length;
        if (!deflate.write(buffer)) await once(deflate, 'drain');
      },
      close: async () => {
        deflate.end();
        await ended;
        this.offset += entry.compressedSize;
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(entry.crc >>> 0, 4);
        descriptor.writeUInt32LE(entry.compressedSize, 8);
        descriptor.writeUInt32LE(entry.size, 12);
        await this.write(descriptor);
        this.entries.push(entry);
      },
    };
  }

  /** Adds a small entry in one go. */
  async add(name: string, content: string): Promise<void> {
    const entry = await this.open(name);
    await entry.write(content);
    await entry.close();
  }

  /** Writes the central directory; the archive is complete (the output is left open). */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const entry of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(0x0808, 8);
      header.writeUInt16LE(8, 10);
      header.writeUInt16LE(this.stamp.time, 12);
      header.writeUInt16LE(this.stamp.date, 14);
      header.writeUInt32LE(entry.crc >>> 0, 16);
      header.writeUInt32LE(entry.compressedSize, 20);
      header.writeUInt32LE(entry.size, 24);
      header.writeUInt16LE(entry.name.length, 28);
      header.writeUInt32LE(entry.offset, 42);
      await this.write(Buffer.concat([header, entry.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
  }
}
