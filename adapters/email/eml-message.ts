import { createHash } from 'node:crypto';
import type { OutgoingEmail } from './email-sender.ts';
import { parseMailbox, type Mailbox } from './validate-outgoing-email.ts';

const CRLF = '\r\n';

/** RFC 2047 `B` encoded-words, each at most 75 characters, never splitting a UTF-8 sequence. */
function encodedWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    // 45 bytes of UTF-8 make 60 base64 characters, plus the 12 of `=?UTF-8?B??=`.
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join(`${CRLF} `);
}

/** A header value: kept as is when it is short printable ASCII, encoded otherwise. */
function headerText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) && text.length <= 900 ? text : encodedWords(text);
}

function mailbox({ name, address }: Mailbox): string {
  if (!name) return address;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
  return `${encodedWords(name)} <${address}>`;
}

function mailboxList(values: readonly string[], field: string): string {
  return values.map((value) => mailbox(parseMailbox(value, field))).join(`,${CRLF} `);
}

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text, CRLF line breaks, soft breaks at 76 columns. */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      let out = '';
      let column = 0;
      for (let i = 0; i < bytes.length; i += 1) {
        const byte = bytes[i] as number;
        const last = i === bytes.length - 1;
        const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        const token = literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (column + token.length > 75) {
          out += `=${CRLF}`;
          column = 0;
        }
        out += token;
        column += token.length;
      }
      return out;
    })
    .join(CRLF);
}

function base64Lines(bytes: Uint8Array): string {
  return (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

/** RFC 2231 `filename*` for non-ASCII names, with an ASCII fallback `filename`. */
function dispositionFilename(filename: string): string {
  const ascii = filename.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'attachment';
  if (ascii === filename) return `filename="${filename}"`;
  return `filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function boundary(seed: string, kind: string): string {
  return `=_${kind}_${createHash('sha256').update(seed).digest('hex').slice(0, 24)}`;
}

/** What identifies a written message besides its content. */
export interface EmlEnvelope {
  /** Without angle brackets: `<hash>@<from domain>`. */
  readonly messageId: string;
  readonly date: Date;
}

/**
 * Formats an email as an RFC 5322 message (`.eml`): UTF-8 headers as RFC 2047 encoded-words,
 * `multipart/alternative` with the text and HTML bodies in quoted-printable, inside
 * `multipart/mixed` with base64 attachments when there are any. Any mail client opens it.
 */
export function formatEml(email: OutgoingEmail, envelope: EmlEnvelope): string {
  const seed = `${envelope.messageId}`;
  const headers = [
    `From: ${mailbox(parseMailbox(email.from, 'from'))}`,
    `To: ${mailboxList(email.to, 'to')}`,
    ...(email.cc?.length ? [`Cc: ${mailboxList(email.cc, 'cc')}`] : []),
    ...(email.replyTo ? [`Reply-To: ${mailbox(parseMailbox(email.replyTo, 'replyTo'))}`] : []),
    `Subject: ${headerText(email.subject)}`,
    `Date: ${envelope.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${envelope.messageId}>`,
    'MIME-Version: 1.0',
    `X-Echeance-Idempotency-Key: ${headerText(email.idempotencyKey)}`,
    ...Object.entries(email.tags ?? {}).map(([name, value]) => `X-Echeance-Tag: ${name}=${value}`),
  ];
  const alternativeBoundary = boundary(seed, 'alt');
  const alternative = [
    `Content-Type: multipart/alternative; boundary="${alternativeBoundary}"`,
    '',
    `--${alternativeBoundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(email.text),
    `--${alternativeBoundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(email.html),
    `--${alternativeBoundary}--`,
  ];
  const attachments = email.attachments ?? [];
  if (attachments.length === 0) return [...headers, ...alternative, ''].join(CRLF);
  const mixedBoundary = boundary(seed, 'mixed');
  const parts = attachments.flatMap((attachment) => [
    `--${mixedBoundary}`,
    `Content-Type: ${attachment.contentType}; name="${headerText(attachment.filename)}"`,
    `Content-Disposition: attachment; ${dispositionFilename(attachment.filename)}`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(attachment.content),
  ]);
  return [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${mixedBoundary}"`,
    '',
    `--${mixedBoundary}`,
    ...alternative,
    ...parts,
    `--${mixedBoundary}--`,
    '',
  ].join(CRLF);
}
