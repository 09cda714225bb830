/**
 * The custodian-bank simulator: a separate HTTP service the twin starts on its own
 * port, speaking the bank side of the custodian protocol (docs/domain/money-and-ledger.md,
 * "The custodian-bank protocol"; schemas in functions/adapters/custodian-bank/protocol.ts). It is a real
 * implementation with its own books (./bank-books.ts), kept as JSON under the twin's
 * data folder (or in memory), never an in-process shortcut: the platform reaches it
 * only over HTTP, with signed requests, and hears back only through signed callbacks.
 *
 * Requests are authenticated with HMAC-SHA256 over
 * `${timestamp}.${METHOD}.${pathAndQuery}.${rawBody}` and a 5-minute window on the
 * simulator's clock (the twin's clock). Money-moving instructions are answered 202
 * and executed on the tick after the response; the outcome is POSTed to the
 * platform's callback URL, signed over `${timestamp}.${rawBody}`, and retried with a
 * fresh signature until the platform answers 2xx.
 *
 * Twin-only controls (never part of the protocol; each asks for the twin's control
 * secret, a loopback Host and no foreign Origin, ../control-secret.ts):
 *   GET  /_twin/bank/sub-accounts            every sub-account with its balance and frozen amount
 *   POST /_twin/bank/adjustments             {subAccountId, amount, direction: CREDIT|DEBIT, note?}
 *   GET  /_twin/bank/events                  callback events with every delivery attempt
 *   POST /_twin/bank/callbacks               {"hold": true} keeps new events (signed when created);
 *                                            {"hold": false} delivers the held ones with fresh signatures
 *   POST /_twin/bank/events/{eventId}/deliver   delivers a held event exactly as signed when it was created
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { clientsCloseIdleConnections } from '../ports';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import * as z from 'zod';
import type { Clock } from '../../../functions/adapters/runtime/clock';
import {
  moneyInstruction,
  openSubAccountRequest,
  releaseFreezeRequest,
  transferRequest,
  freezeRequest,
} from '../../../functions/adapters/custodian-bank/protocol';
import { businessDate } from '../../../functions/core/calendar';
import {
  callbackPayload,
  requestPayload,
  sign,
  signatureHeader,
  timestampHeader,
  unixSeconds,
  verifySignedMessage,
} from '../../../functions/core/custody-signature';
import { yuanPattern } from '../../../functions/core/money';
import { controlRefusal } from '../control-secret';
import { silentTwinLog, type TwinLog } from '../twin-log';
import { BankBooks, BankRefusal, bankTimeZone, emptyBankState, yuanOf, type BankEvent, type BankState, type Freeze, type Instruction } from './bank-books';

export interface CustodianBankSimulatorOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly clock: Clock;
  /** The HMAC secret shared with the platform. */
  readonly secret: string;
  /** The twin's control secret, asked of every /_twin/bank/ request. */
  readonly controlSecret: string;
  /** Where the books are kept across restarts; undefined keeps them in memory. */
  readonly stateFile?: string | undefined;
  /** One line per callback delivery attempt. */
  readonly log?: TwinLog | undefined;
}

const maxBodyBytes = 1024 * 1024;
/** Delays before each redelivery of a callback the platform did not accept. */
const retryDelaysMs = [250, 1_000, 3_000, 10_000, 30_000];

const adjustmentRequest = z
  .object({
    subAccountId: z.string().min(1),
    amount: z.string().regex(yuanPattern).refine((text) => !/^0(\.0{1,2})?$/.test(text), 'an amount is positive'),
    direction: z.enum(['CREDIT', 'DEBIT']),
    note: z.string().max(200).optional(),
  })
  .strict();
const holdRequest = z.object({ hold: z.boolean() }).strict();

interface Reply {
  readonly status: number;
  readonly body: unknown;
  /** Runs once the response has been sent (the next tick). */
  readonly after?: () => void;
}

/** A fresh shared secret: 32 random bytes, hex. */
export const newSharedSecret = (): string => randomBytes(32).toString('hex');

export class CustodianBankSimulator {
  private callbackUrl: string | undefined;
  private stopped = false;
  private saving: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly delivering = new Set<string>();
  /** Accepted instructions waiting for their turn to be executed. */
  private executing = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly books: BankBooks;

