"""pandas costs 0.2-0.3 s to import, 40% of a 1,000-indicator refresh: the refresh never loads it.

Each check runs in a fresh interpreter, so nothing another test imported counts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REFRESH = """
import sys
from pathlib import Path
from xl_addin.files import open_file_workbook
from xl_addin.service import refresh_workbook
from xl_addin.templates import SAMPLE_NAME, template_path

book = open_file_workbook(template_path(SAMPLE_NAME))
result = refresh_workbook(book)
written = book.save(Path(sys.argv[1]), backup=False)
assert len(result.results) > 0 and Path(written).exists()
print('pandas' in sys.modules)
"""


def _loads_pandas(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


def test_a_file_refresh_does_not_import_pandas(tmp_path: Path) -> None:
    assert _loads_pandas(REFRESH, str(tmp_path / "out.xlsx")) == "False"


def test_the_cli_does_not_import_pandas() -> None:
    assert _loads_pandas("import sys, xl_addin.cli; print('pandas' in sys.modules)") == "False"
