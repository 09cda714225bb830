/** POST /v1/auth/register (public): a borrower and/or investor account; retrying the same registration is safe. */
import type { z } from 'zod';
import { registerUser } from '../core/users';
import { now } from '../adapters/runtime/clock';
import { identityDirectory } from '../adapters/identity/identity-provider';
import { createUserProfile, findUserProfile, setUserProfileRoles } from '../adapters/dynamodb/user-repository';
import type { registrationRequest } from '../api/schemas/identity';
import { registerUserRoute } from '../api/routes/identity';
import { routeHandler } from './route-handler';

export const handler = routeHandler(registerUserRoute, async (request) => {
  const registration = request.body as z.infer<typeof registrationRequest>;
  const { userId } = await registerUser(
    { identity: identityDirectory, profiles: { find: findUserProfile, create: createUserProfile, setRoles: setUserProfileRoles } },
    registration,
    now(),
  );
  return { status: 201, body: { userId } };
});
