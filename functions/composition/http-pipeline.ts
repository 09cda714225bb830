/**
 * What the route pipeline (functions/http/route-handler.ts) talks to: the idempotency
 * store (DynamoDB), the key of its request fingerprints (Secrets Manager), the clock and the front door's
 * origin check (Secrets Manager).
 */
import * as idempotencyStore from '../adapters/dynamodb/idempotency-store';
import { verifyOrigin } from '../adapters/front-door/origin-verification';
import { now } from '../adapters/runtime/clock';
import { requestKey } from '../adapters/secrets/request-keys';

const idempotencyFingerprintKey = (): Promise<Buffer> => requestKey('idempotency fingerprint');

export { idempotencyFingerprintKey, idempotencyStore, now, verifyOrigin };
