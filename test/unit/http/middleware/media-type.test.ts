/** A JSON route takes application/json (optionally with charset=utf-8), or no label; anything else is a 415. */
import { jsonMediaType } from '../../../../functions/http/middleware/media-type';
import { HttpProblem, problemResponse } from '../../../../functions/http/middleware/problem-mapping';
import { httpEvent, refusalOf } from './request';

const labelled = (contentType?: string) => httpEvent({ headers: contentType === undefined ? {} : { 'content-type': contentType } });

test.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'application/json; charset="utf-8"', undefined])('%s is accepted', async (contentType) => {
  expect(await refusalOf(jsonMediaType(), labelled(contentType))).toBeUndefined();
});

test.each(['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/jsonp', 'application/problem+json', ''])(
  '%s is a 415 problem',
  async (contentType) => {
    const refusal = await refusalOf(jsonMediaType(), labelled(contentType));
    expect(refusal).toBeInstanceOf(HttpProblem);
    const response = problemResponse(refusal, 'request-1');
    expect(response.statusCode).toBe(415);
    expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json', 'accept-post': 'application/json' });
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ status: 415, type: 'urn:problem:unsupported-media-type' });
  },
);
