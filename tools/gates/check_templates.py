#!/usr/bin/env python3
"""Correctness and security gates over synthesized CloudFormation templates.

Runs cfn-lint (every property against the resource schemas) and checkov
(CloudFormation framework) over the templates found in the given folders and
fails when either reports anything that is not explicitly allowed:

- cfn-lint: rules ignored in ``tools/gates/cfnlintrc.yaml``, each with a reason.
- checkov: checks skipped in the resource's own ``Metadata.checkov.skip``
  (written by the construct that causes it, with a comment) or in
  ``tools/gates/checkov.yaml`` with a reason.

Usage: check_templates.py DIR_OR_FILE [...]
"""
from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def find_templates(paths: list[str]) -> list[Path]:
    """Every *.template.json below the given folders (or the files themselves)."""
    found: list[Path] = []
    expanded: list[str] = []
    for pattern in paths:
        # patterns are expanded here: task runners do not always hand them to a shell
        matches = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        expanded.extend(matches or [pattern])
    for p in map(Path, expanded):
        if p.is_file():
            found.append(p)
        elif p.is_dir():
            found.extend(sorted(p.rglob('*.template.json')))
        else:
            raise SystemExit(f'check_templates: {p} does not exist (synthesize first)')
    # Nested cloud assemblies of CDK Stages repeat nothing; asset folders hold no templates.
    return [t for t in found if 'asset.' not in t.parent.name]


def run_cfn_lint(templates: list[Path]) -> list[str]:
    cmd = [str(BIN / 'cfn-lint'), '--config-file', str(HERE / 'cfnlintrc.yaml'), '--format', 'parseable', '--']
    cmd += [str(t) for t in templates]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 2, 4, 6, 8, 10, 12, 14):
        # Exit codes are a bit field: 2 errors, 4 warnings, 8 informational; anything else is a crash.
        if proc.returncode != 0 and not proc.stdout:
            return [f'cfn-lint crashed ({proc.returncode}): {proc.stderr.strip()}']
    return [line for line in proc.stdout.splitlines() if line.strip()]


def run_checkov(templates: list[Path]) -> list[str]:
    cmd = [str(BIN / 'checkov'), '--framework', 'cloudformation', '--config-file', str(HERE / 'checkov.yaml'),
           '--output', 'json', '--quiet', '--compact', '--skip-download']
    for t in templates:
        cmd += ['-f', str(t)]
    env = dict(os.environ, BC_SKIP_MAPPING='TRUE', CHECKOV_RUN_SCA_PACKAGE_SCAN_V2='false', LOG_LEVEL='ERROR')
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    out = proc.stdout.strip()
    if not out:
        return [] if proc.returncode == 0 else [f'checkov crashed ({proc.returncode}): {proc.stderr.strip()[-2000:]}']
    reports = json.loads(out)
    if isinstance(reports, dict):
        reports = [reports]
    failures: list[str] = []
    for report in reports:
        for check in report.get('results', {}).get('failed_checks', []):
            failures.append(f"{check['file_path']}: {check['resource']}: {check['check_id']} {check['check_name']}")
    return failures


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    templates = find_templates(argv)
    if not templates:
        print('check_templates: no *.template.json found in ' + ', '.join(argv))
        return 1
    lint = run_cfn_lint(templates)
    checkov = run_checkov(templates)
    print(f'cfn-lint: {len(templates)} templates, {len(lint)} findings')
    for line in lint:
        print(f'  {line}')
    print(f'checkov: {len(templates)} templates, {len(checkov)} failed checks')
    for line in checkov:
        print(f'  {line}')
    return 1 if lint or checkov else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
