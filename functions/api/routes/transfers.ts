/** Debt transfer (债权转让): the transfer market, an offer's page, offer / cancel / buy, the caller's offers and purchases. */
import { myTransfers, myTransferOffer, transferMarket, transferMarketQuery, transferOffer, transferOfferParams, transferOfferRequest, transferPurchase } from '../schemas/transfers';
import { problem, type RouteDefinition } from '../route-definition';

export const listTransferOffersRoute: RouteDefinition = {
  id: 'listTransferOffers',
  method: 'GET',
  path: '/v1/transfers',
  summary: 'The transfer market: open offers of holdings, oldest first; filters grade, maxRemainingMonths, minYield, maxPrice',
  handler: 'functions/http/get-transfer-offers.ts',
  access: 'public',
  request: { query: transferMarketQuery },
  responses: { 200: { description: 'The open offers', body: transferMarket }, 400: problem('A filter is invalid') },
  resources: ['table:read'],
};

export const getTransferOfferRoute: RouteDefinition = {
  id: 'getTransferOffer',
  method: 'GET',
  path: '/v1/transfers/{offerId}',
  summary: 'One offer: price, discount or premium, the buyer’s yield to maturity, its status',
  handler: 'functions/http/get-transfer-offer.ts',
  access: 'public',
  request: { params: transferOfferParams },
  responses: { 200: { description: 'The offer', body: transferOffer }, 404: problem('No such offer') },
  resources: ['table:read'],
};

export const postTransferOfferRoute: RouteDefinition = {
  id: 'postTransferOffer',
  method: 'POST',
  path: '/v1/transfers',
  summary: 'Offer all or part of a holding (债权转让) at a price between the bounds around its value',
  description:
    'The loan must be repaying with nothing overdue, the holding held at least TRANSFER_MIN_HOLDING_DAYS, the next due date more than TRANSFER_BLACKOUT_DAYS away; the part goes in steps of TRANSFER_STEP_FEN; the price lies between value × (1 − TRANSFER_MAX_DISCOUNT) and value × (1 + TRANSFER_MAX_PREMIUM). A holding is under one offer at a time. The offer expires after TRANSFER_OFFER_HOURS, and lapses once a repayment of the loan is made.',
  handler: 'functions/http/post-transfer-offer.ts',
  access: ['investor'],
  idempotent: true,
  request: { body: transferOfferRequest },
  responses: {
    201: { description: 'The offer, OPEN', body: myTransferOffer },
    404: problem('The caller holds nothing in that loan'),
    409: problem('The holding is already under offer'),
    422: problem('Not transferable now (loan not performing, held too briefly, near a due date), off the step, the price out of bounds, or the Idempotency-Key was used with another request'),
  },
  resources: ['table:read', 'table:write'],
};

export const cancelTransferOfferRoute: RouteDefinition = {
  id: 'cancelTransferOffer',
  method: 'POST',
  path: '/v1/transfers/{offerId}/cancel',
  summary: 'The seller cancels their open offer (again: the cancelled offer)',
  handler: 'functions/http/post-transfer-cancel.ts',
  access: ['investor'],
  request: { params: transferOfferParams },
  responses: { 200: { description: 'The offer, CANCELLED', body: myTransferOffer }, 404: problem('No such offer of the caller'), 409: problem('The offer is being bought, sold or expired') },
  resources: ['table:read', 'table:write'],
};

export const buyTransferOfferRoute: RouteDefinition = {
  id: 'buyTransferOffer',
  method: 'POST',
  path: '/v1/transfers/{offerId}/purchases',
  summary: 'Buy an offer: the price frozen from the available balance, one custody instruction pays the seller (less the fee); the holding changes owner when the bank confirms',
  handler: 'functions/http/post-transfer-purchase.ts',
  access: ['investor'],
  idempotent: true,
  request: { params: transferOfferParams },
  responses: {
    202: { description: 'The purchase, PENDING until the bank confirms (without its callback after TRANSFER_SETTLEMENT_TIMEOUT_MINUTES, the daily reconciliation asks the bank: settled if executed, voided if refused or unknown)', body: transferPurchase },
    403: problem('The loan’s borrower, the seller, or not a suitable investor (assessment, grade, limit)'),
    404: problem('No such offer'),
    409: problem('The offer is taken, expired or lapsed, a repayment of the loan is with the bank, or the loan has 199 investors'),
    422: problem('Insufficient available balance, not transferable now, or the Idempotency-Key was used with another request'),
  },
  resources: ['table:read', 'table:write', 'custodian-bank:endpoint', 'custodian-bank:secret'],
};

export const listMyTransfersRoute: RouteDefinition = {
  id: 'listMyTransfers',
  method: 'GET',
  path: '/v1/me/transfers',
  summary: 'The caller’s offers (with fee and proceeds) and purchases',
  handler: 'functions/http/get-my-transfers.ts',
  access: ['investor'],
  responses: { 200: { description: 'The caller’s offers and purchases', body: myTransfers } },
  resources: ['table:read'],
};

export const transferRoutes: readonly RouteDefinition[] = [listTransferOffersRoute, getTransferOfferRoute, postTransferOfferRoute, cancelTransferOfferRoute, buyTransferOfferRoute, listMyTransfersRoute];
