/**
 * Reschedule requests in memory, with the acceptance's transaction over the in-memory
 * loans, installments and servicing records: every condition checked before anything is
 * written, as DynamoDB's TransactWriteItems does.
 */
import { ConcurrentModificationError } from '../../../functions/core/errors';
import { RescheduleRefusedError } from '../../../functions/core/rescheduling';
import type { RescheduleAcceptance, RescheduleRequestRecord, RescheduleRequests } from '../../../functions/application/ports/reschedule-requests';
import type { InMemoryInstallments } from './installments';
import type { InMemoryLoans } from './loans';
import type { InMemoryServicingRecords } from './servicing';

export class InMemoryRescheduleRequests implements RescheduleRequests {
  readonly records = new Map<string, RescheduleRequestRecord>();
  readonly adjusted = new Set<string>();

  constructor(
    private readonly loans: InMemoryLoans,
    private readonly installments: InMemoryInstallments,
    private readonly servicing: InMemoryServicingRecords,
  ) {}

  async findRequest(loanId: string): Promise<RescheduleRequestRecord | undefined> {
    return this.records.get(loanId);
  }

  async createRequest(record: RescheduleRequestRecord): Promise<void> {
    if (this.records.has(record.loanId)) throw new RescheduleRefusedError(['ALREADY_REQUESTED']);
    this.records.set(record.loanId, record);
  }

  async pendingRequests(): Promise<RescheduleRequestRecord[]> {
    return [...this.records.values()].filter((record) => record.status === 'REQUESTED');
  }

  private move(loanId: string, from: string, fields: Partial<RescheduleRequestRecord>, at: Date): void {
    const record = this.records.get(loanId);
    if (record?.status !== from) throw new ConcurrentModificationError(`the reschedule request of ${loanId} moved`);
    this.records.set(loanId, { ...record, ...fields, updatedAt: at.toISOString() });
  }

  async recordDecision(loanId: string, to: 'APPROVED' | 'REJECTED', fields: Partial<RescheduleRequestRecord>, at: Date): Promise<void> {
    this.move(loanId, 'REQUESTED', { ...fields, status: to }, at);
  }

  async recordDecline(loanId: string, at: Date): Promise<void> {
    this.move(loanId, 'APPROVED', { status: 'DECLINED', declinedAt: at.toISOString() }, at);
  }

  async applyAcceptance(acceptance: RescheduleAcceptance): Promise<void> {
    const { loanId } = acceptance.request;
    const loan = await this.loans.getLoan(loanId);
    const state = await this.servicing.servicingState(loanId);
    const stored = await this.installments.installmentsOf(loanId);
    const untouched = acceptance.replacedNumbers.every((number) => {
      const item = stored.find((installment) => installment.number === number) as (typeof stored)[number] & { lastRepayment?: number } | undefined;
      return item?.status === 'DUE' && item.lastRepayment === undefined;
    });
    if (this.records.get(loanId)?.status !== 'APPROVED' || loan.status !== 'REPAYING' || loan.rescheduled || state.inFlight || !untouched) {
      throw new ConcurrentModificationError(`loan ${loanId} changed while its reschedule was accepted`);
    }
    this.records.set(loanId, acceptance.request);
    this.loans.put({ ...loan, rescheduled: acceptance.rescheduled, updatedAt: acceptance.at.toISOString() });
    for (const installment of acceptance.replacement) this.installments.put(loanId, installment);
  }

  async adjustExpectedInterest(investorId: string, loanId: string, interestFen: number): Promise<void> {
    const key = `${investorId}#${loanId}`;
    const holding = this.servicing.holdings.get(key);
    if (!holding || this.adjusted.has(key)) return;
    this.adjusted.add(key);
    this.servicing.holdings.set(key, { ...holding, expectedInterestFen: (holding.expectedInterestFen ?? 0) + interestFen });
  }
}
