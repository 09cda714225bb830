/**
 * What the route pipeline (functions/http/route-handler.ts) talks to: the idempotency
 * store (DynamoDB), the key of its request fingerprints, the clock and the front door's
 * origin check (Secrets Manager).
 */
import * as idempotencyStore from '../adapters/dynamodb/idempotency-store';
import { verifyOrigin } from '../adapters/front-door/origin-verification';
import { now } from '../adapters/runtime/clock';
import { config } from '../settings/settings';

const idempotencyFingerprintKey = (): string => config.idempotencyFingerprintKey();

export { idempotencyFingerprintKey, idempotencyStore, now, verifyOrigin };
