"""Build the add-in as a static xlwings Wasm site (browser-only, no Python server).

    XLWINGS_LICENSE_KEY=noncommercial uv run --extra server python scripts/build_wasm.py \\
        https://static.council.example/eh-addin --out dist/wasm

Runs xlwings Server's own `xlwings-server build wasm` on a copy of the add-in's project
folder (xl_addin/server/project) to which it adds this package's wheel and a
wasm/requirements.txt, so Pyodide installs xl_addin with only its base dependencies
(numpy and xlwings: the live-Excel path). Upload the output folder to the static host
and deploy its manifest.xml. Limits: docs/server.md, "Browser-only option".
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xl_addin.server.app import DEFAULTS, PROJECT_DIR  # noqa: E402


def build(url: str, out: Path) -> Path:
    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        raise SystemExit("Set XLWINGS_LICENSE_KEY ('noncommercial' for a council; see "
                         "docs/server.md).")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(["uv", "build", "--wheel", "--out-dir", str(work / "wheels")],
                       cwd=ROOT, check=True)
        [wheel] = (work / "wheels").glob("xl_addin-*.whl")
        project = work / "project"
        shutil.copytree(PROJECT_DIR, project, ignore=shutil.ignore_patterns("__pycache__"))
        (project / "static" / "wheels").mkdir(parents=True)
        shutil.copy(wheel, project / "static" / "wheels" / wheel.name)
        (project / "wasm").mkdir()
        (project / "wasm" / "requirements.txt").write_text(
            f"xlwings==0.37.8\nnumpy\n/static/wheels/{wheel.name}\n")
        app_path = urlparse(url).path.rstrip("/")
        env = {**os.environ, **{k: os.environ.get(k, v) for k, v in DEFAULTS.items()},
               "XLWINGS_PROJECT_DIR": str(project), "XLWINGS_ENABLE_WASM": "true",
               "XLWINGS_ENABLE_SOCKETIO": "false", "XLWINGS_APP_PATH": app_path,
               "XLWINGS_STATIC_URL_PATH": f"{app_path}/static", "DOTENV_PATH": os.devnull}
        command = Path(sys.executable).with_name("xlwings-server")
        subprocess.run([str(command), "build", "wasm", url, "--output-dir", str(out.resolve())],
                       cwd=project, env=env, check=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="where the static site will be served, https://...")
    parser.add_argument("--out", type=Path, default=Path("dist/wasm"))
    args = parser.parse_args()
    print(f"Built {build(args.url, args.out)}")


if __name__ == "__main__":
    main()
