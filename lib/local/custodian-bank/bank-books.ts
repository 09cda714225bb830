/**
 * The custodian-bank simulator's books: sub-accounts, freezes, instructions, the
 * movement journal and the callback events still to deliver. Pure and synchronous
 * (the time is a parameter), so every operation is atomic in the simulator's one
 * thread and the same inputs always give the same books. The HTTP side, signatures
 * and callback delivery live in ./simulator.ts.
 *
 * Rules a real custodian keeps, kept here:
 * - a sub-account's balance never goes below zero, nor below what is frozen on it;
 * - an instruction id executes once: the same id with the same content is a replay,
 *   with other content a refusal (409);
 * - a transfer is all or nothing.
 *
 * Documented test amounts (by the fen part of the amount, deterministic):
 * - deposits ending in .13 are declined by the payer's bank (deposit.failed PAYMENT_DECLINED);
 * - deposits ending in .17 succeed, and their callback is delivered twice (a duplicate delivery);
 * - withdrawals ending in .14 are rejected by the payee's bank (withdrawal.failed PAYEE_CARD_REJECTED);
 * - transfers whose legs total an amount ending in .15 are declined (transfer.failed TRANSFER_DECLINED);
 *   the total, not each leg, so a transfer to many investors is declined only when asked for.
 */
import { createHash } from 'node:crypto';
import { businessDate } from '../../../functions/core/calendar';
import { fen, formatYuan, parseYuan, toFen } from '../../../functions/core/money';
import {
  platformFeeAccount,
  type BankStatement,
  type CallbackEventType,
  type StatementMovement,
} from '../../../functions/adapters/custodian-bank/protocol';

export const bankTimeZone = 'Asia/Shanghai';

export interface SubAccount {
  readonly subAccountId: string;
  readonly ownerRef: string;
  readonly kind: 'USER' | 'PLATFORM_FEES';
  balanceFen: number;
  frozenFen: number;
  readonly openedAt: string;
}

export interface Freeze {
  readonly freezeId: string;
  readonly subAccountId: string;
  readonly amountFen: number;
  remainingFen: number;
  status: 'FROZEN' | 'RELEASED' | 'CONSUMED';
}

export type InstructionOperation = 'DEPOSIT' | 'WITHDRAWAL' | 'TRANSFER' | 'FREEZE' | 'RELEASE';

export interface TransferLegFen {
  readonly from: string;
  readonly to: string;
  readonly amountFen: number;
  readonly freezeId?: string;
}

export interface Instruction {
  readonly instructionId: string;
  readonly operation: InstructionOperation;
  readonly fingerprint: string;
  status: 'PROCESSING' | 'SUCCEEDED' | 'FAILED';
  reason?: string;
  readonly acceptedAt: string;
  /** When it was executed (or refused): the status query's executedAt. */
  executedAt?: string;
  readonly subAccountId?: string;
  readonly amountFen?: number;
  readonly purpose?: string;
  readonly legs?: readonly TransferLegFen[];
}

export interface Movement {
  readonly movementId: string;
  readonly instructionId?: string;
  readonly operation: StatementMovement['operation'];
  readonly purpose?: string;
  readonly subAccountId: string;
  readonly direction: 'CREDIT' | 'DEBIT';
  readonly amountFen: number;
  readonly balanceAfterFen: number;
  readonly at: string;
  readonly businessDate: string;
  readonly note?: string;
}

export interface EventDelivery {
  readonly at: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly responseStatus?: number;
  readonly error?: string;
}

export interface BankEvent {
  readonly eventId: string;
  readonly type: CallbackEventType;
  readonly instructionId: string;
  readonly createdAt: string;
  /** The exact JSON body POSTed to the platform. */
  readonly body: string;
  /** How many times the bank delivers it successfully (2 for the .17 deposits). */
  readonly copies: number;
  status: 'QUEUED' | 'HELD' | 'DELIVERED' | 'GAVE_UP';
  /** Held events are signed when they are created: delivering one later is a late delivery. */
  heldSignature?: { readonly timestamp: string; readonly signature: string };
  deliveries: EventDelivery[];
}

