/** The identity-verification simulator's documented rules, and the HTTP provider adapter's signing and mapping. */
import { httpIdentityVerifier, signProviderRequest } from '../../../functions/adapters/identity/identity-verification-http';
import { identityVerificationSimulator, simulatedFaceMatchScore } from '../../../functions/adapters/identity/identity-verification-simulator';
import type { EnterpriseIdentityClaim, PersonalIdentityClaim } from '../../../functions/core/identity-claim';

const person: PersonalIdentityClaim = { kind: 'personal', realName: '张三', idNumber: '110105199003071239', phone: '13812345678', bankCard: '6222021234561236' };
const enterprise: EnterpriseIdentityClaim = {
  kind: 'enterprise',
  companyName: '福州某某科技有限公司',
  creditCode: '91350100M000100Y43',
  legalRepresentative: { name: '欧阳娜娜', idNumber: '110105199003071239' },
  phone: '13912345678',
  bankCard: '6228480012345678903',
};
const simulator = identityVerificationSimulator();

test('the simulator confirms every other claim, with a random reference', async () => {
  const [first, second] = [await simulator.check({ claim: person }), await simulator.check({ claim: person })];
  expect(first).toEqual({ confirmed: true, reference: expect.stringMatching(/^sim-/) });
  expect(first.reference).not.toBe(second.reference);
  expect(await simulator.check({ claim: enterprise })).toMatchObject({ confirmed: true });
});

test.each([
  ['sequence 999 → NAME_MISMATCH', { ...person, idNumber: '110105199003079994' }, ['NAME_MISMATCH']],
  ['sequence 998 → ID_NUMBER_NOT_FOUND', { ...person, idNumber: '110105199003079986' }, ['ID_NUMBER_NOT_FOUND']],
  ['phone 170… → PHONE_NOT_OWNED', { ...person, phone: '17012345678' }, ['PHONE_NOT_OWNED']],
  ['card 620000… → BANK_CARD_MISMATCH', { ...person, bankCard: '6200001234567892' }, ['BANK_CARD_MISMATCH']],
  ['several at once', { ...person, phone: '17012345678', bankCard: '6200001234567892' }, ['PHONE_NOT_OWNED', 'BANK_CARD_MISMATCH']],
])('documented failing person: %s', async (_rule, claim, reasons) => {
  expect(await simulator.check({ claim })).toMatchObject({ confirmed: false, reasons });
});

test('documented failing enterprises: division 999999 → ENTERPRISE_NOT_FOUND; representative sequence 999 → LEGAL_REPRESENTATIVE_MISMATCH', async () => {
  expect(await simulator.check({ claim: { ...enterprise, creditCode: '91999999MA01ABCDE0' } })).toMatchObject({ confirmed: false, reasons: ['ENTERPRISE_NOT_FOUND'] });
  const representative = { name: '欧阳娜娜', idNumber: '110105199003079994' };
  expect(await simulator.check({ claim: { ...enterprise, legalRepresentative: representative } })).toMatchObject({ confirmed: false, reasons: ['LEGAL_REPRESENTATIVE_MISMATCH'] });
});

test('face tokens: a deterministic score, 85–99, or below the threshold for "spoof…" tokens', async () => {
  expect(simulatedFaceMatchScore('face-token-0001')).toBe(simulatedFaceMatchScore('face-token-0001'));
  for (const token of ['face-token-0001', 'face-token-0002', 'liveness-abc']) expect(simulatedFaceMatchScore(token)).toBeGreaterThanOrEqual(85);
  expect(await simulator.check({ claim: person, faceToken: 'face-token-0001' })).toMatchObject({ confirmed: true, faceMatchScore: simulatedFaceMatchScore('face-token-0001') });
  const spoofed = await simulator.check({ claim: person, faceToken: 'spoof-0001' });
  expect(spoofed).toMatchObject({ confirmed: false, reasons: ['FACE_MISMATCH'] });
  expect(spoofed.faceMatchScore).toBeLessThan(80);
});

describe('the HTTP provider adapter', () => {
  const credentials = { appKey: 'app-1', appSecret: 'a-secret-of-sixteen-or-more' };
  const answering = (status: number, answer: unknown) => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fetch = (async (url: URL, init: RequestInit) => {
      calls.push({ url: String(url), init });
      return new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof globalThis.fetch;
    return { calls, verifier: httpIdentityVerifier({ url: 'https://idv.example.com', credentials: async () => credentials, fetch }) };
  };

  test('signs each request over method, path, timestamp, nonce and the body hash', async () => {
    const { calls, verifier } = answering(200, { result: 'PASS', reference: 'ref-1', faceScore: 93 });
    expect(await verifier.check({ claim: person, faceToken: 'face-token-0001' })).toEqual({ confirmed: true, reference: 'ref-1', faceMatchScore: 93 });
    const { url, init } = calls[0]!;
    const headers = init.headers as Record<string, string>;
    expect(url).toBe('https://idv.example.com/v1/identity-checks');
    expect(headers['x-app-key']).toBe('app-1');
    expect(headers['x-signature']).toBe(signProviderRequest(credentials, '/v1/identity-checks', headers['x-timestamp']!, headers['x-nonce']!, init.body as string));
    expect(JSON.parse(init.body as string)).toEqual({ type: 'PERSON', name: '张三', idNumber: person.idNumber, mobile: person.phone, bankCard: person.bankCard, faceToken: 'face-token-0001' });
  });

  test('maps known reasons, folds unknown ones into PROVIDER_REJECTED, and fails on a 5xx without the request in the error', async () => {
    const rejected = answering(200, { result: 'FAIL', reasons: ['PHONE_NOT_OWNED', 'SOMETHING_NEW'], reference: 'ref-2' });
    expect(await rejected.verifier.check({ claim: person })).toEqual({ confirmed: false, reference: 'ref-2', reasons: ['PHONE_NOT_OWNED', 'PROVIDER_REJECTED'] });
    const down = answering(503, {});
    const failure = await down.verifier.check({ claim: person }).catch((error: Error) => error);
    expect(String(failure)).toMatch(/answered 503/);
    expect(String(failure)).not.toContain(person.idNumber);
  });

  test('refuses a plain-HTTP provider URL', () => {
    expect(() => httpIdentityVerifier({ url: 'http://idv.example.com', credentials: async () => credentials })).toThrow(/https/);
  });
});
