"""Each gate can fail: a deliberate regression in a fixture template is caught."""
from pathlib import Path

import pytest

import check_templates

FIXTURES = Path(__file__).resolve().parent / 'fixtures'


def test_clean_template_passes_both_gates(capsys):
    assert check_templates.main([str(FIXTURES / 'clean.template.json')]) == 0
    out = capsys.readouterr().out
    assert 'cfn-lint: 1 templates, 0 findings' in out
    assert 'checkov: 1 templates, 0 failed checks' in out


def test_cfn_lint_fails_on_a_misspelt_property():
    findings = check_templates.run_cfn_lint([FIXTURES / 'misspelt-property.template.json'])
    assert any('E3002' in f and 'TopicNmae' in f for f in findings), findings


def test_checkov_fails_when_storage_encryption_is_turned_off():
    failures = check_templates.run_checkov([FIXTURES / 'unencrypted-database.template.json'])
    assert any('CKV_AWS_16' in f for f in failures), failures


def test_the_gate_exits_non_zero_on_a_regression(capsys):
    assert check_templates.main([str(FIXTURES / 'unencrypted-database.template.json')]) == 1
    assert 'CKV_AWS_16' in capsys.readouterr().out


def test_fails_when_a_folder_is_missing():
    with pytest.raises(SystemExit, match='does not exist'):
        check_templates.main(['/nonexistent/cdk.out'])
