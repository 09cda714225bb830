/**
 * The composition root of origination (identity verification, loan applications, review, the
 * origination workflow's tasks, write-off): the real ports, built from the adapters once
 * per process. Entry points pass these to their use case (functions/application/).
 */
import type { LoanApplicationPorts } from '../application/loan-application';
import type { IdentityVerificationPorts } from '../application/identity-verification';
import type { ReviewDecisionPorts } from '../application/review-decision';
import type { RiskReviewPorts } from '../application/risk-review';
import type { LoanDecisionWaitPorts } from '../application/loan-decision-wait';
import type { RiskAssessmentPorts } from '../application/risk-assessment';
import type { AutoBidPlanPorts } from '../application/auto-bid-plan';
import type { LoanWriteOffPorts } from '../application/loan-write-off';
import type { RelatedPartyPorts } from '../application/related-parties';
import type { SealedEnvelope } from '../adapters/identity/pii-vault';
import { blindIndex, sealPii } from '../adapters/identity/pii-vault';
import { identityVerifier } from '../adapters/identity/identity-verification';
import { creditBureau } from '../adapters/credit-bureau/credit-bureau';
import { startOrigination, completeWaitingTask } from '../adapters/stepfunctions/origination-workflow';
import * as applicationRepository from '../adapters/dynamodb/loan-application-repository';
import * as loanRepository from '../adapters/dynamodb/loan-repository';
import * as collectionRepository from '../adapters/dynamodb/collection-repository';
import { findUserProfile, setUserRelatedParty } from '../adapters/dynamodb/user-repository';
import { recordRejectedVerification, recordVerifiedIdentity } from '../adapters/dynamodb/verification-repository';
import { recordRiskAssessment } from '../adapters/dynamodb/risk-assessment-repository';
import { createPlan, findPlan, savePlan } from '../adapters/dynamodb/auto-bid-repository';
import { policy } from '../settings/settings';
import { completeSubscriptionIfFull } from '../application/bidding';
import { bidding } from './money';

const profiles = { find: findUserProfile };
const applications = {
  find: applicationRepository.findApplication,
  ofBorrower: applicationRepository.borrowerLoans,
  borrowing: applicationRepository.borrowing,
  submit: applicationRepository.submitApplication,
  recordRiskReview: applicationRepository.recordRiskReview,
  recordReviewerDecision: applicationRepository.recordReviewerDecision,
  close: applicationRepository.closeApplication,
};
/** The configured credit bureau, chosen when first asked. */
const bureau = { report: (subject: { readonly userId: string }) => creditBureau().report(subject) };

export const relatedParties: RelatedPartyPorts = { profiles: { find: findUserProfile, setRelatedParty: setUserRelatedParty } };

export const loanApplication: LoanApplicationPorts = { applications, profiles, creditBureau: bureau, origination: { start: startOrigination }, policy };

export const identityVerification: IdentityVerificationPorts<SealedEnvelope> = {
  profiles,
  verifier: identityVerifier,
  vault: { seal: sealPii, blindIndex },
  verifications: { recordVerified: recordVerifiedIdentity, recordRejected: recordRejectedVerification },
};

export const reviewDecision: ReviewDecisionPorts = { applications, workflow: { completeWaitingTask } };

export const riskReview: RiskReviewPorts = { applications, loans: loanRepository, profiles, creditBureau: bureau, policy };

export const loanDecisionWait: LoanDecisionWaitPorts = {
  loans: loanRepository,
  reviewQueue: { enqueue: applicationRepository.enqueueForReview },
  subscriptions: { completeIfFull: (loanId) => completeSubscriptionIfFull(bidding, loanId, { filledBy: 'before-the-wait' }) },
};

export const riskAssessment: RiskAssessmentPorts = { assessments: { record: recordRiskAssessment }, profiles };

export const autoBidPlan: AutoBidPlanPorts = { plans: { create: createPlan, find: findPlan, save: savePlan }, profiles, policy };

export const loanWriteOff: LoanWriteOffPorts = { loans: loanRepository, collections: collectionRepository };
