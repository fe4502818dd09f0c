"""The frozen Linux program types Chinese through the bundled IBus plugin, Fcitx too."""

from __future__ import annotations

import os
import sys

import pytest

from wuwei_desktop.gui.app import use_bundled_input_method


@pytest.mark.parametrize(
    ("frozen", "platform", "wanted", "used"),
    [
        (True, "linux", "fcitx", "ibus"),  # no Fcitx plugin in the bundle
        (True, "linux", "fcitx5", "ibus"),
        (True, "linux", "ibus", "ibus"),
        (True, "linux", "", ""),
        (False, "linux", "fcitx", "fcitx"),  # from source: the system's Qt plugins apply
        (True, "win32", "fcitx", "fcitx"),
    ],
)
def test_fcitx_uses_its_ibus_interface_when_frozen(monkeypatch, frozen, platform, wanted, used):
    monkeypatch.setattr(sys, "frozen", frozen, raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("QT_IM_MODULE", wanted)
    use_bundled_input_method()
    assert os.environ["QT_IM_MODULE"] == used
