/**
 * Recorded loan contracts: LOAN#{loanId} / CONTRACT {documentKey, sha256, byteLength,
 * signatures, generatedAt, signedAt, version}, the stored document, and its
 * verification (the document's SHA-256 recomputed, every signature checked against it).
 * Written by functions/application/contract-signing.ts (recordLoanContract: once, the first writer wins).
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../settings/settings';
import { documents, isConditionFailure } from './client';
import { documentStore } from '../documents/document-store';
import { eSignature } from '../documents/e-signature';
import type { LoanContractRecord } from '../../core/loan-agreement';

export { contractContentType, type LoanContractRecord } from '../../core/loan-agreement';

export const contractKey = (loanId: string) => ({ pk: `LOAN#${loanId}`, sk: 'CONTRACT' });

export async function findLoanContract(loanId: string): Promise<LoanContractRecord | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: contractKey(loanId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...record } = Item;
  return record as LoanContractRecord;
}

/** Records the contract once (conditional put); a concurrent run's record, when it won, is the contract. */
export async function recordLoanContract(record: LoanContractRecord): Promise<LoanContractRecord> {
  try {
    await documents.send(new PutCommand({ TableName: config.tableName(), Item: { ...contractKey(record.loanId), ...record }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return record;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const winner = await findLoanContract(record.loanId);
    if (!winner) throw error;
    return winner;
  }
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The stored contract document's bytes; undefined while no contract is recorded. */
export async function loanContractDocument(loanId: string): Promise<{ record: LoanContractRecord; bytes: Uint8Array } | undefined> {
  const record = await findLoanContract(loanId);
  if (!record) return undefined;
  const bytes = await documentStore().get(record.documentKey);
  if (!bytes) throw new Error(`the contract document of loan ${loanId} is missing from the document store`);
  return { record, bytes };
}

export interface ContractVerification {
  readonly sha256: string;
  readonly recordedSha256: string;
  readonly hashMatches: boolean;
  readonly signatures: ReadonlyArray<{ readonly role: string; readonly party: string; readonly valid: boolean }>;
  readonly valid: boolean;
}

/** Recomputes the stored document's digest and checks every recorded signature against it. */
export async function verifyLoanAgreement(loanId: string): Promise<ContractVerification | undefined> {
  const found = await loanContractDocument(loanId);
  if (!found) return undefined;
  const { record, bytes } = found;
  const sha256 = sha256Hex(bytes);
  const signer = await eSignature();
  const signatures = await Promise.all(
    record.signatures.map(async (signature) => ({ role: signature.role, party: signature.party, valid: await signer.verify(sha256, signature) })),
  );
  const hashMatches = sha256 === record.sha256;
  return { sha256, recordedSha256: record.sha256, hashMatches, signatures, valid: hashMatches && signatures.length > 0 && signatures.every((signature) => signature.valid) };
}
