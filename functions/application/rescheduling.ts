/**
 * Rescheduling a loan in hardship (展期 / 重组), the request's life over the ports (the
 * rules are core/rescheduling.ts, the schedule core/loan-schedule.ts):
 *
 * 1. requestReschedule (the borrower): once per loan, ever; on a REPAYING loan; the wish
 *    quoted at once under the limits (a wish they refuse is a 422 and nothing is stored).
 * 2. decideReschedule (a reviewer, never the borrower): APPROVE with terms (a holiday or
 *    an extension of `months`, at a rate no higher than the contract's, within the legal
 *    cap), quoted on the decision's business date, to be accepted by the day before the
 *    first installment it replaces falls due; or REJECT with a reason.
 * 3. respondToReschedule (the borrower): DECLINE, or ACCEPT: the supplementary agreement
 *    is rendered, stored and signed like the loan contract, then ONE transaction marks
 *    the request ACCEPTED, records the reschedule on the loan (still REPAYING, never
 *    rescheduled before), checks that no repayment or debt transfer is with the bank and
 *    rewrites the replaced installments (each still untouched) — the servicing workflow
 *    reads the installments, so its next wait finds the new due dates. Then each holder's
 *    expected interest moves by their share of the extra interest, to the fen, once.
 *
 * The borrower's reason is a code; a rejection's note (free text) is kept on the request
 * item, and the audit trail keeps only its digest.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { sha256Hex } from '../core/disclosure-export';
import { DomainError, ForbiddenError, InvalidRequestError, NotFoundError } from '../core/errors';
import type { LoanRecord } from '../core/loan-lifecycle';
import { contractScheduleOfLoan, scheduleOfLoan } from '../core/loan-schedule';
import { toFen } from '../core/money';
import type { RepaymentSchedule } from '../core/repayment-schedule';
import { legalRateCap } from '../core/penalty';
import { formatRate, parseRate } from '../core/rate';
import type { Ratio } from '../core/rational';
import type { PartyConsent, SignatureRecord, SigningParty } from '../core/loan-agreement';
import {
  acceptanceDeadline,
  expectedInterestChanges,
  planRescheduleMove,
  reschedule,
  rescheduleRefusals,
  RescheduleRefusedError,
  type RescheduleTerms,
  type RescheduleReason,
  type RescheduleWish,
  type Rescheduling,
} from '../core/rescheduling';
import { buildSupplementaryAgreement, supplementaryAgreementKey, supplementaryAgreementVersion, supplementarySigningParties, type SupplementaryAgreement } from '../core/supplementary-agreement';
import { quoteReschedule } from './reschedule-quote';
import { ensureHoldings, stakesOf, type StakePorts } from './repayment';
import type { Installments } from './ports/installments';
import type { DocumentStore } from './ports/origination-documents';
import type { RescheduleRequestRecord, RescheduleRequests, StoredTerms } from './ports/reschedule-requests';
import type { ServicingRecords } from './ports/servicing';

export type { RescheduleAcceptance, RescheduleRequestRecord, RescheduleRequests, StoredTerms } from './ports/reschedule-requests';

/** What asking, reading and deciding a reschedule talk to: the records only. */
export interface RescheduleRecordPorts extends StakePorts {
  readonly requests: RescheduleRequests;
  readonly loans: { findLoan(loanId: string): Promise<LoanRecord | undefined>; getLoan(loanId: string): Promise<LoanRecord> };
  readonly installments: Pick<Installments, 'installmentsOf'>;
  readonly servicing: Pick<ServicingRecords, 'ensureHolding'>;
  readonly policy: { loanPrimeRate(): Ratio; lprMultiple(): number; platformLegalName(): string };
}

/** Accepting also renders, stores and signs the supplementary agreement. */
export interface ReschedulingPorts extends RescheduleRecordPorts {
  readonly renderer: { renderSupplementaryAgreementPdf(agreement: SupplementaryAgreement): Promise<Uint8Array> };
  readonly documents: () => Pick<DocumentStore, 'putOnce'>;
  readonly signer: () => Promise<{ sign(sha256: string, parties: readonly SigningParty[], at: Date, termsHash: string): Promise<SignatureRecord[]> }>;
}

/** The longest rejection note kept. */
export const maxExplanationLength = 500;

function noteOf(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > maxExplanationLength) throw new InvalidRequestError(`a reason of 1 to ${maxExplanationLength} characters`, [{ path: 'reason', message: 'required, at most 500 characters' }]);
  return trimmed;
}

async function borrowersLoan(ports: RescheduleRecordPorts, loanId: string, borrowerId: string): Promise<LoanRecord> {
  const loan = await ports.loans.findLoan(loanId);
  if (!loan || loan.borrowerId !== borrowerId) throw new NotFoundError(`no loan ${loanId}`);
  return loan;
}

