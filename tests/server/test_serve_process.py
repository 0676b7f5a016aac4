"""`xl-addin serve` as a process on a free loopback port, spoken to over real HTTP as
xlwings' Office.js client speaks to it: the sample's Book JSON posted to the refresh
script, the actions that come back replayed onto the cells."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.server.conftest import HAS_SERVER, NEEDS_EXTRA

if not HAS_SERVER:
    pytest.skip(NEEDS_EXTRA, allow_module_level=True)

import httpx

from tests.xlwings.payload import book_json, sample_sheets
from tests.xlwings.replay import replay

START_TIMEOUT = 180.0  # importing xlwings Server takes 5-20 s on a busy 2-core machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def xl_addin_command() -> list[str]:
    script = Path(sys.executable).with_name("xl-addin")
    return [str(script)] if script.exists() else [sys.executable, "-m", "xl_addin.cli"]


def server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env.update(XLWINGS_LICENSE_KEY="noncommercial", DOTENV_PATH=os.devnull)
    return env


@contextmanager
def served(log: Path, **settings: str) -> Iterator[str]:
    """`xl-addin serve` on a free loopback port with these extra settings; its URL."""
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen([*xl_addin_command(), "serve", "--port", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT,
                                   env={**server_env(), **settings}, cwd=log.parent)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"xl-addin serve exited with {process.returncode}:\n"
                            f"{log.read_text()}")
            try:
                if httpx.get(url + "/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"xl-addin serve did not answer in {START_TIMEOUT} s:\n"
                            f"{log.read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(tmp_path_factory.mktemp("serve") / "serve.log") as url:
        yield url


def test_the_served_refresh_writes_the_samples_eh1b_down_17_percent(base_url: str) -> None:
    response = httpx.post(f"{base_url}/xlwings/custom-scripts-call/refresh",
                          json=book_json(sample_sheets()),
                          headers={"Authorization": "", "Auth-Provider": ""}, timeout=120)
    assert response.status_code == 200, response.text
    actions = response.json()["actions"]
    painted = replay(actions)
    # EH1b is row 6: AD6 the arrow, AE6 the change, 280 against 339.
    assert painted.values[(0, 5, 29)] == "▼"
    assert painted.values[(0, 5, 30)] == pytest.approx(280 / 339 - 1)
    assert painted.formats[(0, 5, 30)] == "+0%;-0%;0%"  # signed, like the variances
    assert "Data checks" in {a["args"][1] for a in actions if a["func"] == "addSheet"}
    [alert] = [a for a in actions if a["func"] == "alert"]
    assert alert["args"][0].startswith("Refreshed Aug-20 (9 indicators on 'Early Help'): "
                                       "changed 90 of the 90 cells")


def test_the_served_manifest_and_task_pane(base_url: str) -> None:
    manifest = httpx.get(f"{base_url}/manifest", timeout=30).text
    assert "<FunctionName>eh-refresh</FunctionName>" in manifest
    assert f"<SourceLocation DefaultValue=\"{base_url}/taskpane.html\" />" in manifest
    pane = httpx.get(f"{base_url}/taskpane.html", timeout=30).text
    assert 'id="eh-explain"' in pane


def test_the_served_refusal_is_one_line(base_url: str) -> None:
    response = httpx.post(f"{base_url}/xlwings/custom-scripts-call/refresh",
                          json=book_json({"Notes": [["hello"]]}), timeout=60)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("no sheet holds a dashboard table")


def test_with_entra_id_every_route_needs_a_token_and_the_manifest_asks_for_it(
        tmp_path: Path) -> None:
    client_id = "11111111-2222-3333-4444-555555555555"
    with served(tmp_path / "serve.log", XLWINGS_AUTH_PROVIDERS='["entraid"]',
                XLWINGS_AUTH_ENTRAID_CLIENT_ID=client_id,
                XLWINGS_AUTH_ENTRAID_TENANT_ID="66666666-7777-8888-9999-000000000000",
                XLWINGS_AUTH_REQUIRED_ROLES='["EarlyHelp.Analyst"]') as url:
        manifest = httpx.get(f"{url}/manifest", timeout=30).text
        assert f"<Id>{client_id}</Id>" in manifest  # WebApplicationInfo: Office SSO
        # No token: refused before the workbook is read (the token check needs no network).
        response = httpx.post(f"{url}/xlwings/custom-scripts-call/refresh",
                              json=book_json(sample_sheets()), timeout=60)
        assert response.status_code == 401
        assert "actions" not in response.json()
        body = {"func_name": "EH_ARROW", "args": [[[-0.2]]], "caller_address": "Sheet1!A1",
                "version": "0.37.8", "client": "Office.js", "runtime": "1.4"}
        response = httpx.post(f"{url}/xlwings/custom-functions-call", json=body,
                              headers={"Authorization": "not a token"}, timeout=60)
        assert response.status_code == 401


def test_with_certs_it_serves_https(tmp_path: Path) -> None:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    certs = tmp_path / "certs"
    certs.mkdir()
    (certs / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (certs / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*xl_addin_command(), "serve", "--port", str(port), "--certs", str(certs)],
            stdout=out, stderr=subprocess.STDOUT, env=server_env(), cwd=tmp_path)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, log.read_text()
            try:
                # The self-made certificate is not trusted; this checks TLS is spoken.
                response = httpx.get(f"https://127.0.0.1:{port}/", verify=False, timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
        assert response.json() == {"status": "ok"}
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/", timeout=5)  # no plain HTTP beside it
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_served_board_pack_downloads_over_loopback(base_url: str) -> None:
    import io
    import json
    import re

    from pypdf import PdfReader

    response = httpx.post(f"{base_url}/eh/pane/board_pack",
                          data={"bookData": json.dumps(book_json(sample_sheets()))},
                          timeout=300)
    assert response.status_code == 200, response.text
    href = re.search(r'class="[^"]*eh-download[^"]*" href="([^"]+)"', response.text)
    assert href is not None, response.text
    url = href.group(1) if href.group(1).startswith("http") else base_url + href.group(1)
    assert url.startswith(base_url)
    pdf = httpx.get(url, timeout=60)
    assert pdf.status_code == 200
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == 11
