/**
 * Helpers for servicing tests against a running twin: a loan funded by n investors
 * over HTTP (bids from confirmed deposits) and disbursed by the origination workflow,
 * returned once it is REPAYING with its schedule; the twin's clock; the servicing
 * execution's names.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fen, toFen } from '../../functions/core/money';
import { parseRate } from '../../functions/core/rate';
import { buildRepaymentSchedule, type RepaymentMethod } from '../../functions/core/repayment-schedule';
import { reschedule } from '../../functions/core/rescheduling';
import { addReceived, distribute, stakesByInvestor, type Received } from '../../functions/core/servicing';
import { schedules } from '../../functions/manifest/schedules';
import type { ScheduleState } from '../../lib/local/scheduler';
import { customer, depositConfirmed, type Customer } from './custody';
import { assessed, finishedExecution, investor, listedLoan, loanItem } from './listings';
import { eventually, json, type RunningTwin } from './twin-process';

export const servicingStateMachineArn = 'arn:aws:states:local:000000000000:stateMachine:loan-servicing';
/** The first servicing execution is named after the loan; continuations `{loanId}-s2`, `-s3`, … */
export const servicingExecutionArn = (loanId: string, generation = 1) =>
  `arn:aws:states:local:000000000000:execution:loan-servicing:${generation === 1 ? loanId : `${loanId}-s${generation}`}`;

export interface RepayingLoanOptions {
  /** How many investors fund the loan (each bids a multiple of the 100-yuan step; stakes differ). Default 3. */
  readonly investors?: number;
  /** Default 1,000,000 fen × investors / 10 rounded to the step; must be a multiple of 10,000 fen and ≥ 10,000 × investors. */
  readonly amountFen?: number;
  readonly termMonths?: number;
  readonly annualRate?: string;
  readonly method?: 'EQUAL_INSTALLMENT' | 'EQUAL_PRINCIPAL' | 'INTEREST_ONLY' | 'BULLET' | string;
  readonly grade?: 'A' | 'B' | 'C' | 'D' | 'E';
  /** The borrower (a fresh verified borrower when absent). */
  readonly borrower?: Customer;
  /** Extra yuan each investor deposits beyond their bid (default '0.00'). */
  readonly investorSpare?: string;
  /** How many investors set up at once (deposits go through the bank simulator's callbacks). Default 10. */
  readonly concurrency?: number;
  /**
   * Chooses the terms once the investors' ids are known (before anything is deposited or
   * listed): the amount, optionally the rate and each investor's stake (in the ids' order).
   */
  readonly chooseTerms?: (investorIds: readonly string[]) => { amountFen: number; annualRate?: string; stakesFen?: readonly number[] };
}

export interface RepayingLoan {
  readonly loanId: string;
  readonly borrower: Customer;
  readonly investors: ReadonlyArray<{ readonly who: Customer; readonly stakeFen: number }>;
  readonly amountFen: number;
  /** The installment items as stored (sorted by number). */
  readonly installments: Array<Record<string, any>>;
  readonly loan: Record<string, any>;
}

const stepFen = 10_000;
const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** Stakes in whole steps that differ from one investor to the next and sum to amountFen. */
export function stakes(amountFen: number, count: number, offset = 0): number[] {
  const steps = amountFen / stepFen;
  if (!Number.isInteger(steps) || steps < count) throw new Error(`${amountFen} fen cannot be split into ${count} bids of 100-yuan steps`);
  // Weights 1, 2, 3, 1, 2, 3…: uneven stakes; then the remainder of steps on the first ones.
  const weights = Array.from({ length: count }, (_, index) => 1 + ((index + offset) % 3));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const spare = steps - count;
  const extra = weights.map((weight) => Math.floor((spare * weight) / totalWeight));
  let left = spare - extra.reduce((sum, value) => sum + value, 0);
  for (let index = 0; left > 0; index = (index + 1) % count, left -= 1) extra[index] = (extra[index] ?? 0) + 1;
  return extra.map((value) => (1 + value) * stepFen);
}

/** `work` on each item, `size` at a time (a batch ends before the next starts); the results in the items' order. */
export async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map((item, offset) => work(item, start + offset)))));
  }
  return results;
}

