"""xlwings Server loads the custom functions from this module (see xl_addin.server.functions)."""

from xl_addin.server.functions import FUNCTIONS

globals().update(FUNCTIONS)
__all__ = sorted(FUNCTIONS)  # noqa: PLE0605
