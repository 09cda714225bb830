/**
 * Loan contracts (合同) on the twin: a listing filled by three investors gets its PDF
 * contract, stored in the twin's object store and signed for every party, before the
 * disbursement; the parties, auditors and admins read it and verify it; a changed
 * byte in the stored file is caught; anyone else gets a 404.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { DeleteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { customer, signedIn, type Customer } from '../support/custody';
import { assessed, finishedExecution, investor, listedLoan, loanItem, twinWithClientsForThisFile } from '../support/listings';
import { pdfText } from '../support/pdf-text';
import { eventually, type RunningTwin } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
let borrower: Customer;
beforeAll(async () => {
  ({ twin, documents, sfn } = setup);
  borrower = await customer(twin, documents, { roles: ['borrower', 'investor'] });
  await assessed(twin, documents, borrower.userId, 'C5');
});

async function pdfOf(who: Customer, loanId: string): Promise<{ status: number; contentType: string | null; bytes: Buffer }> {
  const response = await fetch(`${twin.apiUrl}/v1/loans/${loanId}/contract`, { headers: { authorization: `Bearer ${who.token}` } });
  return { status: response.status, contentType: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

test('a filled listing is contracted before disbursement: the parties get the signed PDF, it verifies, a changed byte is caught, strangers get 404', async () => {
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 500_000, grade: 'B' });
  const investors = await Promise.all([1, 2, 3].map(() => investor(twin, documents, { deposit: '3000.00', level: 'C3' })));
  const [first, second, third] = investors as [Customer, Customer, Customer];

  // No contract while the listing is open.
  expect((await pdfOf(borrower, loanId)).status).toBe(404);
  expect((await borrower.get(`/v1/loans/${loanId}/contract/verification`)).status).toBe(404);

  for (const [who, amount] of [[first, '2000.00'], [second, '1000.00'], [first, '500.00'], [third, '1500.00']] as const) {
    expect((await who.post(`/v1/listings/${loanId}/bids`, { amount })).status).toBe(201);
  }
  const execution = await finishedExecution(sfn, loanId, 60_000);
  expect(execution.status).toBe('SUCCEEDED');
  const loan = await loanItem(twin, documents, loanId);
  expect(loan.status).toBe('REPAYING');

  // The record: the document's key and digest, five signatures (borrower, three investors, platform), signed before the disbursement.
  const { Item: record } = await documents.send(new GetCommand({ TableName: twin.tableName, Key: { pk: `LOAN#${loanId}`, sk: 'CONTRACT' }, ConsistentRead: true }));
  expect(record).toMatchObject({ loanId, documentKey: `contracts/${loanId}/loan-contract-v2.pdf`, version: 2, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), termsHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  // Each party but the platform was signed for with their consent to these terms: the borrower's by the consent route, each investor's first bid.
  const consents = record!.signatures.map((signature: { consent?: { termsHash: string; channel: string; requestId: string } }) => signature.consent);
  expect(consents.slice(0, 4).every((consent: { termsHash: string } | undefined) => consent?.termsHash === record!.termsHash)).toBe(true);
  expect(consents.map((consent: { channel: string } | undefined) => consent?.channel)).toEqual(['consent-route', 'manual-bid', 'manual-bid', 'manual-bid', undefined]);
  expect(record!.signatures.map((signature: { role: string }) => signature.role)).toEqual(['borrower', 'investor', 'investor', 'investor', 'platform']);
  expect(record!.signatures.every((signature: { algorithm: string; keyId: string }) => signature.algorithm === 'Ed25519' && signature.keyId.startsWith('local-ed25519:'))).toBe(true);
  expect(Date.parse(record!.signedAt)).toBeLessThanOrEqual(Date.parse(loan.disbursedAt));
  expect(JSON.stringify(record)).not.toContain(borrower.userId);
  expect(JSON.parse(execution.output ?? '{}').contract).toEqual({ documentKey: record!.documentKey, sha256: record!.sha256, version: 2 });

  // The document: a PDF whose text carries the amount, the masked parties and each share; the bytes hash to the recorded digest.
  const stored = join(twin.objectStoreDir, 'contracts', loanId, 'loan-contract-v2.pdf');
  const document = await pdfOf(borrower, loanId);
  expect(document.status).toBe(200);
  expect(document.contentType).toBe('application/pdf');
  expect(document.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(document.bytes.equals(await readFile(stored))).toBe(true);
  expect(createHash('sha256').update(document.bytes).digest('hex')).toBe(record!.sha256);
  expect(record!.byteLength).toBe(document.bytes.length);
  const text = pdfText(document.bytes);
  expect(text).toContain('人民币 5000.00 元');
  expect(text).toContain('2500.00'); // the first investor's two bids, summed
  expect(text).toContain('借款合同');
  expect(text).toContain('借款人（甲方）：张*');
  expect(text).toContain('信息中介');
  expect(text).toContain(record!.termsHash);
  // The consent records are in the signed document: each party's time and request id.
  for (const consent of consents.slice(0, 4)) {
    expect(text).toContain(consent.acceptedAt);
    expect(text).toContain(consent.requestId);
  }
  expect(text).not.toContain(borrower.userId);

  // Every party, an auditor and an admin verify it.
  const auditor = await signedIn(twin, `auditor-${loanId}`, ['auditor']);
  const admin = await signedIn(twin, `admin-${loanId}`, ['admin']);
  for (const who of [borrower, first, second, third, auditor, admin]) {
    const verification = await who.get(`/v1/loans/${loanId}/contract/verification`);
    expect(verification.status).toBe(200);
    expect(verification.body).toMatchObject({ sha256: record!.sha256, recordedSha256: record!.sha256, termsHash: record!.termsHash, hashMatches: true, valid: true });
    expect(verification.body.signatures).toHaveLength(5);
    // Who consented when, as recorded.
    expect(verification.body.signatures.map((signature: { consent?: unknown }) => signature.consent)).toEqual(consents);
    expect(verification.body.signatures.every((signature: { valid: boolean }) => signature.valid)).toBe(true);
  }
  expect((await pdfOf(auditor, loanId)).status).toBe(200);

  // A stranger, another investor and a reviewer who is no party: 404, as if there were no such loan.
  const stranger = await investor(twin, documents, { level: 'C3' });
  const reviewer = await signedIn(twin, `reviewer-${loanId}`, ['reviewer']);
  for (const who of [stranger, reviewer]) {
    expect((await pdfOf(who, loanId)).status).toBe(404);
    expect((await who.get(`/v1/loans/${loanId}/contract/verification`)).status).toBe(404);
  }
  expect((await fetch(`${twin.apiUrl}/v1/loans/${loanId}/contract`)).status).toBe(401);

  // One changed byte in the stored file: the digest no longer matches and no signature verifies.
  const tampered = Buffer.from(document.bytes);
  const at = Math.floor(tampered.length / 2);
  tampered[at] = tampered[at]! ^ 0x01;
  await writeFile(stored, tampered);
  const broken = await auditor.get(`/v1/loans/${loanId}/contract/verification`);
  expect(broken.status).toBe(200);
  expect(broken.body).toMatchObject({ recordedSha256: record!.sha256, hashMatches: false, valid: false });
  expect(broken.body.sha256).not.toBe(record!.sha256);
  expect(broken.body.signatures.some((signature: { valid: boolean }) => signature.valid)).toBe(false);
  // Restored, it verifies again.
  await writeFile(stored, document.bytes);
  expect((await auditor.get(`/v1/loans/${loanId}/contract/verification`)).body.valid).toBe(true);
}, 120_000);

test('SignContract replayed: a recorded contract is returned unchanged; regenerating gives the same bytes; a step that died after storing the PDF completes with the same document', async () => {
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 300_000, grade: 'A', termMonths: 6, method: 'EQUAL_PRINCIPAL' });
  const [first, second] = await Promise.all([1, 2].map(() => investor(twin, documents, { deposit: '2000.00', level: 'C5' })));
  expect((await first!.post(`/v1/listings/${loanId}/bids`, { amount: '1000.00' })).status).toBe(201);
  expect((await second!.post(`/v1/listings/${loanId}/bids`, { amount: '2000.00' })).status).toBe(201);
  expect((await finishedExecution(sfn, loanId, 60_000)).status).toBe('SUCCEEDED');
  const key = { TableName: twin.tableName, Key: { pk: `LOAN#${loanId}`, sk: 'CONTRACT' }, ConsistentRead: true };
  const recorded = (await documents.send(new GetCommand(key))).Item!;

  // The task's own code, in this process, against the twin's table and object store, with a signing key of its own.
  const keyFolder = await mkdtemp(join(tmpdir(), 'contract-key-'));
  try {
    const keyFile = join(keyFolder, 'signing-key.pem');
    await writeFile(keyFile, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
    Object.assign(process.env, {
      TABLE_NAME: twin.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: twin.dynamoDbUrl,
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'twin',
      AWS_SECRET_ACCESS_KEY: 'twin',
      OBJECT_STORE_DIR: twin.objectStoreDir,
      E_SIGNATURE_LOCAL_KEY_FILE: keyFile,
    });
    const service = await import('../../functions/composition/contracts');
    const repository = await import('../../functions/adapters/dynamodb/loan-contract-repository');
    const { getLoan } = await import('../../functions/adapters/dynamodb/loan-repository');

    const replay = await service.signLoanAgreement(loanId, new Date());
    const { pk: _pk, sk: _sk, ...recordedFields } = recorded;
    expect(replay).toEqual(recordedFields);
    expect((await documents.send(new GetCommand(key))).Item).toEqual(recorded);

    // Rebuilt from the loan as it is now (REPAYING, bids POSTED): the same PDF, byte for byte.
    const { pdf } = await service.renderLoanAgreement(await getLoan(loanId));
    expect(repository.sha256Hex(pdf)).toBe(recorded.sha256);
    expect(pdfText(pdf)).toMatch(/6 个月/);

    // The step died after storing the PDF, before recording: the next attempt stores the same bytes and records the contract.
    await documents.send(new DeleteCommand({ TableName: twin.tableName, Key: key.Key }));
    const retried = await service.signLoanAgreement(loanId, new Date());
    expect(retried).toMatchObject({ documentKey: recorded.documentKey, sha256: recorded.sha256, byteLength: recorded.byteLength, generatedAt: recorded.generatedAt });
    expect(retried.signatures).toHaveLength(4);
    expect(await repository.verifyLoanAgreement(loanId)).toMatchObject({ hashMatches: true, valid: true });
    // Signed with this key, not the twin's: the twin's verification refuses the signatures, though the document is intact.
    const seen = await first!.get(`/v1/loans/${loanId}/contract/verification`);
    expect(seen.body).toMatchObject({ hashMatches: true, valid: false });
  } finally {
    await rm(keyFolder, { recursive: true, force: true });
  }
}, 120_000);

test('no consent, no contract: a borrower who never accepted the terms is not signed for; the loan fails clearly and the investors get their money back', async () => {
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 200_000, grade: 'B', borrowerConsents: false });
  const [first, second] = await Promise.all([1, 2].map(() => investor(twin, documents, { deposit: '1000.00', level: 'C3' })));
  const terms = await first!.get(`/v1/loans/${loanId}/contract/terms`);
  expect(terms.status).toBe(200); // an open listing's terms are public to investors
  expect(terms.body.borrowerConsent).toBeUndefined();
  // A bid naming other terms is refused and freezes nothing; naming the current ones, or none, accepts them.
  expect((await first!.post(`/v1/listings/${loanId}/bids`, { amount: '1000.00', acceptedTermsHash: 'f'.repeat(64) })).status).toBe(409);
  expect((await first!.get('/v1/me/account')).body).toMatchObject({ available: '1000.00', frozen: '0.00' });
  expect((await first!.post(`/v1/listings/${loanId}/bids`, { amount: '1000.00', acceptedTermsHash: terms.body.termsHash })).status).toBe(201);
  // Only the borrower consents, only to the current terms.
  expect((await first!.post(`/v1/loans/${loanId}/contract/consent`, { termsHash: terms.body.termsHash })).status).toBe(403); // not a borrower
  expect((await (await customer(twin, documents, { roles: ['borrower'] })).post(`/v1/loans/${loanId}/contract/consent`, { termsHash: terms.body.termsHash })).status).toBe(404); // not theirs
  expect((await borrower.post(`/v1/loans/${loanId}/contract/consent`, { termsHash: 'f'.repeat(64) })).status).toBe(409);
  expect((await borrower.post(`/v1/loans/${loanId}/contract/consent`, { termsHash: 'not-a-hash' })).status).toBe(400);
  expect((await second!.post(`/v1/listings/${loanId}/bids`, { amount: '1000.00' })).status).toBe(201);

  const execution = await finishedExecution(sfn, loanId, 60_000);
  expect(execution.status).toBe('FAILED');
  const loan = await loanItem(twin, documents, loanId);
  expect(loan.status).toBe('DISBURSEMENT_FAILED');
  expect(loan.disbursementFailure).toMatchObject({ error: 'ConsentMissingError', cause: expect.stringContaining('the borrower') });
  // Nothing signed, nothing stored; the freezes are released.
  expect((await documents.send(new GetCommand({ TableName: twin.tableName, Key: { pk: `LOAN#${loanId}`, sk: 'CONTRACT' }, ConsistentRead: true }))).Item).toBeUndefined();
  expect((await pdfOf(borrower, loanId)).status).toBe(404);
  for (const who of [first!, second!]) {
    await eventually(async () => ((await who.get('/v1/me/account')).body.frozen === '0.00' ? true : undefined), 'the freeze to be released');
    expect((await who.get('/v1/me/account')).body).toMatchObject({ balance: '1000.00', available: '1000.00' });
  }
  // Too late now: the loan is past funding.
  expect((await borrower.post(`/v1/loans/${loanId}/contract/consent`, { termsHash: terms.body.termsHash })).status).toBe(409);
}, 120_000);

test('the openapi document lists both contract routes, the PDF as application/pdf', async () => {
  const { body } = await borrower.get('/openapi.json');
  expect(body.paths['/v1/loans/{loanId}/contract'].get.responses['200'].content).toHaveProperty(['application/pdf']);
  expect(body.paths['/v1/loans/{loanId}/contract/verification'].get.operationId).toBe('getLoanContractVerification');
}, 30_000);