/** The borrower asks (once per loan): the wish is quoted under the limits first; a refused one stores nothing. */
export async function requestReschedule(
  ports: RescheduleRecordPorts,
  request: { readonly loanId: string; readonly borrowerId: string; readonly wish: RescheduleWish; readonly reason: RescheduleReason },
  at: Date,
): Promise<RescheduleRequestRecord> {
  const loan = await borrowersLoan(ports, request.loanId, request.borrowerId);
  if (loan.rescheduled || (await ports.requests.findRequest(loan.loanId))) throw new RescheduleRefusedError(['ALREADY_REQUESTED']);
  await quoteReschedule(quotePorts(ports), { loanId: loan.loanId, borrowerId: request.borrowerId, wish: request.wish }, at);
  const record: RescheduleRequestRecord = {
    loanId: loan.loanId,
    borrowerId: loan.borrowerId,
    status: 'REQUESTED',
    wish: request.wish,
    reason: request.reason,
    requestedAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
  await ports.requests.createRequest(record);
  return record;
}

const quotePorts = (ports: RescheduleRecordPorts) => ({ loans: { find: (loanId: string) => ports.loans.findLoan(loanId) }, policy: ports.policy });

/** The request as its borrower or a reviewer sees it; to anyone else it does not exist. */
export async function rescheduleRequestOf(ports: RescheduleRecordPorts, loanId: string, caller: { readonly userId: string; readonly roles: readonly string[] }): Promise<{ request: RescheduleRequestRecord; rescheduling?: Rescheduling }> {
  const request = await ports.requests.findRequest(loanId);
  const mayReview = caller.roles.includes('reviewer') && request?.borrowerId !== caller.userId;
  if (!request || (request.borrowerId !== caller.userId && !mayReview)) throw new NotFoundError(`no reschedule request of loan ${loanId}`);
  if (!request.terms || !request.asOf) return { request };
  const loan = await ports.loans.getLoan(loanId);
  return { request, rescheduling: reschedule(contractScheduleOfLoan(loan), termsOf(request.terms), request.asOf) };
}

export const pendingRescheduleRequests = (ports: RescheduleRecordPorts): Promise<RescheduleRequestRecord[]> => ports.requests.pendingRequests();

const termsOf = (terms: StoredTerms): RescheduleTerms => ({ kind: terms.kind, months: terms.months, annualRate: parseRate(terms.annualRate) });

export type RescheduleDecision =
  | { readonly decision: 'APPROVE'; readonly kind: RescheduleTerms['kind']; readonly months: number; readonly annualRate?: string | undefined }
  | { readonly decision: 'REJECT'; readonly reason: string };

/** A reviewer approves with terms (checked against every limit), or rejects with a reason. Nobody decides their own loan's. */
export async function decideReschedule(ports: RescheduleRecordPorts, loanId: string, reviewerId: string, decision: RescheduleDecision, at: Date): Promise<RescheduleRequestRecord> {
  const request = await ports.requests.findRequest(loanId);
  if (!request) throw new NotFoundError(`no reschedule request of loan ${loanId}`);
  if (request.borrowerId === reviewerId) throw new ForbiddenError('nobody decides their own reschedule');
  const move = planRescheduleMove(request.status, decision.decision);
  if (decision.decision === 'REJECT') {
    const fields = { rejectionNote: noteOf(decision.reason), reviewerId, decidedAt: at.toISOString() };
    await ports.requests.recordDecision(loanId, 'REJECTED', fields, at);
    return { ...request, ...fields, status: move.to, updatedAt: at.toISOString() };
  }
  const loan = await ports.loans.getLoan(loanId);
  if (loan.status !== 'REPAYING') throw new RescheduleRefusedError(['LOAN_NOT_REPAYING']);
  const schedule = contractScheduleOfLoan(loan);
  const terms: RescheduleTerms = { kind: decision.kind, months: decision.months, annualRate: decision.annualRate === undefined ? schedule.terms.annualRate : parseRateOrRefuse(decision.annualRate) };
  const asOf = businessDate(at, platformTimeZone);
  const reasons = rescheduleRefusals(schedule, terms, { today: asOf, alreadyRescheduled: loan.rescheduled !== undefined, legalCap: legalRateCap(ports.policy.loanPrimeRate(), ports.policy.lprMultiple()) });
  if (reasons.length > 0) throw new RescheduleRefusedError(reasons);
  const rescheduling = reschedule(schedule, terms, asOf);
  const fields = {
    terms: { kind: terms.kind, months: terms.months, annualRate: formatRate(terms.annualRate) },
    asOf,
    acceptBy: acceptanceDeadline(rescheduling, schedule),
    extraInterestFen: toFen(rescheduling.extraInterest),
    principalFen: toFen(rescheduling.principal),
    termMonths: rescheduling.termMonths,
    reviewerId,
    decidedAt: at.toISOString(),
  };
  await ports.requests.recordDecision(loanId, 'APPROVED', fields, at);
  return { ...request, ...fields, status: move.to, updatedAt: at.toISOString() };
}

function parseRateOrRefuse(text: string) {
  try {
    return parseRate(text);
  } catch {
    throw new InvalidRequestError(`not an annual rate: ${text}`, [{ path: 'annualRate', message: 'a decimal rate such as 0.1' }]);
  }
}

/**
 * The borrower accepts the approved terms (the agreement signed, the schedule replaced,
 * the holders' expectations moved) or declines them. Accepting again finishes what an
 * interrupted acceptance left (the holders' expectations) and changes nothing else.
 */
/**
 * The borrower's answer to approved terms. Accepting is their consent to the supplementary
 * agreement: the signer signs for them only with it (the agreement's digest as the terms' hash,
 * the time and the request that carried the acceptance).
 */
export async function respondToReschedule(ports: ReschedulingPorts, loanId: string, borrowerId: string, response: 'ACCEPT' | 'DECLINE', requestId: string, at: Date): Promise<RescheduleRequestRecord> {
  const loan = await borrowersLoan(ports, loanId, borrowerId);
  const request = await ports.requests.findRequest(loanId);
  if (!request) throw new NotFoundError(`no reschedule request of loan ${loanId}`);
  if (response === 'ACCEPT' && request.status === 'ACCEPTED') {
    await adjustHolders(ports, loan, at);
    return request;
  }
  planRescheduleMove(request.status, response);
  if (response === 'DECLINE') {
    await ports.requests.recordDecline(loanId, at);
    return { ...request, status: 'DECLINED', declinedAt: at.toISOString(), updatedAt: at.toISOString() };
  }
  const { terms, asOf, acceptBy, decidedAt } = request;
  if (!terms || !asOf || !acceptBy || !decidedAt) throw new DomainError('conflict', `the reschedule of loan ${loanId} has no terms`);
  if (loan.status !== 'REPAYING') throw new RescheduleRefusedError(['LOAN_NOT_REPAYING']);
  if (businessDate(at, platformTimeZone) > acceptBy) throw new RescheduleRefusedError(['TERMS_LAPSED']);
  const contract = contractScheduleOfLoan(loan);
  const granted = termsOf(terms);
  const reasons = rescheduleRefusals(contract, granted, { today: asOf, alreadyRescheduled: loan.rescheduled !== undefined, legalCap: legalRateCap(ports.policy.loanPrimeRate(), ports.policy.lprMultiple()) });
  if (reasons.length > 0) throw new RescheduleRefusedError(reasons);
  const rescheduling = reschedule(contract, granted, asOf);
  // The holdings exist with the contract's expectations before they move (creating them later would read the new installments).
  await ensureHoldings(ports, loanId, at);

  const agreement = buildSupplementaryAgreement({ loanId, borrowerId, platformName: ports.policy.platformLegalName(), contract, terms: granted, rescheduling, datedAt: decidedAt });
  const pdf = await ports.renderer.renderSupplementaryAgreementPdf(agreement);
  const documentKey = supplementaryAgreementKey(loanId);
  const agreementHash = sha256Hex(pdf);
  await ports.documents().putOnce(documentKey, pdf, 'application/pdf');
  const acceptance: PartyConsent = { termsHash: agreementHash, version: supplementaryAgreementVersion, acceptedAt: at.toISOString(), requestId, channel: 'reschedule-acceptance' };
  const signatures = await (await ports.signer()).sign(agreementHash, supplementarySigningParties(agreement, acceptance), at, agreementHash);
  const signed = { documentKey, agreementHash, byteLength: pdf.byteLength, version: supplementaryAgreementVersion, signatures };

  const accepted: RescheduleRequestRecord = { ...request, status: 'ACCEPTED', acceptedAt: at.toISOString(), updatedAt: at.toISOString(), agreement: signed };
  await ports.requests.applyAcceptance({
    request: accepted,
    rescheduled: { asOf, ...terms },
    replacedNumbers: contract.installments.slice(rescheduling.kept.length).map((installment) => installment.number),
    replacement: rescheduling.replacement,
    agreement: signed,
    at,
  });
  await adjustHolders(ports, { ...loan, rescheduled: { asOf, ...terms } }, at);
  return accepted;
}

/** Each holder's expected interest moves to their share of the rescheduled schedule's interest (once per holding). */
async function adjustHolders(ports: RescheduleRecordPorts, loan: LoanRecord, at: Date): Promise<void> {
  const interestOf = (schedule: RepaymentSchedule) => toFen(schedule.totals.interest);
  const stakes = await stakesOf(ports, loan.loanId);
  for (const change of expectedInterestChanges(interestOf(contractScheduleOfLoan(loan)), interestOf(scheduleOfLoan(loan)), stakes)) {
    await ports.requests.adjustExpectedInterest(change.investorId, loan.loanId, change.interestFen, at);
  }
}
