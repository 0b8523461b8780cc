#!/usr/bin/env bash
# Creates .venv at the repository root with the pinned Python tools the gates use
# (cfn-lint, checkov, pytest). Idempotent: reinstalls only when the pins change.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
req="$root/tools/requirements-gates.txt"
venv="$root/.venv"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "setting up $venv (cfn-lint, checkov, pytest)"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
echo "$want" > "$stamp"