  private constructor(
    private readonly options: CustodianBankSimulatorOptions,
    state: BankState,
    private readonly server: Server,
  ) {
    this.books = new BankBooks(state);
  }

  static async start(options: CustodianBankSimulatorOptions): Promise<CustodianBankSimulator> {
    const state = (await loadState(options.stateFile)) ?? emptyBankState(options.clock.now());
    const server = clientsCloseIdleConnections(createServer());
    const simulator = new CustodianBankSimulator(options, state, server);
    server.on('request', (request, response) => void simulator.serve(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => resolve());
    });
    return simulator;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * Where callbacks go (the platform's POST /v1/custody/callbacks). Instructions
   * accepted before a restart are executed now, and undelivered events delivered.
   */
  setCallbackUrl(url: string): void {
    this.callbackUrl = url;
    for (const instruction of Object.values(this.books.state.instructions)) {
      if (instruction.status === 'PROCESSING') this.executeSoon(instruction.instructionId);
    }
    for (const event of this.books.state.events) if (event.status === 'QUEUED') this.deliver(event, 0);
  }

  /**
   * No accepted instruction waits to be executed and no callback is being delivered. A
   * redelivery scheduled after the platform refused one does not count: it comes later.
   */
  get quiet(): boolean {
    return this.executing === 0 && this.delivering.size === 0;
  }

  /** Resolves once quiet (or stopped): what the twin's clock waits for before moving on. */
  idle(): Promise<void> {
    if (this.quiet || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private wakeIfQuiet(): void {
    if (!this.quiet && !this.stopped) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeIfQuiet();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.saving;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let reply: Reply;
    try {
      reply = await this.route(request);
    } catch (error) {
      reply =
        error instanceof BankRefusal
          ? { status: error.status, body: { code: error.code, message: error.message } }
          : { status: 500, body: { code: 'INTERNAL', message: 'the simulator failed to serve this request' } };
    }
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.body), () => {
      if (reply.after) setImmediate(reply.after);
    });
  }

  private async route(request: IncomingMessage): Promise<Reply> {
    const url = new URL(request.url ?? '/', 'http://bank');
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    const path = url.pathname;
    const now = this.options.clock.now();

    if (path === '/v1/health' && method === 'GET') return { status: 200, body: { status: 'ok' } };
    if (path.startsWith('/_twin/bank/')) {
      const refusal = controlRefusal(request, this.options.controlSecret, raw);
      if (refusal) throw new BankRefusal(refusal.status, 'CONTROL_REFUSED', refusal.detail);
      return this.control(method, path, raw, now);
    }
    if (!path.startsWith('/v1/')) throw new BankRefusal(404, 'NOT_FOUND', `no operation ${method} ${path}`);

    const verdict = verifySignedMessage(
      this.options.secret,
      requestPayload(header(request, timestampHeader) ?? '', method, `${url.pathname}${url.search}`, raw),
      { timestamp: header(request, timestampHeader), signature: header(request, signatureHeader) },
      now,
    );
    if (verdict !== 'valid') return { status: 401, body: { code: verdict === 'late' || verdict === 'early' ? 'STALE_REQUEST' : 'BAD_SIGNATURE', message: 'the request is not signed by the platform within the window' } };

    if (path === '/v1/sub-accounts' && method === 'POST') {
      const body = parse(openSubAccountRequest, raw);
      const account = this.books.openSubAccount(body.ownerRef, now);
      await this.save();
      return { status: 200, body: { subAccountId: account.subAccountId, ownerRef: account.ownerRef, status: 'OPEN', openedAt: account.openedAt } };
    }
    const subAccount = /^\/v1\/sub-accounts\/([^/]+)$/.exec(path);
    if (subAccount && method === 'GET') {
      const account = this.books.subAccount(decodeURIComponent(subAccount[1] ?? ''));
      return { status: 200, body: describeAccount(account) };
    }
    if ((path === '/v1/deposits' || path === '/v1/withdrawals') && method === 'POST') {
      const body = parse(moneyInstruction, raw);
      const { instruction, replay } = this.books.acceptMoneyInstruction(path === '/v1/deposits' ? 'DEPOSIT' : 'WITHDRAWAL', body, now);
      if (!replay) await this.save();
      return this.accepted(instruction);
    }
    if (path === '/v1/transfers' && method === 'POST') {
      const { instruction, replay } = this.books.acceptTransfer(parse(transferRequest, raw), now);
      if (!replay) await this.save();
      return this.accepted(instruction);
    }
    if (path === '/v1/freezes' && method === 'POST') {
      const freeze = this.books.freeze(parse(freezeRequest, raw), now);
      await this.save();
      return { status: 200, body: describeFreeze(freeze) };
    }
    const release = /^\/v1\/freezes\/([^/]+)\/release$/.exec(path);
    if (release && method === 'POST') {
      const freeze = this.books.releaseFreeze(decodeURIComponent(release[1] ?? ''), parse(releaseFreezeRequest, raw), now);
      await this.save();
      return { status: 200, body: describeFreeze(freeze) };
    }
    const instruction = /^\/v1\/instructions\/([^/]+)$/.exec(path);
    if (instruction && method === 'GET') {
      const found = this.books.state.instructions[decodeURIComponent(instruction[1] ?? '')];
      if (!found) throw new BankRefusal(404, 'UNKNOWN_INSTRUCTION', 'no such instruction');
      return { status: 200, body: describeInstruction(found) };
    }
    const statement = /^\/v1\/statements\/(\d{4}-\d{2}-\d{2})$/.exec(path);
    if (statement && method === 'GET') {
      const date = statement[1] ?? '';
      if (date >= businessDate(now, bankTimeZone)) throw new BankRefusal(409, 'DAY_NOT_CLOSED', `the business day ${date} has not closed yet`);
      return { status: 200, body: this.books.statement(date) };
    }
    throw new BankRefusal(404, 'NOT_FOUND', `no operation ${method} ${path}`);
  }

  /** 202 for an accepted (or replayed) instruction; a new one executes on the next tick. */
  private accepted(instruction: Instruction): Reply {
    return {
      status: 202,
      body: describeInstruction(instruction),
      ...(instruction.status === 'PROCESSING' ? { after: () => this.executeSoon(instruction.instructionId) } : {}),
    };
  }

  private executeSoon(instructionId: string): void {
    this.executing += 1;
    setImmediate(() => {
      try {
        if (this.stopped) return;
        const event = this.books.execute(instructionId, this.options.clock.now());
        if (!event) return;
        if (event.status === 'HELD') event.heldSignature = this.signCallback(event);
        void this.save();
        if (event.status === 'QUEUED') this.deliver(event, 0);
      } finally {
        this.executing -= 1;
        this.wakeIfQuiet();
      }
    });
  }

  private signCallback(event: BankEvent): { timestamp: string; signature: string } {
    const timestamp = unixSeconds(this.options.clock.now());
    return { timestamp, signature: sign(this.options.secret, callbackPayload(timestamp, event.body)) };
  }

  /** Delivers an event (each copy), retrying with a fresh signature until the platform answers 2xx. */
  private deliver(event: BankEvent, attempt: number): void {
    if (this.stopped || !this.callbackUrl || this.delivering.has(event.eventId)) return;
    this.delivering.add(event.eventId);
    void (async () => {
      let accepted = event.deliveries.filter((delivery) => isSuccess(delivery.responseStatus)).length;
      let failed = false;
      while (accepted < event.copies && !failed && !this.stopped) {
        const delivery = await this.post(event, this.signCallback(event));
        event.deliveries.push(delivery);
        if (isSuccess(delivery.responseStatus)) accepted += 1;
        else failed = true;
      }
      this.delivering.delete(event.eventId);
      this.wakeIfQuiet();
      if (this.stopped) return;
      if (!failed) event.status = 'DELIVERED';
      else if (attempt >= retryDelaysMs.length) event.status = 'GAVE_UP';
      else {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.deliver(event, attempt + 1);
        }, retryDelaysMs[attempt]);
        timer.unref();
        this.timers.add(timer);
      }
      await this.save();
    })();
  }

  private async post(event: BankEvent, signed: { timestamp: string; signature: string }): Promise<BankEvent['deliveries'][number]> {
    const at = this.options.clock.now().toISOString();
    try {
      const response = await fetch(this.callbackUrl ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [timestampHeader]: signed.timestamp, [signatureHeader]: signed.signature },
        body: event.body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      this.logDelivery(event, { responseStatus: response.status });
      return { at, ...signed, responseStatus: response.status };
    } catch (error) {
      const failure = error instanceof Error ? error.name : 'unreachable';
      this.logDelivery(event, { error: failure });
      return { at, ...signed, error: failure };
    }
  }

  private logDelivery(event: BankEvent, outcome: { responseStatus?: number; error?: string }): void {
    (this.options.log ?? silentTwinLog)('bank.callback', { eventId: event.eventId, type: event.type, instructionId: event.instructionId, ...outcome });
  }

  private async control(method: string, path: string, raw: string, now: Date): Promise<Reply> {
    if (path === '/_twin/bank/sub-accounts' && method === 'GET') {
      return { status: 200, body: { subAccounts: Object.values(this.books.state.subAccounts).map(describeAccount) } };
    }
    if (path === '/_twin/bank/adjustments' && method === 'POST') {
      const movement = this.books.adjust(parse(adjustmentRequest, raw), now);
      await this.save();
      return { status: 201, body: { movementId: movement.movementId, subAccountId: movement.subAccountId, direction: movement.direction, amount: yuanOf(movement.amountFen), balanceAfter: yuanOf(movement.balanceAfterFen), at: movement.at } };
    }
    if (path === '/_twin/bank/events' && method === 'GET') return { status: 200, body: { events: this.books.state.events } };
    if (path === '/_twin/bank/callbacks' && method === 'POST') {
      const { hold } = parse(holdRequest, raw);
      this.books.state.holdCallbacks = hold;
      if (!hold) {
        for (const event of this.books.state.events) {
          if (event.status !== 'HELD') continue;
          event.status = 'QUEUED';
          this.deliver(event, 0);
        }
      }
      await this.save();
      return { status: 200, body: { hold } };
    }
    const deliver = /^\/_twin\/bank\/events\/([^/]+)\/deliver$/.exec(path);
    if (deliver && method === 'POST') {
      const event = this.books.state.events.find((candidate) => candidate.eventId === deliver[1]);
      if (!event) throw new BankRefusal(404, 'UNKNOWN_EVENT', `no event ${deliver[1]}`);
      const delivery = await this.post(event, event.heldSignature ?? this.signCallback(event));
      event.deliveries.push(delivery);
      if (isSuccess(delivery.responseStatus) && event.status === 'HELD') event.status = 'DELIVERED';
      await this.save();
      return { status: 200, body: { eventId: event.eventId, responseStatus: delivery.responseStatus ?? null, error: delivery.error ?? null } };
    }
    throw new BankRefusal(404, 'NOT_FOUND', `no twin control ${method} ${path}`);
  }

  /** Writes the books after a change (in order; the last write wins), atomically by rename. */
  private save(): Promise<void> {
    const stateFile = this.options.stateFile;
    if (!stateFile) return Promise.resolve();
    const snapshot = JSON.stringify(this.books.state);
    this.saving = this.saving.then(async () => {
      await mkdir(dirname(stateFile), { recursive: true });
      await writeFile(`${stateFile}.tmp`, snapshot);
      await rename(`${stateFile}.tmp`, stateFile);
    });
    return this.saving;
  }
}

