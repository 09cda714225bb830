/**
 * The logger and metrics adapters: structured JSON lines with the work's correlation id,
 * no personal data on any line (ID numbers, phones, bank cards, in keys or in text), and
 * failure signals written as CloudWatch embedded-metric-format data points.
 */
import { describeError, logError, logInfo } from '../../../functions/adapters/observability/logger';
import { observedMetrics, recordBusinessMetric, recordFailure, resetObservedMetrics } from '../../../functions/adapters/observability/metrics';
import { withRequestContext } from '../../../functions/adapters/runtime/request-context';
import { failureSignals, metricsNamespace } from '../../../functions/manifest/operational-signals';
import { linesWrittenBy } from '../../support/log-lines';

const idNumber = '110105199003071239';
const phone = '13812345678';
const bankCard = '6222021234561236';

beforeEach(() => resetObservedMetrics());

test('no ID number, phone or bank card reaches a log line, whether in an attribute, nested, or in the message', async () => {
  const lines = await linesWrittenBy(() => {
    logError(`verification failed for ${idNumber} / ${phone}`, { idNumber, borrower: { phone, bankCard, realName: '张三' }, note: `card ${bankCard}` });
    logInfo('applicant', { mobile: `+86 ${phone}`, details: [idNumber.slice(0, 17) + 'X'] });
    logError('provider error', describeError(new Error(`card ${bankCard} declined`)));
  });
  expect(lines.length).toBe(3);
  for (const line of lines) {
    for (const personal of [idNumber, phone, bankCard, '张三', idNumber.slice(0, 17) + 'X']) expect(line).not.toContain(personal);
  }
  expect(lines[0]).toContain('[id-number]');
  expect(JSON.parse(lines[0]!).idNumber).toBe('[redacted]');
});

test('each line is JSON with the level, the message and the correlation id of the work (request id or execution name)', async () => {
  const [line] = await linesWrittenBy(() => withRequestContext({ actor: 'workflow:disburse-loan', requestId: 'loan-42-origination' }, () => logError('bank unreachable', { loanId: 'loan-42' })));
  expect(JSON.parse(line!)).toMatchObject({ level: 'ERROR', message: 'bank unreachable', correlationId: 'loan-42-origination', loanId: 'loan-42', service: 'p2p-lending' });
});

test('a failure signal is an ERROR line naming the alarm and an EMF data point of 1 in the platform namespace', async () => {
  const lines = await linesWrittenBy(() => withRequestContext({ actor: 'workflow:apply-loan-event', requestId: 'exec-7' }, () => recordFailure('DisbursementFailed', { loanId: 'loan-7' })));
  const records = lines.map((line) => JSON.parse(line) as Record<string, any>);
  expect(records.find((record) => record.alarm === 'DisbursementFailed')).toMatchObject({ level: 'ERROR', loanId: 'loan-7', correlationId: 'exec-7' });
  const emf = records.find((record) => record._aws);
  expect(emf!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: metricsNamespace, Metrics: [{ Name: 'DisbursementFailed', Unit: 'Count' }] });
  expect(emf!.DisbursementFailed).toBe(1);
  expect(observedMetrics()).toEqual({ DisbursementFailed: 1 });
});

test('business metrics are whole counts or fen, summed for the twin', async () => {
  await linesWrittenBy(() => {
    recordBusinessMetric('AmountDisbursedFen', 1_000_000);
    recordBusinessMetric('AmountDisbursedFen', 500_000);
    recordBusinessMetric('BidsPlaced', 2);
  });
  expect(observedMetrics()).toEqual({ AmountDisbursedFen: 1_500_000, BidsPlaced: 2 });
  expect(() => recordBusinessMetric('AmountDisbursedFen', 0.5)).toThrow(/whole/);
});

test('every failure signal named in the manifest is unique', () => {
  const names = failureSignals.map((signal) => signal.name);
  expect(new Set(names).size).toBe(names.length);
});
