"""Refreshing cells: the sheet writer, styles, and the parts of a sheet we add (Data checks)."""