const isSuccess = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function describeAccount(account: BankState['subAccounts'][string]) {
  return {
    subAccountId: account.subAccountId,
    ownerRef: account.ownerRef,
    kind: account.kind,
    balance: yuanOf(account.balanceFen),
    frozen: yuanOf(account.frozenFen),
    available: yuanOf(account.balanceFen - account.frozenFen),
    openedAt: account.openedAt,
  };
}

function describeFreeze(freeze: Freeze) {
  return { freezeId: freeze.freezeId, subAccountId: freeze.subAccountId, amount: yuanOf(freeze.remainingFen), status: freeze.status };
}

function describeInstruction(instruction: Instruction) {
  return {
    instructionId: instruction.instructionId,
    status: instruction.status,
    ...(instruction.reason !== undefined ? { reason: instruction.reason } : {}),
    ...(instruction.executedAt !== undefined ? { executedAt: instruction.executedAt } : {}),
  };
}

function parse<T extends z.ZodType>(schema: T, raw: string): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new BankRefusal(400, 'INVALID_REQUEST', 'the body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new BankRefusal(400, 'INVALID_REQUEST', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  return parsed.data;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new BankRefusal(400, 'TOO_LARGE', 'the body is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function loadState(stateFile: string | undefined): Promise<BankState | undefined> {
  if (!stateFile) return undefined;
  try {
    return JSON.parse(await readFile(stateFile, 'utf8')) as BankState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
