/**
 * A disbursed loan's schedule, the one source of truth for it: the contract's schedule
 * (core/repayment-schedule.ts, from the loan's terms and its disbursement date) with the
 * loan's reschedule applied when it has one (core/rescheduling.ts: the installments due
 * on or before the reschedule's business date kept, the rest replaced).
 */
import { businessDate, platformTimeZone } from './calendar';
import { fen, sumMoney } from './money';
import { parseRate } from './rate';
import { buildRepaymentSchedule, isRepaymentMethod, type RepaymentSchedule } from './repayment-schedule';
import { reschedule, type RescheduleOnRecord } from './rescheduling';

/** What a loan record says of its terms (core/loan-lifecycle LoanRecord). */
export interface LoanOnRecord {
  readonly loanId: string;
  readonly amountFen: number;
  readonly termMonths: number;
  readonly annualRate?: string;
  readonly method?: string;
  /** When the bank confirmed the disbursement: the schedule starts on its business date (Asia/Shanghai). */
  readonly disbursedAt?: string;
  /** The accepted reschedule, if any. */
  readonly rescheduled?: RescheduleOnRecord;
}

/** The schedule the contract gave the loan, before any reschedule. */
export function contractScheduleOfLoan(loan: LoanOnRecord): RepaymentSchedule {
  const { method, annualRate, disbursedAt } = loan;
  if (!method || !isRepaymentMethod(method) || !annualRate || !disbursedAt) throw new Error(`loan ${loan.loanId} has no repayment terms`);
  return buildRepaymentSchedule({
    amount: fen(loan.amountFen),
    termMonths: loan.termMonths,
    annualRate: parseRate(annualRate),
    method,
    startDate: businessDate(new Date(disbursedAt), platformTimeZone),
  });
}

/** The loan's schedule now: the contract's, replaced from the reschedule's date when it was rescheduled. */
export function scheduleOfLoan(loan: LoanOnRecord): RepaymentSchedule {
  const contract = contractScheduleOfLoan(loan);
  if (!loan.rescheduled) return contract;
  const { asOf, kind, months, annualRate } = loan.rescheduled;
  const terms = { kind, months, annualRate: parseRate(annualRate) };
  const rescheduled = reschedule(contract, terms, asOf);
  const installments = [...rescheduled.kept, ...rescheduled.replacement];
  const principal = sumMoney(installments.map((installment) => installment.principal));
  const interest = sumMoney(installments.map((installment) => installment.interest));
  return {
    terms: { ...contract.terms, termMonths: rescheduled.termMonths, annualRate: terms.annualRate },
    installments,
    totals: { principal, interest, total: sumMoney([principal, interest]) },
  };
}
