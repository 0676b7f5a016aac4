"""The pure core: rules, periods, values, layout detection and the plan of cell writes.

Nothing in here imports xlwings, openpyxl, lxml or touches a file (a test enforces it).
"""
