/**
 * The loan agreement (借款合同, "jie kuan he tong"): what the contract document of a
 * funded loan says, computed from the loan, its bids and the platform's terms. Pure:
 * no I/O, no clock; the funding instant is a parameter, so the same inputs always
 * give the same agreement (and the same PDF bytes, functions/adapters/documents/contract-pdf.ts).
 *
 * - The schedule is the one buildRepaymentSchedule computes with the funding date
 *   (Asia/Shanghai business date) as its start date; its principal sums exactly to
 *   the amount.
 * - Fees: the borrower's service fee (principal × rate, taken at disbursement, so the
 *   borrower receives principal − fee) and the investor's management fee rate (taken
 *   from interest received).
 * - Overdue terms: the penalty rate actually charged is the configured one limited so
 *   that contract rate + penalty never exceed the legal cap (effectivePenaltyRate).
 * - Parties are masked: the borrower by the masked name and ID number already kept on
 *   the profile, every party by a masked user reference; each investor's share is the
 *   sum of their live bids, and the shares sum exactly to the amount (or the agreement
 *   is refused: a loan is only contracted when fully subscribed).
 */
import { businessDate, platformTimeZone } from './calendar';
import { fen, formatYuan, toFen, type Money } from './money';
import { disbursementAmounts, type FeeRate } from './fees';
import { effectivePenaltyRate, legalRateCap } from './penalty';
import { formatRate, parseRate, type AnnualRate } from './rate';
import { roundHalfUp, times, whole, ratio, type Ratio } from './rational';
import { buildRepaymentSchedule, repaymentMethods, type RepaymentMethod } from './repayment-schedule';
import { maskMiddle } from './pii-masking';
import { sha256Hex } from './disclosure-export';

/** The contract template's version: 2 is the Chinese text (借款合同) with each party's consent record. */
export const agreementVersion = 2;

/** The object key of a loan's contract document in the document store. */
export const agreementDocumentKey = (loanId: string): string => `contracts/${loanId}/loan-contract-v${agreementVersion}.pdf`;

/** A user as a contract or a signature names them: the first and last four characters of the id. */
export const maskedUserRef = (userId: string): string => maskMiddle(userId, 4, 4);

export const repaymentMethodNames: Readonly<Record<RepaymentMethod, string>> = {
  EQUAL_INSTALLMENT: '等额本息（每期偿还相同金额的本金和利息）',
  EQUAL_PRINCIPAL: '等额本金（每期偿还相同本金，利息按剩余本金计算）',
  INTEREST_FIRST: '先息后本（按月付息，到期一次性偿还本金）',
  BULLET: '一次性还本付息（到期一次性偿还本金和利息）',
};

/**
 * A party's acceptance of the agreement's terms (同意), recorded before anything is signed
 * on their behalf: the borrower through the consent route, each investor with their bid
 * (an auto-bid plan is the investor's standing acceptance). The e-signature step signs for
 * a borrower or an investor only with such a record whose termsHash is the agreement's.
 */
export interface PartyConsent {
  /** The agreement's terms hash the party accepted (agreementTermsHash). */
  readonly termsHash: string;
  readonly version: number;
  /** When the party accepted, ISO 8601. */
  readonly acceptedAt: string;
  /** The request that carried the acceptance (the API's request id; for an auto-bid, the plan's id). */
  readonly requestId: string;
  /**
   * 'consent-route', 'manual-bid' or 'auto-bid' (a loan agreement); 'transfer-offer' or 'transfer-purchase' (a transfer
   * agreement); 'reschedule-acceptance' (a supplementary agreement: the borrower accepting the approved terms).
   */
  readonly channel: 'consent-route' | 'manual-bid' | 'auto-bid' | 'transfer-offer' | 'transfer-purchase' | 'reschedule-acceptance';
}

/** A party who must consent before being signed for has none matching the terms: nothing is signed. */
export class ConsentMissingError extends Error {
  override readonly name = 'ConsentMissingError';
}

export interface AgreementLoan {
  readonly loanId: string;
  readonly amountFen: number;
  readonly termMonths: number;
  /** Decimal string, e.g. "0.12". */
  readonly annualRate: string;
  readonly method: string;
  readonly purpose?: string | undefined;
  readonly grade?: string | undefined;
}

export interface AgreementBorrower {
  readonly userId: string;
  readonly kind?: 'personal' | 'enterprise' | undefined;
  /** Already masked (张*, or a company's masked name). */
  readonly maskedName?: string | undefined;
  /** Already masked ID number or credit code. */
  readonly maskedIdentity?: string | undefined;
}

