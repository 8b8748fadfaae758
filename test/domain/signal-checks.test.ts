import { describe, expect, it } from 'vitest';
import { readSignatureEvent } from '../../domain/missions/mission-lifecycle.ts';
import { malformedSignatureProgress, type SignatureProgress } from '../../domain/signature/signature-progress.ts';

const event = { signatureId: 'yousign-sig-42', signer: 'Claire Martin', signedAt: '2027-01-05T09:00:00+01:00', documentHash: 'sha256:abc', level: 'advanced' };

const progress: SignatureProgress = {
  requestId: 'req-1',
  method: 'builtin',
  status: 'ongoing',
  endReason: null,
  sentAt: '2027-01-05T08:00:00.000Z',
  expiresAt: '2027-02-04T08:00:00.000Z',
  endedAt: null,
  reminderIntervalDays: 7,
  signers: [{ signerId: 's1', role: 'client', fullName: 'Claire Martin', status: 'pending', signedAt: null, declinedAt: null, lastRemindedAt: null }],
};

describe('the checks of signal payloads in the workflow bundle', () => {
  it('reads a signature event, keeping only its own fields', () => {
    expect(readSignatureEvent({ ...event, injected: 'x' })).toEqual({ event });
    const { documentHash: _hash, ...withoutHash } = event;
    expect(readSignatureEvent(withoutHash)).toEqual({ event: withoutHash });
  });

  it('names each malformed field of a signature event', () => {
    expect(readSignatureEvent({ ...event, signer: '', signedAt: '5 janvier', level: 'gold' })).toEqual({ malformed: ['signer', 'signedAt', 'level'] });
    expect(readSignatureEvent({ ...event, signatureId: 'x'.repeat(201), documentHash: 42 })).toEqual({ malformed: ['signatureId', 'documentHash'] });
    expect(readSignatureEvent('signed')).toEqual({ malformed: ['(payload)'] });
    expect(readSignatureEvent(null)).toEqual({ malformed: ['(payload)'] });
  });

  it('accepts a signature progress report and names what is malformed in one', () => {
    expect(malformedSignatureProgress(progress)).toEqual([]);
    expect(malformedSignatureProgress({ ...progress, status: 'done', endedAt: '2027-01-06T10:00:00Z', signers: [{ ...progress.signers[0]!, status: 'signed', signedAt: '2027-01-06T10:00:00Z' }] })).toEqual([]);
    expect(malformedSignatureProgress({ ...progress, reminderIntervalDays: 0, sentAt: 'hier' })).toEqual(['sentAt', 'reminderIntervalDays']);
    expect(malformedSignatureProgress({ ...progress, signers: [{ ...progress.signers[0]!, role: 'witness' }] })).toEqual(['signers']);
    expect(malformedSignatureProgress([])).toEqual(['(payload)']);
  });
});