export interface BankState {
  readonly version: 1;
  sequence: number;
  holdCallbacks: boolean;
  subAccounts: Record<string, SubAccount>;
  freezes: Record<string, Freeze>;
  instructions: Record<string, Instruction>;
  movements: Movement[];
  events: BankEvent[];
}

export function emptyBankState(at: Date): BankState {
  return {
    version: 1,
    sequence: 0,
    holdCallbacks: false,
    subAccounts: {
      [platformFeeAccount]: { subAccountId: platformFeeAccount, ownerRef: 'platform', kind: 'PLATFORM_FEES', balanceFen: 0, frozenFen: 0, openedAt: at.toISOString() },
    },
    freezes: {},
    instructions: {},
    movements: [],
    events: [],
  };
}

/** A refusal the bank answers synchronously, with an HTTP status. */
export class BankRefusal extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 415 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BankRefusal';
  }
}

const fenOf = (amount: string): number => toFen(parseYuan(amount));
export const yuanOf = (amountFen: number): string => formatYuan(fen(amountFen));
const fingerprintOf = (operation: string, content: unknown): string => createHash('sha256').update(`${operation}|${JSON.stringify(content)}`).digest('hex');
const endsIn = (amountFen: number, cents: number): boolean => amountFen % 100 === cents;

export class BankBooks {
  constructor(readonly state: BankState) {}

  private next(prefix: string): string {
    this.state.sequence += 1;
    return `${prefix}${String(this.state.sequence).padStart(8, '0')}`;
  }

  subAccount(subAccountId: string): SubAccount {
    const account = this.state.subAccounts[subAccountId];
    if (!account) throw new BankRefusal(404, 'UNKNOWN_SUB_ACCOUNT', `no sub-account ${subAccountId}`);
    return account;
  }

  /** Opens the owner's sub-account, or returns the one already open (idempotent by ownerRef). */
  openSubAccount(ownerRef: string, at: Date): SubAccount {
    const existing = Object.values(this.state.subAccounts).find((account) => account.kind === 'USER' && account.ownerRef === ownerRef);
    if (existing) return existing;
    const account: SubAccount = { subAccountId: this.next('SA'), ownerRef, kind: 'USER', balanceFen: 0, frozenFen: 0, openedAt: at.toISOString() };
    this.state.subAccounts[account.subAccountId] = account;
    return account;
  }

  /**
   * Accepts a deposit or withdrawal for later execution. Returns the instruction and
   * whether this was a replay of one already accepted.
   */
  acceptMoneyInstruction(
    operation: 'DEPOSIT' | 'WITHDRAWAL',
    request: { instructionId: string; subAccountId: string; amount: string },
    at: Date,
  ): { instruction: Instruction; replay: boolean } {
    const replayed = this.replayOf(operation, request.instructionId, request);
    if (replayed) return { instruction: replayed, replay: true };
    const account = this.subAccount(request.subAccountId);
    if (account.kind !== 'USER') throw new BankRefusal(422, 'NOT_A_USER_SUB_ACCOUNT', `${operation.toLowerCase()}s go to a user's sub-account`);
    const instruction: Instruction = {
      instructionId: request.instructionId,
      operation,
      fingerprint: fingerprintOf(operation, request),
      status: 'PROCESSING',
      acceptedAt: at.toISOString(),
      subAccountId: account.subAccountId,
      amountFen: fenOf(request.amount),
    };
    this.state.instructions[instruction.instructionId] = instruction;
    return { instruction, replay: false };
  }

