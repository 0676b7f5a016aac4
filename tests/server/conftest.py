"""xlwings Server tests: the app in-process (FastAPI's TestClient) and `xl-addin serve`.

They need the optional extra (`uv sync --extra server`; .ci/run installs it); each
module skips with one line without it. xlwings Server reads its settings from the
environment once, at import: the app is built once per session with the licence
key set, and the environment is put back afterwards so other tests never see
xlwings Server's variables. The remote engine is enabled per test, as in
tests/xlwings.
"""

from __future__ import annotations

import importlib.util
import os
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import xlwings  # noqa: F401  (imported before xlwings Server sets XLWINGS_ON_SERVER)

from tests.xlwings.conftest import remote_engine

NEEDS_EXTRA = ('xlwings Server not installed: uv sync --extra server '
               '(pip install "xl-addin[server]")')
HAS_SERVER = importlib.util.find_spec("xlwings_server") is not None
"""Found without importing it: its import reads the settings, which the app fixture sets."""
MAX_BOOK_MB = 2


@pytest.fixture(scope="session")
def server_app() -> Any:
    saved = dict(os.environ)
    os.environ.update({"XLWINGS_LICENSE_KEY": "noncommercial", "DOTENV_PATH": os.devnull,
                       "XL_ADDIN_MAX_BOOK_MB": str(MAX_BOOK_MB)})
    for key in [k for k in os.environ if k.startswith("XLWINGS_") and k != "XLWINGS_LICENSE_KEY"]:
        del os.environ[key]  # the developer's own settings must not change what is tested
    try:
        from xl_addin.server.app import build_app

        return build_app()
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture
def engines(remote_engine: None) -> Iterator[None]:
    """The remote engine (Book JSON) and the officejs engine (custom functions' values)."""
    from xlwings import main as xw_main

    added = "officejs" not in xw_main.engines.engines_by_name
    if added:
        from xlwings.pro import _xlofficejs

        xw_main.engines.add(xw_main.Engine(impl=_xlofficejs.engine))
    yield
    if added:
        engine = xw_main.engines.engines_by_name.pop("officejs")
        xw_main.engines.engines = [e for e in xw_main.engines.engines if e is not engine]


@pytest.fixture
def client(server_app: Any, engines: None) -> Any:
    with warnings.catch_warnings():
        # Starlette 1.x prefers httpx2 for its test client; httpx works the same here.
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    with TestClient(server_app, raise_server_exceptions=False) as test_client:
        yield test_client


__all__ = ["HAS_SERVER", "NEEDS_EXTRA", "client", "engines", "remote_engine", "server_app"]
