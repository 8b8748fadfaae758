import { EsignError } from '../esign-error.ts';

/**
 * A thin client of Yousign's API v3 (DOMAIN.md): signature requests, documents (multipart, smart
 * anchors parsed), signers, activation, and the downloads once done. `fetch` only; the base URL
 * is configurable (`YOUSIGN_BASE_URL`), which is how the tests point it at a local stub.
 */
export interface YousignClientOptions {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
}

export interface YousignSignerInfo {
  readonly first_name: string;
  readonly last_name: string;
  readonly email: string;
  readonly phone_number?: string | undefined;
  readonly locale: 'fr';
}

export type YousignLevel = 'electronic_signature' | 'advanced_electronic_signature';
export type YousignOtp = 'no_otp' | 'otp_email' | 'otp_sms';

export class YousignClient {
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: YousignClientOptions) {
    this.fetchFn = options.fetch ?? fetch;
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}${path}`;
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method,
        headers: { Authorization: `Bearer ${this.options.apiKey}`, ...(body !== undefined && !(body instanceof FormData) ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: body instanceof FormData ? body : JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new EsignError('yousign_unreachable', `Yousign is unreachable at ${url}`, { retryable: true, cause: error });
    }
    if (!response.ok) {
      const detail = await response.text().catch(() => '');
      throw new EsignError(`yousign_http_${response.status}`, `Yousign answered ${response.status} to ${method} ${path}: ${detail.slice(0, 300)}`, {
        retryable: response.status === 429 || response.status >= 500,
      });
    }
    return response;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.call(method, path, body)).json()) as T;
  }

  /** `POST /signature_requests` → a draft request. */
  createSignatureRequest(input: {
    name: string;
    external_id: string;
    expiration_date: string;
    reminder_settings: { interval_in_days: 1 | 2 | 7 | 14; max_occurrences: number };
    ordered_signers: boolean;
  }): Promise<{ id: string; status: string }> {
    return this.json('POST', '/signature_requests', { ...input, delivery_mode: 'email', timezone: 'Europe/Paris' });
  }

  /** `POST /signature_requests/{id}/documents` (multipart `file`, `nature`, `parse_anchors`). */
  async addDocument(requestId: string, input: { bytes: Uint8Array; fileName: string; nature: 'signable_document' | 'attachment' }): Promise<{ id: string }> {
    const form = new FormData();
    form.append('file', new Blob([input.bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), input.fileName);
    form.append('nature', input.nature);
    if (input.nature === 'signable_document') form.append('parse_anchors', 'true');
    return this.json('POST', `/signature_requests/${requestId}/documents`, form);
  }

  /** `POST /signature_requests/{id}/signers`; fields come from the smart anchors of the documents. */
  addSigner(requestId: string, input: { info: YousignSignerInfo; signature_level: YousignLevel; signature_authentication_mode: YousignOtp }): Promise<{ id: string }> {
    return this.json('POST', `/signature_requests/${requestId}/signers`, input);
  }

  /** `POST /signature_requests/{id}/activate`: the signers are emailed. */
  activate(requestId: string): Promise<{ id: string; status: string }> {
    return this.json('POST', `/signature_requests/${requestId}/activate`);
  }

  /**
   * `POST /signature_requests/{id}/cancel`: withdraws a request still open (ongoing, or awaiting
   * approval); its signers can no longer sign and Yousign stops reminding them. `custom_note` is
   * the reason shown to them.
   */
  cancel(requestId: string, input: { reason: 'contractualization_aborted'; custom_note?: string | undefined }): Promise<{ id: string; status: string }> {
    return this.json('POST', `/signature_requests/${requestId}/cancel`, input);
  }

  /** `GET /signature_requests/{id}`. */
  get(requestId: string): Promise<{ id: string; status: string; external_id?: string }> {
    return this.json('GET', `/signature_requests/${requestId}`);
  }

  /** `GET /signature_requests/{id}/documents/{documentId}/download`: the signed PDF once done. */
  async downloadDocument(requestId: string, documentId: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.call('GET', `/signature_requests/${requestId}/documents/${documentId}/download`)).arrayBuffer());
  }

  /** `GET /signature_requests/{id}/audit_trails/download`: the audit trail PDF once done. */
  async downloadAuditTrail(requestId: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.call('GET', `/signature_requests/${requestId}/audit_trails/download`)).arrayBuffer());
  }
}
