/**
 * The smaller ports in memory: user profiles, the workflow engine, the custodian bank
 * and its protocol, the custody records' day book, the collection log, monitoring.
 */
import type { CollectionLog } from '../../../functions/application/ports/collections';
import type { BankStatement, CallbackEvent, CustodianBank, CustodianBankProtocol, InstructionOutcome, InstructionState, TransferLeg } from '../../../functions/application/ports/custodian-bank';
import type { BookedTransfer, CallbackActivity, CustodyRecords, CustodyTransaction, ReconciliationReport, Settlement } from '../../../functions/application/ports/custody-records';
import type { CustodyAccountSummary, MoneyProfile, UserProfiles } from '../../../functions/application/ports/user-profiles';
import type { TaskCompletion, TaskOutcome, WorkflowEngine } from '../../../functions/application/ports/workflow-engine';

export class InMemoryProfiles implements UserProfiles {
  readonly profiles = new Map<string, MoneyProfile>();

  async findUserProfile(userId: string): Promise<MoneyProfile | undefined> {
    return this.profiles.get(userId);
  }

  async findUserProfiles(userIds: readonly string[]): Promise<ReadonlyMap<string, MoneyProfile>> {
    return new Map(userIds.flatMap((userId) => (this.profiles.has(userId) ? [[userId, this.profiles.get(userId)!] as const] : [])));
  }

  /** A real-name verified user with a valid risk assessment at `level` and a custody sub-account `SA-{userId}`. */
  investor(userId: string, level: 'C1' | 'C2' | 'C3' | 'C4' | 'C5' = 'C5', assessedAt = '2026-11-01T00:00:00.000Z'): void {
    this.profiles.set(userId, {
      verification: { status: 'VERIFIED' },
      riskAssessment: { level, assessedAt, expiresAt: '2027-11-01T00:00:00.000Z' } as MoneyProfile['riskAssessment'],
      custodyAccount: { subAccountId: `SA-${userId}`, openedAt: assessedAt },
    });
  }
}

/** Waiting tasks by token; completing one that is not waiting is 'gone', as the engine's policy says. */
export class InMemoryWorkflow implements WorkflowEngine {
  readonly waiting = new Set<string>();
  readonly completed: Array<{ taskToken: string; outcome: TaskOutcome }> = [];

  async completeTask(taskToken: string, outcome: TaskOutcome): Promise<TaskCompletion> {
    if (!this.waiting.delete(taskToken)) return 'gone';
    this.completed.push({ taskToken, outcome });
    return 'completed';
  }
}

/** The bank accepts every instruction (or refuses with `refuseWith`) and remembers it; `states` answers its status query. */
export class InMemoryBank implements CustodianBank {
  readonly transfers: Array<{ instructionId: string; purpose: string; legs: readonly TransferLeg[] }> = [];
  readonly states = new Map<string, InstructionState>();
  refuseWith: string | undefined;

  async instructionStatus(instructionId: string): Promise<InstructionState | undefined> {
    return this.states.get(instructionId) ?? (this.transfers.some((sent) => sent.instructionId === instructionId) ? { status: 'PROCESSING' } : undefined);
  }

  async openSubAccount(ownerRef: string): Promise<{ subAccountId: string; openedAt: string }> {
    return { subAccountId: `SA-${ownerRef}`, openedAt: '2026-11-01T00:00:00.000Z' };
  }
  async deposit(): Promise<InstructionOutcome> {
    return this.answer();
  }
  async withdraw(): Promise<InstructionOutcome> {
    return this.answer();
  }
  async freeze(): Promise<{ frozen: true }> {
    return { frozen: true };
  }
  async unfreeze(): Promise<{ released: true }> {
    return { released: true };
  }
  async transfer(instruction: { instructionId: string; purpose: string; legs: readonly TransferLeg[] }): Promise<InstructionOutcome> {
    const answer = this.answer();
    if (answer.accepted) this.transfers.push(instruction);
    return answer;
  }
  async statement(businessDate: string): Promise<BankStatement> {
    return { businessDate, timeZone: 'Asia/Shanghai', accounts: [], movements: [] };
  }
  async health(): Promise<{ status: string }> {
    return { status: 'ok' };
  }
  private answer(): InstructionOutcome {
    return this.refuseWith ? { accepted: false, code: this.refuseWith, message: 'refused' } : { accepted: true, status: 'PROCESSING' };
  }
}

