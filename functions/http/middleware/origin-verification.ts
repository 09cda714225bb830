/**
 * Only requests that came through the front door (CloudFront, its WAF and its logs) reach
 * a route: CloudFront adds the origin secret in the X-Origin-Verify header
 * (functions/manifest/front-door.ts), and a request without it, or with a wrong value,
 * went straight to the API's execute-api endpoint: 403, before authentication, nothing read
 * or changed. The header is removed once checked, so no use case or log line sees it.
 * On the twin (no CloudFront, no ORIGIN_VERIFY_SECRET_ARN) every request passes.
 */
import { originVerifyHeader } from '../../manifest/front-door';
import { HttpProblem } from './problem-mapping';
import type { RouteMiddleware } from './route-event';

export function originVerification(verify: (presented: string | undefined) => Promise<boolean>): RouteMiddleware {
  return {
    name: 'origin-verification',
    before: async ({ event }) => {
      const presented = event.headers?.[originVerifyHeader];
      if (event.headers) delete event.headers[originVerifyHeader];
      if (!(await verify(presented))) {
        throw new HttpProblem(403, 'Forbidden', 'not-through-front-door', 'This API answers requests made through its public address only');
      }
    },
  };
}
