/** POST /v1/auth/register (public): a borrower and/or investor account; retrying the same registration is safe. */
import type { z } from 'zod';
import { registerUser } from '../core/users';
import { now } from '../adapters/clock';
import { identityDirectory } from '../adapters/identity-provider';
import { createUserProfile, findUserProfile, setUserProfileRoles } from '../adapters/user-repository';
import type { registrationRequest } from './identity-contract';
import { registerUserRoute } from '../../lib/manifest/routes/identity';
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
