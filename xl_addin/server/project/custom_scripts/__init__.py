"""xlwings Server loads the custom scripts from this module (see xl_addin.server.scripts)."""

from xl_addin.server.scripts import add_month, check_data, explain, refresh

__all__ = ["add_month", "check_data", "explain", "refresh"]