export interface AgreementBid {
  readonly investorId: string;
  readonly amountFen: number;
}

export interface AgreementTerms {
  readonly serviceFeeRate: FeeRate;
  readonly managementFeeRate: FeeRate;
  /** The configured annual penalty rate before the cap. */
  readonly penaltyRate: AnnualRate;
  readonly loanPrimeRate: AnnualRate;
  readonly lprMultiple: number;
  readonly platformName: string;
}

export interface AgreementInput {
  readonly loan: AgreementLoan;
  readonly borrower: AgreementBorrower;
  /** The loan's live bids (frozen or posted), one investor possibly several times. */
  readonly bids: readonly AgreementBid[];
  /** The borrower's consent and each investor's (by investor id), as recorded; a party without one is printed as not consented. */
  readonly consents?: { readonly borrower?: PartyConsent | undefined; readonly investors?: ReadonlyMap<string, PartyConsent> };
  /** When the listing was filled (the agreement's date), ISO 8601. */
  readonly fundedAt: string;
  readonly terms: AgreementTerms;
}

export interface AgreementInvestor {
  /** Masked user reference. */
  readonly ref: string;
  readonly consent?: PartyConsent;
  readonly amount: string;
  readonly amountFen: number;
  /** Share of the loan in percent, two decimals (display only; amounts are exact). */
  readonly sharePercent: string;
}

export interface AgreementInstallment {
  readonly number: number;
  readonly dueDate: string;
  readonly principal: string;
  readonly interest: string;
  readonly total: string;
  readonly remainingPrincipal: string;
}

export interface LoanAgreement {
  readonly version: number;
  readonly loanId: string;
  /** The hash of the terms every party accepted (agreementTermsHash). */
  readonly termsHash: string;
  /** The agreement's date: the funding date in Asia/Shanghai. */
  readonly contractDate: string;
  /** The funding instant, ISO 8601: the document's creation date. */
  readonly generatedAt: string;
  readonly parties: {
    readonly platform: { readonly name: string; readonly role: 'information intermediary' };
    readonly borrower: { readonly ref: string; readonly kind?: string; readonly name?: string; readonly identity?: string; readonly consent?: PartyConsent };
    readonly investors: readonly AgreementInvestor[];
  };
  readonly loan: {
    readonly amount: string;
    readonly amountFen: number;
    readonly termMonths: number;
    readonly annualRate: string;
    readonly annualRatePercent: string;
    readonly method: RepaymentMethod;
    readonly methodName: string;
    readonly purpose?: string;
    readonly grade?: string;
    readonly startDate: string;
    readonly maturityDate: string;
  };
  readonly schedule: readonly AgreementInstallment[];
  readonly totals: { readonly principal: string; readonly interest: string; readonly total: string };
  readonly fees: {
    readonly borrowerServiceFeeRatePercent: string;
    readonly borrowerServiceFee: string;
    readonly toBorrower: string;
    readonly investorManagementFeeRatePercent: string;
  };
  readonly overdue: {
    readonly penaltyRatePercent: string;
    readonly legalCapPercent: string;
    readonly loanPrimeRatePercent: string;
    readonly lprMultiple: number;
  };
}

const yuan = (money: Money): string => formatYuan(money);

