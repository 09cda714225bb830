/** A middy request around an API Gateway v2 event, for driving one middleware at a time. */
import type { Request } from '@middy/core';
import type { HttpResponse, RouteEvent, RouteMiddleware } from '../../../../functions/http/middleware/route-event';

export function httpEvent(overrides: Partial<RouteEvent> = {}): RouteEvent {
  return {
    version: '2.0',
    routeKey: 'POST /v1/things',
    rawPath: '/v1/things',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext: { requestId: 'request-1' },
    ...overrides,
  } as unknown as RouteEvent;
}

export function middyRequest(event: RouteEvent): Request<RouteEvent, HttpResponse> {
  return { event, context: {} as never, response: undefined, error: undefined, internal: {} };
}

/** Runs a middleware's `before` and says what it threw, if anything. */
export async function refusalOf(middleware: RouteMiddleware, event: RouteEvent): Promise<unknown> {
  try {
    await middleware.before?.(middyRequest(event));
    return undefined;
  } catch (error) {
    return error;
  }
}
