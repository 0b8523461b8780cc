"""The Python bindings build the same architecture as the TypeScript reference app.

Synthesizes reference_app.py and apps/reference's default config (through the
compiled TypeScript app) and compares every template after normalizing what
legitimately differs between the two runs: asset hashes and the CDK metadata
resource (it records the language and runtime).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
HASH = re.compile(r'[0-9a-f]{64}')


def normalize(template: dict) -> dict:
    resources = {k: v for k, v in template.get('Resources', {}).items() if v.get('Type') != 'AWS::CDK::Metadata'}
    out = dict(template, Resources=resources)
    out.pop('Conditions', None) if set(template.get('Conditions', {})) <= {'CDKMetadataAvailable'} else None
    text = HASH.sub('<hash>', json.dumps(out, sort_keys=True))
    return json.loads(text)


def templates(outdir: Path) -> dict[str, dict]:
    return {p.name: normalize(json.loads(p.read_text())) for p in sorted(outdir.glob('*.template.json'))}


@pytest.fixture(scope='module')
def python_templates(tmp_path_factory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp('python-cdk-out')
    subprocess.run([sys.executable, str(HERE / 'reference_app.py'), str(out)], check=True,
                   env=dict(os.environ, CDK_VALIDATION='false'))
    return templates(out)


@pytest.fixture(scope='module')
def typescript_templates(tmp_path_factory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp('ts-cdk-out')
    script = (
        "const { App } = require('aws-cdk-lib');"
        "const { ReferenceArchitecture } = require('./lib/reference-architecture');"
        "const { productionConfig } = require('./lib/config');"
        f"const app = new App({{ outdir: {json.dumps(str(out))} }});"
        "new ReferenceArchitecture(app, productionConfig({}));"
        "app.synth();"
    )
    subprocess.run(['node', '-e', script], check=True, cwd=REPO / 'apps' / 'reference',
                   env=dict(os.environ, CDK_VALIDATION='false'))
    return templates(out)


def test_same_stacks(python_templates, typescript_templates):
    assert sorted(python_templates) == sorted(typescript_templates)
    assert len(python_templates) == 6


@pytest.mark.parametrize('stack', ['Network', 'Data', 'Dns', 'App', 'Backups', 'Pipeline'])
def test_same_template(stack, python_templates, typescript_templates):
    name = f'{stack}.template.json'
    assert python_templates[name] == typescript_templates[name]


def test_bad_input_raises_the_construct_error_in_python():
    """A synth-time validation error reaches Python users as an exception naming path, prop and value."""
    import aws_cdk as cdk
    from aws_cdk import aws_ec2 as ec2
    from ebkit.beanstalk_env import BeanstalkApplication, BeanstalkEnvironment, Platform

    app = cdk.App()
    stack = cdk.Stack(app, 'PythonExample', env=cdk.Environment(account='123456789012', region='us-east-1'))
    vpc = ec2.Vpc(stack, 'Vpc', max_azs=2)
    application = BeanstalkApplication(stack, 'App')
    with pytest.raises(Exception) as error:
        BeanstalkEnvironment(stack, 'Bad', application=application, vpc=vpc,
                             platform=Platform.NODEJS_22, min_instances=5, max_instances=2)
    message = str(error.value)
    assert 'PythonExample/Bad' in message
    assert 'minInstances' in message
    assert '5' in message
