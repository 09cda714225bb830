/**
 * The loan-servicing workflow's own steps (its repayments are ./repayment.ts): what the
 * execution does next, parking an overdue loan until the repayment that settles it, and
 * continuing in a new execution before a Standard execution's one-year limit.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { nextServicingStep } from '../core/servicing';
import { ensureHoldings, repayableStatuses, settleIfPaid, type RepaymentPorts, type StakePorts } from './repayment';
import type { ServicingRecords } from './ports/servicing';
import type { ServicingWorkflow } from './ports/workflow-engine';

/** What deciding the next step reads and writes (the loan, its installments, the holdings it creates once). */
export type ServicingPlanPorts = StakePorts & Pick<RepaymentPorts, 'loans' | 'installments' | 'servicing'>;

/** What parking writes (the token on the loan's servicing item) and reads. */
export interface ServicingParkPorts extends Pick<RepaymentPorts, 'installments'> {
  readonly servicing: Pick<ServicingRecords, 'recordParkedToken'>;
}


export interface ServicingPosition {
  readonly loanId: string;
  readonly generation: number;
  /** The latest due date already attempted by auto-debit ('' for none). */
  readonly attemptedThrough: string;
  /** When this execution started (its one-year limit counts from here). */
  readonly startedAt: string;
}

/** Every field present (the state machine's ResultSelector reads them all). */
export interface PlannedStep {
  readonly next: 'END' | 'WAIT' | 'COLLECT' | 'PARK' | 'CONTINUE';
  readonly until: string;
  readonly dueDate: string;
  readonly parkSeconds: number;
}

/**
 * What the execution does next: wait for the next due date, collect what is due, park
 * until the loan settles, continue in a new execution, or end (every installment
 * settled; the loan SETTLES here if the last repayment's confirmation has not done it
 * yet). The first execution also creates the investors' holdings.
 */
export async function planServicing(ports: ServicingPlanPorts, position: ServicingPosition, at: Date): Promise<PlannedStep> {
  const loan = await ports.loans.getLoan(position.loanId);
  const none = { until: '', dueDate: position.attemptedThrough, parkSeconds: 0 };
  if (!repayableStatuses.includes(loan.status)) return { next: 'END', ...none };
  if (position.generation === 1 && !position.attemptedThrough) await ensureHoldings(ports, loan.loanId, at);
  const step = nextServicingStep({
    installments: await ports.installments.installmentsOf(loan.loanId),
    now: at,
    today: businessDate(at, platformTimeZone),
    attemptedThrough: position.attemptedThrough,
    startedAt: new Date(position.startedAt),
  });
  if (step.next === 'END') {
    await settleIfPaid(ports, loan.loanId, at);
    return { next: 'END', ...none };
  }
  if (step.next === 'WAIT') return { ...none, next: 'WAIT', until: step.until, dueDate: step.dueDate };
  if (step.next === 'COLLECT') return { ...none, next: 'COLLECT', dueDate: step.dueDate };
  if (step.next === 'PARK') return { ...none, next: 'PARK', parkSeconds: step.parkSeconds };
  return { ...none, next: 'CONTINUE' };
}

/** The loan settled while the execution was deciding to park: the execution ends. */
export class LoanSettledError extends Error {
  constructor(loanId: string) {
    super(`loan ${loanId} is settled`);
    this.name = 'LoanSettled';
  }
}

/**
 * Parks the execution: its token recorded on the loan's servicing item, until the
 * repayment that settles the loan completes it (or the wait's timeout wakes it). If the
 * loan settled meanwhile, LoanSettledError.
 */
export async function parkServicing(ports: ServicingParkPorts, loanId: string, taskToken: string, at: Date): Promise<{ readonly parked: true }> {
  await ports.servicing.recordParkedToken(loanId, taskToken, at);
  const installments = await ports.installments.installmentsOf(loanId);
  if (installments.length > 0 && installments.every((installment) => installment.status === 'SETTLED')) throw new LoanSettledError(loanId);
  return { parked: true };
}

/** Continues the loan's servicing in its next execution (starting it twice starts it once). */
export async function continueServicing(ports: { readonly servicingWorkflow: ServicingWorkflow }, position: Omit<ServicingPosition, 'startedAt'>, at: Date): Promise<{ readonly continuedAs: string }> {
  const generation = position.generation + 1;
  await ports.servicingWorkflow.startServicing(position.loanId, at, generation, position.attemptedThrough);
  return { continuedAs: ports.servicingWorkflow.executionName(position.loanId, generation) };
}
