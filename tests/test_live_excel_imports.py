"""The live-Excel path (ribbon macro, worksheet functions, the add-in's actions) needs
only numpy and xlwings: the browser-only (Wasm) add-in installs nothing else.

In a fresh interpreter every third-party package but numpy and xlwings is made
unimportable (the file adapter's, CLI's and report's libraries, and the optional ones
xlwings tries, as in a browser that has only these two), a ribbon refresh of the sample
runs on xlwings' remote engine, and the third-party packages it loaded are listed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from tests.xlwings.payload import book_json, sample_sheets

ALLOWED = {"numpy", "xlwings", "xl_addin"}

CHILD = textwrap.dedent(f"""
    import importlib.abc, json, sys

    class Missing(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            root = name.split(".")[0]
            if (root not in sys.stdlib_module_names and not root.startswith("_")
                    and root not in {sorted(ALLOWED)!r}):
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, Missing())
    import xlwings as xw
    from xlwings import main as xw_main
    if "remote" not in xw_main.engines.engines_by_name:
        from xlwings.pro import _xlremote
        xw_main.engines.add(xw_main.Engine(impl=_xlremote.engine))
    import xl_addin.udfs
    from xl_addin.macro import refresh_in_excel
    from xl_addin.server.actions import run_action

    book = xw.Book(json=json.load(sys.stdin))
    result = refresh_in_excel(book)
    checked = run_action(xw.Book(json=json.loads(sys.argv[1])), "check_data")
    roots = {{name.split(".")[0] for name in list(sys.modules)}}
    third_party = sorted(r for r in roots if r not in sys.stdlib_module_names
                         and not r.startswith("_"))
    print(json.dumps({{"indicators": len(result.results), "cells": len(result.plan),
                      "findings": [f.address for f in checked.findings],
                      "third_party": third_party}}))
""")


def test_a_ribbon_refresh_runs_with_numpy_and_xlwings_only() -> None:
    payload = json.dumps(book_json(sample_sheets()))
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial", "HOME": os.devnull}
    done = subprocess.run([sys.executable, "-c", CHILD, payload], input=payload, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["indicators"] == 9  # the sample's nine indicators
    assert report["cells"] == 90
    # The sample's EH1c has no 2020/21 target (TBC in AQ5): a data check says so.
    assert "'Early Help'!AQ5" in report["findings"]
    assert {"numpy", "xlwings"} <= set(report["third_party"]) <= ALLOWED, report["third_party"]
