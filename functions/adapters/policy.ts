/**
 * Platform policy values that operators may tune per deployment (environment
 * variables set by the CDK stack or the twin), each with the documented default.
 * Getters validate on read and fail fast on a malformed value.
 */
import { parseRate } from '../core/rate';
import type { Ratio } from '../core/rational';

function wholeNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new Error(`configuration ${name} must be a whole number from ${min} to ${max}, not ${raw}`);
  }
  return Number(raw);
}

/** A ratio between 0 and 1 as an exact decimal string (e.g. "0.02"). */
function rateSetting(name: string, fallback: string): Ratio {
  const raw = process.env[name];
  const text = raw === undefined || raw === '' ? fallback : raw;
  try {
    return parseRate(text);
  } catch {
    throw new Error(`configuration ${name} must be a decimal between 0 and 1 with at most six places, not ${text}`);
  }
}

function flag(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new Error(`configuration ${name} must be true or false, not ${raw}`);
  return raw === 'true';
}

export const policy = {
  /** The borrower's service fee (借款服务费), a proportion of the principal taken at disbursement (default 2%). */
  borrowerServiceFeeRate: (): Ratio => rateSetting('BORROWER_SERVICE_FEE_RATE', '0.02'),
  /** How long a listing takes bids before it expires (发标期限). */
  listingPeriodDays: (): number => wholeNumber('LISTING_PERIOD_DAYS', 7, 1, 30),
  /** The investor's management fee (投资管理费), a proportion of the interest (and penalty interest) each investor receives (default 10%). */
  investorManagementFeeRate: (): Ratio => rateSetting('INVESTOR_MANAGEMENT_FEE_RATE', '0.1'),
  /** The share of every fee set aside in the risk reserve (风险准备金), default 10%. */
  riskReserveShare: (): Ratio => rateSetting('RISK_RESERVE_SHARE', '0.1'),
  /** Whether the risk reserve compensates investors of a defaulted loan (off by default: an intermediary may not guarantee). */
  riskReserveCompensates: (): boolean => flag('RISK_RESERVE_COMPENSATES', false),
  /** The smallest bid, in fen (default ¥100). */
  minimumBidFen: (): number => wholeNumber('MINIMUM_BID_FEN', 10_000, 1, 100_000_000),
  /** Bids go in steps of this many fen (default ¥100). */
  bidStepFen: (): number => wholeNumber('BID_STEP_FEN', 10_000, 1, 100_000_000),
  /** The annual penalty rate (罚息) on overdue amounts before the legal cap (default 6%; contract + penalty is cut to 4 × LPR). */
  penaltyRate: (): Ratio => rateSetting('PENALTY_RATE', '0.06'),
  /** In-loan monitoring: a borrower withdrawing at least this share of a disbursement ... */
  rapidWithdrawalShare: (): Ratio => rateSetting('MONITOR_RAPID_WITHDRAWAL_SHARE', '0.8'),
  /** ... within this many minutes of it raises an alert (default 60). */
  rapidWithdrawalMinutes: (): number => wholeNumber('MONITOR_RAPID_WITHDRAWAL_MINUTES', 60, 1, 10_080),
  /** A transfer (withdrawal) of at least this many fen counts as large (default ¥50,000). */
  largeTransferFen: (): number => wholeNumber('MONITOR_LARGE_TRANSFER_FEN', 5_000_000, 1, 100_000_000_000),
  /** This many large transfers by one user in one business day raise an alert (default 3). */
  largeTransfersPerDay: (): number => wholeNumber('MONITOR_LARGE_TRANSFERS_PER_DAY', 3, 1, 1_000),
};
