/** The lending policy values the money-moving use cases read (the settings module provides them). */
import type { Ratio } from '../../core/rational';

export interface LendingPolicy {
  /** The smallest bid, and the step bids go in, in fen. */
  minimumBidFen(): number;
  bidStepFen(): number;
  /** How long a listing takes bids (发标期限), in days. */
  listingPeriodDays(): number;
  /** The borrower's service fee (借款服务费), a proportion of the principal. */
  borrowerServiceFeeRate(): Ratio;
  /** The investor's management fee (投资管理费), a proportion of the interest received. */
  investorManagementFeeRate(): Ratio;
  /** The share of every fee set aside in the risk reserve (风险准备金). */
  riskReserveShare(): Ratio;
}
