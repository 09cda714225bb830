/** Listings (发标) and bidding (投标): the marketplace, one listing's disclosure, manual bids, the caller's bids. */
import {
  autoBidPlan,
  autoBidPlanEdit,
  autoBidPlanParams,
  autoBidPlanRequest,
  autoBidPlans,
  bid,
  bidRequest,
  bidsPage,
  bidsQuery,
  listingDetail,
  listingParams,
  listingsPage,
  listingsQuery,
} from '../schemas/listings';
import { problem, type RouteDefinition } from '../route-definition';

export const listListingsRoute: RouteDefinition = {
  id: 'listListings',
  method: 'GET',
  path: '/v1/listings',
  summary: 'Open listings (public: the marketplace needs no account), by grade then deadline: filters grade, termMonths, minRate/maxRate, method; paginated with an opaque cursor',
  handler: 'functions/http/get-listings.ts',
  access: 'public',
  request: { query: listingsQuery },
  responses: { 200: { description: 'A page of open listings', body: listingsPage }, 400: problem('A filter or the cursor is invalid') },
  resources: ['table:read'],
};

export const getListingRoute: RouteDefinition = {
  id: 'getListing',
  method: 'GET',
  path: '/v1/listings/{listingId}',
  summary: 'One listing (public): terms, risk grade, amount, funded, remaining, progress, deadline and the borrower’s masked disclosure',
  handler: 'functions/http/get-listing.ts',
  access: 'public',
  request: { params: listingParams },
  responses: { 200: { description: 'The listing', body: listingDetail }, 404: problem('No such listing') },
  resources: ['table:read'],
};

export const postBidRoute: RouteDefinition = {
  id: 'postBid',
  method: 'POST',
  path: '/v1/listings/{listingId}/bids',
  summary: 'A manual bid (投标): frozen from the available balance in the same transaction that raises the listing’s funded amount',
  handler: 'functions/http/post-bid.ts',
  access: ['investor'],
  idempotent: true,
  request: { params: listingParams, body: bidRequest },
  responses: {
    201: { description: 'The bid, FROZEN', body: bid },
    403: problem('Not an investor, the loan’s own borrower, or not a suitable investor for this listing (assessment, grade, limit)'),
    404: problem('No such listing'),
    409: problem('The listing is full, closed, or has less remaining than the bid, or acceptedTermsHash is not the loan agreement’s current terms'),
    422: problem('Below the minimum or off the step, insufficient available balance, or the Idempotency-Key was used with another request'),
  },
  resources: ['table:read', 'table:write', 'workflows:callback'],
};

export const listMyBidsRoute: RouteDefinition = {
  id: 'listMyBids',
  method: 'GET',
  path: '/v1/me/bids',
  summary: 'The caller’s bids with their status (FROZEN, VOIDED, POSTED), newest first',
  handler: 'functions/http/get-my-bids.ts',
  access: ['investor'],
  request: { query: bidsQuery },
  responses: { 200: { description: 'A page of bids', body: bidsPage } },
  resources: ['table:read'],
};

export const postAutoBidPlanRoute: RouteDefinition = {
  id: 'postAutoBidPlan',
  method: 'POST',
  path: '/v1/me/auto-bid-plans',
  summary: 'An auto-bid plan (自动投标): amount per loan, rate and term ranges, grades, budget, reserve balance, cap per loan; plans bid in a fair rotation when a listing opens',
  handler: 'functions/http/post-auto-bid-plan.ts',
  access: ['investor'],
  idempotent: true,
  request: { body: autoBidPlanRequest },
  responses: {
    201: { description: 'The plan', body: autoBidPlan },
    400: problem('Invalid criteria'),
    403: problem('Not an investor, no valid risk assessment, or a grade the risk level does not allow'),
    422: problem('Amounts below the minimum bid or off the step, or the Idempotency-Key was used with another request'),
  },
  resources: ['table:read', 'table:write'],
};

export const listMyAutoBidPlansRoute: RouteDefinition = {
  id: 'listMyAutoBidPlans',
  method: 'GET',
  path: '/v1/me/auto-bid-plans',
  summary: 'The caller’s auto-bid plans with what each has spent and when it was last served',
  handler: 'functions/http/get-auto-bid-plans.ts',
  access: ['investor'],
  responses: { 200: { description: 'The plans', body: autoBidPlans } },
  resources: ['table:read'],
};

export const putAutoBidPlanRoute: RouteDefinition = {
  id: 'putAutoBidPlan',
  method: 'PUT',
  path: '/v1/me/auto-bid-plans/{planId}',
  summary: 'Replaces the terms of the caller’s auto-bid plan, checked like a new plan; its spending, status, place in the rotation and bids stay',
  description:
    'The body is a new plan’s plus `version`, the plan’s version the edit was made from: if the plan changed since (another edit, a pause or resume), 409 and nothing changes. The budget may not go below what the plan has spent. Listings that open after the edit get the new terms; bids already placed stay.',
  handler: 'functions/http/put-auto-bid-plan.ts',
  access: ['investor'],
  idempotent: true,
  request: { params: autoBidPlanParams, body: autoBidPlanEdit },
  responses: {
    200: { description: 'The plan, edited (version raised)', body: autoBidPlan },
    400: problem('Invalid criteria'),
    403: problem('Not an investor, no valid risk assessment, or a grade the risk level does not allow'),
    404: problem('The caller has no such plan'),
    409: problem('The plan changed since `version`: read it again'),
    422: problem('Amounts below the minimum bid or off the step, a budget below what the plan has spent, or the Idempotency-Key was used with another request'),
  },
  resources: ['table:read', 'table:write'],
};

const planStatusRoute = (action: 'pause' | 'resume', summary: string): RouteDefinition => ({
  id: `${action}AutoBidPlan`,
  method: 'POST',
  path: `/v1/me/auto-bid-plans/{planId}/${action}`,
  summary,
  handler: `functions/http/post-auto-bid-plan-${action}.ts`,
  access: ['investor'],
  request: { params: autoBidPlanParams },
  responses: { 200: { description: 'The plan', body: autoBidPlan }, 404: problem('The caller has no such plan'), 409: problem('The plan changed while this request ran: retry') },
  resources: ['table:read', 'table:write'],
});

export const pauseAutoBidPlanRoute = planStatusRoute('pause', 'Pauses the caller’s auto-bid plan: it bids on no listing until resumed; its bids already placed stay (again: no change)');

export const resumeAutoBidPlanRoute = planStatusRoute('resume', 'Resumes the caller’s paused auto-bid plan, at the back of the rotation as a new plan (again: no change)');

export const deleteAutoBidPlanRoute: RouteDefinition = {
  id: 'deleteAutoBidPlan',
  method: 'DELETE',
  path: '/v1/me/auto-bid-plans/{planId}',
  summary: 'Deletes the caller’s auto-bid plan: it bids no more and leaves the list; its bids already placed stay (again: 404)',
  handler: 'functions/http/delete-auto-bid-plan.ts',
  access: ['investor'],
  request: { params: autoBidPlanParams },
  responses: { 204: { description: 'Deleted' }, 404: problem('The caller has no such plan'), 409: problem('The plan changed while this request ran: retry') },
  resources: ['table:read', 'table:write'],
};

export const listingRoutes: readonly RouteDefinition[] = [
  listListingsRoute,
  getListingRoute,
  postBidRoute,
  listMyBidsRoute,
  postAutoBidPlanRoute,
  listMyAutoBidPlansRoute,
  putAutoBidPlanRoute,
  pauseAutoBidPlanRoute,
  resumeAutoBidPlanRoute,
  deleteAutoBidPlanRoute,
];
