/**
 * Recorded loan contracts: LOAN#{loanId} / CONTRACT {documentKey, sha256, byteLength,
 * signatures, generatedAt, signedAt, version}, the stored document, and its
 * verification (the document's SHA-256 recomputed, every signature checked against it).
 * Written by ./loan-agreement-service.ts.
 */
import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../settings/settings';
import { documents } from './client';
import { documentStore } from '../documents/document-store';
import { eSignature, type SignatureRecord } from '../documents/e-signature';

export const contractContentType = 'application/pdf';

export interface LoanContractRecord {
  readonly loanId: string;
  readonly documentKey: string;
  /** SHA-256 of the PDF, lowercase hex. */
  readonly sha256: string;
  readonly byteLength: number;
  readonly signatures: readonly SignatureRecord[];
  /** The agreement's date: when the listing was filled. */
  readonly generatedAt: string;
  /** When the record was written (the signatures' time). */
  readonly signedAt: string;
  readonly version: number;
}

export const contractKey = (loanId: string) => ({ pk: `LOAN#${loanId}`, sk: 'CONTRACT' });

export async function findLoanContract(loanId: string): Promise<LoanContractRecord | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: contractKey(loanId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...record } = Item;
  return record as LoanContractRecord;
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
