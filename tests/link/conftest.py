"""What the link's tests share: a real plant server for a module's tests and a folder for
their clients' certificates (a module needing a server per test defines its own)."""

from __future__ import annotations

import pytest

from plantlink import Running


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    """A server for the module's tests, on its first run."""
    server = Running(tmp_path_factory.mktemp("link"))
    yield server
    server.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("client")
