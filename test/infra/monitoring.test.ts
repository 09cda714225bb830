/**
 * Nobody is left unpaged: every alarm of the app notifies the operations topic and links
 * a runbook that exists; every failure signal the code emits has an alarm; each function,
 * state machine, dead-letter queue and stream consumer, the API and the table are watched;
 * one dashboard.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { failureSignals, metricsNamespace } from '../../functions/manifest/operational-signals';
import { streamConsumers } from '../../functions/manifest/streams';
import { workflows } from '../../functions/manifest/workflows';
import { projectPath } from '../../lib/project-paths';
import { logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform({ context: { operationsEmail: 'oncall@lending.example' } });
});
afterAll(() => platform.dispose());

const alarms = () => Object.entries(platform.template.findResources('AWS::CloudWatch::Alarm') as Resources);
const topicRef = () => ({ Ref: logicalId(platform.stack.operations.topic) });
const runbookOf = (description: string) => /Runbook: (docs\/runbooks\/[a-z0-9-]+\.md)/.exec(description)?.[1];

/** The edge stack's alarms (us-east-1: WAF, CloudFront) notify its own operations topic: an alarm acts on a topic of its region. */
const edgeTopicRef = () => ({ Ref: logicalId(platform.edge.operations.topic) });
const edgeAlarmIds = () => new Set(Object.keys(Template.fromStack(platform.edge).findResources('AWS::CloudWatch::Alarm')));

test('every alarm notifies the operations topic of its region when it fires and clears, and links a runbook that exists', () => {
  expect(alarms().length).toBeGreaterThan(100);
  const edge = edgeAlarmIds();
  for (const [id, alarm] of alarms()) {
    const topic = edge.has(id) ? edgeTopicRef() : topicRef();
    expect({ id, actions: alarm.Properties.AlarmActions, ok: alarm.Properties.OKActions }).toEqual({ id, actions: [topic], ok: [topic] });
    const runbook = runbookOf(String(alarm.Properties.AlarmDescription));
    expect({ id, runbook, exists: runbook !== undefined && existsSync(projectPath(runbook)) }).toEqual({ id, runbook, exists: true });
  }
});

test('every runbook says what the alarm means, what to look at first and how to recover', () => {
  const folder = projectPath('docs/runbooks');
  for (const file of readdirSync(folder)) {
    const text = readFileSync(join(folder, file), 'utf8');
    for (const section of ['## What it means', '## Look first', '## Recover']) expect({ file, has: text.includes(section) }).toEqual({ file, has: true });
  }
});

test('the front door is watched from us-east-1: blocked requests and 5xx rate, on the edge topic, which has the on-call address too', () => {
  const edge = Template.fromStack(platform.edge);
  const descriptions = Object.values(edge.findResources('AWS::CloudWatch::Alarm') as Resources).map((alarm) => String(alarm.Properties.AlarmDescription));
  for (const runbook of ['front-door-blocked-requests', 'front-door-5xx-rate']) {
    expect(descriptions.filter((description) => description.includes(`docs/runbooks/${runbook}.md`)).length).toBe(1);
  }
  edge.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@lending.example', TopicArn: edgeTopicRef() });
});

test('the operations topic is encrypted, TLS-only, and has the on-call address given at deploy', () => {
  const topic = platform.template.toJSON().Resources[logicalId(platform.stack.operations.topic)];
  expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  platform.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@lending.example', TopicArn: topicRef() });
});

/**
 * Failure signals the code raises: every `.raise('X', …)` call of the operational-signals
 * port (functions/application/ports/operational-signals.ts). A raise whose signal is not a
 * literal would escape this check, so there must be none.
 */
function signalsInCode(folder: string): { signals: string[]; unnamed: string[] } {
  const found = new Set<string>();
  const unnamed: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\.raise\(\s*('(\w+)')?/g)) {
      if (match[2] === undefined) unnamed.push(file);
      else found.add(match[2]);
    }
  }
  return { signals: [...found].sort(), unnamed };
}

test('the failure signals the code raises are exactly the manifest\'s, and each has an alarm on its metric', () => {
  const declared = failureSignals.map((signal) => signal.name);
  const inCode = signalsInCode(projectPath('functions'));
  expect(inCode.unnamed).toEqual([]);
  // Each one the code raises is declared (and so alarmed, below); each declared one is raised somewhere (no alarm that can never fire).
  expect(inCode.signals).toEqual([...declared].sort());
  for (const signal of declared) {
    const watching = alarms().filter(([, alarm]) => alarm.Properties.Namespace === metricsNamespace && alarm.Properties.MetricName === signal);
    expect({ signal, alarms: watching.length }).toEqual({ signal, alarms: 1 });
  }
});

test('each function has an errors and a throttles alarm', () => {
  for (const [file, handler] of platform.stack.handlerFunctions) {
    const name = { Ref: logicalId(handler.function) };
    for (const metric of ['Errors', 'Throttles']) {
      const found = alarms().filter(([, alarm]) => alarm.Properties.MetricName === metric && JSON.stringify(alarm.Properties.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: name }]));
      expect({ file, metric, alarms: found.length }).toEqual({ file, metric, alarms: 1 });
    }
  }
});

test('each state machine has failed, timed-out and aborted alarms; each stream consumer its iterator age and dead letters', () => {
  for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
    expect(alarms().filter(([, alarm]) => alarm.Properties.MetricName === metric).length).toBe(workflows.length);
  }
  expect(alarms().filter(([, alarm]) => alarm.Properties.MetricName === 'IteratorAge').length).toBe(streamConsumers.length);
  expect(alarms().filter(([, alarm]) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible').length).toBe(streamConsumers.length);
});

test('the API (5xx rate, p99 latency) and the table (throttles, system errors) are watched', () => {
  const descriptions = alarms().map(([, alarm]) => String(alarm.Properties.AlarmDescription));
  for (const runbook of ['api-5xx-rate', 'api-p99-latency', 'table-throttles', 'table-system-errors']) {
    expect(descriptions.filter((description) => description.includes(`docs/runbooks/${runbook}.md`)).length).toBe(1);
  }
  const latency = alarms().find(([, alarm]) => alarm.Properties.MetricName === 'Latency')![1];
  expect(latency.Properties.ExtendedStatistic).toBe('p99');
});

test('one dashboard shows the API, the workflows, money flows, overdue installments and reconciliation', () => {
  const dashboards = Object.values(platform.template.findResources('AWS::CloudWatch::Dashboard') as Resources);
  expect(dashboards).toHaveLength(1);
  const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
  for (const shown of ['5xx', 'Latency', 'ExecutionsFailed', 'AmountDisbursedFen', 'RepaymentsReceivedFen', 'BidsPlaced', 'OverdueInstallments', 'ReconciliationDifferences']) {
    expect({ shown, onDashboard: body.includes(shown) }).toEqual({ shown, onDashboard: true });
  }
});
