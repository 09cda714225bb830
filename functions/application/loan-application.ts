/**
 * A borrower applies for a loan (POST /v1/loan-applications): the pre-loan checks
 * (limits, the legal rate cap, the income multiple, the regulatory caps on this
 * platform and across platforms from the credit bureau), then the loan (APPLIED) and
 * the origination workflow, started with the loan id as the execution's name.
 *
 * The loan id derives from the caller and the Idempotency-Key, so a retry after a
 * failure between the write and the start finds the same loan and starts the same
 * execution: one loan, one execution, whatever fails when.
 */
import { createHash } from 'node:crypto';
import { businessDate, platformTimeZone } from '../core/calendar';
import { ForbiddenError } from '../core/errors';
import { applicationRefusals, borrowerRefusals, ApplicationRefusedError, platformOutstandingFen, type BorrowerKind, type LoanApplicationRecord, type NewApplication } from '../core/loan-application';
import type { LoanPurposeCategory } from '../core/loan-purpose';
import { parseYuan, toFen } from '../core/money';
import { parseRate } from '../core/rate';
import { staffRoles } from '../core/roles';
import type { RepaymentMethod } from '../core/repayment-schedule';
import type { UserProfile } from '../core/users';
import type { CreditBureau } from './ports/origination-credit-bureau';
import type { ApplicationPolicy } from './ports/origination-policy';

/** The borrower's loans the caps count, read together with the version of that set. */
export interface Borrowing {
  readonly loans: readonly LoanApplicationRecord[];
  readonly version: number;
}

export interface LoanApplications {
  find(loanId: string): Promise<LoanApplicationRecord | undefined>;
  /** Every loan of the borrower (strongly consistent) and the version of the set; only a new application changes the version. */
  borrowing(borrowerId: string): Promise<Borrowing>;
  /**
   * Writes the application in one transaction with the borrower's set of loans, on condition
   * that the set is still the one read: the caps were checked against every loan the
   * borrower has (ConcurrentModificationError otherwise).
   */
  submit(application: NewApplication, read: Borrowing): Promise<LoanApplicationRecord>;
}

export interface OriginationStarter {
  start(loanId: string): Promise<void>;
}

export interface LoanApplicationPorts {
  readonly applications: LoanApplications;
  readonly profiles: { find(userId: string): Promise<UserProfile | undefined> };
  readonly creditBureau: CreditBureau;
  readonly origination: OriginationStarter;
  readonly policy: ApplicationPolicy;
}

export interface LoanApplicationForm {
  readonly kind: BorrowerKind;
  /** Yuan, as typed: "50000.00". */
  readonly amount: string;
  readonly termMonths: number;
  readonly annualRate: string;
  readonly method: RepaymentMethod;
  readonly purposeCategory: LoanPurposeCategory;
  readonly purpose: string;
  readonly monthlyIncome: string;
}

/** The loan id of an application: the borrower and the request's Idempotency-Key, hashed. */
const applicationLoanId = (borrowerId: string, idempotencyKey: string): string =>
  `loan-${createHash('sha256').update(`${borrowerId}#${idempotencyKey}`).digest('hex').slice(0, 32)}`;

export async function applyForLoan(
  ports: LoanApplicationPorts,
  application: { readonly borrowerId: string; readonly idempotencyKey: string; readonly form: LoanApplicationForm },
  at: Date,
): Promise<{ loanId: string; status: string }> {
  const { borrowerId, form } = application;
  const loanId = applicationLoanId(borrowerId, application.idempotencyKey);

  const retried = await ports.applications.find(loanId);
  if (retried && retried.borrowerId === borrowerId) {
    await ports.origination.start(loanId);
    return { loanId, status: retried.status };
  }

  const profile = await ports.profiles.find(borrowerId);
  if (profile?.verification?.status !== 'VERIFIED') throw new ForbiddenError('real-name verification must be complete before applying');

  const terms = {
    kind: form.kind,
    amountFen: toFen(parseYuan(form.amount)),
    termMonths: form.termMonths,
    annualRate: parseRate(form.annualRate),
    method: form.method,
    monthlyIncomeFen: toFen(parseYuan(form.monthlyIncome)),
  };
  const [report, borrowing] = await Promise.all([ports.creditBureau.report({ userId: borrowerId }), ports.applications.borrowing(borrowerId)]);
  const { policy } = ports;
  const reasons: string[] = applicationRefusals(
    terms,
    { loanPrimeRate: policy.loanPrimeRate(), lprMultiple: policy.lprMultiple(), incomeMultiple: policy.incomeMultiple() },
    { platformOutstandingFen: platformOutstandingFen(borrowing.loans), otherPlatformsOutstandingFen: report.otherPlatformsOutstandingFen },
  );
  if (profile.verification.kind !== form.kind) reasons.push('KIND_DIFFERS_FROM_VERIFICATION');
  const standing = {
    kind: profile.verification.kind,
    birthDate: profile.verification.birthDate,
    relatedParty: profile.relatedParty,
    platformAccount: profile.roles.some((role) => staffRoles.includes(role)),
  };
  reasons.push(...borrowerRefusals(form.purposeCategory, standing, businessDate(at, platformTimeZone)));
  if (reasons.length > 0) throw new ApplicationRefusedError(reasons);

  // The caps hold under concurrency: the write is refused if another application joined the borrower's loans since they were read.
  const loan = await ports.applications.submit({
    loanId,
    borrowerId,
    kind: form.kind,
    amountFen: terms.amountFen,
    termMonths: form.termMonths,
    annualRate: form.annualRate,
    method: form.method,
    purposeCategory: form.purposeCategory,
    purpose: form.purpose,
    monthlyIncomeFen: terms.monthlyIncomeFen,
    createdAt: at.toISOString(),
  }, borrowing);
  await ports.origination.start(loanId);
  return { loanId, status: loan.status };
}
