import { awscdk, javascript, typescript, Project, ReleasableCommits } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';
import { COMMON_DEV_DEPS, pinDevDeps, VERSIONS } from './versions';

export interface EbkitPackageOptions {
  /** Folder and npm name under `@ebkit/`, e.g. `rds-postgres`. */
  readonly name: string;
  readonly description: string;
  /** This package's own version (independent versioning). */
  readonly version: string;
  /** The shared test helpers (a dev dependency). */
  readonly testing: { package: javascript.NodePackage; ownVersion: string };
  /** Other ebkit packages this one builds on. */
  readonly deps?: EbkitPackage[];
  /** Runtime dependencies that are bundled into the package (not part of the API). */
  readonly bundledDeps?: string[];
  /** Extra dev dependencies (with versions). */
  readonly devDeps?: string[];
  /** Lambda handlers: `src/**\/*.lambda.ts` are bundled with the locally installed esbuild. */
  readonly lambdas?: boolean;
  readonly keywords?: string[];
  /**
   * Command-line programs shipped with the package: name to TypeScript entry
   * point. Each is bundled with the locally installed esbuild into
   * `assets/cli/<name>.js` (no runtime dependencies) and listed in `bin`.
   */
  readonly cli?: Record<string, string>;
}

const pascal = (s: string) => s.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');

/**
 * One jsii package of the monorepo: `packages/<name>`, published as
 * `@ebkit/<name>` (npm), `ebkit.<name>` (PyPI), `dev.ebkit:<name>` (Maven),
 * `Ebkit.<Name>` (NuGet) and `github.com/ebkit/ebkit-go/ebkit<name>` (Go).
 *
 * Each package carries its own version in its own package.json and is
 * released under its own tag prefix (`<name>@v`).
 */
export class EbkitPackage extends awscdk.AwsCdkConstructLibrary {
  public readonly shortName: string;
  public readonly ownVersion: string;