/** A ratio as a percentage with two decimals, rounded half-up: 3/25 → "12.00". */
export function percent(rate: Ratio): string {
  const hundredths = roundHalfUp(times(rate, whole(10_000)));
  const negative = hundredths < 0n;
  const digits = (negative ? -hundredths : hundredths).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** What the terms hash covers: the loan's terms and the platform's, fixed before funding (the schedule's dates follow from the funding date). */
export type TermsOfLoan = Pick<AgreementLoan, 'loanId' | 'amountFen' | 'termMonths' | 'annualRate' | 'method'>;

/** The terms a party accepts, as shown before they accept (GET /v1/loans/{loanId}/contract/terms). */
export interface AgreementTermsSummary {
  readonly version: number;
  readonly loanId: string;
  readonly amount: string;
  readonly termMonths: number;
  readonly annualRate: string;
  readonly method: string;
  readonly methodName: string;
  readonly serviceFeeRatePercent: string;
  readonly managementFeeRatePercent: string;
  readonly penaltyRatePercent: string;
  readonly legalCapPercent: string;
  readonly platform: string;
}

export function agreementTermsSummary(loan: TermsOfLoan, terms: AgreementTerms): AgreementTermsSummary {
  if (!(repaymentMethods as readonly string[]).includes(loan.method)) throw new RangeError(`unknown repayment method ${loan.method}`);
  const annualRate = parseRate(loan.annualRate);
  const legalCap = legalRateCap(terms.loanPrimeRate, terms.lprMultiple);
  return {
    version: agreementVersion,
    loanId: loan.loanId,
    amount: yuan(fen(loan.amountFen)),
    termMonths: loan.termMonths,
    annualRate: formatRate(annualRate),
    method: loan.method,
    methodName: repaymentMethodNames[loan.method as RepaymentMethod],
    serviceFeeRatePercent: percent(terms.serviceFeeRate),
    managementFeeRatePercent: percent(terms.managementFeeRate),
    penaltyRatePercent: percent(effectivePenaltyRate({ contractRate: annualRate, penaltyRate: terms.penaltyRate, legalCap })),
    legalCapPercent: percent(legalCap),
    platform: terms.platformName,
  };
}

/**
 * The terms' version hash: SHA-256 (hex) of the terms summary, one canonical "name value"
 * line per term in a fixed order, the template's version first. The same loan under the same
 * policy always gives the same hash; a changed fee rate, penalty, cap or template is a
 * different hash, which earlier consents do not cover.
 */
export function agreementTermsHash(loan: TermsOfLoan, terms: AgreementTerms): string {
  const summary = agreementTermsSummary(loan, terms);
  const lines = [`p2p-loan-agreement/v${summary.version}`, ...Object.entries(summary).map(([name, value]) => `${name} ${value}`)];
  return sha256Hex(new TextEncoder().encode(lines.join('\n')));
}

/** Each investor's live bids summed, ordered by masked reference then id (a stable order for the document). */
export function investorShares(amountFen: number, bids: readonly AgreementBid[], consents?: ReadonlyMap<string, PartyConsent>): AgreementInvestor[] {
  const byInvestor = new Map<string, number>();
  for (const bid of bids) {
    if (!Number.isSafeInteger(bid.amountFen) || bid.amountFen <= 0) throw new RangeError(`a bid of ${bid.amountFen} fen`);
    byInvestor.set(bid.investorId, (byInvestor.get(bid.investorId) ?? 0) + bid.amountFen);
  }
  const total = [...byInvestor.values()].reduce((sum, value) => sum + value, 0);
  if (total !== amountFen) throw new RangeError(`the bids sum to ${total} fen, not the loan's ${amountFen}: only a fully subscribed loan is contracted`);
  return [...byInvestor]
    .sort(([a], [b]) => {
      const byRef = maskedUserRef(a).localeCompare(maskedUserRef(b));
      return byRef !== 0 ? byRef : a < b ? -1 : a > b ? 1 : 0;
    })
    .map(([investorId, amount]) => ({
      ref: maskedUserRef(investorId),
      ...(consents?.get(investorId) ? { consent: consents.get(investorId)! } : {}),
      amount: yuan(fen(amount)),
      amountFen: amount,
      sharePercent: percent(ratio(BigInt(amount), BigInt(amountFen))),
    }));
}

export function buildLoanAgreement(input: AgreementInput): LoanAgreement {
  const { loan, borrower, terms } = input;
  if (!(repaymentMethods as readonly string[]).includes(loan.method)) throw new RangeError(`unknown repayment method ${loan.method}`);
  const method = loan.method as RepaymentMethod;
  const fundedAt = new Date(input.fundedAt);
  if (Number.isNaN(fundedAt.getTime())) throw new RangeError(`not an instant: ${input.fundedAt}`);
  const contractDate = businessDate(fundedAt, platformTimeZone);
  const annualRate = parseRate(loan.annualRate);
  const amount = fen(loan.amountFen);
  const schedule = buildRepaymentSchedule({ amount, termMonths: loan.termMonths, annualRate, method, startDate: contractDate });
  const investors = investorShares(loan.amountFen, input.bids, input.consents?.investors);
  const borrowerConsent = input.consents?.borrower;
  const { serviceFee, toBorrower } = disbursementAmounts(amount, terms.serviceFeeRate);
  const legalCap = legalRateCap(terms.loanPrimeRate, terms.lprMultiple);
  const penalty = effectivePenaltyRate({ contractRate: annualRate, penaltyRate: terms.penaltyRate, legalCap });
  const last = schedule.installments.at(-1);
  if (!last) throw new RangeError('a schedule without installments');

  return {
    version: agreementVersion,
    loanId: loan.loanId,
    termsHash: agreementTermsHash(loan, terms),
    contractDate,
    generatedAt: fundedAt.toISOString(),
    parties: {
      platform: { name: terms.platformName, role: 'information intermediary' },
      borrower: {
        ref: maskedUserRef(borrower.userId),
        ...(borrower.kind ? { kind: borrower.kind } : {}),
        ...(borrower.maskedName ? { name: borrower.maskedName } : {}),
        ...(borrower.maskedIdentity ? { identity: borrower.maskedIdentity } : {}),
        ...(borrowerConsent ? { consent: borrowerConsent } : {}),
      },
      investors,
    },
    loan: {
      amount: yuan(amount),
      amountFen: toFen(amount),
      termMonths: loan.termMonths,
      annualRate: formatRate(annualRate),
      annualRatePercent: percent(annualRate),
      method,
      methodName: repaymentMethodNames[method],
      ...(loan.purpose ? { purpose: loan.purpose } : {}),
      ...(loan.grade ? { grade: loan.grade } : {}),
      startDate: contractDate,
      maturityDate: last.dueDate,
    },
    schedule: schedule.installments.map((installment) => ({
      number: installment.number,
      dueDate: installment.dueDate,
      principal: yuan(installment.principal),
      interest: yuan(installment.interest),
      total: yuan(installment.total),
      remainingPrincipal: yuan(installment.remainingPrincipal),
    })),
    totals: { principal: yuan(schedule.totals.principal), interest: yuan(schedule.totals.interest), total: yuan(schedule.totals.total) },
    fees: {
      borrowerServiceFeeRatePercent: percent(terms.serviceFeeRate),
      borrowerServiceFee: yuan(serviceFee),
      toBorrower: yuan(toBorrower),
      investorManagementFeeRatePercent: percent(terms.managementFeeRate),
    },
    overdue: {
      penaltyRatePercent: percent(penalty),
      legalCapPercent: percent(legalCap),
      loanPrimeRatePercent: percent(terms.loanPrimeRate),
      lprMultiple: terms.lprMultiple,
    },
  };
}

/**
 * The parties who sign, in signing order: the borrower, each investor, then the platform
 * (for a transfer agreement: the seller, the buyer, then the platform). Every party but the
 * platform carries the consent it is signed with.
 */
export interface SigningParty {
  readonly role: 'borrower' | 'investor' | 'seller' | 'buyer' | 'platform';
  readonly party: string;
  readonly consent?: PartyConsent;
}

/**
 * Refuses to sign for a party other than the platform without a consent to these terms
 * (termsHash): the e-signature service signs on a party's behalf only with their record.
 */
export function assertConsented(parties: readonly SigningParty[], termsHash: string): void {
  const missing = parties.filter((party) => party.role !== 'platform' && party.consent?.termsHash !== termsHash);
  if (missing.length > 0) {
    throw new ConsentMissingError(`no consent to terms ${termsHash.slice(0, 12)}… recorded for ${missing.map((party) => `the ${party.role} ${party.party}`).join(', ')}: nothing is signed`);
  }
}

export function signingParties(agreement: LoanAgreement): SigningParty[] {
  const { borrower, investors, platform } = agreement.parties;
  return [
    { role: 'borrower', party: borrower.ref, ...(borrower.consent ? { consent: borrower.consent } : {}) },
    ...investors.map((investor) => ({ role: 'investor' as const, party: investor.ref, ...(investor.consent ? { consent: investor.consent } : {}) })),
    { role: 'platform', party: platform.name },
  ];
}

/** One party's signature over the agreement's SHA-256. */
export type SignatureAlgorithm = 'ECDSA_SHA_256' | 'Ed25519';

export interface SignatureRecord {
  readonly role: SigningParty['role'];
  /** The party's masked or opaque reference (never personal data). */
  readonly party: string;
  /** The consent the party was signed with (every party but the platform). */
  readonly consent?: PartyConsent;
  readonly algorithm: SignatureAlgorithm;
  readonly keyId: string;
  readonly signedAt: string;
  /** base64 */
  readonly signature: string;
}

/** The recorded contract: the stored document's key and digest, every signature. */
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
  /** The terms' hash every consent matched (absent on contracts of version 1, signed before consent records). */
  readonly termsHash?: string;
}
