/**
 * The contract document, its signatures and its storage: the PDF's bytes are
 * deterministic and carry the agreement (a 60-installment schedule and 200 investors
 * over several pages); the local signer's signatures verify, and fail for a changed
 * byte, another party or another key; the folder store writes once.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { contractPdfProducer, renderAgreementPdf } from '../../../functions/adapters/documents/contract-pdf';
import { DocumentConflictError, FolderDocumentStore } from '../../../functions/adapters/documents/document-store';
import { KmsSigner, LocalSigner, signedStatement } from '../../../functions/adapters/documents/e-signature';
import { buildLoanAgreement, ConsentMissingError, type AgreementInput } from '../../../functions/core/loan-agreement';
import { parseRate } from '../../../functions/core/rate';
import { pdfPageCount, pdfText } from '../../support/pdf-text';

/** Embedding the font subset parses a 10 MB font: seconds on a busy machine. */
const pdfTimeout = 60_000;

const sha256 = (bytes: Uint8Array | Buffer) => createHash('sha256').update(bytes).digest('hex');

const input = (investors: number, termMonths: number): AgreementInput => ({
  loan: { loanId: 'loan-pdf-1', amountFen: investors * 10_000 * 7, termMonths, annualRate: '0.096', method: 'EQUAL_INSTALLMENT', purpose: 'shop renovation', grade: 'C' },
  borrower: { userId: 'user-borrower-0001', kind: 'personal', maskedName: '张*', maskedIdentity: '110***********1234' },
  bids: Array.from({ length: investors }, (_, index) => ({ investorId: `user-investor-${String(index).padStart(4, '0')}`, amountFen: 70_000 })),
  fundedAt: '2026-11-25T02:30:00.000Z',
  terms: { serviceFeeRate: parseRate('0.02'), managementFeeRate: parseRate('0.1'), penaltyRate: parseRate('0.06'), loanPrimeRate: parseRate('0.0345'), lprMultiple: 4, platformName: 'Test Platform' },
});

