/**
 * Issue #5's scenario through the twin's HTTP API only (plus the twin's own clock):
 * every person registers, logs in, verifies their identity and (investors) assesses
 * their risk and deposits through the custodian bank. Three borrowers apply: the rules
 * approve one, reject one, and send one to manual review, where the seeded reviewer
 * approves it. Fifty investors (ten by auto-bid plans, forty by hand) fill the approved
 * listing; the contract verifies; the disbursement credits the borrower exactly
 * amount − fee and debits each investor exactly their bid; the ledger sums to zero.
 * The manually approved listing gets too few bids, expires, and every bid is unfrozen.
 */
import { randomUUID } from 'node:crypto';
import { simulatedBureauCase, type SimulatedBureauCase } from '../../functions/adapters/credit-bureau/credit-bureau';
import { luhnCheckDigit } from '../../functions/core/bank-card';
import { residentIdCheckCharacter } from '../../functions/core/resident-id-number';
import { expectLedgerBalanced, ledgerAccounts, type Customer } from '../support/custody';
import { twinWithClientsForThisFile } from '../support/listings';
import { eventually, json, type RunningTwin } from '../support/twin-process';
import { balancedAnswers } from '../fixtures/risk-answers';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
beforeAll(() => {
  twin = setup.twin;
});

const password = 'Scenario-pass-2026!';
let people = 0;
/** A distinct, checksum-valid identity for the n-th person (none of the simulator's documented failing ones). */
function identity(n: number) {
  const first17 = `110105${19800101 + (n % 28)}${String(100 + n).padStart(3, '0')}`;
  const card = `622848${String(n).padStart(12, '0')}`;
  return {
    kind: 'personal',
    realName: `${'王李张刘陈杨黄赵吴周'[n % 10]}${'伟芳娜敏静丽强磊军洋'[Math.floor(n / 10) % 10]}${'华明'[Math.floor(n / 100) % 2]}`,
    idNumber: `${first17}${residentIdCheckCharacter(first17)}`,
    phone: `139${String(n).padStart(8, '0')}`,
    bankCard: `${card}${luhnCheckDigit(card)}`,
  };
}

interface Member extends Customer {
  readonly username: string;
  /** Logs in again (access tokens last an hour on the twin's clock). */
  readonly again: () => Promise<Member>;
}

