/**
 * The risk reserve (风险准备金): a configured share of every fee the platform earns is
 * set aside in the ledger account `platform:risk-reserve`, in the same journal entry
 * that books the fee, so the reserve's balance is always share × fees to the fen
 * (each provision rounded half-up once). Whether the reserve compensates investors of
 * a defaulted loan is a separate policy switch, off by default: an information
 * intermediary may not guarantee principal or interest.
 */
import { accounts, type Transfer } from './ledger';
import { applyRatio, fen, toFen } from './money';
import { compareRatios, whole, type Ratio } from './rational';

/** The transfer fee income → risk reserve that provisions `share` of a fee, or none for a zero provision. */
export function reserveProvision(feeTransferId: string, feeFen: number, share: Ratio): Extract<Transfer, { kind: 'posted' }> | undefined {
  if (feeFen < 0) throw new RangeError('a reserve provision on a negative fee');
  if (share.numerator < 0n || compareRatios(share, whole(1)) > 0) throw new RangeError('the risk reserve share must lie between 0 and 1');
  const provisionFen = toFen(applyRatio(fen(feeFen), share));
  if (provisionFen === 0) return undefined;
  return { kind: 'posted', id: `${feeTransferId}:reserve`, debit: accounts.feeIncome, credit: accounts.riskReserve, amountFen: provisionFen };
}
