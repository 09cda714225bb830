/**
 * Daily reconciliation (对账) of the platform's books against the custodian bank's
 * statement for one business day. Pure: both sides come in as parameters.
 *
 * - Movements: every bank movement is matched with what the platform recorded for the
 *   same instruction, sub-account and direction (amounts summed per match key); a
 *   bank movement the platform never recorded (e.g. the bank's own adjustment) is
 *   MISSING_AT_PLATFORM, a platform movement absent from the statement is
 *   MISSING_AT_BANK, and a match with different amounts is AMOUNT_MISMATCH.
 * - Balances: every sub-account's closing balance at the bank equals the platform's
 *   balance of its mirror account at the close of that day, or BALANCE_MISMATCH.
 */
import { fen, formatYuan } from './money';

export interface StatementAccountFen {
  readonly subAccountId: string;
  readonly ownerRef: string;
  readonly kind: 'USER' | 'PLATFORM_FEES';
  readonly closingFen: number;
}

export interface BankMovementFen {
  readonly movementId: string;
  readonly instructionId?: string | undefined;
  readonly operation: string;
  readonly subAccountId: string;
  readonly direction: 'CREDIT' | 'DEBIT';
  readonly amountFen: number;
}

export interface PlatformMovement {
  readonly instructionId: string;
  readonly operation: string;
  readonly subAccountId: string;
  readonly direction: 'CREDIT' | 'DEBIT';
  readonly amountFen: number;
}

export type ReconciliationDifference =
  | { readonly kind: 'BALANCE_MISMATCH'; readonly subAccountId: string; readonly ownerRef: string; readonly bankBalance: string; readonly platformBalance: string }
  | {
      readonly kind: 'MISSING_AT_PLATFORM';
      readonly subAccountId: string;
      readonly movementIds: readonly string[];
      readonly instructionId?: string;
      readonly operation: string;
      readonly direction: 'CREDIT' | 'DEBIT';
      readonly amount: string;
    }
  | { readonly kind: 'MISSING_AT_BANK'; readonly subAccountId: string; readonly instructionId: string; readonly operation: string; readonly direction: 'CREDIT' | 'DEBIT'; readonly amount: string }
  | {
      readonly kind: 'AMOUNT_MISMATCH';
      readonly subAccountId: string;
      readonly instructionId: string;
      readonly direction: 'CREDIT' | 'DEBIT';
      readonly bankAmount: string;
      readonly platformAmount: string;
    };

export interface ReconciliationInput {
  readonly accounts: readonly StatementAccountFen[];
  readonly bankMovements: readonly BankMovementFen[];
  readonly platformMovements: readonly PlatformMovement[];
  /** The platform's balance of a sub-account's mirror at the close of the day, in fen. */
  readonly platformClosingFen: (account: StatementAccountFen) => number;
}

const yuan = (amountFen: number) => formatYuan(fen(amountFen));

export function reconcile(input: ReconciliationInput): ReconciliationDifference[] {
  const differences: ReconciliationDifference[] = [];
  const key = (instructionId: string, subAccountId: string, direction: string) => `${instructionId}|${subAccountId}|${direction}`;

  const bankByKey = new Map<string, { movements: BankMovementFen[]; amountFen: number }>();
  for (const movement of input.bankMovements) {
    if (movement.instructionId === undefined) {
      differences.push({
        kind: 'MISSING_AT_PLATFORM',
        subAccountId: movement.subAccountId,
        movementIds: [movement.movementId],
        operation: movement.operation,
        direction: movement.direction,
        amount: yuan(movement.amountFen),
      });
      continue;
    }
    const matchKey = key(movement.instructionId, movement.subAccountId, movement.direction);
    const group = bankByKey.get(matchKey) ?? { movements: [], amountFen: 0 };
    group.movements.push(movement);
    group.amountFen += movement.amountFen;
    bankByKey.set(matchKey, group);
  }
  const platformByKey = new Map<string, { movement: PlatformMovement; amountFen: number }>();
  for (const movement of input.platformMovements) {
    const matchKey = key(movement.instructionId, movement.subAccountId, movement.direction);
    const group = platformByKey.get(matchKey);
    platformByKey.set(matchKey, { movement, amountFen: (group?.amountFen ?? 0) + movement.amountFen });
  }

  for (const [matchKey, bank] of bankByKey) {
    const platform = platformByKey.get(matchKey);
    const first = bank.movements[0]!;
    if (!platform) {
      differences.push({
        kind: 'MISSING_AT_PLATFORM',
        subAccountId: first.subAccountId,
        movementIds: bank.movements.map((movement) => movement.movementId),
        ...(first.instructionId !== undefined ? { instructionId: first.instructionId } : {}),
        operation: first.operation,
        direction: first.direction,
        amount: yuan(bank.amountFen),
      });
    } else if (platform.amountFen !== bank.amountFen) {
      differences.push({
        kind: 'AMOUNT_MISMATCH',
        subAccountId: first.subAccountId,
        instructionId: first.instructionId ?? '',
        direction: first.direction,
        bankAmount: yuan(bank.amountFen),
        platformAmount: yuan(platform.amountFen),
      });
    }
  }
  for (const [matchKey, platform] of platformByKey) {
    if (bankByKey.has(matchKey)) continue;
    differences.push({
      kind: 'MISSING_AT_BANK',
      subAccountId: platform.movement.subAccountId,
      instructionId: platform.movement.instructionId,
      operation: platform.movement.operation,
      direction: platform.movement.direction,
      amount: yuan(platform.amountFen),
    });
  }

  for (const account of input.accounts) {
    const platformFen = input.platformClosingFen(account);
    if (platformFen !== account.closingFen) {
      differences.push({
        kind: 'BALANCE_MISMATCH',
        subAccountId: account.subAccountId,
        ownerRef: account.ownerRef,
        bankBalance: yuan(account.closingFen),
        platformBalance: yuan(platformFen),
      });
    }
  }
  return differences;
}