export const inMemoryProtocol: CustodianBankProtocol = {
  feeAccount: 'PLATFORM-FEES',
  callbackSecret: async () => 'test-secret',
  parseCallback: (json) => json as CallbackEvent,
};

export class InMemoryCustodyRecords implements CustodyRecords {
  readonly transactions = new Map<string, CustodyTransaction>();
  readonly book: BookedTransfer[] = [];
  readonly accounts = new Map<string, CustodyAccountSummary>();

  async recordTransferBook(transfer: BookedTransfer): Promise<void> {
    if (!this.book.some((booked) => booked.instructionId === transfer.instructionId)) this.book.push(transfer);
  }
  async createTransaction(transaction: CustodyTransaction): Promise<{ created: boolean; transaction: CustodyTransaction }> {
    const existing = this.transactions.get(transaction.transactionId);
    if (existing) return { created: false, transaction: existing };
    this.transactions.set(transaction.transactionId, transaction);
    return { created: true, transaction };
  }
  async findTransaction(id: string): Promise<CustodyTransaction | undefined> {
    return this.transactions.get(id);
  }
  async settleTransaction(settlement: Settlement): Promise<boolean> {
    const stored = this.transactions.get(settlement.transaction.transactionId);
    if (stored?.status !== 'PENDING') return false;
    this.transactions.set(stored.transactionId, { ...stored, status: settlement.outcome, settledAt: settlement.settledAt });
    return true;
  }
  readonly events = new Map<string, 'RECEIVED' | 'PROCESSED'>();
  readonly inFlight = new Set<string>();
  changes = 0;

  async claimEvent(eventId: string, _type: string, _instructionId: string, _at: Date): Promise<'new' | 'processed' | 'retry'> {
    const state = this.events.get(eventId);
    if (state === 'PROCESSED') return 'processed';
    this.events.set(eventId, 'RECEIVED');
    this.inFlight.add(eventId);
    this.changes += 1;
    return state ? 'retry' : 'new';
  }
  async completeEvent(eventId: string, _at?: Date, _result?: string): Promise<void> {
    this.inFlight.delete(eventId);
    this.changes += 1;
    this.events.set(eventId, 'PROCESSED');
  }
  async callbackActivity(): Promise<CallbackActivity> {
    return { inFlight: this.inFlight.size, changes: this.changes };
  }
  async storeCustodyAccount(userId: string, account: CustodyAccountSummary): Promise<CustodyAccountSummary> {
    const stored = this.accounts.get(userId) ?? account;
    this.accounts.set(userId, stored);
    return stored;
  }
  async custodyTotals(): Promise<{ depositedFen: number; withdrawnFen: number }> {
    return { depositedFen: 0, withdrawnFen: 0 };
  }
  async dayBook(_date: string): Promise<[]> {
    return [];
  }
  readonly reports = new Map<string, ReconciliationReport>();
  async saveReconciliationReport(report: ReconciliationReport): Promise<void> {
    this.reports.set(report.businessDate, report);
  }
}

export class InMemoryCollectionLog implements CollectionLog {
  readonly actions: Array<{ loanId: string; kind: string; detail?: unknown }> = [];

  async recordRecovery(loanId: string, repaymentId: string, amountFen: number): Promise<void> {
    this.actions.push({ loanId, kind: 'RECOVERY_RECEIVED', detail: { repaymentId, amountFen } });
  }
  async logCollectionAction(action: { loanId: string; kind: string; detail?: unknown }): Promise<void> {
    this.actions.push(action);
  }
}
