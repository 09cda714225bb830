/** Listings and bids as the API shows them: amounts in yuan, never a borrower's plain personal data. */
import { progressPercent } from '../core/bidding';
import { creditReportSummaryOf, incomeRangeOf, regionOf } from '../core/listing-disclosure';
import { fen, formatYuan } from '../core/money';
import type { BidRecord, ListingRecord } from '../core/bidding';
import type { UserProfile } from '../composition/read-models';
import type { AutoBidPlan } from '../core/auto-bid';

const yuan = (amountFen: number): string => formatYuan(fen(amountFen));

export function listingSummaryBody(listing: ListingRecord) {
  const funded = listing.fundedFen ?? 0;
  return {
    listingId: listing.loanId,
    status: listing.status,
    grade: listing.grade,
    amount: yuan(listing.amountFen),
    funded: yuan(funded),
    remaining: yuan(listing.amountFen - funded),
    progress: progressPercent({ amountFen: listing.amountFen, fundedFen: funded }),
    termMonths: listing.termMonths,
    ...(listing.annualRate !== undefined ? { annualRate: listing.annualRate } : {}),
    ...(listing.method !== undefined ? { method: listing.method } : {}),
    ...(listing.purposeCategory !== undefined ? { purposeCategory: listing.purposeCategory } : {}),
    ...(listing.purpose !== undefined ? { purpose: listing.purpose } : {}),
    bidCount: listing.bidCount ?? 0,
    investorCount: listing.investorCount ?? 0,
    listedAt: listing.listedAt,
    deadline: listing.listingDeadline,
  };
}

/**
 * The borrower's disclosure (core/listing-disclosure.ts): the masked name (张*, or a company's
 * masked name) and ID from the profile, the region, the income range and the credit
 * report's summary; never more.
 */
export function listingDetailBody(listing: ListingRecord, borrower: UserProfile | undefined) {
  const verification = borrower?.verification?.status === 'VERIFIED' ? borrower.verification : undefined;
  const name = verification?.masked.realName ?? verification?.masked.companyName ?? verification?.masked.name;
  const identity = verification?.masked.idNumber ?? verification?.masked.creditCode;
  const region = verification ? regionOf(verification.masked) : undefined;
  const creditReport = listing.riskReview ? creditReportSummaryOf(listing.riskReview.contributions) : undefined;
  return {
    ...listingSummaryBody(listing),
    borrower: {
      ...(verification ? { kind: verification.kind } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(identity !== undefined ? { identity } : {}),
      verified: verification !== undefined,
      ...(region !== undefined ? { region } : {}),
      ...(listing.monthlyIncomeFen !== undefined ? { incomeRange: incomeRangeOf(listing.monthlyIncomeFen) } : {}),
      ...(creditReport !== undefined ? { creditReport } : {}),
    },
  };
}

export function bidBody(bid: BidRecord) {
  return { bidId: bid.bidId, listingId: bid.loanId, amount: yuan(bid.amountFen), status: bid.status, source: bid.source, createdAt: bid.createdAt, updatedAt: bid.updatedAt };
}

export function autoBidPlanBody(plan: AutoBidPlan) {
  return {
    planId: plan.planId,
    status: plan.status,
    version: plan.version,
    amountPerLoan: yuan(plan.amountPerLoanFen),
    ...(plan.minRate !== undefined ? { minRate: plan.minRate } : {}),
    ...(plan.maxRate !== undefined ? { maxRate: plan.maxRate } : {}),
    minTermMonths: plan.minTermMonths,
    maxTermMonths: plan.maxTermMonths,
    grades: plan.grades,
    budget: yuan(plan.budgetFen),
    spent: yuan(plan.spentFen),
    reserveBalance: yuan(plan.reserveFen),
    capPerLoan: yuan(plan.capPerLoanFen),
    createdAt: plan.createdAt,
    lastServedAt: plan.lastServedAt,
  };
}
