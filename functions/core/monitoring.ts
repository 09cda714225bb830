/**
 * In-loan monitoring (贷中监控), pure: which movements of a borrower's money raise an
 * alert for reviewers. Thresholds come from policy getters (functions/settings/policy.ts):
 * - rapid withdrawal: a withdrawal of at least `share` (default 80%) of what the borrower
 *   received at a disbursement, within `minutes` (default 60) after it;
 * - many large transfers: at least `perDay` (default 3) withdrawals of at least
 *   `largeFen` (default ¥50,000) by one user in one business day.
 */
import { compareRatios, ratio, type Ratio } from './rational';

export interface RapidWithdrawalInput {
  readonly disbursedAt: string;
  readonly receivedFen: number;
  readonly withdrawalFen: number;
  readonly at: Date;
  readonly share: Ratio;
  readonly minutes: number;
}

export function isRapidWithdrawal({ disbursedAt, receivedFen, withdrawalFen, at, share, minutes }: RapidWithdrawalInput): boolean {
  if (receivedFen <= 0) return false;
  const elapsed = at.getTime() - new Date(disbursedAt).getTime();
  if (elapsed < 0 || elapsed > minutes * 60_000) return false;
  return compareRatios(ratio(BigInt(withdrawalFen), BigInt(receivedFen)), share) >= 0;
}

export const isLargeTransfer = (amountFen: number, largeFen: number): boolean => amountFen >= largeFen;

/** True exactly when the day's count of large transfers reaches the threshold (one alert a day). */
export const reachesLargeTransferThreshold = (countToday: number, perDay: number): boolean => countToday === perDay;

/** The kinds of alert monitoring raises. */
export const alertKinds = ['RAPID_WITHDRAWAL_AFTER_DISBURSEMENT', 'MANY_LARGE_TRANSFERS'] as const;
export type AlertKind = (typeof alertKinds)[number];