export async function installmentItems(twin: RunningTwin, documents: DynamoDBDocumentClient, loanId: string): Promise<Array<Record<string, any>>> {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: twin.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :i)',
      ExpressionAttributeValues: { ':pk': `LOAN#${loanId}`, ':i': 'INSTALLMENT#' },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).sort((a, b) => a.number - b.number);
}

/**
 * A loan listed through the origination workflow, fully funded by `investors` bids over
 * HTTP, disbursed by the bank's confirmed transfer: returned once it is REPAYING.
 */
export async function repayingLoan(twin: RunningTwin, documents: DynamoDBDocumentClient, sfn: SFNClient, options: RepayingLoanOptions = {}): Promise<RepayingLoan> {
  const count = options.investors ?? 3;
  const borrower = options.borrower ?? (await customer(twin, documents, { roles: ['borrower', 'investor'] }));
  if (!options.borrower) await assessed(twin, documents, borrower.userId, 'C5');
  const people = await inBatches(Array.from({ length: count }), options.concurrency ?? 10, () => investor(twin, documents, { level: 'C5' }));
  const chosen = options.chooseTerms?.(people.map((who) => who.userId));
  const amountFen = chosen?.amountFen ?? options.amountFen ?? Math.max(count, 10) * 10 * stepFen;
  const annualRate = chosen?.annualRate ?? options.annualRate;
  const shares = chosen?.stakesFen ? [...chosen.stakesFen] : stakes(amountFen, count);
  if (shares.length !== count || shares.reduce((sum, share) => sum + share, 0) !== amountFen) throw new Error('the stakes must be one per investor and sum to the amount');
  const spareFen = options.investorSpare ? Number(options.investorSpare.replace('.', '')) : 0;
  const funders = await inBatches(people, options.concurrency ?? 10, async (who, index) => {
    const stakeFen = shares[index] ?? 0;
    await depositConfirmed(who, yuan(stakeFen + spareFen));
    return { who, stakeFen };
  });
  const loanId = await listedLoan(twin, documents, sfn, {
    borrowerId: borrower.userId,
    amountFen,
    grade: options.grade ?? 'B',
    ...(options.termMonths !== undefined ? { termMonths: options.termMonths } : {}),
    ...(annualRate !== undefined ? { annualRate } : {}),
    ...(options.method !== undefined ? { method: options.method } : {}),
  });
  await inBatches(funders, options.concurrency ?? 10, async ({ who, stakeFen }) => {
    const bid = await who.post(`/v1/listings/${loanId}/bids`, { amount: yuan(stakeFen) });
    if (bid.status !== 201) throw new Error(`bid of ${yuan(stakeFen)} on ${loanId} refused: ${bid.status} ${JSON.stringify(bid.body)}`);
  });
  const execution = await finishedExecution(sfn, loanId, 60_000);
  if (execution.status !== 'SUCCEEDED') throw new Error(`origination of ${loanId} ended ${execution.status}: ${execution.error} ${execution.cause}`);
  const loan = await eventually(async () => {
    const item = await loanItem(twin, documents, loanId);
    return item.status === 'REPAYING' ? item : undefined;
  }, `${loanId} to be REPAYING`);
  return { loanId, borrower, investors: funders, amountFen, installments: await installmentItems(twin, documents, loanId), loan };
}

/** The twin's clock now. */
export async function twinNow(twin: RunningTwin): Promise<Date> {
  const { body } = await json(`${twin.apiUrl}/_twin/clock`);
  return new Date(body.now);
}

/** Moves the twin's clock forward by an ISO 8601 duration ("P30D") or sets it to an instant ({ set }). */
export async function advanceClock(twin: RunningTwin, by: string | { set: string }): Promise<void> {
  const body = typeof by === 'string' ? { advance: by } : by;
  const { status } = await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify(body) });
  if (status >= 300) throw new Error(`the twin refused to move its clock: ${status}`);
}

/** Every daily and monthly job's name (functions/manifest/schedules.ts). */
export const everySchedule: readonly string[] = schedules.map((schedule) => schedule.name);

