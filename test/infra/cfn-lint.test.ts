/**
 * cfn-lint (AWS's CloudFormation linter) over every synthesized template, nested
 * stacks included: no error, and no warning other than those .cfnlintrc ignores, each
 * with its reason. cfn-lint is a Python tool on the CI image (.ci/run requires it);
 * where it is not installed, this file says so and skips.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectPath } from '../../lib/project-paths';
import { synthesizePlatform, type SynthesizedPlatform } from './support/platform';

const installed = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
if (!installed) console.warn('cfn-lint is not installed (pip install cfn-lint): test/infra/cfn-lint.test.ts skips; .ci/run requires it');
const describeWithCfnLint = installed ? describe : describe.skip;

interface Finding {
  readonly Rule: { readonly Id: string };
  readonly Level: string;
  readonly Message: string;
  readonly Filename: string;
}

/** cfn-lint's findings (JSON output) on the given template files, with the project's .cfnlintrc. */
function cfnLint(files: readonly string[]): Finding[] {
  const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...files], { cwd: projectPath('.'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // Exit codes are a bit mask of the levels found (2 error, 4 warning, 8 informational); 1 is a failure to run.
  if (run.status === 1 || run.error) throw new Error(`cfn-lint did not run: ${run.error?.message ?? run.stderr}`);
  return JSON.parse(run.stdout || '[]') as Finding[];
}

describeWithCfnLint('cfn-lint', () => {
  let platform: SynthesizedPlatform;
  let templates: string[];
  beforeAll(() => {
    platform = synthesizePlatform();
    templates = platform.stacks.map((stack) => join(platform.outdir, stack.templateFile));
  });
  afterAll(() => platform.dispose());

  test('every template of the app, nested ones included, has no error and no unacknowledged warning', () => {
    expect(templates.length).toBe(platform.stacks.length);
    const findings = cfnLint(templates).map((finding) => `${finding.Level} ${finding.Rule.Id} ${finding.Filename}: ${finding.Message}`);
    expect(findings).toEqual([]);
  }, 300_000);

  test('the check can fail: a template with an error is reported', () => {
    const broken = join(platform.outdir, 'broken.template.json');
    execFileSync('node', ['-e', `require('node:fs').writeFileSync(${JSON.stringify(broken)}, JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 'soon' } } } }))`]);
    expect(cfnLint([broken]).some((finding) => finding.Level === 'Error')).toBe(true);
  }, 120_000);
});