async function loggedIn(username: string, secret = password): Promise<Member> {
  const login = await json(`${twin.apiUrl}/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username, password: secret }) });
  expect(login.status).toBe(200);
  const authorization = { authorization: `Bearer ${login.body.accessToken}` };
  const me = await json(`${twin.apiUrl}/v1/me`, { headers: authorization });
  expect(me.status).toBe(200);
  return {
    username,
    userId: me.body.userId,
    token: login.body.accessToken,
    get: (path) => json(`${twin.apiUrl}${path}`, { headers: authorization }),
    post: (path, body, idempotencyKey = randomUUID()) => json(`${twin.apiUrl}${path}`, { method: 'POST', headers: { ...authorization, 'idempotency-key': idempotencyKey }, body: JSON.stringify(body) }),
    again: () => loggedIn(username, secret),
  };
}

/** Registers, logs in and verifies a new person; a borrower is registered until the bureau simulator files them under `bureauCase`. */
async function member(roles: string[], bureauCase?: SimulatedBureauCase): Promise<Member> {
  for (;;) {
    const n = (people += 1);
    const username = `p${n}-${randomUUID().slice(0, 6)}`;
    const registered = await json(`${twin.apiUrl}/v1/auth/register`, { method: 'POST', body: JSON.stringify({ username, password, roles }) });
    expect(registered.status).toBe(201);
    const who = await loggedIn(username);
    if (bureauCase && simulatedBureauCase(who.userId) !== bureauCase) continue;
    const verified = await who.post('/v1/me/verification', identity(n));
    expect({ status: verified.status, body: verified.status === 200 ? {} : verified.body }).toEqual({ status: 200, body: {} });
    return who;
  }
}

async function fundedInvestor(deposit: string): Promise<Member> {
  const who = await member(['investor']);
  expect((await who.post('/v1/me/risk-assessment', { questionnaireVersion: '2026-1', answers: balancedAnswers })).body.level).toBe('C3');
  const { status, body } = await who.post('/v1/me/deposits', { amount: deposit });
  expect(status).toBe(202);
  await eventually(async () => ((await who.get(`/v1/me/deposits/${body.id}`)).body.status === 'CONFIRMED' ? true : undefined), 'the deposit to be confirmed');
  return who;
}

async function inBatches<T>(count: number, size: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (let start = 0; start < count; start += size) made.push(...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, offset) => make(start + offset)))));
  return made;
}

const application = (amount: string) => ({ amount, termMonths: 12, annualRate: '0.10', method: 'EQUAL_INSTALLMENT', purposeCategory: 'WORKING_CAPITAL', purpose: 'shop fit-out', monthlyIncome: '20000.00', kind: 'personal' });

async function loanOf(who: Member, loanId: string, status: string) {
  return eventually(async () => {
    const seen = await who.get(`/v1/loans/${loanId}`);
    return seen.status === 200 && seen.body.status === status ? seen.body : undefined;
  }, `${loanId} to be ${status}`, 30_000);
}

test('apply, review (approved, rejected, manual), 50 investors fill a listing by hand and by plan, contract, disbursement to the fen; another listing expires and unfreezes', async () => {
  // Fifty investors: ten with auto-bid plans for grade B, forty bidding by hand.
  const planners = await inBatches(10, 5, () => fundedInvestor('2000.00'));
  const bidders = await inBatches(40, 5, () => fundedInvestor('2000.00'));
  for (const planner of planners) {
    const plan = await planner.post('/v1/me/auto-bid-plans', { amountPerLoan: '1000.00', minTermMonths: 6, maxTermMonths: 24, grades: ['B'], budget: '1000.00', reserveBalance: '0.00' });
    expect(plan.status).toBe(201);
  }

  // The rules approve a clean borrower (grade B); the listing opens and the plans bid at once.
  const clean = await member(['borrower'], 'CLEAN');
  const applied = await clean.post('/v1/loan-applications', application('50000.00'));
  expect(applied.status).toBe(202);
  const loanId = applied.body.loanId as string;
  // The borrower reads the agreement's terms and accepts them (before funding: no consent, no contract, no disbursement).
  const terms = await clean.get(`/v1/loans/${loanId}/contract/terms`);
  expect(terms.status).toBe(200);
  expect(terms.body.terms).toMatchObject({ amount: '50000.00', termMonths: 12, annualRate: '0.1', method: 'EQUAL_INSTALLMENT', serviceFeeRatePercent: '2.00' });
  const consent = await clean.post(`/v1/loans/${loanId}/contract/consent`, { termsHash: terms.body.termsHash });
  expect(consent.status).toBe(201);
  expect(consent.body).toMatchObject({ termsHash: terms.body.termsHash, channel: 'consent-route', requestId: expect.any(String) });
  // The plans bid in the listing task as it opens: wait until the last of them is in.
  const listed = await eventually(async () => {
    const seen = await clean.get(`/v1/listings/${loanId}`);
    return seen.status === 200 && seen.body.funded === '10000.00' ? seen.body : undefined;
  }, 'the approved loan to be listed with the plans’ bids');
  expect(listed).toMatchObject({ grade: 'B', amount: '50000.00', funded: '10000.00' });

  // A borrower with severe delinquencies at the bureau is rejected with reasons.
  const delinquent = await member(['borrower'], 'SEVERE_DELINQUENCY');
  const rejectedId = (await delinquent.post('/v1/loan-applications', application('20000.00'))).body.loanId as string;
  expect((await loanOf(delinquent, rejectedId, 'REJECTED')).rejectionReasons?.length ?? 1).toBeGreaterThan(0);

  // A thin file waits for a reviewer, who approves it with grade C.
  const thin = await member(['borrower'], 'THIN_FILE');
  const reviewedId = (await thin.post('/v1/loan-applications', application('30000.00'))).body.loanId as string;
  const reviewer = await loggedIn('reviewer', 'Reviewer-local-2026!');
  await eventually(async () => {
    const page = await reviewer.get('/v1/reviews?limit=100');
    return page.body.items?.some((item: { loanId: string }) => item.loanId === reviewedId) ? true : undefined;
  }, 'the thin file in the reviewers’ queue');
  const decided = await reviewer.post(`/v1/reviews/${reviewedId}/decision`, { decision: 'APPROVED', grade: 'C' });
  expect(decided.status).toBe(200);
  await loanOf(thin, reviewedId, 'LISTED');

  // Forty investors fill the rest by hand, concurrently; the last bid completes the subscription.
  const bids = await Promise.all(bidders.map((who) => who.post(`/v1/listings/${loanId}/bids`, { amount: '1000.00' })));
  expect(bids.map((bid) => bid.status)).toEqual(bidders.map(() => 201));
  await loanOf(clean, loanId, 'REPAYING');

  // The borrower got exactly amount − the 2% service fee; each investor paid exactly their bid.
  expect((await clean.get('/v1/me/account')).body).toMatchObject({ available: '49000.00', frozen: '0.00' });
  for (const who of [...planners, ...bidders]) expect((await who.get('/v1/me/account')).body).toMatchObject({ balance: '1000.00', available: '1000.00', frozen: '0.00' });
  const investorsOfLoan = new Set((await ledgerAccounts(twin, setup.documents)).filter((account) => account.account.startsWith('custody:') && account.debitsPosted === 100_000).map((account) => account.account));
  expect(investorsOfLoan.size).toBeGreaterThanOrEqual(50);

  // The contract is there for the parties, and verifies.
  const contract = await eventually(async () => {
    const seen = await clean.get(`/v1/loans/${loanId}/contract/verification`);
    return seen.status === 200 ? seen.body : undefined;
  }, 'the contract');
  expect(contract).toMatchObject({ hashMatches: true, valid: true, termsHash: terms.body.termsHash });
  expect(contract.signatures.length).toBe(52); // the borrower, fifty investors and the platform
  // Who consented when: the borrower by the consent route, ten investors by their plans, forty by their bids.
  expect(contract.signatures[0]).toMatchObject({ role: 'borrower', consent: consent.body });
  const channels = contract.signatures.map((signature: { consent?: { channel: string; termsHash: string } }) => signature.consent?.channel ?? 'none');
  expect(channels.filter((channel: string) => channel === 'auto-bid')).toHaveLength(10);
  expect(channels.filter((channel: string) => channel === 'manual-bid')).toHaveLength(40);
  expect(channels.at(-1)).toBe('none'); // the platform signs as itself
  expect((await bidders[0]!.get(`/v1/loans/${loanId}/contract/verification`)).body.valid).toBe(true);

  // Three investors bid on the reviewed listing, which never fills: after its deadline it expires and unfreezes them.
  const partial = bidders.slice(0, 3);
  for (const who of partial) expect((await who.post(`/v1/listings/${reviewedId}/bids`, { amount: '1000.00' })).status).toBe(201);
  for (const who of partial) expect((await who.get('/v1/me/account')).body).toMatchObject({ available: '0.00', frozen: '1000.00' });
  expect((await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ advance: 'P8D' }) })).status).toBe(200);
  const thinAgain = await thin.again();
  await loanOf(thinAgain, reviewedId, 'EXPIRED');
  for (const who of partial) {
    const fresh = await who.again();
    expect((await fresh.get('/v1/me/account')).body).toMatchObject({ balance: '1000.00', available: '1000.00', frozen: '0.00' });
    const mine = (await fresh.get('/v1/me/bids')).body.items.find((bid: { listingId: string }) => bid.listingId === reviewedId);
    expect(mine).toMatchObject({ status: 'VOIDED' });
  }
  await expectLedgerBalanced(twin, setup.documents);
}, 300_000);
