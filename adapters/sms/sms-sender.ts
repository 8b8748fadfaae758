import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AdapterError } from '../adapter-error.ts';

/** A text message to one mobile phone. */
export interface OutgoingSms {
  /** The recipient as typed (`06 12 34 56 78`, `+33 6…`); normalised to E.164 before sending. */
  readonly to: string;
  readonly body: string;
  /** Same key, same SMS: sent once (e.g. `quote-viewed/<quoteId>/<eventId>`). */
  readonly idempotencyKey: string;
}

/** The provider's (or the outbox's) id of an accepted SMS. */
export interface SentSms {
  readonly id: string;
}

/**
 * The SMS port (notifications to salespeople: "your quote was viewed"). Implementations
 * validate first — a number that is not a French mobile is a non-retryable `SmsDeliveryError` —
 * and send at most once per idempotency key. Only the outbox exists today; a provider adapter
 * implements this same interface.
 */
export interface SmsSender {
  /** Sends `sms`, or returns the id of the SMS already sent with the same idempotency key. */
  send(sms: OutgoingSms): Promise<SentSms>;
}

/** An SMS was not sent; `retryable` says whether trying again may help. */
export class SmsDeliveryError extends AdapterError {
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(code, message, { cause: options.cause });
    this.retryable = options.retryable;
  }
}

/** Metropolitan France and the overseas departments and collectivities on the French numbering plan. */
export const FRENCH_MOBILE_REGIONS = new Set(['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF']);

/** Long messages are refused rather than split into more than 10 parts. */
export const MAX_SMS_SEGMENTS = 10;

/**
 * Normalises a French mobile number to E.164 (`+33612345678`): national (`06 12 34 56 78`) or
 * international forms, metropolitan or overseas (`+262 692…`). Landlines, foreign numbers and
 * anything with letters are refused with a non-retryable `SmsDeliveryError` naming the value.
 */
export function normalizeFrenchMobile(value: string): string {
  const refuse = (why: string): SmsDeliveryError =>
    new SmsDeliveryError('sms_invalid_number', `${JSON.stringify(value)} ${why}`, { retryable: false });
  if (!/^\+?[\d\s().-]{6,25}$/.test(value.trim())) throw refuse('is not a phone number');
  const phone = parsePhoneNumberFromString(value, 'FR');
  if (!phone?.isValid()) throw refuse('is not a valid phone number');
  if (!phone.country || !FRENCH_MOBILE_REGIONS.has(phone.country)) throw refuse('is not a French number');
  if (phone.getType() !== 'MOBILE') throw refuse('is not a mobile number');
  return phone.number;
}

// The GSM 03.38 default alphabet; anything else switches the whole message to UCS-2.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/**
 * How many SMS parts a body takes: 160 GSM-7 characters in one part (153 per part beyond), or
 * 70 UCS-2 characters (67 per part) as soon as one character — `ê`, `ç`, `’`, `œ` — is outside
 * the GSM alphabet. French texts often are; the count makes the cost visible in the outbox.
 */
export function smsSegments(body: string): number {
  const chars = [...body];
  if (chars.every((char) => GSM_BASIC.has(char) || GSM_EXTENDED.has(char))) {
    const units = chars.reduce((total, char) => total + (GSM_EXTENDED.has(char) ? 2 : 1), 0);
    return units <= 160 ? 1 : Math.ceil(units / 153);
  }
  const units = body.length; // UTF-16 code units, as UCS-2/UTF-16 SMS count them
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

/** Validates an SMS before it is sent and returns the recipient in E.164 and the part count. */
export function validateOutgoingSms(sms: OutgoingSms): { to: string; segments: number } {
  const to = normalizeFrenchMobile(sms.to);
  if (sms.body.trim() === '') throw new SmsDeliveryError('sms_invalid_message', 'An SMS needs a body', { retryable: false });
  const segments = smsSegments(sms.body);
  if (segments > MAX_SMS_SEGMENTS) {
    throw new SmsDeliveryError('sms_invalid_message', `The SMS takes ${segments} parts, more than ${MAX_SMS_SEGMENTS}`, { retryable: false });
  }
  if (!/^[\x21-\x7e]{1,256}$/.test(sms.idempotencyKey)) {
    throw new SmsDeliveryError('sms_invalid_message', 'The idempotency key must be 1–256 visible ASCII characters', { retryable: false });
  }
  return { to, segments };
}
