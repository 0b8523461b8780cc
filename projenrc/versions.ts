import { DependencyType, Project } from 'projen';

/**
 * One version of every shared tool, used by every package of the monorepo.
 *
 * aws-cdk-lib and constructs MUST be the same everywhere: projen pins each
 * package's dev copy to the low end of its peer range, so two different
 * numbers here would make npm nest several copies of `constructs`.
 */
export const VERSIONS = {
  awsCdkLib: '2.270.0',
  constructs: '10.8.1',
  /**
   * aws-cdk-lib's cloud assembly schema (its dependency range is ^54.11.0). Pinned at the root to
   * the version aws-cdk-go v2.270.0 requires: jsii-pacmak writes the installed version into each
   * generated go.mod, and the Go module proxy serves 54.11.0 but refuses 54.12.0-54.26.0.
   */
  cloudAssemblySchema: '54.11.0',
  awsCdkCli: '2.1148.1',
  jsii: '~6.0.16',
  jsiiRosetta: '~6.0.17',
  jsiiPacmak: '^1.140.0',
  jsiiDiff: '^1.134.0',
  typescript: '~6.0.3',
  jest: '^30',
  tsJest: '^29.4.15',
  nx: '24.0.6',
  projen: '0.103.25',
  commitAndTagVersion: '^13',
  cdkNag: '3.0.2',
  /** CloudFormation deploy-time rule pack (enforce mode); needs aws-cdk-lib >= 2.267. */
  cdkPreflight: '0.0.143',
  typesNode: '^20',
  tsNode: '^10.9.2',
  esbuild: '^0.28.2',
  awsSdk: '^3.1138.0',
  awsSdkClientMock: '^4.1.0',
  pg: '^8.23.1',
  typesPg: '^8.23.1',
  yaml: '^2.9.1',
  autocannon: '^9.0.0',
  typesAutocannon: '^7.12.7',
  resvg: '^2.6.2',
  eslintPluginImport: '^2.32.0',
  eslintImportResolverTypescript: '^4.4.5',
} as const;

/** Dev dependencies every TypeScript subproject needs, each with an explicit version. */
export const COMMON_DEV_DEPS = [
  `aws-cdk-lib@${VERSIONS.awsCdkLib}`,
  `constructs@${VERSIONS.constructs}`,
  `@types/node@${VERSIONS.typesNode}`,
  `ts-jest@${VERSIONS.tsJest}`,
  `cdk-nag@${VERSIONS.cdkNag}`,
  `eslint-plugin-import@${VERSIONS.eslintPluginImport}`,
  `eslint-import-resolver-typescript@${VERSIONS.eslintImportResolverTypescript}`,
];

/**
 * Gives an explicit version to dev dependencies that projen adds as `*`.
 *
 * projen resolves `*` from a subproject's own node_modules before the root
 * workspace install has run, and drops what it cannot find; explicit ranges
 * need no resolution.
 */
export function pinDevDeps(project: Project, specs: readonly string[]) {
  for (const spec of specs) {
    const name = spec.slice(0, spec.lastIndexOf('@'));
    project.deps.removeDependency(name, DependencyType.BUILD);
    project.deps.addDependency(spec, DependencyType.BUILD);
  }
}
