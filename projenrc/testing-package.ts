import { javascript, typescript, Project } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';
import { noLocalInstall } from './ebkit-package';
import { COMMON_DEV_DEPS, pinDevDeps, VERSIONS } from './versions';

/**
 * `packages/testing`: test helpers shared by every package's tests (security
 * rule packs, template normalisation). Private: never published, never a
 * runtime dependency.
 */
export class TestingPackage extends typescript.TypeScriptProject {
  public readonly ownVersion = '0.1.0';

  constructor(parent: Project) {
    super({
      parent,
      outdir: 'packages/testing',
      name: '@ebkit/testing',
      description: 'Test helpers shared by the ebkit packages (not published)',
      defaultReleaseBranch: 'main',
      packageManager: javascript.NodePackageManager.NPM,
      typescriptVersion: VERSIONS.typescript,
      sampleCode: false,
      eslint: true,
      prettier: false,
      jest: true,
      jestOptions: { jestVersion: VERSIONS.jest, updateSnapshot: UpdateSnapshot.NEVER },
      github: false,
      depsUpgrade: false,
      pullRequestTemplate: false,
      release: false,
      licensed: false,
      tsconfig: {
        compilerOptions: {
          module: 'node16',
          moduleResolution: javascript.TypeScriptModuleResolution.NODE16,
          skipLibCheck: true,
          isolatedModules: true,
        },
      },
      peerDependencyOptions: { pinnedDevDependency: false },
    });
    this.package.addField('private', true);
    this.package.addVersion(this.ownVersion);
    this.addPeerDeps(`aws-cdk-lib@^${VERSIONS.awsCdkLib}`, `constructs@^${VERSIONS.constructs}`, `cdk-nag@${VERSIONS.cdkNag}`);
    this.addDeps(`cdk-preflight@${VERSIONS.cdkPreflight}`);
    pinDevDeps(this, COMMON_DEV_DEPS);
    noLocalInstall(this);
  }
}
