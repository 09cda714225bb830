/**
 * Recorded loan contracts: LOAN#{loanId} / CONTRACT {documentKey, sha256, byteLength,
 * signatures, generatedAt, signedAt, version, termsHash}, the stored document, and its
 * verification (the document's SHA-256 recomputed, every signature checked against it).
 * Written by functions/application/contract-signing.ts (recordLoanContract: once, the first writer wins).
 *
 * Transfer agreements (债权转让协议): LOAN#{loanId} / TRANSFER_AGREEMENT#{purchaseId}, the same
 * fields and the purchase id (functions/application/transfer-agreements.ts), verified the same way.
 *
 * A reschedule's supplementary agreement (展期补充协议) is recorded on the loan's reschedule request
 * (reschedule-repository.ts) and read and verified here the same way.
 *
 * The borrower's consent to the terms: LOAN#{loanId} / CONSENT#BORROWER {termsHash, version,
 * acceptedAt, requestId, channel}, written once while the loan is APPLIED, IN_REVIEW or LISTED
 * (functions/application/contract-consent.ts). Investors' consents live on their bids.
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransferAgreementRecord } from '../../core/transfer-agreement';
import { config } from '../../settings/settings';
import { documents, isConditionFailure, queryAll } from './client';
import { documentStore } from '../documents/document-store';
import { findRequest } from './reschedule-repository';
import { eSignature } from '../documents/e-signature';
import { DomainError } from '../../core/errors';
import type { LoanContractRecord, PartyConsent, SignatureRecord } from '../../core/loan-agreement';

export { contractContentType, type LoanContractRecord } from '../../core/loan-agreement';

export const contractKey = (loanId: string) => ({ pk: `LOAN#${loanId}`, sk: 'CONTRACT' });

export const transferAgreementItemKey = (loanId: string, purchaseId: string) => ({ pk: `LOAN#${loanId}`, sk: `TRANSFER_AGREEMENT#${purchaseId}` });

/** A recorded document's item without its keys. */
function recordOf<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...record } = item;
  return record as T;
}

async function findRecord<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: key, ConsistentRead: true }));
  return Item ? recordOf<T>(Item) : undefined;
}

/** Records a document once (conditional put); a concurrent run's record, when it won, is the record. */
async function recordOnce<T extends object>(key: { pk: string; sk: string }, record: T): Promise<T> {
  try {
    await documents.send(new PutCommand({ TableName: config.tableName(), Item: { ...key, ...record }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return record;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const winner = await findRecord<T>(key);
    if (!winner) throw error;
    return winner;
  }
}

export const findLoanContract = (loanId: string): Promise<LoanContractRecord | undefined> => findRecord(contractKey(loanId));

/** Records the contract once (conditional put); a concurrent run's record, when it won, is the contract. */
export const recordLoanContract = (record: LoanContractRecord): Promise<LoanContractRecord> => recordOnce(contractKey(record.loanId), record);

export const findTransferAgreement = (loanId: string, purchaseId: string): Promise<TransferAgreementRecord | undefined> => findRecord(transferAgreementItemKey(loanId, purchaseId));

export const recordTransferAgreement = (record: TransferAgreementRecord): Promise<TransferAgreementRecord> => recordOnce(transferAgreementItemKey(record.loanId, record.purchaseId), record);

/** Every transfer agreement of a loan, by purchase id. */
export async function transferAgreementsOfLoan(loanId: string): Promise<TransferAgreementRecord[]> {
  const items = await queryAll({
    TableName: config.tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :agreement)',
    ExpressionAttributeValues: { ':pk': `LOAN#${loanId}`, ':agreement': 'TRANSFER_AGREEMENT#' },
    ConsistentRead: true,
  });
  return items.map((item) => recordOf<TransferAgreementRecord>(item));
}

const borrowerConsentKey = (loanId: string) => ({ pk: `LOAN#${loanId}`, sk: 'CONSENT#BORROWER' });

export async function findBorrowerConsent(loanId: string): Promise<PartyConsent | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: borrowerConsentKey(loanId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { termsHash, version, acceptedAt, requestId, channel } = Item as PartyConsent;
  return { termsHash, version, acceptedAt, requestId, channel };
}

/** Records the borrower's consent once, in one transaction with the loan still before funding; the first record when one exists. */
export async function recordBorrowerConsent(loanId: string, consent: PartyConsent): Promise<PartyConsent> {
  const TableName = config.tableName();
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName,
              Key: { pk: `LOAN#${loanId}`, sk: 'LOAN' },
              ConditionExpression: '#status IN (:applied, :review, :listed)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':applied': 'APPLIED', ':review': 'IN_REVIEW', ':listed': 'LISTED' },
            },
          },
          { Put: { TableName, Item: { ...borrowerConsentKey(loanId), loanId, ...consent }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return consent;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'TransactionCanceledException')) throw error;
    const first = await findBorrowerConsent(loanId);
    if (first) return first;
    throw new DomainError('conflict', `loan ${loanId} was funded meanwhile: its terms are accepted before it is funded`);
  }
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** What a signed document's record holds (a loan contract or a transfer agreement). */
type SignedRecord = Pick<LoanContractRecord, 'documentKey' | 'sha256' | 'signatures' | 'termsHash' | 'version'>;

