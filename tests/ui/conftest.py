"""The shared view-test fixture: a view test that takes ``plant`` runs twice, against the
scripted source (no simulator behind it) and against the embedded simulator."""

from __future__ import annotations

import pytest
from scripted_source import ScriptedSource
from support import ares_source


@pytest.fixture(params=["scripted", "simulated"])
def plant(request):
    return ScriptedSource() if request.param == "scripted" else ares_source()
