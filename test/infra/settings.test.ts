/**
 * Every deployed function receives every setting its code reads. Derived, not listed:
 * each handler file is bundled as the stack bundles it (lib/constructs/handler-bundles.ts); the
 * settings getters its bundle reaches (`.tableName`, `.creditBureauProvider`, …) name, through
 * functions/settings/settings.ts's settingDefinitions, the variables it reads; each one
 * without a default must be in the function's environment on AWS.
 *
 * One refinement, from the route manifest: the route handler uses the Idempotency-Key
 * store only for routes marked `idempotent`, so the other routes are bundled with that
 * store left out.
 */
import { readFileSync } from 'node:fs';
import { build, type Plugin } from 'esbuild';
import { join } from 'node:path';
import { routes } from '../../functions/api/routes';
import { handlerBuildOptions } from '../../lib/constructs/handler-bundles';
import { handlerCatalog } from '../../lib/handler-catalog';
import { projectPath } from '../../lib/project-paths';
import { settingDefinitions, stateMachineArnVariable, type SettingDefinition } from '../../functions/settings/settings';
import { workflows } from '../../functions/manifest/workflows';
import { logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

const definitions = Object.entries(settingDefinitions) as Array<[string, SettingDefinition]>;

/** The variables behind a definition's name (one per workflow for STATE_MACHINE_ARN_$WORKFLOW). */
const variablesNamed = (name: string) => (name === 'STATE_MACHINE_ARN_$WORKFLOW' ? workflows.map((workflow) => stateMachineArnVariable(workflow.name)) : [name]);
const getterName = (definition: SettingDefinition) => definition.getter.split('.')[1]!;

/** The variables a bundle needs on AWS: those without a default that the getters it reaches read there. */
function variablesRequiredBy(bundle: string): string[] {
  return definitions
    .filter(([, definition]) => definition.setOn !== 'twin' && !('default' in definition))
    .filter(([, definition]) => new RegExp(`\\.${getterName(definition)}\\b(?!\\s*:)`).test(bundle))
    .flatMap(([name]) => variablesNamed(name));
}

const handlerFiles = handlerCatalog().map((entry) => entry.handlerFile);

/**
 * Getters a bundle reaches only through a module object it shares with other use cases,
 * on a path this handler never takes; each with the reason, and checked to be still needed.
 */
const reachableButNotRead: ReadonlyArray<{ handlerFile: string; variables: readonly string[]; reason: string }> = [
  {
    handlerFile: 'functions/http/put-user-roles.ts',
    variables: ['USER_POOL_CLIENT_ID'],
    reason: 'identityDirectory (adapters/identity/identity-provider.ts) carries sign-in beside the role changes; setting roles never signs in',
  },
  {
    handlerFile: 'functions/http/get-operating-figures.ts',
    variables: ['DOCUMENTS_BUCKET_NAME'],
    reason: "the disclosure composition (composition/disclosure.ts) carries the documents store for the monthly export; a month's public operating figures are read from the table only",
  },
  {
    handlerFile: 'functions/workflow/settle-disbursement.ts',
    variables: ['CUSTODIAN_BANK_URL', 'CUSTODIAN_BANK_SECRET_ARN'],
    reason:
      "application/disbursement.ts builds the instruction for settling as for sending it; at settlement the borrower's sub-account is on the loan and every investor's is on their profile, so the bank is not asked to open one",
  },
];
const exempt = (handlerFile: string) => reachableButNotRead.find((entry) => entry.handlerFile === handlerFile)?.variables ?? [];
const idempotencyStore = projectPath('functions/adapters/dynamodb/idempotency-store.ts');
/** The Idempotency-Key store with its exports and nothing behind them, for routes that never use it. */
const withoutIdempotencyStore: Plugin = {
  name: 'without-idempotency-store',
  setup(builder) {
    builder.onLoad({ filter: /idempotency-store\.ts$/ }, (args) => {
      if (args.path !== idempotencyStore) return undefined;
      const names = [...readFileSync(idempotencyStore, 'utf8').matchAll(/^export (?:async )?(?:function|const) (\w+)/gm)].map((match) => match[1]!);
      return { contents: names.map((name) => `export const ${name} = () => { throw new Error('not used by this route'); };`).join('\n'), loader: 'ts' };
    });
  },
};
const usesIdempotencyStore = (handlerFile: string) =>
  !routes.some((route) => route.handler === handlerFile) || routes.some((route) => route.handler === handlerFile && route.idempotent === true);

async function bundle(files: readonly string[], outdir: string, plugins: Plugin[]): Promise<Map<string, string>> {
  if (files.length === 0) return new Map();
  const result = await build({
    entryPoints: Object.fromEntries(files.map((file, index) => [`h${index}`, projectPath(file)])),
    outdir,
    plugins,
    ...handlerBuildOptions,
    sourcemap: false,
    write: false,
    logLevel: 'silent',
  });
  return new Map(files.map((file, index) => [file, result.outputFiles.find((output) => output.path.endsWith(`h${index}.js`))!.text]));
}

let bundles: Map<string, string>;
let platform: SynthesizedPlatform;
beforeAll(async () => {
  // Production as operators deploy it: the bank's and the identity provider's URLs given.
  platform = synthesizePlatform({ context: { custodianBankUrl: 'https://custody.bank.example/api', identityVerificationUrl: 'https://kyc.provider.example' } });
  bundles = new Map([
    ...(await bundle(handlerFiles.filter(usesIdempotencyStore), join(platform.outdir, 'with-store'), [])),
    ...(await bundle(handlerFiles.filter((file) => !usesIdempotencyStore(file)), join(platform.outdir, 'without-store'), [withoutIdempotencyStore])),
  ]);
}, 300_000);
afterAll(() => platform.dispose());

const environmentOf = (handlerFile: string): Record<string, unknown> => {
  const fn = platform.stack.handlerFunctions.get(handlerFile)!.function;
  return ((platform.template.toJSON().Resources as Resources)[logicalId(fn)]!.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
};
const missing = (handlerFile: string, environment: Record<string, unknown>) =>
  variablesRequiredBy(bundles.get(handlerFile)!).filter((name) => !(name in environment) && !exempt(handlerFile).includes(name));

test('each exemption is still needed: its bundle reaches the getter and the stack does not give the variable', () => {
  for (const { handlerFile, variables } of reachableButNotRead) {
    for (const variable of variables) {
      expect({ handlerFile, variable, reached: variablesRequiredBy(bundles.get(handlerFile)!).includes(variable) }).toEqual({ handlerFile, variable, reached: true });
      expect(environmentOf(handlerFile)[variable]).toBeUndefined();
    }
  }
});

test('every setting has a type, a getter, who reads it, and a default or a source', () => {
  for (const [name, definition] of definitions) {
    expect({ name, ok: definition.type.length > 0 && definition.readBy.length > 0 && ('default' in definition || 'source' in definition) }).toEqual({ name, ok: true });
  }
});

test('docs/operations.md lists every setting for operators', () => {
  const operations = readFileSync(projectPath('docs/operations.md'), 'utf8');
  for (const [name] of definitions) expect({ name, listed: operations.includes(`\`${name.replace('$WORKFLOW', '{WORKFLOW}')}\``) }).toEqual({ name, listed: true });
});

test.each(handlerFiles)('%s receives every setting its code reads', (handlerFile) => {
  expect(missing(handlerFile, environmentOf(handlerFile))).toEqual([]);
});

test('the derivation sees what a bundle reads: the table everywhere it is used, the credit bureau where applications are judged', () => {
  const reading = (variable: string) => handlerFiles.filter((file) => variablesRequiredBy(bundles.get(file)!).includes(variable)).sort();
  expect(reading('TABLE_NAME').length).toBeGreaterThan(handlerFiles.length / 2);
  expect(reading('CREDIT_BUREAU_ENDPOINT_PARAMETER')).toEqual(['functions/http/post-loan-application.ts', 'functions/workflow/review-application.ts']);
});

test('the check can fail: a function without one of its settings is reported', () => {
  const handlerFile = 'functions/http/post-loan-application.ts';
  const { CREDIT_BUREAU_ENDPOINT_PARAMETER: _removed, ...withoutOne } = environmentOf(handlerFile);
  expect(missing(handlerFile, withoutOne)).toEqual(['CREDIT_BUREAU_ENDPOINT_PARAMETER']);
});

describe('-c providers=simulator (staging)', () => {
  let staging: SynthesizedPlatform;
  beforeAll(() => {
    staging = synthesizePlatform({ context: { providers: 'simulator' } });
  });
  afterAll(() => staging.dispose());

  test('makes the credit bureau and identity verification simulated, and the stack says so in its description and an output', () => {
    const fn = staging.stack.handlerFunctions.get('functions/http/post-loan-application.ts')!.function;
    const variables = (staging.template.toJSON().Resources as Resources)[logicalId(fn)]!.Properties.Environment.Variables as Record<string, unknown>;
    expect(variables.CREDIT_BUREAU_PROVIDER).toBe('simulator');
    expect(variables.CREDIT_BUREAU_ENDPOINT_PARAMETER).toBeUndefined();
    expect(staging.stack.templateOptions.description).toMatch(/simulated credit bureau/i);
    expect(staging.template.toJSON().Outputs.Providers.Value).toMatch(/^simulator/);
  });

  test('without the flag the real providers are used', () => {
    expect(environmentOf('functions/http/post-loan-application.ts').CREDIT_BUREAU_PROVIDER).toBe('http');
    expect(platform.stack.templateOptions.description).not.toMatch(/simulat/i);
    expect(platform.template.toJSON().Outputs.Providers.Value).toMatch(/^real/);
  });
});
