/**
 * A loan's documents: the contract (合同), the supplementary agreement of an accepted reschedule
 * (展期补充协议) and the agreements of its debt transfers (债权转让协议), each a signed PDF with its
 * verification; the contract's terms and the borrower's consent.
 */
import {
  consentRequest,
  contractDocument,
  contractTerms,
  contractVerification,
  loanDocuments,
  loanParams,
  partyConsent,
  supplementaryAgreementDocument,
  transferAgreementDocument,
  transferAgreementParams,
} from '../schemas/loan-agreements';
import { problem, type RouteDefinition } from '../route-definition';
import { everyRole } from '../../core/roles';

const parties = 'the borrower, investors holding a live bid in the loan or a part bought of it, auditors and admins; anyone else gets a 404';
const transferParties = "the transfer's seller and buyer, auditors and admins; anyone else gets a 404";

export const getLoanContractRoute: RouteDefinition = {
  id: 'getLoanContract',
  method: 'GET',
  path: '/v1/loans/{loanId}/contract',
  summary: `The loan's signed contract, a PDF (${parties})`,
  handler: 'functions/http/get-loan-contract.ts',
  access: everyRole,
  request: { params: loanParams },
  responses: {
    200: { description: 'The contract document', body: contractDocument, mediaType: 'application/pdf' },
    404: problem('No such loan, not one the caller is party to, or no contract yet'),
  },
  resources: ['table:read', 'documents:read'],
};

export const getLoanContractVerificationRoute: RouteDefinition = {
  id: 'getLoanContractVerification',
  method: 'GET',
  path: '/v1/loans/{loanId}/contract/verification',
  summary: `Whether the stored contract is the one signed: its SHA-256 recomputed against the recorded one, and every signature checked (${parties})`,
  handler: 'functions/http/get-loan-contract-verification.ts',
  access: everyRole,
  request: { params: loanParams },
  responses: {
    200: { description: 'The verification', body: contractVerification },
    404: problem('No such loan, not one the caller is party to, or no contract yet'),
  },
  resources: ['table:read', 'documents:read', 'contracts:verify'],
};

export const getLoanContractTermsRoute: RouteDefinition = {
  id: 'getLoanContractTerms',
  method: 'GET',
  path: '/v1/loans/{loanId}/contract/terms',
  summary: `The loan agreement's terms and their hash, which a consent names (the borrower; any investor while the loan is listed; ${parties})`,
  handler: 'functions/http/get-loan-contract-terms.ts',
  access: everyRole,
  request: { params: loanParams },
  responses: {
    200: { description: 'The terms', body: contractTerms },
    404: problem('No such loan, or not one the caller may see'),
  },
  resources: ['table:read'],
};

export const postLoanContractConsentRoute: RouteDefinition = {
  id: 'postLoanContractConsent',
  method: 'POST',
  path: '/v1/loans/{loanId}/contract/consent',
  summary:
    "The borrower accepts the loan agreement's terms (同意), from the application until the loan is funded; recorded once with the time, the request id and the terms hash. Without it the contract is not signed and the loan is not disbursed (DISBURSEMENT_FAILED, ConsentMissingError). Repeating it returns the first record",
  handler: 'functions/http/post-loan-contract-consent.ts',
  access: ['borrower'],
  request: { params: loanParams, body: consentRequest },
  responses: {
    201: { description: 'The recorded consent', body: partyConsent },
    400: problem('The request is malformed'),
    404: problem('No such loan of the caller'),
    409: problem('The hash is not the current terms, or the loan is already funded'),
  },
  resources: ['table:read', 'table:write'],
};

export const listLoanDocumentsRoute: RouteDefinition = {
  id: 'listLoanDocuments',
  method: 'GET',
  path: '/v1/loans/{loanId}/documents',
  summary: `The loan's signed documents the caller may see: the contract (${parties}) and each settled transfer's agreement (${transferParties})`,
  handler: 'functions/http/get-loan-documents.ts',
  access: everyRole,
  request: { params: loanParams },
  responses: {
    200: { description: 'The documents: the contract first, then the supplementary agreement of an accepted reschedule, then the transfer agreements by purchase id', body: loanDocuments },
    404: problem('No such loan, or none of its documents is the caller’s'),
  },
  resources: ['table:read'],
};

export const getTransferAgreementRoute: RouteDefinition = {
  id: 'getTransferAgreement',
  method: 'GET',
  path: '/v1/loans/{loanId}/transfer-agreements/{purchaseId}',
  summary: `A settled debt transfer's signed agreement (债权转让协议), a PDF (${transferParties})`,
  handler: 'functions/http/get-transfer-agreement.ts',
  access: everyRole,
  request: { params: transferAgreementParams },
  responses: {
    200: { description: 'The agreement document', body: transferAgreementDocument, mediaType: 'application/pdf' },
    404: problem('No such transfer of the loan, not one the caller is party to, or not settled yet'),
  },
  resources: ['table:read', 'documents:read'],
};

export const getTransferAgreementVerificationRoute: RouteDefinition = {
  id: 'getTransferAgreementVerification',
  method: 'GET',
  path: '/v1/loans/{loanId}/transfer-agreements/{purchaseId}/verification',
  summary: `Whether the stored transfer agreement is the one signed, and who consented when (${transferParties})`,
  handler: 'functions/http/get-transfer-agreement-verification.ts',
  access: everyRole,
  request: { params: transferAgreementParams },
  responses: {
    200: { description: 'The verification', body: contractVerification },
    404: problem('No such transfer of the loan, not one the caller is party to, or not settled yet'),
  },
  resources: ['table:read', 'documents:read', 'contracts:verify'],
};

export const getSupplementaryAgreementRoute: RouteDefinition = {
  id: 'getSupplementaryAgreement',
  method: 'GET',
  path: '/v1/loans/{loanId}/supplementary-agreement',
  summary: `The signed supplementary agreement of the loan's accepted reschedule (展期补充协议), a PDF (${parties})`,
  handler: 'functions/http/get-supplementary-agreement.ts',
  access: everyRole,
  request: { params: loanParams },
  responses: {
    200: { description: 'The agreement document', body: supplementaryAgreementDocument, mediaType: 'application/pdf' },
    404: problem('No such loan, not one the caller is party to, or no reschedule accepted'),
  },
  resources: ['table:read', 'documents:read'],
};

export const getSupplementaryAgreementVerificationRoute: RouteDefinition = {
  id: 'getSupplementaryAgreementVerification',
  method: 'GET',
  path: '/v1/loans/{loanId}/supplementary-agreement/verification',
  summary: `Whether the stored supplementary agreement is the one signed, and when the borrower accepted it (${parties})`,
  handler: 'functions/http/get-supplementary-agreement-verification.ts',
  access: everyRole,
  request: { params: loanParams },
  responses: {
    200: { description: 'The verification', body: contractVerification },
    404: problem('No such loan, not one the caller is party to, or no reschedule accepted'),
  },
  resources: ['table:read', 'documents:read', 'contracts:verify'],
};

export const loanContractRoutes: readonly RouteDefinition[] = [
  getLoanContractTermsRoute,
  postLoanContractConsentRoute,
  getLoanContractRoute,
  getLoanContractVerificationRoute,
  listLoanDocumentsRoute,
  getSupplementaryAgreementRoute,
  getSupplementaryAgreementVerificationRoute,
  getTransferAgreementRoute,
  getTransferAgreementVerificationRoute,
];
