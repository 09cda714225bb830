/**
 * A borrower asks what a reschedule would do to their loan (POST /v1/loans/{loanId}/reschedule-quotes):
 * the new installments and the extra interest, under the limits of core/rescheduling.ts,
 * at the contract rate (a reviewer may grant a lower one, never a higher). Nothing is
 * written (the request, the review and the supplementary agreement: ./rescheduling.ts).
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { NotFoundError } from '../core/errors';
import type { LoanRecord } from '../core/loan-lifecycle';
import { parseYuan, toFen } from '../core/money';
import { legalRateCap } from '../core/penalty';
import type { Ratio } from '../core/rational';
import { scheduleOfLoan } from '../core/loan-schedule';
import { extensionForInstallment, reschedule, rescheduleRefusals, RescheduleRefusedError, type RescheduleTerms, type RescheduleWish, type Rescheduling } from '../core/rescheduling';

export interface RescheduleQuotePorts {
  readonly loans: { find(loanId: string): Promise<LoanRecord | undefined> };
  readonly policy: { loanPrimeRate(): Ratio; lprMultiple(): number };
}


export async function quoteReschedule(
  ports: RescheduleQuotePorts,
  request: { readonly loanId: string; readonly borrowerId: string; readonly wish: RescheduleWish },
  at: Date,
): Promise<Rescheduling & { readonly terms: RescheduleTerms }> {
  const loan = await ports.loans.find(request.loanId);
  if (!loan || loan.borrowerId !== request.borrowerId) throw new NotFoundError(`no loan ${request.loanId}`);
  if (loan.status !== 'REPAYING') throw new RescheduleRefusedError(['LOAN_NOT_REPAYING']);
  const schedule = scheduleOfLoan(loan);
  const today = businessDate(at, platformTimeZone);
  const { wish } = request;
  const annualRate = schedule.terms.annualRate;
  const context = { today, alreadyRescheduled: loan.rescheduled !== undefined, legalCap: legalRateCap(ports.policy.loanPrimeRate(), ports.policy.lprMultiple()) };
  const refuseIfAny = (terms: RescheduleTerms) => {
    const reasons = rescheduleRefusals(schedule, terms, context);
    if (reasons.length > 0) throw new RescheduleRefusedError(reasons);
  };
  let months: number;
  if (wish.kind === 'LOWER_INSTALLMENT') {
    refuseIfAny({ kind: 'EXTEND_TERM', months: 1, annualRate });
    const found = extensionForInstallment(schedule, annualRate, today, toFen(parseYuan(wish.installment)));
    if (found === undefined) throw new RescheduleRefusedError(['INSTALLMENT_NOT_REACHABLE']);
    months = found;
  } else {
    months = wish.months;
  }
  const terms: RescheduleTerms = { kind: wish.kind === 'PAYMENT_HOLIDAY' ? 'PAYMENT_HOLIDAY' : 'EXTEND_TERM', months, annualRate };
  refuseIfAny(terms);
  return { terms, ...reschedule(schedule, terms, today) };
}
