import { awscdk, javascript, Project } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';
import { noLocalInstall } from './ebkit-package';
import { COMMON_DEV_DEPS, pinDevDeps, VERSIONS } from './versions';

export interface ReferenceAppOptions {
  readonly packages: { package: javascript.NodePackage; ownVersion: string }[];
  /** The shared test helpers (a dev dependency). */
  readonly testing: { package: javascript.NodePackage; ownVersion: string };
}

/**
 * `apps/reference`: the CDK app that assembles the whole architecture from
 * the workspace packages. Its `synth` task runs compiled JavaScript, never
 * type-checking ts-node (that costs ~7 s a synth).
 */
export class ReferenceApp extends awscdk.AwsCdkTypeScriptApp {
  constructor(parent: Project, options: ReferenceAppOptions) {
    super({
      parent,
      outdir: 'apps/reference',
      name: '@ebkit/reference',
      description: 'Reference architecture: Route 53 -> ALB -> Elastic Beanstalk (blue/green) -> RDS PostgreSQL, with backups and a release pipeline',
      defaultReleaseBranch: 'main',
      packageManager: javascript.NodePackageManager.NPM,
      cdkVersion: VERSIONS.awsCdkLib,
      constructsVersion: VERSIONS.constructs,
      cdkCliVersion: VERSIONS.awsCdkCli,
      typescriptVersion: VERSIONS.typescript,
      peerDependencyOptions: { pinnedDevDependency: false },
      // ts-jest is not type-checked by the NodeNext default: use commonjs like the packages.
      tsconfig: {
        compilerOptions: {
          module: 'node16',
          moduleResolution: javascript.TypeScriptModuleResolution.NODE16,
          isolatedModules: true,
          typeRoots: undefined,
          skipLibCheck: true,
          esModuleInterop: true,
          resolveJsonModule: true,
        },
      },
      app: 'node lib/main.js',
      requireApproval: awscdk.ApprovalLevel.BROADENING,
      context: {
        // CDK's built-in CloudFormation validation: schema errors fail the synth instead of warning.
        '@aws-cdk/core:validateAgainstDefaultRules': true,
        // Cross-stack references as CloudFormation exports: a consumer protects what it uses.
        '@aws-cdk/core:defaultCrossStackReferences': 'strong',
      },
      sampleCode: false,
      eslint: true,
      prettier: false,
      jest: true,
      jestOptions: {
        jestVersion: VERSIONS.jest,
        updateSnapshot: UpdateSnapshot.NEVER,
        jestConfig: {
          // The benchmark is measured by `npm run bench`, not by tests.
          coveragePathIgnorePatterns: ['/node_modules/', '/src/bench/'],
          testTimeout: 120_000,
        },
      },
      github: false,
      depsUpgrade: false,
      pullRequestTemplate: false,
      licensed: false,
      deps: [
        ...options.packages.map((p) => `${p.package.packageName}@^${p.ownVersion}`),
        // The rule packs run as validation plugins of the app itself.
        `cdk-nag@${VERSIONS.cdkNag}`,
        `cdk-preflight@${VERSIONS.cdkPreflight}`,
      ],
    });
    pinDevDeps(this, [
      ...COMMON_DEV_DEPS.filter((d) => !d.startsWith('cdk-nag@')),
      `ts-node@${VERSIONS.tsNode}`,
      `esbuild@${VERSIONS.esbuild}`,
      `pg@${VERSIONS.pg}`,
      `@types/pg@${VERSIONS.typesPg}`,
      `${options.testing.package.packageName}@^${options.testing.ownVersion}`,
    ]);
    this.package.addField('private', true);
    noLocalInstall(this);

    // Tests, bench and docs run the JavaScript tsc compiles. The main command (`synth`) runs the
    // TypeScript sources of the app and of every workspace package through a transpile-only loader
    // (tools/from-source.js): a fresh clone synthesizes without waiting for seven jsii compiles,
    // which only the tests, the package and the bindings need.
    this.compileTask.reset('tsc --build');
    this.postCompileTask.reset();
    const fromSource = 'node -r ../../tools/from-source.js';
    const synth = this.tasks.tryFind('synth')!;
    synth.reset(`cdk synth --quiet --no-notices --app "${fromSource} src/main.ts"`, { env: { CDK_DISABLE_CLI_TELEMETRY: 'true' } });
    synth.exec(`${fromSource} src/summary.ts cdk.out`);
    this.tasks.tryFind('synth:silent')?.reset('cdk synth --quiet --no-notices', { env: { CDK_DISABLE_CLI_TELEMETRY: 'true' } });
    this.gitignore.exclude('lib/');
  }
}
