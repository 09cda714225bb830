/** Loan contracts (合同): the signed PDF and its verification, for the contract's parties, auditors and admins. */
import { contractDocument, contractVerification, loanParams } from '../schemas/loan-agreements';
import { problem, type RouteDefinition } from '../route-definition';
import { everyRole } from '../../core/roles';

const parties = 'the borrower, investors holding a live bid in the loan, auditors and admins; anyone else gets a 404';

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

export const loanContractRoutes: readonly RouteDefinition[] = [getLoanContractRoute, getLoanContractVerificationRoute];
