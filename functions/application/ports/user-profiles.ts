/** What the money-moving use cases read of a user's profile: verification, risk assessment, custody sub-account. */
import type { AssessmentValidity } from '../../core/investor-suitability';
import type { CustodyAccountSummary } from '../../core/users';

export type { CustodyAccountSummary } from '../../core/users';

export interface MoneyProfile {
  readonly verification?: { readonly status: string };
  readonly riskAssessment?: AssessmentValidity;
  readonly custodyAccount?: CustodyAccountSummary;
}

export interface UserProfiles {
  findUserProfile(userId: string): Promise<MoneyProfile | undefined>;
}
