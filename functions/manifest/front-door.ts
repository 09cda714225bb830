/**
 * The front door (docs/operations.md "The front door"): CloudFront adds this header, with
 * the origin secret as its value, to every request it forwards to the HTTP API; a route
 * answers only requests that carry it (functions/http/middleware/origin-verification.ts).
 * Read by CDK (lib/constructs/front-door.ts) and by the route pipeline, so both name the
 * same header.
 */
export const originVerifyHeader = 'x-origin-verify';