describe('the contract PDF', () => {
  test('the same agreement gives the same bytes, dated from the funding instant, with a fixed producer', async () => {
    const agreement = buildLoanAgreement(input(3, 12));
    const first = await renderAgreementPdf(agreement);
    const second = await renderAgreementPdf(buildLoanAgreement(input(3, 12)));
    expect(Buffer.from(first.slice(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(sha256(second)).toBe(sha256(first));
    const raw = Buffer.from(first).toString('latin1');
    expect(raw).toContain('D:20261125023000Z');
    const utf16 = (text: string) => `<FEFF${[...text].map((character) => character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')).join('')}>`;
    expect(raw).toContain(`/Producer ${utf16(contractPdfProducer)}`);
    expect(raw).toContain(`/Creator ${utf16(contractPdfProducer)}`);
    // Another agreement (another amount) is another document.
    expect(sha256(await renderAgreementPdf(buildLoanAgreement(input(4, 12))))).not.toBe(sha256(first));
  }, pdfTimeout);

  test('it carries the terms, the full schedule, the fees, the overdue terms and every share; Chinese as Chinese (pdftotext)', async () => {
    const agreement = buildLoanAgreement(input(3, 12));
    const pdf = await renderAgreementPdf(agreement);
    const text = pdfText(pdf);
    expect(text).toContain('借款合同');
    expect(text).toContain('信息中介');
    expect(text).toContain('争议解决');
    expect(text).toContain('借款服务费');
    expect(text).toContain('等额本息');
    expect(text).toContain('人民币 2100.00 元');
    expect(text).toContain('9.60%');
    expect(text).toContain(agreement.termsHash);
    expect(text).toContain('借款人（甲方）：张*');
    expect(text).not.toContain('[U+');
    // The font is a subset: the contract stays small (the full font is 10 MB).
    expect(pdf.byteLength).toBeLessThan(150_000);
    expect(text).toContain('110***********1234');
    for (const installment of agreement.schedule) expect(text).toContain(installment.dueDate);
    expect(text).toContain(agreement.totals.interest);
    expect(text).toMatch(/借款本金的 2\.00%，即人民币 42\.00 元/);
    expect(text).toMatch(/年化罚息利率为\s*4\.20%/); // 6% cut to 13.8% − 9.6%
    for (const investor of agreement.parties.investors) expect(text).toContain(investor.ref);
    expect(text).not.toContain('user-investor-0001');
  }, pdfTimeout);

  test('a 60-installment schedule and 200 investors flow over several pages, every installment and investor present', async () => {
    const agreement = buildLoanAgreement(input(200, 60));
    const pdf = await renderAgreementPdf(agreement);
    const text = pdfText(pdf);
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(text).toContain(`第 ${pages} 页 / 共 ${pages} 页`);
    for (const installment of agreement.schedule) expect(text).toContain(installment.dueDate);
    expect(agreement.parties.investors).toHaveLength(200);
    for (const investor of agreement.parties.investors) expect(text).toContain(investor.ref);
    expect(sha256(await renderAgreementPdf(buildLoanAgreement(input(200, 60))))).toBe(sha256(pdf));
  }, 2 * pdfTimeout);

});

describe('the e-signature port', () => {
  const termsHash = sha256(Buffer.from('the terms'));
  const consent = (requestId: string, channel: 'consent-route' | 'manual-bid') => ({ termsHash, version: 2, acceptedAt: '2026-11-24T08:00:00.000Z', requestId, channel });
  const parties = [
    { role: 'borrower' as const, party: 'user****0001', consent: consent('req-borrower', 'consent-route') },
    { role: 'investor' as const, party: 'user****0002', consent: consent('req-bid', 'manual-bid') },
    { role: 'platform' as const, party: 'Test Platform' },
  ];
  const digest = sha256(Buffer.from('a contract'));
  const at = new Date('2026-11-25T03:00:00.000Z');

  test('nobody is signed for without a consent to these terms: a party without one, or with another hash, and nothing is signed', async () => {
    const signer = new LocalSigner(generateKeyPairSync('ed25519').privateKey);
    const { consent: _dropped, ...unconsented } = parties[1]!;
    await expect(signer.sign(digest, [parties[0]!, unconsented, parties[2]!], at, termsHash)).rejects.toThrow(ConsentMissingError);
    await expect(signer.sign(digest, parties, at, sha256(Buffer.from('other terms')))).rejects.toThrow(/the borrower user\*\*\*\*0001, the investor user\*\*\*\*0002/);
    // The consent is part of what is signed: a changed request id or time breaks the signature.
    const [borrower] = await signer.sign(digest, parties, at, termsHash);
    expect(borrower!.consent).toEqual(parties[0]!.consent);
    expect(await signer.verify(digest, { ...borrower!, consent: { ...borrower!.consent!, requestId: 'req-other' } })).toBe(false);
    expect(await signer.verify(digest, { ...borrower!, consent: { ...borrower!.consent!, acceptedAt: '2026-11-24T08:00:01.000Z' } })).toBe(false);
  });

  test('the local signer: every signature verifies; a changed document, party, time or signature does not', async () => {
    const signer = new LocalSigner(generateKeyPairSync('ed25519').privateKey);
    const records = await signer.sign(digest, parties, at, termsHash);
    expect(records.map((record) => [record.role, record.party, record.algorithm, record.keyId, record.signedAt])).toEqual(
      parties.map(({ role, party }) => [role, party, 'Ed25519', signer.keyId, '2026-11-25T03:00:00.000Z']),
    );
    for (const record of records) expect(await signer.verify(digest, record)).toBe(true);
    const changed = sha256(Buffer.from('a contract!'));
    const first = records[0]!;
    expect(await signer.verify(changed, first)).toBe(false);
    expect(await signer.verify(digest, { ...first, party: 'user****9999' })).toBe(false);
    expect(await signer.verify(digest, { ...first, role: 'investor' })).toBe(false);
    expect(await signer.verify(digest, { ...first, signedAt: '2026-11-25T03:00:01.000Z' })).toBe(false);
    const flipped = Buffer.from(first.signature, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(await signer.verify(digest, { ...first, signature: flipped.toString('base64') })).toBe(false);
  });

  test('a signature from a foreign key does not verify, even under the expected key id', async () => {
    const ours = new LocalSigner(generateKeyPairSync('ed25519').privateKey);
    const foreign = new LocalSigner(generateKeyPairSync('ed25519').privateKey);
    const [forged] = await foreign.sign(digest, parties.slice(0, 1), at, termsHash);
    expect(await ours.verify(digest, forged!)).toBe(false);
    expect(await ours.verify(digest, { ...forged!, keyId: ours.keyId })).toBe(false);
    expect(() => new LocalSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).toThrow(/Ed25519/);
    await expect(ours.sign('not-a-digest', parties, at, termsHash)).rejects.toThrow(RangeError);
  });

  test('KMS: each party signed with ECDSA_SHA_256 over the statement digest; verified with the public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyArn = 'arn:aws:kms:ap-east-1:111122223333:key/contract-signing';
    const kms = mockClient(KMSClient);
    const { sign } = await import('node:crypto');
    kms.on(SignCommand).callsFake((command: { Message: Uint8Array; MessageType: string; SigningAlgorithm: string }) => {
      expect(command.MessageType).toBe('DIGEST');
      expect(command.SigningAlgorithm).toBe('ECDSA_SHA_256');
      // KMS signs the given SHA-256 digest: the same signature as ECDSA_SHA_256 over the statement it digests.
      const statement = parties
        .map(({ role, party, consent }) => signedStatement(digest, role, party, at.toISOString(), consent))
        .find((candidate) => createHash('sha256').update(candidate).digest().equals(Buffer.from(command.Message)));
      if (!statement) throw new Error('KMS was asked to sign a digest of no known statement');
      const signature = sign('sha256', statement, { key: privateKey, dsaEncoding: 'der' });
      return { KeyId: keyArn, Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' };
    });
    kms.on(GetPublicKeyCommand).resolves({ KeyId: keyArn, PublicKey: publicKey.export({ format: 'der', type: 'spki' }) });
    try {
      const signer = new KmsSigner(new KMSClient({ region: 'ap-east-1' }), keyArn);
      const records = await signer.sign(digest, parties, at, termsHash);
      expect(records.map((record) => [record.role, record.algorithm, record.keyId])).toEqual(parties.map(({ role }) => [role, 'ECDSA_SHA_256', keyArn]));
      expect(kms.commandCalls(SignCommand)[0]!.args[0].input.Message).toEqual(createHash('sha256').update(signedStatement(digest, 'borrower', 'user****0001', at.toISOString(), parties[0]!.consent)).digest());
      for (const record of records) expect(await signer.verify(digest, record)).toBe(true);
      expect(await signer.verify(sha256(Buffer.from('other')), records[0]!)).toBe(false);
      expect(await signer.verify(digest, { ...records[0]!, keyId: 'arn:aws:kms:ap-east-1:111122223333:key/other' })).toBe(false);
      expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
    } finally {
      kms.restore();
    }
  });
});

describe('the folder document store', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'documents-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('writes once: the same bytes again are fine, other bytes are refused and never overwrite', async () => {
    const store = new FolderDocumentStore(folder);
    const key = 'contracts/loan-1/loan-contract-v1.pdf';
    expect(await store.get(key)).toBeUndefined();
    expect(await store.putOnce(key, Buffer.from('%PDF-one'), 'application/pdf')).toBe('created');
    expect(await store.putOnce(key, Buffer.from('%PDF-one'), 'application/pdf')).toBe('existing');
    await expect(store.putOnce(key, Buffer.from('%PDF-two'), 'application/pdf')).rejects.toBeInstanceOf(DocumentConflictError);
    expect(Buffer.from((await store.get(key))!).toString()).toBe('%PDF-one');
    expect((await readFile(join(folder, 'contracts', 'loan-1', 'loan-contract-v1.pdf'))).toString()).toBe('%PDF-one');
    const racing = await Promise.all(Array.from({ length: 8 }, () => store.putOnce('contracts/loan-2/x.pdf', Buffer.from('same'), 'application/pdf')));
    expect(racing.filter((outcome) => outcome === 'created')).toHaveLength(1);
  });

  test('keys cannot leave the folder', async () => {
    const store = new FolderDocumentStore(folder);
    for (const key of ['../escape.pdf', 'contracts/../../x', '/etc/passwd', 'a//b', '']) await expect(store.get(key)).rejects.toThrow(RangeError);
  });
});
