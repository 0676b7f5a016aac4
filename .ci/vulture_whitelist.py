"""Names vulture cannot see being used: `uv run vulture xl_addin .ci/vulture_whitelist.py
--min-confidence 60` (run by .ci/run). vulture only parses this file; it is never run.

Add a name here only when something outside our code calls or reads it (a framework, Excel,
a user's own Python), with the reason. Dead code is removed, not listed.
"""
# ruff: noqa: B018, F821

# -- typer calls these: the commands' functions and the group callback ------------------
_group  # xl_addin/cli.py: @app.callback(), run before every command
board_report  # xl_addin/cli.py: @app.command("report")
_.on_broken_pipe  # xl_addin/cli.py: rich.Console calls it when the output's reader has gone
_.quiet  # xl_addin/cli.py: rich.Console reads it before each print
EXIT_USAGE  # xl_addin/cli.py: click's usage exit code, documented beside the others (tests)

# -- xlwings and Excel's object model read these attributes when they are set -----------
_.color  # xl_addin/adapters/xlwings_book.py: Range.color, Font.color
_.column_width  # xl_addin/adapters/xlwings_book.py: Range.column_width
_.wrap_text  # xl_addin/adapters/xlwings_book.py: Range.wrap_text
_.vertical_alignment  # xl_addin/adapters/xlwings_book.py: Range.vertical_alignment
_.FreezePanes  # xl_addin/adapters/xlwings_book.py: Excel's Window.FreezePanes (COM)
_.SplitColumn  # xl_addin/adapters/xlwings_book.py: Excel's Window.SplitColumn (COM)
_.SplitRow  # xl_addin/adapters/xlwings_book.py: Excel's Window.SplitRow (COM)
_.PlotBy  # xl_addin/adapters/xlwings_book.py: Excel's SparklineGroup.PlotBy (COM)
_.DisplayBlanksAs  # xl_addin/adapters/xlwings_book.py: SparklineGroup.DisplayBlanksAs (COM)
_.Visible  # xl_addin/adapters/xlwings_book.py: SparkPoints' Highpoint.Visible ... (COM)
_.RightToLeftPlotOrder  # xl_addin/adapters/xlwings_book.py: SparkHorizontalAxis (COM)

# -- keys of the --json documents (TypedDicts in xl_addin/core/describe.py): set by
# subscript or in dict literals, read by json.dumps and by the scripts that read the JSON
arrow_column
value_column
table_cell
chosen_because
ref_column
indicator_column
keyed_by
other_columns
section_headings
left_alone
indicator_rows
reporting_period
written_to
would_change

# -- called from outside the package -----------------------------------------------------
_.to_frame  # xl_addin/core/results.py: Results as pandas, for an analyst's own Python
current_user  # xl_addin/server/pane.py: FastAPI resolves it (the signed-in user) per request

_.download  # xl_addin/server/actions.py: Outcome.download, read by templates/eh_result.html
refresh_workbook  # xl_addin/service.py: the library call (refresh without counting), used by tests
