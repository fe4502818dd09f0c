"""The licences of what the bundle holds, read from the installed distributions."""

from __future__ import annotations

import json
from importlib import metadata

from installer.bundle_files import MODULE_EXCLUDES
from wuwei_desktop import licenses


def by_name(items) -> dict:
    return {item.name.lower().replace("_", "-"): item for item in items}


def test_every_runtime_component_has_its_licence_text() -> None:
    items = by_name(licenses.collect(MODULE_EXCLUDES))
    for name in (
        "python", "pyside6-essentials", "shiboken6", "numpy", "matplotlib", "sqlalchemy",
        "openpyxl", "et-xmlfile", "pillow", "fonttools", "platformdirs", "pyinstaller",
        "pypdf", "filelock", "psycopg", "psycopg-binary",
    ):  # fmt: skip
        assert name in items, name
        assert items[name].texts, f"{name} has no licence text"
    assert items["numpy"].version == metadata.version("numpy")
    assert "OpenBLAS" in items["numpy"].full_text()  # the vendored BLAS library
    qt = items["pyside6-essentials"]
    assert "LGPL-3.0" in qt.licence
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt.full_text()
    assert "download.qt.io" in qt.note  # where to get the source
    assert "Python Software Foundation" in items["python"].full_text()
    font = next(item for item in items.values() if item.name.startswith("Wuwei Sans"))
    assert "SIL OPEN FONT LICENSE" in font.full_text().upper()


def test_what_the_bundle_leaves_out_is_not_listed() -> None:
    names = set(by_name(licenses.collect(MODULE_EXCLUDES)))
    # pandas is installed (analysis from Python) but not bundled; tzdata neither
    assert "pandas" not in names and "tzdata" not in names
    # test and build tools are not run-time requirements
    assert not names & {"pytest", "ruff", "hypothesis", "setuptools", "altgraph"}


def test_the_runtime_list_is_the_runtime_section_of_requirements_txt(tmp_path) -> None:
    (tmp_path / "requirements.txt").write_text(
        "# all pinned\n\n# runtime\nPySide6-Essentials==6.11.3  # the window\n"
        "psycopg[binary]==3.3.9\n\n# tests and lint\npytest==9.2.0\n",
        encoding="utf-8",
    )
    assert licenses.runtime_requirements(tmp_path) == ["PySide6-Essentials", "psycopg"]
    assert licenses.runtime_requirements(tmp_path / "missing") == []
    # the real file: every run-time pin, the test tools not
    real = licenses.runtime_requirements()
    assert {"PySide6-Essentials", "psycopg", "psycopg-binary", "pypdf", "filelock"} <= set(real)
    assert "pytest" not in real and "pyinstaller" not in real


def test_libraries_a_wheel_vendors_are_named_with_their_licences() -> None:
    items = by_name(licenses.collect(MODULE_EXCLUDES))
    driver = items["psycopg-binary"]
    assert "LGPL-3.0" in driver.licence
    assert "libpq（PostgreSQL License）" in driver.note
    assert "libssl（Apache-2.0 (OpenSSL 3)）" in driver.note


def test_the_shipped_file_round_trips(tmp_path) -> None:
    items = licenses.collect(MODULE_EXCLUDES)
    text = licenses.to_json(items)
    assert isinstance(json.loads(text), list)
    assert licenses.from_json(text) == items
    readable = licenses.to_text(items)
    assert readable.startswith("武威档案包含以下组件")
    assert "numpy " + metadata.version("numpy") in readable
