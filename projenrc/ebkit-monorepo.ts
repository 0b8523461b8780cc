import { JsonFile, typescript, javascript } from 'projen';
import { VERSIONS } from './versions';

/**
 * The repository root: one npm workspace install, nx running the task graph,
 * and the shared TypeScript base configuration.
 *
 * Subprojects (packages/*, apps/*) never install on their own: the root owns
 * the single `npm install`, so that every package sees one copy of
 * aws-cdk-lib and constructs.
 */
export class EbkitMonorepo extends typescript.TypeScriptProject {
  constructor() {
    super({
      name: 'ebkit-monorepo',
      description: 'AWS CDK constructs for web applications with PostgreSQL on AWS Elastic Beanstalk',
      defaultReleaseBranch: 'main',
      packageManager: javascript.NodePackageManager.NPM,
      projenrcTs: true,
      projenVersion: VERSIONS.projen,
      typescriptVersion: VERSIONS.typescript,
      sampleCode: false,
      jest: false,
      eslint: false,
      // GitHub only for the release workflows projen generates for each package (.github/workflows/release_*.yml).
      github: true,
      githubOptions: { mergify: false, pullRequestLint: false },
      release: false,
      buildWorkflow: false,
      depsUpgrade: false,
      pullRequestTemplate: false,
      licensed: true,
      license: 'Apache-2.0',
      copyrightOwner: 'ebkit contributors',
      devDeps: [
        `nx@${VERSIONS.nx}`,
        `ts-node@${VERSIONS.tsNode}`,
        `constructs@${VERSIONS.constructs}`,
        `@aws-cdk/cloud-assembly-schema@${VERSIONS.cloudAssemblySchema}`,
        `@types/node@${VERSIONS.typesNode}`,
      ],
      tsconfig: {
        compilerOptions: { rootDir: '.', noEmit: true, module: 'node16', moduleResolution: javascript.TypeScriptModuleResolution.NODE16 },
        include: ['.projenrc.ts', 'projenrc/**/*.ts'],
      },
      gitignore: ['.nx/cache', '.nx/workspace-data', 'cdk.out', '*.tsbuildinfo', '.venv', '__pycache__', '.pytest_cache', 'bindings/.venv-python', 'bindings/java/target', 'bindings/go/go.sum', 'bindings/go/ebkit-go-example', 'bindings/.reports', '.readme-check', '.readme-check-selftest.md'],
    });

    this.package.addField('private', true);
    this.package.addField('workspaces', ['packages/*', 'apps/*']);
    // npm 11 blocks dependency install scripts unless they are allowed.
    this.package.addField('allowScripts', { 'nx': true, 'esbuild': true, '@parcel/watcher': false });
    // Node 20 reached end of life on 2026-10-30: CI runs Node 24 LTS (.ci/run installs it), jsii supports 22 and 24.
    this.package.addField('engines', { node: '>= 22.0.0' });

    this.writeNxConfig();
    this.writeTsconfigBase();
    this.defineRootTasks();
  }

  /**
   * npm workspaces: a change to any member's package.json needs the one root
   * install (projen itself only looks at the root package.json).
   */
  public postSynthesize() {
    super.postSynthesize();
    const memberChanged = this.subprojects.some(
      (p) => p instanceof javascript.NodeProject && p.package.file.changed,
    );
    if (memberChanged && !this.package.file.changed && !process.argv.includes('--no-post')) {
      this.logger.info('A workspace package.json changed: installing at the root');
      this.tasks.runTask(this.package.installTask.name);
    }
  }

  private writeNxConfig() {
    new JsonFile(this, 'nx.json', {
      obj: {
        $schema: './node_modules/nx/schemas/nx-schema.json',
        // The cache lives in this checkout (git-ignored): without a configured directory nx 24 shares
        // one per-user cache between every clone of the repository, so a fresh clone would replay
        // another checkout's results instead of computing them.
        cacheDirectory: '.nx/cache',
        // Cached targets only: nx restores outputs of an unchanged project instead of re-running.
        targetDefaults: {
          compile: {
            dependsOn: ['^compile'],
            cache: true,
            inputs: ['default', '^default'],
            outputs: ['{projectRoot}/lib', '{projectRoot}/.jsii', '{projectRoot}/tsconfig.json', '{projectRoot}/API.md', '{projectRoot}/assets'],
          },
          test: {
            dependsOn: ['compile'],
            cache: true,
            inputs: ['default', '^default'],
            outputs: ['{projectRoot}/coverage', '{projectRoot}/test-reports'],
          },
          synth: {
            // From the TypeScript sources (tools/from-source.js): only the packages' bundled assets.
            dependsOn: ['^assets'],
            cache: true,
            inputs: ['default', '^default', '{workspaceRoot}/tools/from-source.js'],
            outputs: ['{projectRoot}/cdk.out'],
          },
          assets: {
            cache: true,
            inputs: ['default'],
            outputs: ['{projectRoot}/assets'],
          },
          package: {
            dependsOn: ['compile', '^package'],
            cache: true,
            inputs: ['default', '^default'],
            outputs: ['{projectRoot}/dist'],
          },
        },
        namedInputs: {
          default: [
            '{projectRoot}/**/*',
            '!{projectRoot}/lib/**',
            '!{projectRoot}/dist/**',
            '!{projectRoot}/coverage/**',
            '!{projectRoot}/test-reports/**',
            '!{projectRoot}/cdk.out/**',
            '!{projectRoot}/.jsii',
            '!{projectRoot}/tsconfig.json',
            '!{projectRoot}/API.md',
            '!{projectRoot}/assets/**',
            '{workspaceRoot}/tsconfig.base.json',
            '{workspaceRoot}/package-lock.json',
          ],
        },
        parallel: 2,
        useDaemonProcess: false,
        neverConnectToCloud: true,
      },
      committed: true,
    });
  }

