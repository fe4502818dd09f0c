"""dev.py: ``cli build`` with no archive builds it once, not twice."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import dev  # noqa: E402


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["build"], "build"),
        (["--db", "x.db", "--json", "build", "--if-stale"], "build"),
        (["--json", "search", "build"], "search"),
        (["--db", "build"], None),
        ([], None),
    ],
)
def test_cli_command(args: list[str], command: str | None) -> None:
    assert dev.cli_command(args) == command


@pytest.mark.parametrize(
    ("argv", "builds"),
    [
        (["cli", "build"], 0),
        (["cli", "--db", "x.db", "build"], 0),
        (["cli", "search", "民勤"], 1),
        (["run"], 1),
    ],
)
def test_archive_is_ensured_only_when_the_command_does_not_build(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], builds: int
) -> None:
    ensured: list[bool] = []
    ran: list[list[str]] = []
    monkeypatch.setattr(dev, "ensure_venv", lambda: Path(sys.executable))
    monkeypatch.setattr(dev, "ensure_archive", lambda python, always=False: ensured.append(always))
    monkeypatch.setattr(dev.subprocess, "run", lambda command, **kw: ran.append(command) or _Done())
    assert dev.main(argv) == 0
    assert len(ensured) == builds
    assert len(ran) == 1  # the command itself, once


class _Done:
    returncode = 0
