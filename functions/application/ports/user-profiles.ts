/** What the money-moving use cases read of a user's profile: verification, risk assessment, custody sub-account. */
import type { AssessmentValidity } from '../../core/investor-suitability';

export interface CustodyAccountSummary {
  /** The custodian bank's sub-account id. */
  readonly subAccountId: string;
  readonly openedAt: string;
}

export interface MoneyProfile {
  readonly verification?: { readonly status: string };
  readonly riskAssessment?: AssessmentValidity;
  readonly custodyAccount?: CustodyAccountSummary;
}

export interface UserProfiles {
  findUserProfile(userId: string): Promise<MoneyProfile | undefined>;
}
