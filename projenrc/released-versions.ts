import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The version of each published package, as of its last release commit.
 *
 * `npm run release` (tools/release.js) is the only writer: it computes each package's next version
 * from the conventional commits that touched its directory since its last `<name>@v<version>` tag,
 * bumps the dependents of a released package, writes this file and runs projen, so every
 * package.json and every dependency range between the packages follows.
 */
export const RELEASED_VERSIONS_FILE = path.join(__dirname, 'package-versions.json');

export function releasedVersion(name: string): string {
  const versions = JSON.parse(fs.readFileSync(RELEASED_VERSIONS_FILE, 'utf8')) as Record<string, string>;
  const version = versions[name];
  if (!version) {
    throw new Error(`${RELEASED_VERSIONS_FILE}: no version for package '${name}'`);
  }
  return version;
}
