/**
 * The domain's named errors. Use cases throw them; the HTTP layer maps each kind to
 * a problem response (functions/http/middleware/problem-mapping.ts). Nothing here knows about HTTP.
 */
export type DomainErrorKind =
  | 'invalid-request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'unprocessable'
  | 'payload-too-large';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** Field-level detail safe to show the caller (never PII, never internals). */
    readonly details?: ReadonlyArray<{ readonly path: string; readonly message: string }>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidRequestError extends DomainError {
  constructor(message: string, details?: ReadonlyArray<{ path: string; message: string }>) {
    super('invalid-request', message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid bearer token is required') {
    super('unauthenticated', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your roles do not allow this') {
    super('forbidden', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not-found', message);
  }
}

/** A conditional write lost a race or the state moved on: retry with fresh state. */
export class ConcurrentModificationError extends DomainError {
  constructor(message = 'The resource changed while this request ran; retry') {
    super('conflict', message);
  }
}

/** A lifecycle event that the current state does not allow. */
export class InvalidTransitionError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super('payload-too-large', `The request body exceeds ${limitBytes} bytes`);
  }
}

/** A debit would take a custody account's available balance below zero. */
export class InsufficientFundsError extends DomainError {
  /** In the user's terms: what they have available and what the operation needs, in fen (never a ledger account's name). */
  constructor(availableFen: number, requiredFen: number) {
    super('unprocessable', `your available balance ¥${yuanText(availableFen)} is insufficient for ¥${yuanText(requiredFen)}`);
  }
}

const yuanText = (fenAmount: number): string => `${fenAmount < 0 ? '-' : ''}${Math.floor(Math.abs(fenAmount) / 100)}.${String(Math.abs(fenAmount) % 100).padStart(2, '0')}`;

/** A pending transfer (a freeze) was already posted or voided: it resolves exactly once. */
export class PendingTransferResolvedError extends DomainError {
  constructor(pendingId: string) {
    super('conflict', `pending transfer ${pendingId} is already resolved`);
  }
}

/** The same id was used before for different content (an entry, an Idempotency-Key). */
export class IdempotencyConflictError extends DomainError {
  constructor(what: string) {
    super('unprocessable', `${what} was used before with different content`);
  }
}

/** A contract rate (or contract plus penalty rate) above the legal cap (4 × one-year LPR by default). */
export class RateAboveLegalCapError extends DomainError {
  constructor(message: string) {
    super('unprocessable', message);
  }
}

/** The caller's real-name verification already succeeded: an identity is verified once. */
export class AlreadyVerifiedError extends DomainError {
  constructor() {
    super('conflict', 'this account is already verified');
  }
}

/** The identity (ID number or credit code) already backs another account: one identity, one account. */
export class IdentityAlreadyClaimedError extends DomainError {
  constructor() {
    super('conflict', 'this identity is already verified on another account');
  }
}

/** The identity-verification provider did not confirm the claim; details carry its reason codes. */
export class IdentityNotConfirmedError extends DomainError {
  constructor(details: ReadonlyArray<{ path: string; message: string }>) {
    super('unprocessable', `the identity was not confirmed: ${details.map((detail) => detail.message).join(', ')}`, details);
  }
}

/** A listing that no longer takes this bid: full, closed (funded or expired), or with less remaining than the bid. */
export class ListingUnavailableError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** A bid the rules refuse: below the minimum, off the step, or from the loan's own borrower. */
export class BidRefusedError extends DomainError {
  constructor(message: string, details?: ReadonlyArray<{ path: string; message: string }>) {
    super('unprocessable', message, details);
  }
}

/** Investor suitability (投资者适当性): no valid assessment, a grade the level does not allow, or over the level's limit. */
export class UnsuitableInvestorError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** A write-once document exists with other bytes (a disclosure export, a contract): 409, nothing overwritten. */
export class DocumentConflictError extends DomainError {
  constructor(key: string) {
    super('conflict', `a different document already exists at ${key}`);
    this.name = 'DocumentConflictError';
  }
}
