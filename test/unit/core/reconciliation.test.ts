/** Reconciliation of the bank's statement against the platform's books (pure). */
import { reconcile, type BankMovementFen, type PlatformMovement, type StatementAccountFen } from '../../../functions/core/reconciliation';

const accounts: StatementAccountFen[] = [
  { subAccountId: 'SA1', ownerRef: 'alice', kind: 'USER', closingFen: 38_000 },
  { subAccountId: 'SA2', ownerRef: 'bob', kind: 'USER', closingFen: 1_000 },
  { subAccountId: 'PLATFORM-FEES', ownerRef: 'platform', kind: 'PLATFORM_FEES', closingFen: 0 },
];
const bankMovements: BankMovementFen[] = [
  { movementId: 'MV1', instructionId: 'dep_a', operation: 'DEPOSIT', subAccountId: 'SA1', direction: 'CREDIT', amountFen: 50_000 },
  { movementId: 'MV2', instructionId: 'wdr_a', operation: 'WITHDRAWAL', subAccountId: 'SA1', direction: 'DEBIT', amountFen: 12_000 },
  { movementId: 'MV3', instructionId: 'dep_b', operation: 'DEPOSIT', subAccountId: 'SA2', direction: 'CREDIT', amountFen: 1_000 },
];
const platformMovements: PlatformMovement[] = [
  { instructionId: 'dep_a', operation: 'DEPOSIT', subAccountId: 'SA1', direction: 'CREDIT', amountFen: 50_000 },
  { instructionId: 'wdr_a', operation: 'WITHDRAWAL', subAccountId: 'SA1', direction: 'DEBIT', amountFen: 12_000 },
  { instructionId: 'dep_b', operation: 'DEPOSIT', subAccountId: 'SA2', direction: 'CREDIT', amountFen: 1_000 },
];
const closing = (balances: Record<string, number>) => (account: StatementAccountFen) => balances[account.subAccountId] ?? 0;
const agreed = { SA1: 38_000, SA2: 1_000 };

test('books that agree have no difference', () => {
  expect(reconcile({ accounts, bankMovements, platformMovements, platformClosingFen: closing(agreed) })).toEqual([]);
});

test('a bank adjustment the platform never instructed: missing at the platform, and a balance mismatch', () => {
  const adjusted = [...bankMovements, { movementId: 'MV9', operation: 'ADJUSTMENT', subAccountId: 'SA2', direction: 'CREDIT' as const, amountFen: 888 }];
  const withBalance = accounts.map((account) => (account.subAccountId === 'SA2' ? { ...account, closingFen: 1_888 } : account));
  expect(reconcile({ accounts: withBalance, bankMovements: adjusted, platformMovements, platformClosingFen: closing(agreed) })).toEqual([
    { kind: 'MISSING_AT_PLATFORM', subAccountId: 'SA2', movementIds: ['MV9'], operation: 'ADJUSTMENT', direction: 'CREDIT', amount: '8.88' },
    { kind: 'BALANCE_MISMATCH', subAccountId: 'SA2', ownerRef: 'bob', bankBalance: '18.88', platformBalance: '10.00' },
  ]);
});

test('a movement the platform recorded but the bank did not, and one with another amount', () => {
  const differences = reconcile({
    accounts,
    bankMovements: bankMovements.filter((movement) => movement.movementId !== 'MV2').map((movement) => (movement.movementId === 'MV3' ? { ...movement, amountFen: 999 } : movement)),
    platformMovements,
    platformClosingFen: closing(agreed),
  });
  expect(differences).toEqual([
    { kind: 'AMOUNT_MISMATCH', subAccountId: 'SA2', instructionId: 'dep_b', direction: 'CREDIT', bankAmount: '9.99', platformAmount: '10.00' },
    { kind: 'MISSING_AT_BANK', subAccountId: 'SA1', instructionId: 'wdr_a', operation: 'WITHDRAWAL', direction: 'DEBIT', amount: '120.00' },
  ]);
});

test('a bank movement of an instruction the platform does not know, and the legs of one transfer summed', () => {
  const transfer: BankMovementFen[] = [
    { movementId: 'MV4', instructionId: 'tr_1', operation: 'TRANSFER', subAccountId: 'SA1', direction: 'DEBIT', amountFen: 300 },
    { movementId: 'MV5', instructionId: 'tr_1', operation: 'TRANSFER', subAccountId: 'SA1', direction: 'DEBIT', amountFen: 200 },
  ];
  expect(reconcile({ accounts: [], bankMovements: transfer, platformMovements: [], platformClosingFen: () => 0 })).toEqual([
    { kind: 'MISSING_AT_PLATFORM', subAccountId: 'SA1', movementIds: ['MV4', 'MV5'], instructionId: 'tr_1', operation: 'TRANSFER', direction: 'DEBIT', amount: '5.00' },
  ]);
  expect(
    reconcile({
      accounts: [],
      bankMovements: transfer,
      platformMovements: [{ instructionId: 'tr_1', operation: 'TRANSFER', subAccountId: 'SA1', direction: 'DEBIT', amountFen: 500 }],
      platformClosingFen: () => 0,
    }),
  ).toEqual([]);
});
