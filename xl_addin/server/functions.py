"""The EH_ worksheet functions as xlwings Server custom functions: `=EH.CHANGE(...)`.

The functions are udfs.py's own, registered again with xlwings Server's decorators
from the argument options udfs.py declares (udfs.ARGUMENTS), so no rule or argument
is written twice. Each is wrapped, not re-decorated: the classic decorators may
already have marked the original for Windows Excel. The wrapper changes one thing:
a missing result ('n/a' in classic Excel) is sent as Excel's real #N/A error, which
Office.js custom functions can return. The namespace 'EH' comes from the manifest
(XLWINGS_FUNCTIONS_NAMESPACE), the short names from here: EH_CHANGE reads EH.CHANGE.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, Final

from xlwings.server import arg, func

from xl_addin import udfs
from xl_addin.core.vocab import NOT_AVAILABLE

PREFIX: Final = "EH_"
EXCEL_NA: Final = "#N/A"
"""xlwings turns this text into Excel's #N/A error for Office.js."""


def office_value(value: Any) -> Any:
    """A udfs.py result as Office.js should get it: 'n/a' becomes #N/A, even in arrays."""
    if isinstance(value, list):
        return [office_value(v) for v in value]
    return EXCEL_NA if value == NOT_AVAILABLE else value


def custom_function(original: Callable[..., Any]) -> Callable[..., Any]:
    """`original` registered for xlwings Server under its name without the EH_ prefix."""
    def call(*args: Any) -> Any:
        return office_value(original(*args))

    # No __dict__ copied: it may hold the classic add-in's __xlfunc__.
    update_wrapper(call, original, updated=())
    for name, options in udfs.ARGUMENTS.get(original.__name__, []):
        call = arg(name, **options)(call)
    # Last, as a decorator would be: arg() re-registers and would drop the name.
    return func(name=original.__name__.removeprefix(PREFIX))(call)


FUNCTIONS: Final[dict[str, Callable[..., Any]]] = {
    name: custom_function(getattr(udfs, name)) for name in udfs.__all__
}
"""By xlwings id (EH_CHANGE), as xlwings Server looks them up in the module."""
