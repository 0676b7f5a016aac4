"""`xl-addin serve`'s options: HTTPS unless on loopback, and the certificate folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.server.conftest import HAS_SERVER, NEEDS_EXTRA

if not HAS_SERVER:
    pytest.skip(NEEDS_EXTRA, allow_module_level=True)

from xl_addin.cli import app
from xl_addin.server.app import ServerSetupError
from xl_addin.server.serve import certificate_files, is_loopback


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("127.0.0.2", True), ("0.0.0.0", False), ("192.168.1.10", False), ("example.org", False),
])
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_plain_http_on_all_interfaces_is_refused_in_one_line() -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "needs HTTPS: give --certs DIR" in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_mkcert_names_are_found(tmp_path: Path) -> None:
    (tmp_path / "localhost+2.pem").write_text("cert")
    (tmp_path / "localhost+2-key.pem").write_text("key")
    assert certificate_files(tmp_path) == (tmp_path / "localhost+2.pem",
                                           tmp_path / "localhost+2-key.pem")


def test_cert_and_key_pem_are_found(tmp_path: Path) -> None:
    (tmp_path / "cert.pem").write_text("cert")
    (tmp_path / "key.pem").write_text("key")
    assert certificate_files(tmp_path) == (tmp_path / "cert.pem", tmp_path / "key.pem")


def test_a_folder_without_a_pair_says_what_it_found(tmp_path: Path) -> None:
    (tmp_path / "server.crt").write_text("cert")
    (tmp_path / "other-key.pem").write_text("key")
    with pytest.raises(ServerSetupError, match=r"found other-key\.pem"):
        certificate_files(tmp_path)


def test_help_loads_neither_fastapi_nor_xlwings_server() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom xl_addin.cli import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('fastapi', 'xlwings_server', 'uvicorn', 'starlette')"
            " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_without_a_licence_key_the_server_does_not_start_and_says_what_to_set(
        tmp_path: Path) -> None:
    import os
    import subprocess

    from tests.server.test_serve_process import free_port, xl_addin_command

    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env["DOTENV_PATH"] = os.devnull
    done = subprocess.run([*xl_addin_command(), "serve", "--port", str(free_port())],
                          capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=180, check=False)
    assert done.returncode == 1
    said = " ".join(done.stderr.split())
    assert said.startswith("error: xlwings Server needs XLWINGS_LICENSE_KEY: 'noncommercial'")
    assert "Traceback" not in done.stderr