  acceptTransfer(
    request: { instructionId: string; purpose: string; legs: ReadonlyArray<{ from: string; to: string; amount: string; freezeId?: string | undefined }> },
    at: Date,
  ): { instruction: Instruction; replay: boolean } {
    const replayed = this.replayOf('TRANSFER', request.instructionId, request);
    if (replayed) return { instruction: replayed, replay: true };
    const legs: TransferLegFen[] = request.legs.map((leg) => {
      this.subAccount(leg.from);
      this.subAccount(leg.to);
      if (leg.from === leg.to) throw new BankRefusal(400, 'SAME_ACCOUNT', 'a leg moves money between two different sub-accounts');
      if (leg.freezeId !== undefined) {
        const freeze = this.state.freezes[leg.freezeId];
        if (!freeze || freeze.subAccountId !== leg.from) throw new BankRefusal(422, 'UNKNOWN_FREEZE', `no freeze ${leg.freezeId} on ${leg.from}`);
      }
      return { from: leg.from, to: leg.to, amountFen: fenOf(leg.amount), ...(leg.freezeId !== undefined ? { freezeId: leg.freezeId } : {}) };
    });
    const instruction: Instruction = {
      instructionId: request.instructionId,
      operation: 'TRANSFER',
      fingerprint: fingerprintOf('TRANSFER', request),
      status: 'PROCESSING',
      acceptedAt: at.toISOString(),
      purpose: request.purpose,
      legs,
    };
    this.state.instructions[instruction.instructionId] = instruction;
    return { instruction, replay: false };
  }

  /**
   * Executes an accepted instruction (the simulator does it on the tick after its
   * response) and queues the callback event. Executing twice does nothing the second time.
   */
  execute(instructionId: string, at: Date): BankEvent | undefined {
    const instruction = this.state.instructions[instructionId];
    if (!instruction || instruction.status !== 'PROCESSING') return undefined;
    const refuse = (reason: string) => {
      instruction.status = 'FAILED';
      instruction.reason = reason;
    };
    if (instruction.operation === 'DEPOSIT') {
      const amountFen = instruction.amountFen ?? 0;
      if (endsIn(amountFen, 13)) refuse('PAYMENT_DECLINED');
      else {
        this.move(instruction, 'DEPOSIT', instruction.subAccountId ?? '', 'CREDIT', amountFen, at);
        instruction.status = 'SUCCEEDED';
      }
      return this.queueEvent(instruction, `deposit.${instruction.status === 'SUCCEEDED' ? 'succeeded' : 'failed'}`, at, endsIn(amountFen, 17) && instruction.status === 'SUCCEEDED' ? 2 : 1);
    }
    if (instruction.operation === 'WITHDRAWAL') {
      const amountFen = instruction.amountFen ?? 0;
      const account = this.subAccount(instruction.subAccountId ?? '');
      if (endsIn(amountFen, 14)) refuse('PAYEE_CARD_REJECTED');
      else if (account.balanceFen - account.frozenFen < amountFen) refuse('INSUFFICIENT_FUNDS');
      else {
        this.move(instruction, 'WITHDRAWAL', account.subAccountId, 'DEBIT', amountFen, at);
        instruction.status = 'SUCCEEDED';
      }
      return this.queueEvent(instruction, `withdrawal.${instruction.status === 'SUCCEEDED' ? 'succeeded' : 'failed'}`, at, 1);
    }
    if (instruction.operation === 'TRANSFER') {
      const legs = instruction.legs ?? [];
      const failure = endsIn(legs.reduce((sum, leg) => sum + leg.amountFen, 0), 15) ? 'TRANSFER_DECLINED' : this.transferShortfall(legs);
      if (failure) refuse(failure);
      else {
        for (const leg of legs) {
          if (leg.freezeId !== undefined) {
            const freeze = this.state.freezes[leg.freezeId]!;
            freeze.remainingFen -= leg.amountFen;
            this.subAccount(leg.from).frozenFen -= leg.amountFen;
            if (freeze.remainingFen === 0) freeze.status = 'CONSUMED';
          }
          this.move(instruction, 'TRANSFER', leg.from, 'DEBIT', leg.amountFen, at);
          this.move(instruction, 'TRANSFER', leg.to, 'CREDIT', leg.amountFen, at);
        }
        instruction.status = 'SUCCEEDED';
      }
      return this.queueEvent(instruction, `transfer.${instruction.status === 'SUCCEEDED' ? 'succeeded' : 'failed'}`, at, 1);
    }
    return undefined;
  }

