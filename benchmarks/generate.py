"""Generate benchmark dashboards: N indicators x M months in the seed's layout.

Two flavours of the same data:
- `plain`: derived columns empty, for `xl-addin refresh` (and openpyxl, calamine);
- `formulas`: derived columns as native Excel formulas, what an analyst doing it by
  hand has, for LibreOffice's headless recalculation.
About 2% of the month cells are 'tbc'. Deterministic for a given size.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

TBC_SHARE = 0.02
HEADER_ROW = 2  # 0-based: title, legend, then headers (the seed's shape)
FIRST_MONTH_COL = 5


def month_list(count: int, last: dt.date = dt.date(2020, 8, 1)) -> list[dt.date]:
    index = last.year * 12 + last.month - 1
    return [dt.date((index - k) // 12, (index - k) % 12 + 1, 1) for k in range(count - 1, -1, -1)]


def derived_headers() -> list[str | None]:
    return ["Change from prev. period", None, "% change from same period py", None, "DoT",
            "12-mnth avg", "12-mnth max.", "%?", "England", "SE region", "Stat neighbours",
            "Target 20-21", "Variance to target", "Variance %", "RAG", "Commentary"]


def generate(path: Path, indicators: int, months: int, *, formulas: bool = False) -> Path:
    rng = random.Random(indicators * 1000 + months)
    # Shared strings, as Excel itself saves (constant_memory would write inline strings).
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Early Help")
    month_format = book.add_format({"num_format": "mmm-yy"})
    sheet.write(0, 0, "Children and Families - Early Help")
    sheet.write(1, 0, f"{month_list(months)[-1]:%b-%y} Early Help monthly dataset")
    header = ["Ref.", "Indicator", "Owner", "Reporter", "Outcome"]
    for col, text in enumerate(header):
        sheet.write(HEADER_ROW, col, text)
    for k, month in enumerate(month_list(months)):
        sheet.write_datetime(HEADER_ROW, FIRST_MONTH_COL + k,
                             dt.datetime(month.year, month.month, 1), month_format)
    after = FIRST_MONTH_COL + months
    for k, text in enumerate(derived_headers()):
        if text is not None:
            sheet.write(HEADER_ROW, after + k, text)
    last_col = after - 1
    for i in range(indicators):
        row = HEADER_ROW + 1 + i
        sheet.write_string(row, 0, f"IND{i:05d}")
        sheet.write_string(row, 1, f"Number of things counted in the month, series {i}")
        sheet.write_string(row, 2, "Owner")
        sheet.write_string(row, 3, "Reporter")
        sheet.write_string(row, 4, "Outcome")
        level = rng.randint(20, 3000)
        for k in range(months):
            if rng.random() < TBC_SHARE:
                sheet.write_string(row, FIRST_MONTH_COL + k, "tbc")
            else:
                sheet.write_number(row, FIRST_MONTH_COL + k, round(level * rng.uniform(0.8, 1.2)))
        sheet.write_string(row, after + 7, "-")
        for k in (8, 9, 10):
            sheet.write_number(row, after + k, round(level * rng.uniform(0.9, 1.1)))
        sheet.write_number(row, after + 11, round(level * rng.uniform(0.9, 1.1)))
        if formulas:
            _write_formulas(sheet, row, after, last_col)
        sheet.write_string(row, after + 15, "Commentary text for the board.")
    book.close()
    return path


def _write_formulas(sheet: xlsxwriter.worksheet.Worksheet, row: int, after: int,
                    last_col: int) -> None:
    """The derived columns as an analyst would type them, rule for rule."""
    cur = xl_rowcol_to_cell(row, last_col)
    prev = xl_rowcol_to_cell(row, last_col - 1)
    year = xl_rowcol_to_cell(row, last_col - 12)
    window = (f"{xl_col_to_name(last_col - 11)}{row + 1}:{xl_col_to_name(last_col)}{row + 1}")
    target = xl_rowcol_to_cell(row, after + 11)

    def change(other: str) -> str:
        return (f"IF(AND(ISNUMBER({cur}),ISNUMBER({other}),{other}<>0),"
                f'({cur}-{other})/ABS({other}),"n/a")')

    def arrow(cell: str) -> str:
        return f'IF(ISNUMBER({cell}),IF({cell}>=0.1,"▲",IF({cell}<=-0.1,"▼","►")),"•")'

    prev_cell = xl_rowcol_to_cell(row, after + 1)
    year_cell = xl_rowcol_to_cell(row, after + 3)
    sheet.write_formula(row, after + 1, "=" + change(prev))
    sheet.write_formula(row, after, "=" + arrow(prev_cell))
    sheet.write_formula(row, after + 3, "=" + change(year))
    sheet.write_formula(row, after + 2, "=" + arrow(year_cell))
    sheet.write_formula(row, after + 4, f"=IF(ISNUMBER({year_cell}),{arrow(year_cell)},"
                                        f"{arrow(prev_cell)})")
    sheet.write_formula(row, after + 5, f'=IFERROR(AVERAGE({window}),"n/a")')
    sheet.write_formula(row, after + 6, f'=IF(COUNT({window})>0,MAX({window}),"n/a")')
    sheet.write_formula(row, after + 12, f'=IF(AND(ISNUMBER({cur}),ISNUMBER({target})),'
                                         f'{cur}-{target},"n/a")')
    sheet.write_formula(row, after + 13, f'=IF(AND(ISNUMBER({cur}),ISNUMBER({target}),'
                                         f'{target}<>0),({cur}-{target})/ABS({target}),"n/a")')
    sheet.write_formula(row, after + 14, f'=IF(AND(ISNUMBER({cur}),ISNUMBER({target})),'
                                         f'IF({cur}>={target},"Green",IF({cur}>={target}*0.95,'
                                         f'"Amber","Red")),"n/a")')


if __name__ == "__main__":
    import sys

    n, m = int(sys.argv[1]), int(sys.argv[2])
    out = Path(sys.argv[3] if len(sys.argv) > 3 else f"dash_{n}x{m}.xlsx")
    generate(out, n, m, formulas="--formulas" in sys.argv)
    print(out)