  private writeTsconfigBase() {
    new JsonFile(this, 'tsconfig.base.json', {
      obj: {
        compilerOptions: {
          alwaysStrict: true,
          declaration: true,
          esModuleInterop: true,
          experimentalDecorators: true,
          inlineSourceMap: true,
          inlineSources: true,
          lib: ['es2022'],
          module: 'node16',
          moduleResolution: 'node16',
          noEmitOnError: false,
          noFallthroughCasesInSwitch: true,
          noImplicitAny: true,
          noImplicitReturns: true,
          noImplicitThis: true,
          noUnusedLocals: true,
          noUnusedParameters: true,
          resolveJsonModule: true,
          strict: true,
          strictNullChecks: true,
          strictPropertyInitialization: true,
          stripInternal: true,
          target: 'ES2022',
          types: ['node', 'jest'],
          skipLibCheck: true,
        },
      },
      committed: true,
    });
  }

  private defineRootTasks() {
    const nx = 'nx';
    this.compileTask.reset(`${nx} run-many -t compile --output-style=stream`);
    // `npm test`: every package's and the app's tests, then the template gates.
    const gates = this.addTask('gates', {
      description: 'cfn-lint and checkov over every synthesized template, and proof that each gate can fail',
      steps: [
        { exec: 'bash tools/setup-python.sh' },
        { exec: '.venv/bin/python -m pytest -q tools/gates' },
        { exec: `${nx} run @ebkit/reference:synth --output-style=stream` },
        { exec: '.venv/bin/python tools/gates/check_templates.py apps/reference/cdk.out packages/*/test/*.integ.snapshot' },
      ],
    });
    this.testTask.reset(`${nx} run-many -t test --output-style=stream`);
    // Every TypeScript block of the READMEs compiled as a user writes it (after the compile the tests ran).
    this.testTask.exec('node tools/readme-check.js');
    this.testTask.spawn(gates);
    this.packageTask.reset(`${nx} run-many -t package --output-style=stream`);
    this.addTask('bench', {
      description: 'Print benchmark figures (main command phases, synth of 1/4/16 platform copies vs raw aws-cdk-lib, no-op re-run, fresh clone to synthesized architecture)',
      steps: [
        { exec: `${nx} run @ebkit/reference:compile --output-style=stream` },
        { exec: 'node apps/reference/lib/bench/run.js', receiveArgs: true },
        // What a new user waits for: `npm ci && npm run synth` in a fresh clone of HEAD.
        { exec: 'node tools/bench-fresh-clone.js', receiveArgs: true },
      ],
    });
    this.addTask('bindings', {
      description: 'Build the Python, Java, Go and .NET bindings of every package and exercise them',
      steps: [
        { exec: `${nx} run-many -t compile --output-style=stream` },
        { exec: 'bash bindings/run.sh' },
      ],
    });
    this.addTask('loadtest', {
      description: 'Baseline load test of the sample app against a local PostgreSQL, then a capacity plan and its cost',
      steps: [
        { exec: `${nx} run-many -t compile -p @ebkit/cost @ebkit/reference --output-style=stream` },
        {
          exec: 'node packages/cost/lib/cli.js loadtest http://127.0.0.1:18080/health --start-postgres '
            + '--app "node apps/reference/sample-app/server.js" --connections 1,2,4,8 --duration 5 --out apps/reference/cdk.out/loadtest.json',
        },
        {
          // --allow-unpriced as in the main command: the release lock's DynamoDB table has no sourced
          // price yet; the plan still lists it as NOT PRICED instead of guessing.
          exec: 'node packages/cost/lib/cli.js plan --peak-rps 300 --average-rps 60 --peak-hours 120 --allow-unpriced '
            + '--loadtest apps/reference/cdk.out/loadtest.json --profile apps/reference/usage-profile.yaml --cdk-out apps/reference/cdk.out',
        },
      ],
    });
    this.addTask('docs', {
      description: 'Regenerate docs/security-acknowledgements.md from the reference architecture',
      steps: [
        { exec: `${nx} run @ebkit/reference:compile --output-style=stream` },
        { exec: 'node apps/reference/lib/acknowledgements.js' },
      ],
    });
    this.addTask('release', {
      description: 'Release commit of every package with releasable commits since its last <name>@v<version> tag (tools/release.js; --tag also tags)',
      steps: [{ exec: 'node tools/release.js', receiveArgs: true }],
    });
    this.addTask('release:rehearse', {
      description: 'Release every package in a scratch clone, publish to local npm/PyPI/Maven/Go registries on loopback, and build TypeScript, Python, Java and Go consumers from them',
      steps: [{ exec: 'bash tools/release-rehearse.sh' }],
    });
    this.addTask('synth', {
      description: 'Build what the reference app needs and synthesize every stack into apps/reference/cdk.out',
      exec: `${nx} run @ebkit/reference:synth --output-style=stream`,
    });
  }
}