async function storedDocument<R extends SignedRecord>(record: R | undefined): Promise<{ record: R; bytes: Uint8Array } | undefined> {
  if (!record) return undefined;
  const bytes = await documentStore().get(record.documentKey);
  if (!bytes) throw new Error(`the document ${record.documentKey} is missing from the document store`);
  return { record, bytes };
}

/** The stored contract document's bytes; undefined while no contract is recorded. */
export const loanContractDocument = async (loanId: string) => storedDocument(await findLoanContract(loanId));

/** The stored transfer agreement's bytes; undefined when no agreement of that purchase is recorded on the loan. */
export const transferAgreementDocument = async (loanId: string, purchaseId: string) => storedDocument(await findTransferAgreement(loanId, purchaseId));

/** The loan's signed supplementary agreement (an accepted reschedule) as a signed record; undefined when there is none. */
export async function findSupplementaryAgreement(loanId: string): Promise<(SignedRecord & { readonly signedAt: string }) | undefined> {
  const request = await findRequest(loanId);
  if (request?.status !== 'ACCEPTED' || !request.agreement) return undefined;
  const { documentKey, agreementHash, signatures, version } = request.agreement;
  return { documentKey, sha256: agreementHash, termsHash: agreementHash, signatures, version, signedAt: request.acceptedAt ?? request.updatedAt };
}

/** The stored supplementary agreement's bytes; undefined when the loan has none. */
export const supplementaryAgreementDocument = async (loanId: string) => storedDocument(await findSupplementaryAgreement(loanId));

export interface ContractVerification {
  readonly sha256: string;
  readonly recordedSha256: string;
  readonly hashMatches: boolean;
  readonly termsHash?: string;
  readonly signatures: ReadonlyArray<{ readonly role: string; readonly party: string; readonly consent?: SignatureRecord['consent']; readonly valid: boolean }>;
  readonly valid: boolean;
}

/** Recomputes the stored contract's digest and checks every recorded signature against it. */
export const verifyLoanAgreement = async (loanId: string): Promise<ContractVerification | undefined> => verifyDocument(await loanContractDocument(loanId));

/** The same for a transfer agreement. */
export const verifyTransferAgreement = async (loanId: string, purchaseId: string): Promise<ContractVerification | undefined> =>
  verifyDocument(await transferAgreementDocument(loanId, purchaseId));

/** The same for a supplementary agreement. */
export const verifySupplementaryAgreement = async (loanId: string): Promise<ContractVerification | undefined> => verifyDocument(await supplementaryAgreementDocument(loanId));

async function verifyDocument(found: { record: SignedRecord; bytes: Uint8Array } | undefined): Promise<ContractVerification | undefined> {
  if (!found) return undefined;
  const { record, bytes } = found;
  const sha256 = sha256Hex(bytes);
  const signer = await eSignature();
  const signatures = await Promise.all(
    record.signatures.map(async (signature) => ({
      role: signature.role,
      party: signature.party,
      ...(signature.consent ? { consent: signature.consent } : {}),
      valid: await signer.verify(sha256, signature),
    })),
  );
  const hashMatches = sha256 === record.sha256;
  return { sha256, recordedSha256: record.sha256, ...(record.termsHash ? { termsHash: record.termsHash } : {}), hashMatches, signatures, valid: hashMatches && signatures.length > 0 && signatures.every((signature) => signature.valid) };
}
