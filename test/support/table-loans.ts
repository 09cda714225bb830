/**
 * Loans written straight through the adapters into a DynamoDB Local table (no twin):
 * the setup of the crash-injection tests. Import after `startTestTable()` (the adapters
 * build their clients at module scope).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { accounts } from '../../functions/core/ledger';

export interface TableAdapters {
  readonly dynamodb: typeof import('../../functions/adapters/dynamodb/client');
  readonly ledger: typeof import('../../functions/adapters/dynamodb/ledger-repository');
  readonly loans: typeof import('../../functions/adapters/dynamodb/loan-repository');
  readonly listings: typeof import('../../functions/adapters/dynamodb/listing-repository');
  readonly disbursement: typeof import('../../functions/application/disbursement');
  readonly installments: typeof import('../../functions/adapters/dynamodb/installment-repository');
  readonly custody: typeof import('../../functions/adapters/dynamodb/custody-repository');
  readonly repayments: typeof import('../../functions/application/repayment');
  readonly servicing: typeof import('../../functions/adapters/dynamodb/servicing-repository');
  readonly loanEvents: typeof import('../../functions/application/loan-events');
  /** The real ports the use cases above take (the composition root). */
  readonly money: typeof import('../../functions/composition/money');
}

export async function loadAdapters(): Promise<TableAdapters> {
  return {
    dynamodb: await import('../../functions/adapters/dynamodb/client'),
    ledger: await import('../../functions/adapters/dynamodb/ledger-repository'),
    loans: await import('../../functions/adapters/dynamodb/loan-repository'),
    listings: await import('../../functions/adapters/dynamodb/listing-repository'),
    disbursement: await import('../../functions/application/disbursement'),
    installments: await import('../../functions/adapters/dynamodb/installment-repository'),
    custody: await import('../../functions/adapters/dynamodb/custody-repository'),
    repayments: await import('../../functions/application/repayment'),
    servicing: await import('../../functions/adapters/dynamodb/servicing-repository'),
    loanEvents: await import('../../functions/application/loan-events'),
    money: await import('../../functions/composition/money'),
  };
}

/** The three investors of a loan written by `listedLoanInTable`. */
export const investorsOf = (loanId: string): string[] => [1, 2, 3].map((n) => `${loanId}-investor-${n}`);

/**
 * A listed ¥3,000 loan (12%, equal installments) with three ¥1,000 bids frozen from
 * ¥2,000 deposits, its borrower and investors holding custody sub-accounts `SA-{userId}`;
 * when `funded`, FILLed with its disbursement requested (¥2,940 to the borrower, ¥60 fee).
 */
export async function listedLoanInTable(adapters: TableAdapters, loanId: string, options: { tableName: string; at: Date; termMonths: number; funded: boolean }): Promise<void> {
  const { at } = options;
  const borrowerId = `${loanId}-borrower`;
  for (const userId of [borrowerId, ...investorsOf(loanId)]) {
    await adapters.dynamodb.documents.send(
      new PutCommand({
        TableName: options.tableName,
        Item: { pk: `USER#${userId}`, sk: 'PROFILE', userId, custodyAccount: { subAccountId: `SA-${userId}`, openedAt: at.toISOString() }, riskAssessment: { level: 'C5', assessedAt: at.toISOString(), expiresAt: '2099-01-01T00:00:00.000Z' } },
      }),
    );
  }
  for (const investorId of investorsOf(loanId)) {
    await adapters.ledger.recordEntry({ id: `dep-${investorId}`, kind: 'deposit', transfers: [{ kind: 'posted', id: `dep-${investorId}`, debit: accounts.custodianBank, credit: accounts.custody(investorId), amountFen: 200_000 }] }, at);
  }
  await adapters.loans.createLoan({ loanId, borrowerId, amountFen: 300_000, termMonths: options.termMonths, annualRate: '0.12', method: 'EQUAL_INSTALLMENT', createdAt: at.toISOString() });
  await adapters.loans.applyLoanEvent(loanId, 'OPEN_REVIEW', at);
  await adapters.loans.applyLoanEvent(loanId, 'LIST', at, { grade: 'B', listedAt: at.toISOString(), ...adapters.listings.listingAttributes(loanId, 'B', new Date(at.getTime() + 7 * 86_400_000).toISOString()) });
  for (const [index, investorId] of investorsOf(loanId).entries()) {
    await adapters.listings.bidTotals(investorId);
    await adapters.listings.placeBid({ bidId: `${loanId}-bid-${index}`, loanId, investorId, amountFen: 100_000, createdAt: at.toISOString(), source: 'manual' }, 300_000, at, {
      placedCeilingFen: 100_000,
      assessedAt: at.toISOString(),
      level: 'C5',
      limitFen: 100_000,
    });
  }
  if (!options.funded) return;
  await adapters.loans.applyLoanEvent(loanId, 'FILL', at, {}, adapters.listings.marketplaceAttributes);
  await adapters.loans.recordDisbursementRequest(loanId, 'token', { instructionId: `disb-${loanId}`, borrowerSubAccount: `SA-${borrowerId}`, toBorrowerFen: 294_000, feeFen: 6_000, requestedAt: at.toISOString() }, at);
}
