/** How custody records look in the API: amounts as yuan strings, never fen. */
import { fen, formatYuan } from '../core/money';
import type { CustodyTransaction } from '../composition/read-models';
import type { CustodyTransactionBody } from '../api/schemas/custody';

export const yuanText = (amountFen: number): string => formatYuan(fen(amountFen));

export function custodyTransactionBody(transaction: CustodyTransaction): CustodyTransactionBody {
  return {
    id: transaction.transactionId,
    type: transaction.type,
    amount: yuanText(transaction.amountFen),
    status: transaction.status,
    createdAt: transaction.createdAt,
    updatedAt: transaction.updatedAt,
    ...(transaction.settledAt !== undefined ? { settledAt: transaction.settledAt } : {}),
    ...(transaction.failureReason !== undefined ? { failureReason: transaction.failureReason } : {}),
    ...(transaction.purpose !== undefined ? { purpose: transaction.purpose } : {}),
    ...(transaction.loanId !== undefined ? { loanId: transaction.loanId } : {}),
  };
}