/** Every job's name but the `kept` ones (those a walk examines). */
export const everyScheduleBut = (...kept: readonly string[]): string[] => {
  for (const name of kept) if (!everySchedule.includes(name)) throw new RangeError(`no schedule ${name}`);
  return everySchedule.filter((name) => !kept.includes(name));
};

/**
 * Runs `work` with the named schedules DISABLED, as EventBridge Scheduler disables one (their
 * occurrences pass unfired; running one by hand still works), then enables them again. For a
 * long walk whose daily jobs the test does not examine: the twin-year bench walks every day.
 */
export async function withSchedulesDisabled(twin: RunningTwin, names: readonly string[], work: () => Promise<void>): Promise<void> {
  await setSchedulesState(twin, names, 'DISABLED');
  try {
    await work();
  } finally {
    await setSchedulesState(twin, names, 'ENABLED');
  }
}

/** PUT /_twin/schedules/{name} for each name. */
export async function setSchedulesState(twin: RunningTwin, names: readonly string[], state: ScheduleState): Promise<void> {
  for (const { status } of await Promise.all(names.map((name) => json(`${twin.apiUrl}/_twin/schedules/${name}`, { method: 'PUT', body: JSON.stringify({ state }) })))) {
    if (status !== 200) throw new Error(`the twin refused to set a schedule ${state}: ${status}`);
  }
}

/** Tops the borrower's custody account up by `amount` yuan (a confirmed deposit). */
export const topUp = (borrower: Customer, amount: string) => depositConfirmed(borrower, amount);

/** The management fee rate the twin runs with (the policy default). */
export const managementFeeRate = '0.1';

/**
 * The bank simulator declines a transfer whose legs total an amount ending in .15 (a
 * documented test amount). Terms (amount, rate, stakes) under which every on-time
 * installment's distribution to these investors avoids it (and `avoid`, if given),
 * searched with the platform's own split: for tests that need every repayment to go through.
 * `rescheduledBy`: the schedule checked is the one these terms (core/rescheduling.ts)
 * give when accepted before the first due date.
 */
export function legSafeTerms(
  investorIds: readonly string[],
  options: { termMonths: number; method?: RepaymentMethod; rates?: readonly string[]; minAmountFen?: number; avoid?: (legs: number[]) => boolean; rescheduledBy?: { kind: 'EXTEND_TERM' | 'PAYMENT_HOLIDAY'; months: number } },
): { amountFen: number; annualRate: string; stakesFen: number[] } {
  const rates = options.rates ?? ['0.12', '0.1', '0.11', '0.13', '0.14', '0.09', '0.08', '0.15'];
  const start = Math.max(options.minAmountFen ?? 0, investorIds.length * 2 * stepFen);
  for (const annualRate of rates) {
    for (let amountFen = start; amountFen < start + 300 * stepFen; amountFen += stepFen) {
      for (const offset of [0, 1, 2]) {
        const stakesFen = stakes(amountFen, investorIds.length, offset);
        const byInvestor = stakesByInvestor(investorIds.map((investorId, index) => ({ investorId, amountFen: stakesFen[index] ?? 0 })));
        const contract = buildRepaymentSchedule({ amount: fen(amountFen), termMonths: options.termMonths, annualRate: parseRate(annualRate), method: options.method ?? 'EQUAL_INSTALLMENT', startDate: '2026-01-31' });
        const installments = options.rescheduledBy ? reschedule(contract, { ...options.rescheduledBy, annualRate: parseRate(annualRate) }, '2026-01-31').replacement : contract.installments;
        const received = new Map<string, Received>();
        const safe = installments.every((installment) => {
          const paid = { principalFen: toFen(installment.principal), interestFen: toFen(installment.interest), penaltyFen: 0 };
          const shares = distribute(paid, byInvestor, parseRate(managementFeeRate), received);
          addReceived(received, shares);
          const legs = [...shares.map((share) => share.netFen), shares.reduce((sum, share) => sum + share.feeFen, 0)];
          return legs.reduce((sum, leg) => sum + leg, 0) % 100 !== 15 && (options.avoid?.(legs) ?? true);
        });
        if (safe) return { amountFen, annualRate, stakesFen };
      }
    }
  }
  throw new Error('no leg-safe terms found');
}
