/**
 * Only the twin's owner drives it (issue 14): every control surface asks for the
 * per-start secret `npm start` prints and keeps in a file only the user can read, and
 * refuses what a web page could send (a foreign Host by DNS rebinding, a foreign
 * Origin, a text/plain body). The Cognito endpoint's admin operations must be signed
 * with the secret (Signature V4), every Step Functions operation too; DynamoDB Local
 * and the AWS endpoints answer loopback names only. Also the
 * gateway's answers to a malformed path and a missing token.
 */
import { request } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { AdminAddUserToGroupCommand, AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { json, twinForThisFile } from '../support/twin-process';

const current = twinForThisFile();

/** A raw HTTP request, so a test can name any Host (fetch cannot). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; contentType: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], body }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

const mint = JSON.stringify({ sub: 'attacker', roles: ['admin'] });

test('npm start hands out its secret in a file only the user can read', async () => {
  const twin = current();
  expect(twin.controlSecret).toMatch(/^[\w-]{43}$/);
  expect((await readFile(twin.controlSecretFile, 'utf8')).trim()).toBe(twin.controlSecret);
  expect((await stat(twin.controlSecretFile)).mode & 0o777).toBe(0o600);
});

test('a token is minted only with the secret, a JSON body, a loopback Host and no foreign Origin', async () => {
  const { apiUrl, controlSecret } = current();
  const url = `${apiUrl}/_twin/tokens`;
  const secret = { 'x-twin-secret': controlSecret };
  const jsonBody = { 'content-type': 'application/json' };
  const attacks = {
    'no secret': await raw(url, { method: 'POST', headers: jsonBody, body: mint }),
    'a wrong secret': await raw(url, { method: 'POST', headers: { ...jsonBody, 'x-twin-secret': 'x'.repeat(43) }, body: mint }),
    'a text/plain body': await raw(url, { method: 'POST', headers: { ...secret, 'content-type': 'text/plain' }, body: mint }),
    'a foreign Host': await raw(url, { method: 'POST', headers: { ...secret, ...jsonBody, host: `attacker.example:${new URL(apiUrl).port}` }, body: mint }),
    'a foreign Origin': await raw(url, { method: 'POST', headers: { ...secret, ...jsonBody, origin: 'http://attacker.example' }, body: mint }),
  };
  for (const [attack, answer] of Object.entries(attacks)) {
    expect({ attack, status: answer.status, contentType: answer.contentType, token: answer.body.includes('accessToken') }).toEqual({
      attack,
      status: attack === 'a text/plain body' ? 415 : 403,
      contentType: 'application/problem+json',
      token: false,
    });
  }
  // The clock's GET too: a page cannot read the twin by rebinding a name to 127.0.0.1.
  expect((await raw(`${apiUrl}/_twin/clock`, { headers: { ...secret, host: 'attacker.example' } })).status).toBe(403);
  // The documented way works: the secret, JSON, from the twin's own origin or none.
  const own = await raw(url, { method: 'POST', headers: { ...secret, ...jsonBody, origin: apiUrl }, body: mint });
  expect(own.status).toBe(200);
  expect(JSON.parse(own.body).accessToken).toEqual(expect.any(String));
  expect((await json(url, { method: 'POST', body: mint })).status).toBe(200);
});

test('the bank simulator’s controls ask the same', async () => {
  const { bankUrl, controlSecret } = current();
  const url = `${bankUrl}/_twin/bank/events`;
  const secret = { 'x-twin-secret': controlSecret };
  expect((await raw(url, {})).status).toBe(403);
  expect((await raw(url, { headers: { ...secret, host: 'attacker.example' } })).status).toBe(403);
  expect((await raw(url, { headers: { ...secret, origin: 'http://attacker.example' } })).status).toBe(403);
  expect((await raw(`${bankUrl}/_twin/bank/callbacks`, { method: 'POST', headers: { ...secret, 'content-type': 'text/plain' }, body: '{"hold":true}' })).status).toBe(415);
  const events = await raw(url, { headers: secret });
  expect(events.status).toBe(200);
  expect(JSON.parse(events.body)).toEqual({ events: expect.any(Array) });
});

test('Cognito’s admin operations must be signed with the twin’s secret; sign-in stays public', async () => {
  const { cognitoUrl, controlSecret } = current();
  const unsigned = await raw(cognitoUrl, {
    method: 'POST',
    headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminAddUserToGroup', 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({ UserPoolId: 'local_TwinUserPool', Username: 'reviewer', GroupName: 'admin' }),
  });
  expect({ status: unsigned.status, type: JSON.parse(unsigned.body).__type }).toEqual({ status: 400, type: 'MissingAuthenticationTokenException' });
  const client = (secretAccessKey: string) => new CognitoIdentityProviderClient({ endpoint: cognitoUrl, region: 'local', credentials: { accessKeyId: 'twin', secretAccessKey } });
  const guessing = client('twin');
  await expect(guessing.send(new AdminAddUserToGroupCommand({ UserPoolId: 'local_TwinUserPool', Username: 'reviewer', GroupName: 'admin' }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
  guessing.destroy();
  const owner = client(controlSecret);
  expect((await owner.send(new AdminGetUserCommand({ UserPoolId: 'local_TwinUserPool', Username: 'reviewer' }))).Username).toBe('reviewer');
  owner.destroy();
  expect((await json(`${current().apiUrl}/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'reviewer', password: 'Reviewer-local-2026!' }) })).status).toBe(200);
});

test('Step Functions must be signed with the twin’s secret; no AWS endpoint of the twin answers a foreign Host', async () => {
  const { stepFunctionsUrl, cognitoUrl, controlSecret } = current();
  const listing = { 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' };
  const unsigned = await raw(stepFunctionsUrl, { method: 'POST', headers: listing, body: '{}' });
  expect({ status: unsigned.status, type: JSON.parse(unsigned.body).__type }).toEqual({ status: 400, type: 'MissingAuthenticationTokenException' });
  const client = (secretAccessKey: string) => new SFNClient({ endpoint: stepFunctionsUrl, region: 'local', credentials: { accessKeyId: 'twin', secretAccessKey } });
  const guessing = client('twin');
  await expect(guessing.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
  guessing.destroy();
  const owner = client(controlSecret);
  expect((await owner.send(new ListStateMachinesCommand({}))).stateMachines?.length).toBeGreaterThan(0);
  owner.destroy();
  const signIn = { 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth', 'content-type': 'application/x-amz-json-1.1', host: 'attacker.example' };
  const rebound = await raw(cognitoUrl, { method: 'POST', headers: signIn, body: '{}' });
  expect({ status: rebound.status, type: JSON.parse(rebound.body).__type }).toEqual({ status: 400, type: 'AccessDeniedException' });
});

test('DynamoDB Local answers loopback names only, and no browser', async () => {
  const { dynamoDbUrl } = current();
  const listTables = { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0', authorization: 'AWS4-HMAC-SHA256 Credential=twin/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=00' };
  expect((await raw(dynamoDbUrl, { method: 'POST', headers: listTables, body: '{}' })).status).toBe(200);
  expect((await raw(dynamoDbUrl, { method: 'POST', headers: { ...listTables, host: 'attacker.example' }, body: '{}' })).status).toBe(403);
  expect((await raw(dynamoDbUrl, { method: 'POST', headers: { ...listTables, origin: 'http://attacker.example' }, body: '{}' })).status).toBe(403);
  expect((await raw(dynamoDbUrl, { method: 'OPTIONS', headers: { origin: 'http://attacker.example', 'access-control-request-method': 'POST' } })).status).toBe(403);
});

test('a malformed percent-encoding in the path is a 400 problem, not a 500', async () => {
  const { apiUrl } = current();
  const token = (await json(`${apiUrl}/_twin/tokens`, { method: 'POST', body: JSON.stringify({ sub: 'user-1', roles: ['investor'] }) })).body.accessToken as string;
  const answer = await raw(`${apiUrl}/v1/loans/%ZZ`, { headers: { authorization: `Bearer ${token}` } });
  expect({ status: answer.status, contentType: answer.contentType }).toEqual({ status: 400, contentType: 'application/problem+json' });
  expect(JSON.parse(answer.body)).toMatchObject({ status: 400, title: 'Bad Request' });
});

test('a missing or refused token gets exactly what API Gateway’s JWT authorizer answers', async () => {
  const { apiUrl } = current();
  for (const headers of [{}, { authorization: 'Bearer forged.token.here' }] as Array<Record<string, string>>) {
    const answer = await raw(`${apiUrl}/v1/loans/L1`, { headers });
    expect({ status: answer.status, contentType: answer.contentType, body: answer.body }).toEqual({ status: 401, contentType: 'application/json', body: '{"message":"Unauthorized"}' });
  }
});

test('a repeated registration tells no more than a login: five wrong passwords lock out both', async () => {
  const { apiUrl } = current();
  const username = `victim-${Date.now()}`;
  const password = 'Right-horse-9!';
  const register = (candidate: string) => json(`${apiUrl}/v1/auth/register`, { method: 'POST', body: JSON.stringify({ username, password: candidate, roles: ['investor'] }) });
  const login = (candidate: string) => json(`${apiUrl}/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username, password: candidate }) });
  expect((await register(password)).status).toBe(201);
  // Guesses by registration count as failed sign-ins, as guesses by login do.
  for (let guess = 1; guess <= 3; guess += 1) expect((await register(`Wrong-horse-${guess}!`)).status).toBe(409);
  for (let guess = 4; guess <= 5; guess += 1) expect((await login(`Wrong-horse-${guess}!`)).status).toBe(401);
  // Locked out now: the right password earns a registration nothing but the wrong one's 409, and a login the 401.
  const again = await register(password);
  expect({ status: again.status, userId: again.body.userId }).toEqual({ status: 409, userId: undefined });
  expect((await login(password)).status).toBe(401);
});
