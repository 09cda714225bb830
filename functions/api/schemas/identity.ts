/** Requests and responses of the users and authentication routes (functions/api/routes/identity.ts). */
import * as z from 'zod';
import { maxPasswordLength } from '../../core/password-policy';
import { roles } from '../../core/roles';
import { relatedPartyRoles, selfServiceRoles } from '../../core/users';
import { pendingRiskLevel } from './risk-assessment';

/** Case-insensitive: kept and compared in lower case, on AWS and on the twin alike. */
export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'a username is 3 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit')
  .meta({ id: 'Username', examples: ['alice'] });

/** Goes to the identity provider only, which checks its policy; the platform never keeps it. */
const password = z.string().min(1).max(maxPasswordLength).meta({ format: 'password', writeOnly: true });

export const registrationRequest = z
  .object({
    username,
    password,
    /** Borrower, investor or both; staff roles are granted only by an admin. */
    roles: z.array(z.enum(selfServiceRoles)).min(1).max(selfServiceRoles.length),
  })
  .strict()
  .meta({ id: 'RegistrationRequest' });

export const registrationResponse = z.object({ userId: z.string() }).meta({ id: 'Registration' });

export const loginRequest = z.object({ username, password }).strict().meta({ id: 'LoginRequest' });

export const refreshRequest = z
  .object({ refreshToken: z.string().min(1).max(8192) })
  .strict()
  .meta({ id: 'RefreshRequest' });

export const tokenResponse = z
  .object({
    accessToken: z.string(),
    /** From a login; a refresh keeps using the refresh token it was given. */
    refreshToken: z.string().optional(),
    /** Seconds the access token is valid for. */
    expiresIn: z.number().int(),
    tokenType: z.literal('Bearer'),
  })
  .meta({ id: 'Tokens' });
export type TokenResponse = z.infer<typeof tokenResponse>;

const role = z.enum(roles);

export const profileResponse = z
  .object({
    userId: z.string(),
    username: z.string(),
    roles: z.array(role),
    createdAt: z.iso.datetime(),
    verification: z
      .object({
        status: z.enum(['VERIFIED', 'REJECTED']),
        kind: z.enum(['personal', 'enterprise']),
        verifiedAt: z.string(),
        /** Masked for display: 张*, 110***********1234, 138****5678. */
        masked: z.record(z.string(), z.string()),
        reasons: z.array(z.string()).optional(),
      })
      .optional(),
    riskAssessment: z
      .object({
        level: z.enum(['C1', 'C2', 'C3', 'C4', 'C5']),
        assessedAt: z.string(),
        expiresAt: z.string(),
        /** An expired assessment no longer allows investing. */
        expired: z.boolean(),
        pending: pendingRiskLevel.optional(),
      })
      .optional(),
    custodyAccount: z.object({ subAccountId: z.string(), openedAt: z.string() }).optional(),
  })
  .meta({ id: 'Profile' });
export type ProfileResponse = z.infer<typeof profileResponse>;

export const userIdParams = z.object({ userId: z.string().regex(/^[A-Za-z0-9-]{1,128}$/) });

export const roleChangeRequest = z
  .object({
    /** The user's roles after the change: missing ones are granted, the others revoked. */
    roles: z.array(role).min(1).max(roles.length),
  })
  .strict()
  .meta({ id: 'RoleChangeRequest' });

const relatedPartyRole = z.enum(relatedPartyRoles).meta({ description: 'Why the user is a related party: platform staff, a shareholder, an affiliate (or their relatives).' });

export const relatedPartyRequest = z
  .discriminatedUnion('relatedParty', [
    z.object({ relatedParty: z.literal(true).meta({ description: 'Mark the user a related party.' }), role: relatedPartyRole }).strict(),
    z.object({ relatedParty: z.literal(false).meta({ description: 'Clear the mark.' }) }).strict(),
  ])
  .meta({ id: 'RelatedPartyRequest', description: 'Marks the user a related party (staff, shareholder, affiliate, or their relatives), or clears the mark.' });

export const relatedPartyResponse = z
  .object({ userId: z.string(), relatedParty: z.boolean(), role: relatedPartyRole.optional(), changedAt: z.iso.datetime() })
  .meta({ id: 'RelatedPartyMark' });

export const roleChangeResponse = z.object({ userId: z.string(), username: z.string(), roles: z.array(role) }).meta({ id: 'UserRoles' });

/** The admins' user list: a page in username order, filtered by a username's start and a role. */
export const userListQuery = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9._-]{1,64}$/, 'search by the start of a username: 1 to 64 letters, digits, ".", "_" or "-"')
      .optional()
      .meta({ description: 'Usernames starting with this (case-insensitive).' }),
    role: role.optional().meta({ description: 'Only users holding this role.' }),
    limit: z.string().regex(/^([1-9]\d?|100)$/, 'a limit is 1 to 100').optional(),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

export const userListPage = z
  .object({
    items: z.array(
      z
        .object({
          userId: z.string(),
          username: z.string(),
          roles: z.array(role),
          createdAt: z.iso.datetime(),
          /** Verification's outcome with its masked values (张*, 110***********1234); never the plain ones. */
          verification: z.object({ status: z.enum(['VERIFIED', 'REJECTED']), kind: z.enum(['personal', 'enterprise']), masked: z.record(z.string(), z.string()) }).optional(),
          relatedParty: z.boolean(),
          relatedPartyRole: relatedPartyRole.optional(),
        })
        .meta({ id: 'UserSummary' }),
    ),
    /** A page filtered by role may hold fewer users than the limit while more follow: page on while there is a cursor. */
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'UserListPage' });