  /** Why the legs cannot all be paid (checked in order on a scratch copy), or undefined. */
  private transferShortfall(legs: readonly TransferLegFen[]): string | undefined {
    const balance = new Map<string, number>();
    const frozen = new Map<string, number>();
    const freezeLeft = new Map<string, number>();
    const of = (map: Map<string, number>, key: string, initial: () => number) => map.get(key) ?? initial();
    for (const leg of legs) {
      const from = this.subAccount(leg.from);
      const fromBalance = of(balance, from.subAccountId, () => from.balanceFen);
      let fromFrozen = of(frozen, from.subAccountId, () => from.frozenFen);
      if (leg.freezeId !== undefined) {
        const freeze = this.state.freezes[leg.freezeId]!;
        const left = of(freezeLeft, freeze.freezeId, () => (freeze.status === 'FROZEN' ? freeze.remainingFen : 0));
        if (left < leg.amountFen) return 'FREEZE_INSUFFICIENT';
        freezeLeft.set(freeze.freezeId, left - leg.amountFen);
        fromFrozen -= leg.amountFen;
      } else if (fromBalance - fromFrozen < leg.amountFen) return 'INSUFFICIENT_FUNDS';
      balance.set(from.subAccountId, fromBalance - leg.amountFen);
      frozen.set(from.subAccountId, fromFrozen);
      const to = this.subAccount(leg.to);
      balance.set(to.subAccountId, of(balance, to.subAccountId, () => to.balanceFen) + leg.amountFen);
    }
    return undefined;
  }

  /** Freezes part of a sub-account's available balance (synchronous: no money moves). */
  freeze(request: { instructionId: string; subAccountId: string; amount: string }, at: Date): Freeze {
    const replayed = this.replayOf('FREEZE', request.instructionId, request);
    if (replayed) return this.state.freezes[replayed.instructionId]!;
    const account = this.subAccount(request.subAccountId);
    const amountFen = fenOf(request.amount);
    if (account.balanceFen - account.frozenFen < amountFen) throw new BankRefusal(422, 'INSUFFICIENT_FUNDS', `the available balance of ${account.subAccountId} is insufficient`);
    account.frozenFen += amountFen;
    const freeze: Freeze = { freezeId: request.instructionId, subAccountId: account.subAccountId, amountFen, remainingFen: amountFen, status: 'FROZEN' };
    this.state.freezes[freeze.freezeId] = freeze;
    this.state.instructions[request.instructionId] = {
      instructionId: request.instructionId,
      operation: 'FREEZE',
      fingerprint: fingerprintOf('FREEZE', request),
      status: 'SUCCEEDED',
      acceptedAt: at.toISOString(),
      subAccountId: account.subAccountId,
      amountFen,
    };
    return freeze;
  }

  /** Releases what is left of a freeze; releasing it again returns it as it is. */
  releaseFreeze(freezeId: string, request: { instructionId: string }, at: Date): Freeze {
    const freeze = this.state.freezes[freezeId];
    if (!freeze) throw new BankRefusal(404, 'UNKNOWN_FREEZE', `no freeze ${freezeId}`);
    const replayed = this.replayOf('RELEASE', request.instructionId, { freezeId, ...request });
    if (replayed || freeze.status !== 'FROZEN') return freeze;
    this.subAccount(freeze.subAccountId).frozenFen -= freeze.remainingFen;
    freeze.remainingFen = 0;
    freeze.status = 'RELEASED';
    this.state.instructions[request.instructionId] = {
      instructionId: request.instructionId,
      operation: 'RELEASE',
      fingerprint: fingerprintOf('RELEASE', { freezeId, ...request }),
      status: 'SUCCEEDED',
      acceptedAt: at.toISOString(),
      subAccountId: freeze.subAccountId,
    };
    return freeze;
  }

  /** Twin only: a movement the platform never instructed, for the reconciliation test. Never overdraws. */
  adjust(request: { subAccountId: string; amount: string; direction: 'CREDIT' | 'DEBIT'; note?: string | undefined }, at: Date): Movement {
    const account = this.subAccount(request.subAccountId);
    const amountFen = fenOf(request.amount);
    if (request.direction === 'DEBIT' && account.balanceFen - account.frozenFen < amountFen) {
      throw new BankRefusal(422, 'INSUFFICIENT_FUNDS', 'an adjustment never takes a sub-account below zero or below what is frozen');
    }
    return this.move(undefined, 'ADJUSTMENT', account.subAccountId, request.direction, amountFen, at, request.note);
  }

