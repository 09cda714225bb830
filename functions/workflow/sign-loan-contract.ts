/**
 * Workflow task (SignContract, after MarkFunded, before AwaitDisbursement): the loan
 * contract (合同), built, stored once, signed and recorded (functions/application/contract-signing.ts).
 * At-least-once safe: a replay finds the record and returns it. Only ids and the
 * document's digest go back into the workflow state.
 */
import { now } from '../adapters/runtime/clock';
import { workflowTask } from '../adapters/runtime/request-context';
import { signLoanAgreement } from '../composition/contracts';

export interface SignContractResult {
  readonly documentKey: string;
  readonly sha256: string;
  readonly version: number;
  readonly signatureCount: number;
}

async function run(event: unknown): Promise<SignContractResult> {
  const loanId = (event as { loanId?: unknown } | null)?.loanId;
  if (typeof loanId !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(loanId)) throw new TypeError('SignContract needs the loan id');
  const record = await signLoanAgreement(loanId, now());
  return { documentKey: record.documentKey, sha256: record.sha256, version: record.version, signatureCount: record.signatures.length };
}

export const handler = workflowTask('sign-loan-contract', run);
