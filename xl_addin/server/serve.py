"""`xl-addin serve`: run the add-in's xlwings Server with uvicorn.

Office.js add-ins load only over HTTPS, so the server takes a folder of
certificates; plain HTTP is allowed only on a loopback address (development and
tests), where nothing leaves the machine.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

from xl_addin.server.app import ServerSetupError, build_app


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def certificate_files(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) in `folder`: cert.pem and key.pem, or mkcert's NAME.pem and
    NAME-key.pem (what `xlwings-server` and mkcert make)."""
    if not folder.is_dir():
        raise ServerSetupError(f"--certs {folder}: no such folder.",
                               hint="Give the folder that holds the certificate and its key.")
    if (folder / "cert.pem").is_file() and (folder / "key.pem").is_file():
        return folder / "cert.pem", folder / "key.pem"
    keys = sorted(folder.glob("*-key.pem"))
    pairs = [(k.with_name(k.name.removesuffix("-key.pem") + ".pem"), k) for k in keys]
    pairs = [(c, k) for c, k in pairs if c.is_file()]
    if len(pairs) != 1:
        found = ", ".join(p.name for p in sorted(folder.glob("*.pem"))) or "no .pem files"
        raise ServerSetupError(
            f"--certs {folder}: expected cert.pem and key.pem, or one NAME.pem with "
            f"NAME-key.pem; found {found}.",
            hint="mkcert makes such a pair; docs/server.md says how.")
    return pairs[0]


def serve(host: str, port: int, certs: Path | None) -> None:
    """Start the server; returns when it is stopped."""
    if certs is None and not is_loopback(host):
        raise ServerSetupError(
            f"--host {host} is reachable from other machines, so the server needs HTTPS: "
            "give --certs DIR with the certificate and key (plain HTTP is only for "
            "127.0.0.1 / localhost).",
            hint="Or serve on 127.0.0.1 to try the add-in on this computer only.")
    tls = certificate_files(certs) if certs is not None else None
    app = build_app()
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="info", access_log=True,
                ssl_certfile=str(tls[0]) if tls else None,
                ssl_keyfile=str(tls[1]) if tls else None)
