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

export const agreementVersion = 1;

/** The object key of a loan's contract document in the document store. */
export const agreementDocumentKey = (loanId: string): string => `contracts/${loanId}/loan-contract-v${agreementVersion}.pdf`;

/** A user as a contract or a signature names them: the first and last four characters of the id. */
export const maskedUserRef = (userId: string): string => maskMiddle(userId, 4, 4);

export const repaymentMethodNames: Readonly<Record<RepaymentMethod, string>> = {
  EQUAL_INSTALLMENT: 'Equal installments of principal and interest (等额本息)',
  EQUAL_PRINCIPAL: 'Equal principal, interest on the outstanding balance (等额本金)',
  INTEREST_FIRST: 'Monthly interest, principal at maturity (先息后本)',
  BULLET: 'Principal and interest in one payment at maturity (一次性还本付息)',
};

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
  /** When the listing was filled (the agreement's date), ISO 8601. */
  readonly fundedAt: string;
  readonly terms: AgreementTerms;
}

export interface AgreementInvestor {
  /** Masked user reference. */
  readonly ref: string;
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
  /** The agreement's date: the funding date in Asia/Shanghai. */
  readonly contractDate: string;
  /** The funding instant, ISO 8601: the document's creation date. */
  readonly generatedAt: string;
  readonly parties: {
    readonly platform: { readonly name: string; readonly role: 'information intermediary' };
    readonly borrower: { readonly ref: string; readonly kind?: string; readonly name?: string; readonly identity?: string };
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

/** Each investor's live bids summed, ordered by masked reference then id (a stable order for the document). */
export function investorShares(amountFen: number, bids: readonly AgreementBid[]): AgreementInvestor[] {
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
  const investors = investorShares(loan.amountFen, input.bids);
  const { serviceFee, toBorrower } = disbursementAmounts(amount, terms.serviceFeeRate);
  const legalCap = legalRateCap(terms.loanPrimeRate, terms.lprMultiple);
  const penalty = effectivePenaltyRate({ contractRate: annualRate, penaltyRate: terms.penaltyRate, legalCap });
  const last = schedule.installments.at(-1);
  if (!last) throw new RangeError('a schedule without installments');

  return {
    version: agreementVersion,
    loanId: loan.loanId,
    contractDate,
    generatedAt: fundedAt.toISOString(),
    parties: {
      platform: { name: terms.platformName, role: 'information intermediary' },
      borrower: {
        ref: maskedUserRef(borrower.userId),
        ...(borrower.kind ? { kind: borrower.kind } : {}),
        ...(borrower.maskedName ? { name: borrower.maskedName } : {}),
        ...(borrower.maskedIdentity ? { identity: borrower.maskedIdentity } : {}),
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

/** The parties who sign, in signing order: the borrower, each investor, then the platform. */
export interface SigningParty {
  readonly role: 'borrower' | 'investor' | 'platform';
  readonly party: string;
}

export function signingParties(agreement: LoanAgreement): SigningParty[] {
  return [
    { role: 'borrower', party: agreement.parties.borrower.ref },
    ...agreement.parties.investors.map((investor) => ({ role: 'investor' as const, party: investor.ref })),
    { role: 'platform', party: agreement.parties.platform.name },
  ];
}

/** One party's signature over the agreement's SHA-256. */
export type SignatureAlgorithm = 'ECDSA_SHA_256' | 'Ed25519';

export interface SignatureRecord {
  readonly role: SigningParty['role'];
  /** The party's masked or opaque reference (never personal data). */
  readonly party: string;
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
}
