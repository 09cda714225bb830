/**
 * Transfer agreements (债权转让协议): generated and signed when a transfer settles, like the
 * loan contract (contract-signing.ts). The seller's consent is the one their offer recorded,
 * the buyer's the one their purchase recorded (debt-transfer.ts); the e-signature service signs
 * for each only with it, then for the platform. Stored once at
 * contracts/{loanId}/transfer-{purchaseId}-v1.pdf and recorded once; safe to run again (a
 * recorded agreement is returned as it is; the PDF is deterministic).
 */
import { sha256Hex } from '../core/disclosure-export';
import { DomainError, NotFoundError } from '../core/errors';
import { assertConsented, contractContentType } from '../core/loan-agreement';
import { buildTransferAgreement, transferAgreementKey, transferAgreementVersion, transferSigningParties, type TransferAgreement, type TransferAgreementRecord } from '../core/transfer-agreement';
import type { Signer } from './contract-signing';
import type { DocumentStore } from './ports/origination-documents';
import type { TransferRecords } from './ports/transfers';

export interface TransferAgreementPorts {
  readonly transfers: Pick<TransferRecords, 'findOffer' | 'findPurchase'>;
  readonly agreements: {
    findTransferAgreement(loanId: string, purchaseId: string): Promise<TransferAgreementRecord | undefined>;
    /** Records the agreement once; a concurrent run's record when it won. */
    recordTransferAgreement(record: TransferAgreementRecord): Promise<TransferAgreementRecord>;
  };
  readonly renderer: { renderTransferAgreementPdf(agreement: TransferAgreement): Promise<Uint8Array> };
  readonly documents: () => Pick<DocumentStore, 'putOnce'>;
  readonly signer: () => Promise<Signer>;
  readonly policy: { platformLegalName(): string };
}

export async function signTransferAgreement(ports: TransferAgreementPorts, purchaseId: string, at: Date): Promise<TransferAgreementRecord> {
  const purchase = await ports.transfers.findPurchase(purchaseId);
  if (!purchase) throw new NotFoundError(`no purchase ${purchaseId}`);
  const recorded = await ports.agreements.findTransferAgreement(purchase.loanId, purchaseId);
  if (recorded) return recorded;
  if (purchase.status !== 'SETTLED' || !purchase.settledAt) throw new DomainError('conflict', `purchase ${purchaseId} is ${purchase.status}: only a settled transfer has an agreement`);
  const offer = await ports.transfers.findOffer(purchase.offerId);
  if (!offer) throw new Error(`purchase ${purchaseId}: its offer ${purchase.offerId} is gone`);
  const agreement = buildTransferAgreement({
    purchaseId,
    offer,
    sellerId: purchase.sellerId,
    buyerId: purchase.buyerId,
    sellerConsent: offer.consent,
    buyerConsent: purchase.consent,
    settledAt: purchase.settledAt,
    platformName: ports.policy.platformLegalName(),
  });
  const parties = transferSigningParties(agreement);
  assertConsented(parties, agreement.termsHash);
  const pdf = await ports.renderer.renderTransferAgreementPdf(agreement);
  const documentKey = transferAgreementKey(purchase.loanId, purchaseId);
  const sha256 = sha256Hex(pdf);
  await ports.documents().putOnce(documentKey, pdf, contractContentType);
  const signatures = await (await ports.signer()).sign(sha256, parties, at, agreement.termsHash);
  return ports.agreements.recordTransferAgreement({
    purchaseId,
    loanId: purchase.loanId,
    documentKey,
    sha256,
    byteLength: pdf.byteLength,
    signatures,
    termsHash: agreement.termsHash,
    generatedAt: agreement.generatedAt,
    signedAt: at.toISOString(),
    version: transferAgreementVersion,
  });
}