  constructor(parent: Project, options: EbkitPackageOptions) {
    const { name } = options;
    const moduleName = name.replace(/-/g, '_');
    const flat = name.replace(/-/g, '');
    super({
      parent,
      outdir: `packages/${name}`,
      name: `@ebkit/${name}`,
      description: options.description,
      keywords: ['aws-cdk', 'elastic-beanstalk', 'postgresql', ...(options.keywords ?? [])],
      author: 'ebkit contributors',
      authorAddress: 'maintainers@ebkit.dev',
      authorOrganization: true,
      repositoryUrl: 'https://github.com/ebkit/ebkit.git',
      repositoryDirectory: `packages/${name}`,
      license: 'Apache-2.0',
      copyrightOwner: 'ebkit contributors',
      defaultReleaseBranch: 'main',
      packageManager: javascript.NodePackageManager.NPM,
      // What CI runs (Node 24) and the oldest maintained LTS: Node 20 reached end of life on 2026-10-30.
      minNodeVersion: '22.0.0',
      stability: 'experimental',
      majorVersion: 0,
      ...releaseOptions(name),

      cdkVersion: VERSIONS.awsCdkLib,
      cdkCliVersion: VERSIONS.awsCdkCli,
      constructsVersion: VERSIONS.constructs,
      jsiiVersion: VERSIONS.jsii,
      typescriptVersion: VERSIONS.typescript,
      peerDependencyOptions: { pinnedDevDependency: false },

      publishToPypi: { distName: `ebkit.${name}`, module: `ebkit.${moduleName}` },
      publishToMaven: {
        javaPackage: `dev.ebkit.${flat}`,
        mavenGroupId: 'dev.ebkit',
        mavenArtifactId: name,
      },
      publishToNuget: { dotNetNamespace: `Ebkit.${pascal(name)}`, packageId: `Ebkit.${pascal(name)}` },
      publishToGo: { moduleName: 'github.com/ebkit/ebkit-go', packageName: `ebkit${flat}` },

      docgen: true,
      eslint: true,
      prettier: false,
      jest: true,
      jestOptions: {
        jestVersion: VERSIONS.jest,
        updateSnapshot: UpdateSnapshot.NEVER,
        jestConfig: {
          coverageThreshold: { lines: 90, statements: 90, functions: 85, branches: 75 },
        },
      },
      tsconfigDev: {
        compilerOptions: {
          skipLibCheck: true,
          // ts-jest transpiles each file alone (jsii and eslint type-check): tests start in seconds.
          isolatedModules: true,
          module: 'node16',
          moduleResolution: javascript.TypeScriptModuleResolution.NODE16,
        },
      },
      sampleCode: false,
      lambdaAutoDiscover: options.lambdas ?? false,
      lambdaOptions: { runtime: awscdk.LambdaRuntime.NODEJS_22_X },
      integrationTestAutoDiscover: true,
      github: false,
      depsUpgrade: false,
      pullRequestTemplate: false,
      bundledDeps: options.bundledDeps,
    });
    pinDevDeps(this, [
      ...COMMON_DEV_DEPS,
      `jsii-pacmak@${VERSIONS.jsiiPacmak}`,
      `jsii-rosetta@${VERSIONS.jsiiRosetta}`,
      `jsii-diff@${VERSIONS.jsiiDiff}`,
      // integration tests (test/*.integ.ts) synthesize with ts-node and the CDK CLI
      `ts-node@${VERSIONS.tsNode}`,
      ...(options.lambdas || options.cli ? [`esbuild@${VERSIONS.esbuild}`] : []),
      ...(options.devDeps ?? []),
    ]);
    this.shortName = name;
    this.ownVersion = options.version;

    // The version lives in the package's own package.json.
    this.package.addVersion(options.version);

    pinDevDeps(this, [`${options.testing.package.packageName}@^${options.testing.ownVersion}`]);
    for (const dep of options.deps ?? []) {
      this.addPeerDeps(`${dep.package.packageName}@^${dep.ownVersion}`);
      pinDevDeps(this, [`${dep.package.packageName}@${dep.ownVersion}`]);
    }

    noLocalInstall(this);
    releaseEachOnItsOwn(this);

    // API.md is written on every compile (so nx caches it with the compile), with a wrapper that
    // finds the dependencies' assemblies where npm workspaces put them (tools/docgen.js).
    const docgen = this.tasks.tryFind('docgen')!;
    docgen.reset('node ../../tools/docgen.js');
    this.postCompileTask.reset();
    this.compileTask.spawn(docgen);
    // nx runs `compile` alone: it bundles the Lambda handlers and CLIs itself (the steps projen
    // puts in pre-compile), so a clean checkout has its assets before jsii and the tests run.
    // The same steps make the `assets` task: the reference app synthesizes from the TypeScript
    // sources (tools/from-source.js) and needs only these bundles, not jsii's output.
    // esbuild prints warnings and errors, not a file summary per handler (the main command stays quiet).
    for (const task of this.tasks.all.filter((t) => /^bundle:.+\.lambda$/.test(t.name))) {
      task.steps.forEach((step, i) => {
        if (step.execArgs?.[0] === 'esbuild' && !step.execArgs.some((a) => a.startsWith('--log-level'))) {
          task.updateStep(i, { ...step, execArgs: [...step.execArgs, '--log-level=warning'] });
        }
      });
    }
    const bundling = this.preCompileTask.steps;
    this.preCompileTask.reset();
    const assets = options.lambdas || options.cli ? this.addTask('assets', {
      description: 'Bundle the Lambda handlers and command-line programs into assets/ (what a synth from source needs)',
    }) : undefined;
    if (assets) {
      assets.addSteps(...bundling);
      this.compileTask.prependSpawn(assets);
    }

    // Integration test snapshots: synthesize with ts-node transpiling only, without the built-in
    // CloudFormation validation (cfn-lint and checkov gate the snapshots instead), and leave out
    // the files that change from run to run or machine to machine (metadata holds absolute paths).
    const volatile = ['performance-counters.json', 'validation-report.json', '*.metadata.json'];
    for (const task of this.tasks.all.filter((t) => /^integ:.+:(assert|snapshot|deploy|watch)$/.test(t.name))) {
      task.env('TS_NODE_TRANSPILE_ONLY', 'true');
      task.env('CDK_VALIDATION', 'false');
      task.env('CDK_DISABLE_CLI_TELEMETRY', 'true');
      task.steps.forEach((step, i) => {
        if (step.execArgs?.[0] === 'diff') {
          const [diff, recursive, ...rest] = step.execArgs;
          task.updateStep(i, { ...step, execArgs: [diff, recursive, ...volatile.flatMap((f) => ['-x', f]), ...rest] });
        }
      });
    }
    for (const file of volatile) {
      this.gitignore.exclude(`test/*.integ.snapshot/${file}`);
    }

    // Bundled Lambda handlers and CLIs are build output: shipped in the npm package, never committed.
    this.gitignore.exclude('/assets/');

    for (const [bin, entry] of Object.entries(options.cli ?? {})) {
      const outfile = `assets/cli/${bin}.js`;
      this.package.addBin({ [bin]: outfile });
      const bundle = this.addTask(`bundle:cli:${bin}`, {
        description: `Bundle the ${bin} command-line program`,
        exec: `esbuild --bundle ${entry} --platform=node --target=node20 --outfile=${outfile} --banner:js="#!/usr/bin/env node" --log-level=warning`,
      });
      assets!.prependSpawn(bundle);
    }
  }
}

/**
 * Subprojects never run npm themselves: the root's single workspace install
 * covers them (see toolchain notes, gotcha 1).
 */
export function noLocalInstall(project: javascript.NodeProject | typescript.TypeScriptProject) {
  for (const name of ['install', 'install:ci']) {
    project.tasks.tryFind(name)?.reset();
    project.tasks.tryFind(name)?.say('dependencies are installed once, at the repository root (npm workspaces)');
  }
}

/**
 * projen's release for one package of the monorepo: its own tag (`<name>@v<version>`), only the
 * commits under its own directory count, and the version is the one its last release commit wrote
 * (`npm run release`, tools/release.js), so the publishing workflow projen generates publishes
 * exactly that version, once (it skips a tag that exists already).
 */
export function releaseOptions(name: string) {
  return {
    release: true,
    releaseTagPrefix: `${name}@`,
    releasableCommits: ReleasableCommits.everyCommit('.'),
    versionrcOptions: { path: '.' },
    nextVersionCommand: 'node -p "require(\'./package.json\').version"',
    bumpPackage: `commit-and-tag-version@${VERSIONS.commitAndTagVersion}`,
  };
}

/**
 * The committed version stays in package.json after a release build (projen's `unbump` would
 * write 0.0.0), and the jsii packages check their API against their last release before it is
 * published (tools/compat.js: jsii-diff, with the bump the 0.x rules require for a breaking change).
 */
export function releaseEachOnItsOwn(project: javascript.NodeProject) {
  project.tasks.tryFind('unbump')?.reset('git checkout -- package.json');
  const compat = project.tasks.tryFind('compat');
  if (compat) {
    compat.reset('node ../../tools/compat.js');
    const release = project.tasks.tryFind('release')!;
    const build = release.steps.findIndex((step) => step.spawn === 'build');
    release.insertStep(build + 1, { spawn: compat.name });
  }
}
