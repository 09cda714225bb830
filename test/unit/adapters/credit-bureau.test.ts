/**
 * The credit bureau: the simulator follows the rule the README gives testers (SHA-256 of
 * the userId, first two bytes big-endian mod 100 → the case), and the real HTTP adapter
 * signs its requests and, until operators fill its endpoint and credentials, fails with
 * an error naming the setting to fill.
 */
import { createHash } from 'node:crypto';
import { creditBureau, simulatedBureauCase, simulatedReports } from '../../../functions/adapters/credit-bureau/credit-bureau';
import { httpCreditBureau, notYetFilled } from '../../../functions/adapters/credit-bureau/credit-bureau-http';
import { signProviderRequest } from '../../../functions/adapters/identity/identity-verification-http';

/** The README's recipe, written out independently of the simulator. */
function caseByReadmeRecipe(userId: string): string {
  const bucket = createHash('sha256').update(userId).digest().readUInt16BE(0) % 100;
  const table: Array<[number, string]> = [[49, 'CLEAN'], [64, 'MODERATE_DEBT'], [74, 'THIN_FILE'], [84, 'PAST_OVERDUE'], [91, 'SEVERE_DELINQUENCY'], [95, 'HEAVY_DEBT'], [99, 'DISHONEST_DEBTOR']];
  return table.find(([upTo]) => bucket <= upTo)![1];
}

test('a tester who picks a borrower by the README recipe gets that case from the simulator', () => {
  for (let index = 0; index < 500; index += 1) {
    const userId = `borrower-${index}`;
    expect({ userId, bureauCase: simulatedBureauCase(userId) }).toEqual({ userId, bureauCase: caseByReadmeRecipe(userId) });
  }
});

test('a borrower chosen CLEAN by the recipe gets the clean report', async () => {
  let userId = 'clean-0';
  for (let index = 1; caseByReadmeRecipe(userId) !== 'CLEAN'; index += 1) userId = `clean-${index}`;
  const previous = process.env.CREDIT_BUREAU_PROVIDER;
  process.env.CREDIT_BUREAU_PROVIDER = 'simulator';
  try {
    expect(await creditBureau().report({ userId })).toEqual(simulatedReports.CLEAN);
  } finally {
    if (previous === undefined) delete process.env.CREDIT_BUREAU_PROVIDER;
    else process.env.CREDIT_BUREAU_PROVIDER = previous;
  }
});

test('with no provider configured, the first report fails naming CREDIT_BUREAU_PROVIDER', () => {
  const previous = process.env.CREDIT_BUREAU_PROVIDER;
  delete process.env.CREDIT_BUREAU_PROVIDER;
  try {
    expect(() => creditBureau()).toThrow(/CREDIT_BUREAU_PROVIDER/);
  } finally {
    if (previous !== undefined) process.env.CREDIT_BUREAU_PROVIDER = previous;
  }
});

const credentials = { appKey: 'platform-app', appSecret: 'a-secret-of-thirty-two-characters!' };
const filled = {
  endpointParameter: '/p2p/credit-bureau/endpoint',
  credentialsSecretArn: 'arn:aws:secretsmanager:cn-north-1:000000000000:secret:bureau',
  readParameter: async () => 'https://bureau.example',
  readSecret: async () => JSON.stringify(credentials),
};
const report = { creditHistoryMonths: 60, otherPlatformsOutstandingFen: 0, overdueCount24m: 0, maxOverdueDays: 0, currentOverdueFen: 0, dishonestDebtor: false };

test('the endpoint parameter still as deployed: the first report fails naming CREDIT_BUREAU_ENDPOINT_PARAMETER and the parameter', async () => {
  const bureau = httpCreditBureau({ ...filled, readParameter: async () => notYetFilled, fetch: async () => new Response('{}') });
  await expect(bureau.report({ userId: 'u-1' })).rejects.toThrow(/CREDIT_BUREAU_ENDPOINT_PARAMETER.*\/p2p\/credit-bureau\/endpoint/);
});

test('the credentials still as deployed: the first report fails naming CREDIT_BUREAU_CREDENTIALS_SECRET_ARN', async () => {
  const bureau = httpCreditBureau({ ...filled, readSecret: async () => JSON.stringify({ appKey: notYetFilled, appSecret: 'x'.repeat(48) }), fetch: async () => new Response('{}') });
  await expect(bureau.report({ userId: 'u-1' })).rejects.toThrow(/CREDIT_BUREAU_CREDENTIALS_SECRET_ARN/);
});

test('an http endpoint is refused as not filled', async () => {
  const bureau = httpCreditBureau({ ...filled, readParameter: async () => 'http://bureau.example', fetch: async () => new Response('{}') });
  await expect(bureau.report({ userId: 'u-1' })).rejects.toThrow(/https base URL/);
});

test('filled: one signed POST per report, its answer parsed', async () => {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const bureau = httpCreditBureau({
    ...filled,
    fetch: async (url, init) => {
      requests.push({ url: String(url), init: init! });
      return new Response(JSON.stringify(report), { status: 200 });
    },
  });
  expect(await bureau.report({ userId: 'u-42' })).toEqual(report);
  const [{ url, init }] = requests as [{ url: string; init: RequestInit }];
  expect(url).toBe('https://bureau.example/v1/credit-reports');
  const headers = init.headers as Record<string, string>;
  expect(JSON.parse(String(init.body))).toEqual({ subjectReference: 'u-42' });
  expect(headers['x-signature']).toBe(signProviderRequest(credentials, '/v1/credit-reports', headers['x-timestamp']!, headers['x-nonce']!, String(init.body)));
});

test('an answer in another shape, or an error status, is an error that names no subject', async () => {
  const odd = httpCreditBureau({ ...filled, fetch: async () => new Response(JSON.stringify({ score: 700 })) });
  await expect(odd.report({ userId: 'u-42' })).rejects.toThrow('the credit bureau answered in an unknown shape');
  const failing = httpCreditBureau({ ...filled, fetch: async () => new Response('', { status: 503 }) });
  await expect(failing.report({ userId: 'u-42' })).rejects.toThrow('the credit bureau answered 503');
});
