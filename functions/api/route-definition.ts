/** What a route of the manifest (./routes.ts) says about itself. */
import type { z } from 'zod';
import type { Role } from '../core/roles';
import { problemDocument } from './schemas/common';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Which platform resources a handler touches, so CDK grants exactly that. */
export type ResourceAccess =
  | 'table:read'
  | 'table:write'
  | 'workflows:start'
  | 'workflows:describe'
  | 'workflows:callback'
  /** Seal personal data: kms:GenerateDataKey on the PII key. */
  | 'pii:seal'
  /** Open sealed personal data: kms:Decrypt on the PII key. */
  | 'pii:open'
  /** Compute blind indexes: read the blind-index HMAC secret. */
  | 'pii:index'
  /** Call the identity-verification provider: its URL and read its credentials secret. */
  | 'identity:verify'
  /** Ask the credit bureau for a report: read its endpoint parameter and credentials secret. */
  | 'credit-bureau:report'
  /** Sign in to the user pool (InitiateAuth): its app client id; no IAM action needs granting. */
  | 'user-pool:sign-in'
  /** Create users in the user pool with their first roles: AdminCreateUser, AdminSetUserPassword, AdminGetUser, AdminAddUserToGroup, AdminListGroupsForUser. */
  | 'user-pool:register'
  /** Change users' roles (groups): AdminListGroupsForUser, AdminAddUserToGroup, AdminRemoveUserFromGroup. */
  | 'user-pool:roles'
  /** The custodian bank's URL (CUSTODIAN_BANK_URL): send it instructions, ask its health. */
  | 'custodian-bank:endpoint'
  /** Read the HMAC secret shared with the custodian bank: sign instructions, verify its callbacks. */
  | 'custodian-bank:secret'
  /** Publish notifications (SMS/push) to the platform's SNS topic by user id; the notifier port uses SNS (NOTIFIER_PROVIDER=sns). */
  | 'notifier:sms'
  /** Read documents (contracts, exports) from the documents bucket: s3:GetObject, kms:Decrypt on its key. */
  | 'documents:read'
  /** Write documents to the documents bucket: s3:PutObject, kms:GenerateDataKey on its key. */
  | 'documents:write'
  /** Sign contract digests with the e-signature key: kms:Sign (and GetPublicKey). */
  | 'contracts:sign'
  /** Verify contract signatures: kms:GetPublicKey on the e-signature key. */
  | 'contracts:verify';

export interface RouteResponse {
  readonly description: string;
  readonly body?: z.ZodType;
  /** The body's media type when it is not JSON (e.g. application/pdf: the handler returns bytes). */
  readonly mediaType?: string;
}

export interface RouteDefinition {
  /** operationId and the stem of the Lambda function's name. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway path syntax: /v1/listings/{listingId} */
  readonly path: string;
  readonly summary: string;
  /** More than the summary says, when there is more (OpenAPI's description; the summary otherwise). */
  readonly description?: string;
  /** The handler file; it exports `handler`. */
  readonly handler: string;
  /** 'public' routes skip the JWT authorizer; otherwise the roles allowed. */
  readonly access: 'public' | readonly Role[];
  /** The route needs an Idempotency-Key header: one effect per key, the response replayed. */
  readonly idempotent?: boolean;
  readonly request?: {
    readonly params?: z.ZodObject;
    readonly query?: z.ZodObject;
    readonly body?: z.ZodType;
  };
  readonly responses: Readonly<Record<number, RouteResponse>>;
  readonly resources: readonly ResourceAccess[];
}

/** A problem response of a route, for the OpenAPI document. */
export const problem = (description: string): RouteResponse => ({ description, body: problemDocument });
