/** What the money-moving use cases read of a user's profile: verification, risk assessment, custody sub-account. */
import type { AssessmentValidity, PendingAssessment } from '../../core/investor-suitability';
import type { CustodyAccountSummary } from '../../core/users';

export type { CustodyAccountSummary } from '../../core/users';

export interface MoneyProfile {
  readonly verification?: { readonly status: string };
  /** `assessedAt` names the assessment: a bid's transaction checks it is still the profile's. */
  readonly riskAssessment?: AssessmentValidity & { readonly assessedAt: string };
  readonly pendingRiskAssessment?: PendingAssessment<AssessmentValidity>;
  readonly custodyAccount?: CustodyAccountSummary;
}

export interface UserProfiles {
  findUserProfile(userId: string): Promise<MoneyProfile | undefined>;
  /** The profiles of several users at once (a loan's investors), by user id; a user without one is absent. */
  findUserProfiles(userIds: readonly string[]): Promise<ReadonlyMap<string, MoneyProfile>>;
}
