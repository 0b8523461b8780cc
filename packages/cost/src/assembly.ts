import * as fs from 'fs';
import * as path from 'path';

/** One resource of a CloudFormation template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** The parts of a CloudFormation template the estimate reads. */
export interface Template {
  readonly Resources?: Record<string, TemplateResource>;
  readonly [key: string]: unknown;
}

/** One stack of a cloud assembly. */
export interface StackTemplate {
  /** Artifact id (e.g. `Data` or `Prod/Data` for a stack inside a stage). */
  readonly name: string;
  /** Region from the manifest's environment, when it is a concrete region. */
  readonly region?: string;
  /** Absolute path of the template file. */
  readonly templateFile: string;
  readonly template: Template;
}

/** Every stack template of a cloud assembly directory (`cdk.out`). */
export interface Assembly {
  readonly directory: string;
  readonly stacks: StackTemplate[];
}

interface ManifestArtifact {
  readonly type?: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly directoryName?: string };
}

/**
 * Reads every stack template of a cloud assembly directory, including stacks in nested
 * assemblies (stages). Uses `manifest.json` when present, else every `*.template.json`.
 *
 * @throws when the directory does not exist or holds no template
 */
export function readAssembly(dir: string): Assembly {
  const directory = path.resolve(dir);
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    throw new Error(`${dir}: not a directory (expected a cloud assembly such as cdk.out)`);
  }
  const stacks = readDirectory(directory, '');
  if (stacks.length === 0) {
    throw new Error(`${dir}: no stack templates found (expected manifest.json or *.template.json; run cdk synth first)`);
  }
  return { directory, stacks };
}

function readDirectory(directory: string, prefix: string): StackTemplate[] {
  const manifestFile = path.join(directory, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    return fs.readdirSync(directory)
      .filter((f) => f.endsWith('.template.json'))
      .sort()
      .map((f) => readStack(prefix + f.replace(/\.template\.json$/, ''), path.join(directory, f), undefined));
  }
  const manifest = readJson(manifestFile) as { artifacts?: Record<string, ManifestArtifact> };
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      const name = artifact.displayName ?? prefix + id;
      const templateFile = path.join(directory, artifact.properties.templateFile);
      if (!fs.existsSync(templateFile)) {
        throw new Error(`${manifestFile}: stack ${name} lists ${artifact.properties.templateFile}, which is not in ${directory}: `
          + 'the cloud assembly is incomplete or stale, run cdk synth again (into an empty output directory)');
      }
      stacks.push(readStack(name, path.join(directory, artifact.properties.templateFile), regionOf(artifact.environment)));
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      stacks.push(...readDirectory(path.join(directory, artifact.properties.directoryName), `${artifact.displayName ?? id}/`));
    }
  }
  return stacks;
}

function readStack(name: string, templateFile: string, region: string | undefined): StackTemplate {
  const template = readJson(templateFile) as Template;
  if (typeof template !== 'object' || template === null || Array.isArray(template)) {
    throw new Error(`${templateFile}: not a CloudFormation template (expected a JSON object)`);
  }
  return { name, region, templateFile, template };
}

function regionOf(environment: string | undefined): string | undefined {
  const match = /^aws:\/\/[^/]+\/([a-z]{2}(-[a-z]+)+-\d)$/.exec(environment ?? '');
  return match ? match[1] : undefined;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new Error(`${file}: cannot read JSON (${(e as Error).message})`);
  }
}
