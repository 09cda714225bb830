/** The listing and bidding routes' schemas: the marketplace, one listing, bids. */
import * as z from 'zod';
import { loanPurposeCategories } from '../../core/loan-purpose';
import { riskGrades } from '../../core/risk-grade';
import { rateText, yuanAmount } from './common';

export const repaymentMethods = ['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'INTEREST_FIRST', 'BULLET'] as const;
const identifier = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'an id is 1 to 100 letters, digits, - or _');

export const listingsQuery = z
  .object({
    grade: z.enum(riskGrades).optional(),
    termMonths: z.string().regex(/^([1-9]\d?)$/, 'termMonths is 1 to 99').optional(),
    minRate: rateText.optional(),
    maxRate: rateText.optional(),
    method: z.enum(repaymentMethods).optional(),
    limit: z.string().regex(/^([1-9]\d?|100)$/, 'a limit is 1 to 100').optional(),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

export const listingParams = z.object({ listingId: identifier });

export const listingSummary = z
  .object({
    listingId: z.string(),
    status: z.enum(['LISTED', 'FUNDED', 'EXPIRED', 'DISBURSED', 'REPAYING', 'DISBURSEMENT_FAILED']),
    grade: z.enum(riskGrades),
    amount: yuanAmount,
    funded: yuanAmount,
    remaining: yuanAmount,
    /** Funded share in percent, two decimals, rounded down. */
    progress: z.string(),
    termMonths: z.number().int(),
    annualRate: rateText.optional(),
    method: z.enum(repaymentMethods).optional(),
    purposeCategory: z.enum(loanPurposeCategories).optional(),
    purpose: z.string().optional(),
    bidCount: z.number().int(),
    /** Distinct investors who bid; a loan takes at most 199 (one bank instruction pays them all). */
    investorCount: z.number().int(),
    listedAt: z.iso.datetime(),
    deadline: z.iso.datetime(),
  })
  .meta({ id: 'ListingSummary' });

export const listingDetail = listingSummary
  .extend({
    /** The borrower's disclosure (借款人信息披露): masked values only. */
    borrower: z.object({
      kind: z.enum(['personal', 'enterprise']).optional(),
      name: z.string().optional(),
      identity: z.string().optional(),
      verified: z.boolean(),
      region: z.string().optional().meta({ description: 'The province of the ID number (or of a company’s registration), e.g. 北京.' }),
      incomeRange: z.string().optional().meta({ description: 'The stated monthly income as a range in yuan, e.g. 10000-20000.' }),
      creditReport: z
        .object({ overdueRecords: z.string().optional(), otherPlatforms: z.string().optional(), creditHistory: z.string().optional() })
        .optional()
        .meta({ description: 'The credit report the review scored, summarized: overdue records in 24 months, debt on other platforms, length of credit history.' }),
    }),
  })
  .meta({ id: 'Listing' });

export const listingsPage = z.object({ items: z.array(listingSummary), nextCursor: z.string().optional() }).meta({ id: 'ListingPage' });

export const termsHash = z.string().regex(/^[0-9a-f]{64}$/).describe("The loan agreement's terms hash (GET /v1/loans/{loanId}/contract/terms)");

export const bidRequest = z
  .object({
    amount: yuanAmount,
    acceptedTermsHash: termsHash
      .optional()
      .describe("The terms hash of the loan agreement the investor accepts by bidding; when absent the bid accepts the current terms. A hash that is not the current one is a 409 and nothing is frozen"),
  })
  .strict()
  .meta({ id: 'BidRequest', examples: [{ amount: '1000.00' }] });

export const bid = z
  .object({
    bidId: z.string(),
    listingId: z.string(),
    amount: yuanAmount,
    status: z.enum(['FROZEN', 'VOIDED', 'POSTED']),
    source: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Bid' });

export const bidsQuery = z
  .object({
    limit: z.string().regex(/^([1-9]\d?|100)$/, 'a limit is 1 to 100').optional(),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

export const bidsPage = z.object({ items: z.array(bid), nextCursor: z.string().optional() }).meta({ id: 'BidPage' });

/** The terms an investor sets: a new plan's body, and an edit's beside the version it was made from. */
const autoBidPlanTerms = {
  amountPerLoan: yuanAmount,
  minRate: rateText.optional(),
  maxRate: rateText.optional(),
  minTermMonths: z.number().int().min(1).max(60),
  maxTermMonths: z.number().int().min(1).max(60),
  grades: z.array(z.enum(riskGrades)).min(1).max(5),
  budget: yuanAmount,
  reserveBalance: yuanAmount,
  /** The most this plan puts into one loan (diversification); defaults to amountPerLoan. */
  capPerLoan: yuanAmount.optional(),
  preset: z
    .enum(['DIVERSIFIED'])
    .optional()
    .meta({ description: 'DIVERSIFIED: at least two grades, and each loan capped at the portfolio loan-share limit of the budget (20% by default), in whole bid steps.' }),
};
const termsExample = { amountPerLoan: '500.00', minRate: '0.08', maxRate: '0.15', minTermMonths: 3, maxTermMonths: 12, grades: ['A', 'B'], budget: '10000.00', reserveBalance: '1000.00' };

export const autoBidPlanRequest = z.object(autoBidPlanTerms).strict().meta({ id: 'AutoBidPlanRequest', examples: [termsExample] });

export const autoBidPlanEdit = z
  .object({ ...autoBidPlanTerms, version: z.number().int().min(1).meta({ description: 'The plan’s version the edit was made from (as last read): 409 if it changed since.' }) })
  .strict()
  .meta({ id: 'AutoBidPlanEdit', examples: [{ ...termsExample, budget: '8000.00', version: 1 }] });

export const autoBidPlanParams = z.object({ planId: identifier });

export const autoBidPlan = z
  .object({
    planId: z.string(),
    status: z.enum(['ACTIVE', 'PAUSED']).meta({ description: 'ACTIVE: bids when a matching listing opens; PAUSED: bids on nothing until resumed.' }),
    version: z.number().int().meta({ description: 'Raised by each edit, pause and resume (not by bids); an edit names the version it was made from.' }),
    amountPerLoan: yuanAmount,
    minRate: rateText.optional(),
    maxRate: rateText.optional(),
    minTermMonths: z.number().int(),
    maxTermMonths: z.number().int(),
    grades: z.array(z.enum(riskGrades)),
    budget: yuanAmount,
    spent: yuanAmount,
    reserveBalance: yuanAmount,
    capPerLoan: yuanAmount,
    createdAt: z.iso.datetime(),
    lastServedAt: z.iso.datetime(),
  })
  .meta({ id: 'AutoBidPlan' });

export const autoBidPlans = z.object({ items: z.array(autoBidPlan) }).meta({ id: 'AutoBidPlanList' });