  /** One business day of the books: every sub-account's opening and closing balance and every movement. */
  statement(date: string): BankStatement {
    const accounts = Object.values(this.state.subAccounts)
      .filter((account) => businessDate(new Date(account.openedAt), bankTimeZone) <= date)
      .map((account) => {
        let opening = 0;
        let closing = 0;
        for (const movement of this.state.movements) {
          if (movement.subAccountId !== account.subAccountId) continue;
          if (movement.businessDate < date) opening = movement.balanceAfterFen;
          if (movement.businessDate <= date) closing = movement.balanceAfterFen;
        }
        return { subAccountId: account.subAccountId, ownerRef: account.ownerRef, kind: account.kind, openingBalance: yuanOf(opening), closingBalance: yuanOf(closing) };
      });
    const movements = this.state.movements
      .filter((movement) => movement.businessDate === date)
      .map((movement) => ({
        movementId: movement.movementId,
        ...(movement.instructionId !== undefined ? { instructionId: movement.instructionId } : {}),
        operation: movement.operation,
        ...(movement.purpose !== undefined ? { purpose: movement.purpose } : {}),
        subAccountId: movement.subAccountId,
        direction: movement.direction,
        amount: yuanOf(movement.amountFen),
        balanceAfter: yuanOf(movement.balanceAfterFen),
        at: movement.at,
      }));
    return { businessDate: date, timeZone: bankTimeZone, accounts, movements };
  }

  private replayOf(operation: InstructionOperation, instructionId: string, content: unknown): Instruction | undefined {
    const existing = this.state.instructions[instructionId];
    if (!existing) return undefined;
    if (existing.operation !== operation || existing.fingerprint !== fingerprintOf(operation, content)) {
      throw new BankRefusal(409, 'INSTRUCTION_ID_REUSED', `instruction ${instructionId} was used before with other content`);
    }
    return existing;
  }

  private move(
    instruction: Instruction | undefined,
    operation: Movement['operation'],
    subAccountId: string,
    direction: 'CREDIT' | 'DEBIT',
    amountFen: number,
    at: Date,
    note?: string,
  ): Movement {
    const account = this.subAccount(subAccountId);
    const balanceAfterFen = account.balanceFen + (direction === 'CREDIT' ? amountFen : -amountFen);
    // The one invariant no path may break: checked again where the balance changes.
    if (balanceAfterFen < 0 || balanceAfterFen < account.frozenFen) throw new Error(`the simulator would overdraw ${subAccountId}`);
    account.balanceFen = balanceAfterFen;
    const movement: Movement = {
      movementId: this.next('MV'),
      ...(instruction ? { instructionId: instruction.instructionId } : {}),
      operation,
      ...(instruction?.purpose !== undefined ? { purpose: instruction.purpose } : {}),
      subAccountId,
      direction,
      amountFen,
      balanceAfterFen,
      at: at.toISOString(),
      businessDate: businessDate(at, bankTimeZone),
      ...(note !== undefined ? { note } : {}),
    };
    this.state.movements.push(movement);
    return movement;
  }

  private queueEvent(instruction: Instruction, type: CallbackEventType, at: Date, copies: number): BankEvent {
    instruction.executedAt = at.toISOString();
    const eventId = this.next('EV');
    const body = JSON.stringify({
      eventId,
      type,
      occurredAt: at.toISOString(),
      instructionId: instruction.instructionId,
      ...(instruction.subAccountId !== undefined ? { subAccountId: instruction.subAccountId } : {}),
      ...(instruction.amountFen !== undefined ? { amount: yuanOf(instruction.amountFen) } : {}),
      ...(instruction.reason !== undefined ? { reason: instruction.reason } : {}),
    });
    const event: BankEvent = {
      eventId,
      type,
      instructionId: instruction.instructionId,
      createdAt: at.toISOString(),
      body,
      copies,
      status: this.state.holdCallbacks ? 'HELD' : 'QUEUED',
      deliveries: [],
    };
    this.state.events.push(event);
    return event;
  }
}
