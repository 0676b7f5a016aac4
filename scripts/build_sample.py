"""Build workbook_templates/early_help_dashboard.xlsx from the seed's Aug-20 dataset.

Run: uv run python scripts/build_sample.py
The visible months (Feb-20 to Aug-20) and the commentary are the seed's. The hidden
months Sep-18 to Jan-20 are invented so that the 12-month average, maximum and the
change from the same period last year come out as the seed printed them (see docs/development.md).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

OUT = Path(__file__).resolve().parents[1] / "workbook_templates" / "early_help_dashboard.xlsx"
# Sep-18 .. Aug-20
MONTHS = [dt.datetime(2018 + (8 + i) // 12, (8 + i) % 12 + 1, 1) for i in range(24)]
FIRST_VISIBLE = 17  # Feb-20
SEED_OUTCOME = ("Outcome (what impact will monitoring these measures have on the experiences "
                "of our children)")

# Ref, indicator, owner, reporter, outcome, Feb-20..Aug-20 (seed), hidden Sep-19..Jan-20
# (chosen so the seed's 12-month avg / max come out), Aug-19 (from the seed's % change py).
INDICATORS = [
    ("EH1a", "Number of Early Help Assessment (EHA) started in the month", "Sharon Hawkins",
     "Sean Holehouse",
     "Children and families benefit from an early help offer that is rooted in a good "
     "understanding of their needs.",
     [None, 113, 79, 79, 96, 139, 132], [118, 205, 130, 98, 87], 126),
    ("EH1c", "Number of Early Help Assessment (EHA) completed in the month INCLUDING adults "
     "aged 21+", "Sharon Hawkins", "Sean Holehouse",
     "Assessments are completed for adult family members where a need for support is "
     "identified.",
     [224, 280, 182, 182, 258, 278, 263], [322, 205, 201, 180, 185], 233),
    ("EH1b", "Number of Early Help Plans (EHPs) opened in the month (includes EHPs completed, "
     "and those still open at end of period)", "Sharon Hawkins", "Sean Holehouse",
     "Children and families benefit from early help plans that meet their presenting needs.",
     [184, 205, 219, 219, 233, 339, 280], [190, 215, 188, 172, 220], 180),
    ("EH14I", "Number of Early Help Assessment (EHA) completed, EXCLUDING adults aged 21+",
     "Sharon Hawkins", "Sean Holehouse",
     "Assessments are completed for children where a need for early help support is "
     "identified.",
     [166, 190, 122, 122, 192, 186, 177], [229, 150, 160, 140, 134], 160),
    ("CIN5", "Number of all Children in Need (CiN) (including Child Protection (CP) / Looked "
     "after Children (LAC) / Care Leavers", "Sharon Hawkins", "Stuart Webb",
     "Children and families receive support safely, at the right threshold and in a timely "
     "manner; supported by the interface between Early Help and Social Care.",
     [2437, 2367, 2345, 2345, 2339, 2363, 2256], [2874, 2780, 2650, 2600, 2512], 2930),
    ("LSCB1", "Percentage of 16-17 year olds NEET or whose activity is not known",
     "Denise Edghill", "Debbie Blythe",
     "Young people benefit from effective work to engage them in education, training and "
     "employment.",
     [None, None, None, None, "tbc", "tbc", "tbc"], [None, None, None, None, 0.068], None),
    None,  # the seed's blank separator row
    ("YO2", "Number of first time entrants to the Youth Justice System per 100,000 10-17 year "
     "olds in period", "Denise Edghill", "Debbie Blythe",
     "Young people are appropriately diverted from entry into the criminal justice system "
     "through the local diversion / prevention offer.",
     [None, None, None, None, "tbc", "tbc", "tbc"], [None] * 5, None),
    ("FM011", "Families attached per quarter", "Sharon Hawkins", "Sean Holehouse",
     "Families benefit from a robust local Troubled Families offer. (Families Matter)",
     [None, None, None, None, "tbc", "tbc", "tbc"], [90, None, None, None, None], None),
    ("FM012", "Payment per result (PBR) claims attached per quarter", "", "",
     "Family engagement in the Families Matter programme translates into PBR, for further "
     "investment into the programme.",
     [None, None, None, None, "tbc", "tbc", "tbc"], [153, None, None, None, None], None),
]
# Target 18-19, 19-20, 20-21. EH1c and YO2 are the seed's; EH1a, EH1b, CIN5 are invented
# so that the sample shows a RAG rating (the seed's 20-21 targets are TBC or blank).
TARGETS = {"EH1c": (288, 336, "TBC"), "YO2": (417, 327, 256), "EH1a": (None, None, 130),
           "EH1b": (None, None, 250), "CIN5": (None, None, 2300)}
COMMENTARY = {
    "EH1a": "Numbers of new referrals have stabilised following initial drop during "
    "'lockdown' and are 5% higher than the same period last year (NB. EH Hub commenced in mid "
    "June 2019). Anticipation that EH Hub referrals from schools will increase by October "
    "half term. An interim Team (using 5 existing Snr FSW staff) delivering shorter "
    "interventions (8 weeks) with ~30 families with child behaviour presenting need to avoid "
    "'waiting lists' forming for families due to increased summer referrals. An Early Help "
    "Dashboard is being developed to track the Early Help Pathway so that referral rate, hub "
    "decision and service/team destination for EHA's started within the current receiving x3 "
    "locality EH, EH Hub Rapid Response, Family Partnership & Inclusion & Diversions teams. "
    "Dashboard is now scheduled to go live from September due to delays caused by COVID-19.",
    "EH1c": "See above",
    "EH1b": "The rate of opened EHP's has reduced more (17%) month on month than number of new "
    "EHA's opened and this is due to the <30 day EHA standard, plus the measure also includes "
    "those EHP's still open at the end of the month. Teams continue to focus on timely case "
    "closures to support families self reliance and case throughput. EH locality case holding "
    "(Snr FSW) service capacity is 100% (Central 83% / West 120% / East 98%). Total families "
    "open to locality Snr FSW's is 351 (725 children) - Central 90 / West 131 / East 130 "
    "(excluding L2/UP Sure Start & Housing targeted work identified as meeting TF criteria & "
    "tracked within the FM cohort).",
    "EH14I": "Summer project cases (~30 families) to be reviewed at the end of September by a "
    "special Resources Panel to decide on assessment / plan progression & agree 'step down' "
    "planning to U/UP with schools using VCSE partners (e.g. Safe Families contract) to "
    "support TAF 'back to school' transition next term. For those cases where complexity & "
    "risk factors not sufficiently reduced, cases will proceed to full EHA & longer term EHP "
    "as BAU. Early Help Assessments are undertaken holistically with a child 'lived "
    "experience' focus and within the Locality EH teams are mandated to use the Outcome Star "
    "tool with individual children (age appropriate) to support engagement and strength "
    "based practice.",
    "FM011": "The targets for 2020/21 have been revised to account for the Coronavirus Public "
    "Health Emergency. Our attachment target is 223 families to be worked with (discreet "
    "target for 2020/21). The revised attachment target has been achieved in QTR 1 through "
    "existing attachments over and above the previous target (2775 above 2230). "
    "Approximately 20 additional families need to be attached per month to realise the PbR "
    "target based upon a 40% conversion rate.",
    "FM012": "36 successfully worked with families (PbR certified claims) for QTR 1. This is a "
    "reduction on last year's quarterly average of ~100 with evidence of C-19 impacted "
    "regression on families FM outcomes (DV, worklessness, school attendance). The targets "
    "for 2020/21 have been revised to account for the Coronavirus Public Health Emergency & "
    "an adaptation made on school attendance made for QTR 2. Staff continue to work with any "
    "family requiring support. The new target of 371 PBR, assuming a 40% conversion rate, "
    "would require an attached cohort of around 928 families. We are current tracking 769 "
    "families, which means a further minimum attachment of 159 attachments is required - 20 "
    "per month (or around 5 per week) between now and December 2020, to allow tracking of "
    "outcomes and claims to be submitted by March 2021. Additional attachments can be made by "
    "reintroducing wider Children's Services activity back into the cohort (coding issues to "
    "be addressed), introducing Solent public health ECHO activity (FM data sharing agreement "
    "recently approved), and improving the quality of recording of cases on PARIS to meet the "
    "required standard for attachment.",
}
SETTINGS = [  # Ref, polarity, unit, frequency, threshold, tolerance, why
    ("EH1a", "higher is better", "count", "monthly", 0.10, 0.05,
     "More families reached early"),
    ("EH1c", "higher is better", "count", "monthly", 0.10, 0.05, ""),
    ("EH1b", "higher is better", "count", "monthly", 0.10, 0.05, ""),
    ("EH14I", "higher is better", "count", "monthly", 0.10, 0.05, ""),
    ("CIN5", "lower is better", "count", "monthly", 0.10, 0.05,
     "Early help should reduce statutory demand"),
    ("LSCB1", "lower is better", "%", "monthly", 0.01, 0.05,
     "Threshold in percentage points (1pp)"),
    ("YO2", "lower is better", "rate per 100,000", "monthly", 0.10, 0.05, ""),
    ("FM011", "higher is better", "count", "quarterly", 0.10, 0.05, ""),
    ("FM012", "higher is better", "count", "quarterly", 0.10, 0.05, ""),
]

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def history(rng: random.Random, around: list[float | None], n: int) -> list[float | None]:
    """Invented earlier months near the level of the known ones."""
    known = [v for v in around if isinstance(v, int | float)]
    if not known:
        return [None] * n
    mean = sum(known) / len(known)
    is_int = all(isinstance(v, int) for v in known)
    out = [mean * rng.uniform(0.85, 1.1) for _ in range(n)]
    return [round(v) if is_int else round(v, 3) for v in out]


def build() -> None:
    rng = random.Random(20200831)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Early Help"
    month_col0 = 6  # column F
    n_months = len(MONTHS)
    after = month_col0 + n_months  # first derived column
    cols = {
        "prev": after, "py": after + 2, "dot": after + 4, "avg": after + 5, "max": after + 6,
        "pct": after + 7, "eng": after + 8, "reg": after + 9, "sn": after + 10,
        "t1819": after + 11, "t1920": after + 12, "t2021": after + 13, "var": after + 14,
        "varpct": after + 15, "rag": after + 16, "comment": after + 17,
    }
    # Title, key and legend above the table, as in the seed.
    ws["A1"] = "Children and Families - Early Help"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].comment = Comment("Refreshed by the xl_addin ribbon button.", "Performance team")
    ws["A2"] = "Aug-20 Early Help monthly dataset"
    ws["A2"].font = Font(bold=True, size=12)
    ws["C1"] = "Qualitative measures:"
    for i, (label, fill, font) in enumerate([("Positive", "C6EFCE", "006100"),
                                             ("Similar", "FFEB9C", "9C5700"),
                                             ("Negative", "FFC7CE", "9C0006")]):
        cell = ws.cell(row=2, column=3 + i, value=label)
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(color=font)
    ws.cell(row=1, column=month_col0 + FIRST_VISIBLE, value="Key to direction of travel:")
    for i, label in enumerate(["▲ Increase 10% or more", "► Similar", "▼ Decrease 10% or more"]):
        ws.cell(row=2, column=month_col0 + FIRST_VISIBLE + 2 * i, value=label)
    ws.cell(row=2, column=cols["eng"], value="Benchmarking")
    ws.merge_cells(start_row=2, end_row=2, start_column=cols["eng"], end_column=cols["sn"])
    ws.cell(row=2, column=cols["t1819"], value="Targets")
    ws.merge_cells(start_row=2, end_row=2, start_column=cols["t1819"], end_column=cols["t2021"])
    ws.cell(row=2, column=cols["var"], value="Against target")
    ws.merge_cells(start_row=2, end_row=2, start_column=cols["var"], end_column=cols["rag"])
    for cell in (ws.cell(row=2, column=cols[k]) for k in ("eng", "t1819", "var")):
        cell.alignment = Alignment(horizontal="center")
        cell.font = Font(bold=True)

    header = ["Ref.", "Indicator", "Owner", "Reporter", SEED_OUTCOME]
    for c, text in enumerate(header, start=1):
        ws.cell(row=3, column=c, value=text)
    for i, month in enumerate(MONTHS):
        cell = ws.cell(row=3, column=month_col0 + i, value=month)
        cell.number_format = "mmm-yy"
    headers = {
        "prev": "Change from prev. period", "py": "% change from same period py",
        "dot": "DoT", "avg": "12-mnth avg", "max": "12-mnth max.", "pct": "%?",
        "eng": "England (Updated Mar-19 using ENG 17-18 data)", "reg": "SE region",
        "sn": "Stat neighbours", "t1819": "Target 18-19", "t1920": "Target 19-20",
        "t2021": "Target 20-21", "var": "Variance to target", "varpct": "Variance %",
        "rag": "RAG", "comment": "Commentary",
    }
    for key, text in headers.items():
        ws.cell(row=3, column=cols[key], value=text)
    ws.merge_cells(start_row=3, end_row=3, start_column=cols["prev"], end_column=cols["prev"] + 1)
    ws.merge_cells(start_row=3, end_row=3, start_column=cols["py"], end_column=cols["py"] + 1)
    for c in range(1, cols["comment"] + 1):
        cell = ws.cell(row=3, column=c)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = BORDER
    ws.row_dimensions[3].height = 60

    row = 4
    first_data_row = row
    for spec in INDICATORS:
        if spec is None:
            row += 1
            continue
        ref, name, owner, reporter, outcome, visible, hidden, aug19 = spec
        known = [v for v in visible + hidden if isinstance(v, int | float)]
        older = history(rng, known, 11) if ref not in ("LSCB1", "YO2", "FM011", "FM012") else [
            None] * 11
        # Sep-18..Jul-19, Aug-19, Sep-19..Jan-20, Feb-20..Aug-20
        values = [*older, aug19, *hidden, *visible]
        assert len(values) == n_months, ref
        for c, text in enumerate([ref, name, owner, reporter, outcome], start=1):
            cell = ws.cell(row=row, column=c, value=text or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, value in enumerate(values):
            cell = ws.cell(row=row, column=month_col0 + i, value=value)
            cell.number_format = "0.0%" if ref == "LSCB1" else "#,##0"
            cell.alignment = Alignment(horizontal="center", vertical="top")
        ws.cell(row=row, column=cols["pct"], value="Y" if ref == "LSCB1" else "-")
        for key in ("eng", "reg", "sn"):
            ws.cell(row=row, column=cols[key], value="-")
        for key, target in zip(("t1819", "t1920", "t2021"), TARGETS.get(ref, ("-",) * 3),
                               strict=True):
            ws.cell(row=row, column=cols[key], value=target)
        comment = ws.cell(row=row, column=cols["comment"], value=COMMENTARY.get(ref))
        comment.alignment = Alignment(wrap_text=True, vertical="top")
        for c in range(1, cols["comment"] + 1):
            ws.cell(row=row, column=c).border = BORDER
        for key in ("prev", "py", "dot", "avg", "max", "var", "varpct", "rag"):
            ws.cell(row=row, column=cols[key]).alignment = Alignment(horizontal="center",
                                                                   vertical="top")
        ws.cell(row=row, column=cols["prev"] + 1).alignment = Alignment(horizontal="center",
                                                                      vertical="top")
        ws.cell(row=row, column=cols["py"] + 1).alignment = Alignment(horizontal="center",
                                                                    vertical="top")
        ws.row_dimensions[row].height = 45
        row += 1
    last_data_row = row - 1

    # Older months hidden and grouped, as analysts keep them.
    first_hidden = get_column_letter(month_col0)
    last_hidden = get_column_letter(month_col0 + FIRST_VISIBLE - 1)
    ws.column_dimensions.group(first_hidden, last_hidden, hidden=True, outline_level=1)
    widths = {"A": 8, "B": 40, "C": 14, "D": 14, "E": 40}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    for key in ("prev", "py"):
        ws.column_dimensions[get_column_letter(cols[key])].width = 4
        ws.column_dimensions[get_column_letter(cols[key] + 1)].width = 8
    ws.column_dimensions[get_column_letter(cols["comment"])].width = 80
    ws.freeze_panes = ws.cell(row=4, column=3)

    # A conditional format: 'tbc' cells greyed, as the team does.
    month_range = (f"{get_column_letter(month_col0)}{first_data_row}:"
                   f"{get_column_letter(month_col0 + n_months - 1)}{last_data_row}")
    ws.conditional_formatting.add(
        month_range,
        CellIsRule(operator="equal", formula=['"tbc"'], fill=PatternFill("solid",
                                                                          fgColor="D9D9D9")),
    )
    wb.defined_names["DashboardMonths"] = DefinedName(
        "DashboardMonths", attr_text=f"'Early Help'!${first_hidden}$3:$"
        f"{get_column_letter(month_col0 + n_months - 1)}$3")

    # A chart of EH1b over the visible months, below the table.
    chart = LineChart()
    chart.title = "EH1b: Early Help Plans opened"
    chart.y_axis.title = "Plans"
    eh1b_row = first_data_row + 2
    data = Reference(ws, min_col=month_col0 + FIRST_VISIBLE, max_col=month_col0 + n_months - 1,
                     min_row=eh1b_row, max_row=eh1b_row)
    cats = Reference(ws, min_col=month_col0 + FIRST_VISIBLE, max_col=month_col0 + n_months - 1,
                     min_row=3, max_row=3)
    chart.add_data(data, from_rows=True, titles_from_data=False)
    chart.series[0].tx = SeriesLabel(v="EH1b")
    chart.legend = None
    chart.set_categories(cats)
    chart.height, chart.width = 7, 16
    ws.add_chart(chart, f"B{last_data_row + 3}")

    settings = wb.create_sheet("Settings")
    settings["A1"] = "Indicator settings: edit these to change how xl_addin judges each indicator."
    settings["A1"].font = Font(bold=True)
    head = ["Ref", "Polarity", "Unit", "Frequency", "Threshold", "Tolerance", "Notes"]
    for c, text in enumerate(head, start=1):
        cell = settings.cell(row=3, column=c, value=text)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    for r, spec in enumerate(SETTINGS, start=4):
        for c, value in enumerate(spec, start=1):
            cell = settings.cell(row=r, column=c, value=value or None)
            if c in (5, 6):
                cell.number_format = "0%"
    polarity_rule = DataValidation(type="list",
                                   formula1='"higher is better,lower is better,neutral"',
                                   allow_blank=True)
    unit_rule = DataValidation(type="list", formula1='"count,%,rate per 100,000"',
                               allow_blank=True)
    freq_rule = DataValidation(type="list", formula1='"monthly,quarterly"', allow_blank=True)
    for rule, letter in ((polarity_rule, "B"), (unit_rule, "C"), (freq_rule, "D")):
        settings.add_data_validation(rule)
        rule.add(f"{letter}4:{letter}200")
    for letter, width in {"A": 10, "B": 18, "C": 18, "D": 12, "E": 10, "F": 10, "G": 45}.items():
        settings.column_dimensions[letter].width = width
    settings["A15"] = ("Polarity: higher is better / lower is better / neutral (no judgement). "
                       "Unit: count, % (changes in percentage points) or rate per N. "
                       "Threshold: the change that earns an arrow (10%, or 1pp for percentages). "
                       "Tolerance: how far short of target is still amber (5%).")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    wb.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    build()
