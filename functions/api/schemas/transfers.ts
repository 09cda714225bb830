/** The debt transfer (债权转让) routes' schemas: the transfer market, an offer, a purchase. */
import * as z from 'zod';
import { riskGrades } from '../../core/risk-grade';
import { rateText, yuanAmount } from './common';

const identifier = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'an id is 1 to 100 letters, digits, - or _');

export const transferOfferParams = z.object({ offerId: identifier });

export const transferMarketQuery = z
  .object({
    grade: z.enum(riskGrades).optional(),
    maxRemainingMonths: z.string().regex(/^([1-9]\d?)$/, 'maxRemainingMonths is 1 to 99').optional(),
    minYield: rateText.optional(),
    maxPrice: z.string().regex(/^[1-9]\d{0,9}$/, 'maxPrice is a whole number of yuan').optional(),
  })
  .strict();

/** A loan's id as the platform makes them (application/loan-application.ts): loan- and 32 hex digits (or a UUID). */
const loanId = z.string().regex(/^loan-[0-9a-f-]{32,36}$/, 'a loan id is loan- and 32 hex digits');

export const transferOfferRequest = z
  .object({ loanId, part: yuanAmount, price: yuanAmount })
  .strict()
  .meta({ id: 'TransferOfferRequest', examples: [{ loanId: 'loan-0123456789abcdef0123456789abcdef', part: '3000.00', price: '2290.00' }] });

/** An offer as anyone sees it: never the seller's or the buyer's identity. */
export const transferOffer = z
  .object({
    offerId: z.string(),
    loanId: z.string(),
    grade: z.string(),
    status: z.enum(['OPEN', 'SETTLING', 'SOLD', 'CANCELLED', 'EXPIRED']),
    part: yuanAmount.meta({ description: 'The stake offered: the principal this part of the holding funded.' }),
    outstandingPrincipal: yuanAmount,
    value: yuanAmount.meta({ description: 'Outstanding principal plus interest accrued since the last due date (actual/365), when offered.' }),
    price: yuanAmount,
    premiumPercent: z.string().meta({ description: '(price − value) / value in percent, two decimals; negative is a discount.' }),
    yieldToMaturityPercent: z.string().meta({ description: "The buyer's annual yield if the loan pays as scheduled, after the management fee, in percent with two decimals." }),
    remainingInstallments: z.number().int(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'TransferOffer' });

/** The seller's own offer: with the fee and what they receive. */
export const myTransferOffer = transferOffer.extend({ fee: yuanAmount, proceeds: yuanAmount }).meta({ id: 'MyTransferOffer' });

export const transferMarket = z.object({ items: z.array(transferOffer) }).meta({ id: 'TransferMarket' });

export const transferPurchase = z
  .object({
    purchaseId: z.string(),
    offerId: z.string(),
    loanId: z.string(),
    part: yuanAmount,
    price: yuanAmount,
    status: z.enum(['PENDING', 'SETTLED', 'FAILED']),
    createdAt: z.iso.datetime(),
    settledAt: z.iso.datetime().optional(),
    failureReason: z.string().optional(),
  })
  .meta({ id: 'TransferPurchase' });

export const myTransfers = z.object({ offers: z.array(myTransferOffer), purchases: z.array(transferPurchase) }).meta({ id: 'MyTransfers' });
