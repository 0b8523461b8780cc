import { TemplateResource } from '../assembly';

/** A resolved string value of a template property, or undefined when absent or a token. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A numeric property value (numbers may be strings in templates). */
export function num(value: unknown): number | undefined {
  const s = str(value);
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** A boolean property value (`true`, `"true"`). */
export function bool(value: unknown): boolean | undefined {
  const s = str(value);
  return s === undefined ? undefined : s.toLowerCase() === 'true';
}

/**
 * How many items a comma-separated list value holds: a plain string, a list, or an `Fn::Join`
 * whose parts are strings and references (`{ "Fn::Join": ["", [{ Ref: A }, ",", { Ref: B }]] }`
 * or `{ "Fn::Join": [",", [{ Ref: A }, { Ref: B }]] }`, the shapes CDK writes for subnet lists).
 */
export function listCount(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  const s = str(value);
  if (s !== undefined) return s.split(',').filter((x) => x.trim() !== '').length;
  const join = (value as Record<string, unknown> | undefined)?.['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const text = (join[1] as unknown[]).map((part) => (typeof part === 'string' ? part : 'x')).join(join[0]);
    return text.split(',').filter((x) => x.trim() !== '').length;
  }
  return undefined;
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at. */
export function refTarget(value: unknown): string | undefined {
  const v = value as Record<string, unknown> | undefined;
  if (v && typeof v.Ref === 'string') return v.Ref;
  const getAtt = v?.['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

/**
 * A string value that may be an `Fn::FindInMap` into the template's mappings (the shape CDK writes
 * for partition-specific values such as a Serverless Application Repository application id);
 * `{ Ref: AWS::Partition }` is read as the commercial partition `aws`.
 */
export function mappedString(value: unknown, mappings: unknown): string | undefined {
  const s = str(value);
  if (s !== undefined) return s;
  const find = (value as Record<string, unknown> | undefined)?.['Fn::FindInMap'];
  if (!Array.isArray(find) || find.length !== 3) return undefined;
  const [map, top, second] = find as unknown[];
  const topKey = str(top) ?? ((top as Record<string, unknown> | undefined)?.Ref === 'AWS::Partition' ? 'aws' : undefined);
  const level = (x: unknown, key: string | undefined) => (key !== undefined && typeof x === 'object' && x !== null ? (x as Record<string, unknown>)[key] : undefined);
  return str(level(level(level(mappings, str(map)), topKey), str(second)));
}

/** Option settings of an Elastic Beanstalk environment, with its configuration template merged in. */
export class OptionSettings {
  public static of(resource: TemplateResource, resources: Record<string, TemplateResource>): OptionSettings {
    const settings = new Map<string, unknown>();
    const templateId = refTarget(resource.Properties?.TemplateName);
    const configTemplate = templateId ? resources[templateId] : undefined;
    for (const source of [configTemplate?.Properties?.OptionSettings, resource.Properties?.OptionSettings]) {
      for (const s of (Array.isArray(source) ? source : []) as Array<Record<string, unknown>>) {
        settings.set(`${s.Namespace}|${s.OptionName}`, s.Value);
      }
    }
    return new OptionSettings(settings);
  }

  private constructor(private readonly settings: Map<string, unknown>) {}

  public raw(namespace: string, option: string): unknown {
    return this.settings.get(`${namespace}|${option}`);
  }

  public has(namespace: string, option: string): boolean {
    return this.settings.has(`${namespace}|${option}`);
  }

  public get(namespace: string, option: string): string | undefined {
    return str(this.raw(namespace, option));
  }
}
