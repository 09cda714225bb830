/**
 * The twin's Step Functions endpoint: the AWS JSON 1.0 protocol over HTTP, so
 * handlers and tests use @aws-sdk/client-sfn unchanged (AWS_ENDPOINT_URL_SFN).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { ExecutionRecord } from './execution-store';
import { StepFunctionsError, type LocalStepFunctions } from './engine';

type Body = Record<string, unknown>;
type Operation = (engine: LocalStepFunctions, body: Body) => unknown;

const epochSeconds = (iso: string | undefined) => (iso ? Date.parse(iso) / 1000 : undefined);
const text = (body: Body, field: string): string => {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new StepFunctionsError('ValidationException', `${field} is required`);
  return value;
};
const optional = (body: Body, field: string): string | undefined => (typeof body[field] === 'string' ? (body[field] as string) : undefined);

function describe(record: ExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    stopDate: epochSeconds(record.stopDate),
    input: record.input,
    output: record.output,
    error: record.error,
    cause: record.cause,
  };
}

const operations: Record<string, Operation> = {
  StartExecution: (engine, body) => {
    const started = engine.startExecution({
      stateMachineArn: text(body, 'stateMachineArn'),
      name: optional(body, 'name'),
      input: optional(body, 'input'),
    });
    return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
  },
  DescribeExecution: (engine, body) => describe(engine.describeExecution(text(body, 'executionArn'))),
  StopExecution: async (engine, body) => {
    const { stopDate } = await engine.stopExecution(text(body, 'executionArn'), optional(body, 'error'), optional(body, 'cause'));
    return { stopDate: epochSeconds(stopDate) };
  },
  SendTaskSuccess: async (engine, body) => (await engine.sendTaskSuccess(text(body, 'taskToken'), text(body, 'output')), {}),
  SendTaskFailure: async (engine, body) => (await engine.sendTaskFailure(text(body, 'taskToken'), optional(body, 'error'), optional(body, 'cause')), {}),
  SendTaskHeartbeat: (engine, body) => (engine.sendTaskHeartbeat(text(body, 'taskToken')), {}),
  DescribeStateMachine: (engine, body) => engine.describeStateMachine(text(body, 'stateMachineArn')),
  ListStateMachines: (engine) => ({ stateMachines: engine.listStateMachines() }),
};

export function stepFunctionsEndpoint(engine: LocalStepFunctions): Server {
  return createServer(async (request, response) => {
    const reply = (status: number, payload: unknown, errorType?: string) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      response.end(JSON.stringify(payload));
    };
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = operations[target.replace(/^AWSStepFunctions\./, '')];
      if (request.method !== 'POST' || !operation) throw new StepFunctionsError('UnknownOperationException', `the twin does not serve ${target || 'this request'}`);
      reply(200, await operation(engine, await readJson(request)));
    } catch (error) {
      if (error instanceof StepFunctionsError) reply(400, { __type: error.type, message: error.message }, error.type);
      else reply(500, { __type: 'InternalFailure', message: 'the twin failed to serve this request' }, 'InternalFailure');
    }
  });
}

async function readJson(request: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  try {
    const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
    return parsed as Body;
  } catch {
    throw new StepFunctionsError('SerializationException', 'the request body is not a JSON object');
  }
}
