"""Periods read from column headers: months, quarters, financial years and weeks.

A month header may be a real date, an Excel serial number (1900 or 1904 date
system), or text such as 'Mar-20', 'Mar 2020', 'March 2020', '2020-03', '03/2020';
French, German and Welsh month names are read too ('Mai-20', 'März 2020',
'Awst 2020'). Quarters: 'Q1 2023/24', '2023/24 Q1', 'Quarter 1 2023/24', 'Q1 23/24'
(financial-year quarters, April start), 'Q3 2023' (calendar), 'Apr-Jun 2023'.
Financial years: '2013/14', '2013-14', 'FY 2013/14', '2013/2014'. UK financial years
run April to March: FY 2020 is April 2020 to March 2021. Weeks are dates one week
apart; a single cell cannot say so, so the table decides (`weekly`).

An annotation after a header ('Nov-11 (provisional)', 'Jun-23*', 'Aug-20 p',
'Aug-20 (r)') is kept on the `PeriodHeader`. A header none of these reads is None,
never a guess: '2009/10' is a financial year, never October 2009.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise
from typing import ClassVar, Final, Literal

from .grid import CellValue

PeriodKind = Literal["month", "quarter", "year", "week"]
KIND_ORDER: Final[dict[PeriodKind, int]] = {"week": 0, "month": 1, "quarter": 2, "year": 3}
"""Finest first: the finest kind with two columns is a table's series."""
Annotation = Literal["provisional", "revised", "marked"]
QuarterStyle = Literal["fy", "calendar", "range"]

_ENGLISH: Final = [
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december"),
]
# French, German and Welsh names and their usual abbreviations (accents are dropped
# before lookup, so 'février' is 'fevrier'). None of them names another month in English.
_FOREIGN: Final = [
    ("janv", "janvier", "januar", "jan", "ion", "ionawr"),
    ("fevr", "fev", "fevrier", "februar", "chwef", "chwefror"),
    ("mars", "marz", "maerz", "mrz", "maw", "mawrth"),
    ("avr", "avril", "ebr", "ebrill"),
    ("mai",),
    ("juin", "juni", "meh", "mehefin"),
    ("juil", "juillet", "juli", "gorff", "gorffennaf"),
    ("aout", "awst"),
    ("sept", "septembre", "medi"),
    ("octobre", "okt", "oktober", "hyd", "hydref"),
    ("novembre", "tach", "tachwedd"),
    ("dez", "dezember", "decembre", "rhag", "rhagfyr"),
]
_MONTHS: Final = {
    name: i + 1
    for table in (_ENGLISH, _FOREIGN)
    for i, names in enumerate(table)
    for name in names
}
_MONTH_ABBR: Final = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                      "Nov", "Dec"]
_WORD: Final = r"[^\W\d_]{3,10}"
_TEXT_MONTH: Final = re.compile(rf"^({_WORD})\.?[\s\-/']*(\d{{2}}|\d{{4}})$")
_ISO_MONTH: Final = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ T]\d.*)?$")
_NUMERIC_MONTH: Final = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_FY: Final = re.compile(r"(?<!\d)(\d{4}|\d{2})\s*[-/–_ ]\s*(\d{4}|\d{2})(?!\d)")
_YEAR_PAIR: Final = r"(\d{4}|\d{2})\s*[-/–]\s*(\d{4}|\d{2})"
_FY_HEADER: Final = re.compile(rf"^(?:fy\s*)?(\d{{4}})\s*([-/–])\s*(\d{{4}}|\d{{2}})$|"
                               rf"^fy\s*{_YEAR_PAIR}$", re.IGNORECASE)
_Q: Final = r"(?:q|qtr|quarter)\s*([1-4]|one|two|three|four)"
_QUARTER_WORDS: Final = {"one": 1, "two": 2, "three": 3, "four": 4}
_FY_QUARTER: Final = re.compile(
    rf"^{_Q}\s*[,\-:]?\s*(?:fy\s*)?{_YEAR_PAIR}$|^(?:fy\s*)?{_YEAR_PAIR}\s*[,\-:]?\s*{_Q}$",
    re.IGNORECASE)
_CALENDAR_QUARTER: Final = re.compile(rf"^{_Q}\s*[,\-:]?\s*(\d{{4}})$|^(\d{{4}})\s*[,\-:]?\s*{_Q}$",
                                      re.IGNORECASE)
_RANGE_QUARTER: Final = re.compile(
    rf"^({_WORD})\.?\s*(?:[-–/]|\bto\b)\s*({_WORD})\.?[\s\-/']*(\d{{4}}|\d{{2}})$",
    re.IGNORECASE)
_WEEK_TEXT: Final = re.compile(
    r"^(?:week\s*(?:commencing|beginning|ending|starting|of)?|wk\s*(?:commencing|beginning|"
    r"ending)?|w/c|w/e|wc|we)(?![a-z])\.?:?\s*(.+)$", re.IGNORECASE)
_DAY_NUMERIC: Final = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$")
_DAY_NAMED: Final = re.compile(rf"^(\d{{1,2}})[-\s]({_WORD})\.?[-\s](\d{{4}}|\d{{2}})$")
_ANNOTATION: Final = re.compile(
    r"^(?P<core>.*?\S)\s*(?:(?P<star>\*+)|[(\[]\s*(?P<bracket>p|r|prov|provisional|revised|rev)"
    r"\.?\s*[)\]]|(?<=\d)\s*(?P<bare>p|r)|\s(?P<word>provisional|revised|prov))$",
    re.IGNORECASE)
_NOTE_WORDS: Final[dict[str, Annotation]] = {"p": "provisional", "prov": "provisional",
                                               "provisional": "provisional", "r": "revised",
                                               "rev": "revised", "revised": "revised"}
_EPOCH_1900: Final = dt.date(1899, 12, 30)
_EPOCH_1904: Final = dt.date(1904, 1, 1)
# Dates between 1990 and 2100: a header number outside that is not a period.
_FIRST_DAY: Final = dt.date(1990, 1, 1)
_LAST_DAY: Final = dt.date(2100, 1, 1)


def serial_epoch(date1904: bool) -> dt.date:
    """Day 0 of Excel's serial numbers in the workbook's date system."""
    return _EPOCH_1904 if date1904 else _EPOCH_1900


def serial_date(serial: float, *, date1904: bool = False) -> dt.date | None:
    """The day an Excel serial number stands for; None outside 1990-2099."""
    try:
        day = serial_epoch(date1904) + dt.timedelta(days=int(serial))
    except (OverflowError, ValueError):
        return None
    return day if _FIRST_DAY <= day < _LAST_DAY else None


def date_serial(day: dt.date, *, date1904: bool = False) -> int:
    """The Excel serial number of a day (from 1990 on) in the workbook's date system."""
    return (day - serial_epoch(date1904)).days


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int
    kind: ClassVar[PeriodKind] = "month"

    @property
    def index(self) -> int:
        """Months since year 0, so that differences count months."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> Month:
        return cls(index // 12, index % 12 + 1)

    def shift(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    @property
    def financial_year(self) -> int:
        """The calendar year in which this month's UK financial year starts."""
        return self.year if self.month >= 4 else self.year - 1

    @property
    def first_month(self) -> Month:
        return self

    @property
    def last_month(self) -> Month:
        return self

    def label(self) -> str:
        """'Aug-20', the seed's header style."""
        return f"{_MONTH_ABBR[self.month - 1]}-{self.year % 100:02d}"

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def __str__(self) -> str:
        return self.label()


@dataclass(frozen=True, order=True)
class Quarter:
    """Three months, known by the first: 'Q1 2023/24' == 'Apr-Jun 2023' == 'Q2 2023'.

    `style` is how the table writes it, kept for labels and not part of equality.
    """

    first: Month
    style: QuarterStyle = field(default="fy", compare=False)
    kind: ClassVar[PeriodKind] = "quarter"

    @classmethod
    def containing(cls, month: Month, style: QuarterStyle = "fy") -> Quarter:
        return cls(month.shift(-((month.month - 1) % 3)), style)

    @property
    def index(self) -> int:
        return self.first.index // 3

    def shift(self, quarters: int) -> Quarter:
        return Quarter(self.first.shift(3 * quarters), self.style)

    @property
    def financial_year(self) -> int:
        return self.first.financial_year

    @property
    def first_month(self) -> Month:
        return self.first

    @property
    def last_month(self) -> Month:
        return self.first.shift(2)

    def iso(self) -> str:
        """ISO 8601 months, as an interval: '2023-04/2023-06'."""
        return f"{self.first.iso()}/{self.last_month.iso()}"

    def label(self) -> str:
        if self.style == "calendar":
            return f"Q{(self.first.month - 1) // 3 + 1} {self.first.year}"
        if self.style == "range":
            return (f"{_MONTH_ABBR[self.first.month - 1]}-{_MONTH_ABBR[self.last_month.month - 1]}"
                    f" {self.first.year}")
        number = (self.first.month - 4) % 12 // 3 + 1
        return f"Q{number} {financial_year_label(self.financial_year)}"

    def __str__(self) -> str:
        return self.label()


@dataclass(frozen=True, order=True)
class FinancialYear:
    """April to March, known by the year it starts in: FinancialYear(2013) is 2013/14."""

    start: int
    kind: ClassVar[PeriodKind] = "year"

    @property
    def index(self) -> int:
        return self.start

    def shift(self, years: int) -> FinancialYear:
        return FinancialYear(self.start + years)

    @property
    def financial_year(self) -> int:
        return self.start

    @property
    def first_month(self) -> Month:
        return Month(self.start, 4)

    @property
    def last_month(self) -> Month:
        return Month(self.start + 1, 3)

    def iso(self) -> str:
        """ISO 8601 months, as an interval: '2013-04/2014-03'."""
        return f"{self.first_month.iso()}/{self.last_month.iso()}"

    def label(self) -> str:
        return financial_year_label(self.start)

    def __str__(self) -> str:
        return self.label()


@dataclass(frozen=True, order=True)
class Week:
    """Seven days, known by the date the header gives: the week's first or last day,
    the same one in every column of a table ('w/c' or 'w/e'), so not said in labels."""

    start: dt.date
    kind: ClassVar[PeriodKind] = "week"

    @property
    def index(self) -> int:
        # Consecutive weeks (any weekday) are consecutive numbers.
        return self.start.toordinal() // 7

    def shift(self, weeks: int) -> Week:
        return Week(self.start + dt.timedelta(weeks=weeks))

    @property
    def financial_year(self) -> int:
        return self.first_month.financial_year

    @property
    def first_month(self) -> Month:
        return Month(self.start.year, self.start.month)

    @property
    def last_month(self) -> Month:
        end = self.start + dt.timedelta(days=6)
        return Month(end.year, end.month)

    def iso(self) -> str:
        """The header's date: '2020-08-03'."""
        return self.start.isoformat()

    def label(self) -> str:
        return f"Week {self.start.day:02d}-{_MONTH_ABBR[self.start.month - 1]}-{self.start:%y}"

    def __str__(self) -> str:
        return self.label()


Period = Month | Quarter | FinancialYear | Week
"""One column's period; every kind has index, shift, label, iso, financial_year and
first/last month. Periods of one kind compare and subtract (by index); kinds do not mix."""

PERIOD_WORD: Final[dict[PeriodKind, str]] = {"month": "month", "quarter": "quarter",
                                             "year": "year", "week": "week"}
PERIODS_PER_YEAR: Final[dict[PeriodKind, int]] = {"month": 12, "quarter": 4, "year": 1,
                                                  "week": 52}
"""The same period last year is this many periods back (52 weeks: the same weekday)."""


@dataclass(frozen=True)
class PeriodHeader:
    """What one header cell reads as."""

    period: Period
    note: Annotation | None = None
    """'provisional', 'revised' or 'marked' (an asterisk), as the header says."""
    day: dt.date | None = None
    """The date, for a date or serial header (weekly tables are told by their dates)."""
    alternative: Period | None = None
    """The other reading of a header that has two ('2010-11': FY 2010/11 or Nov 2010);
    the table's other headers decide."""


def _full_year(text: str) -> int:
    """Two-digit years as Excel reads them: 00-29 are 2000s, 30-99 are 1900s."""
    year = int(text)
    if year >= 100:
        return year
    return year + 2000 if year < 30 else year + 1900


def _second_year(start: int, text: str) -> int:
    """The second year of a pair, '14' after 2013 is 2014 (across a century too)."""
    if len(text) == 4:
        return int(text)
    end = start - start % 100 + int(text)
    return end + 100 if end < start else end


def _fy_start(first: str, second: str) -> int | None:
    """The financial year a year pair names: ('2013', '14') -> 2013; None otherwise."""
    start = _full_year(first)
    return start if _second_year(start, second) == start + 1 else None


def month_number(word: str) -> int | None:
    """1-12 for an English, French, German or Welsh month name or abbreviation."""
    plain = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).replace("ß", "ss")
    return _MONTHS.get(plain.rstrip("."))


def _note(match: re.Match[str]) -> Annotation:
    if match.group("star"):
        return "marked"
    word = (match.group("bracket") or match.group("bare") or match.group("word") or "").lower()
    return _NOTE_WORDS[word]


def _from_day(day: dt.date) -> PeriodHeader:
    return PeriodHeader(Month(day.year, day.month), day=day)


def _text_month(text: str) -> PeriodHeader | None:
    match = _TEXT_MONTH.match(text)
    if match:
        number = month_number(match.group(1))
        return PeriodHeader(Month(_full_year(match.group(2)), number)) if number else None
    match = _ISO_MONTH.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        year, number, day = int(match.group(1)), int(match.group(2)), match.group(3)
        month = Month(year, number)
        if day is not None:
            try:
                return _from_day(dt.date(year, number, int(day)))
            except ValueError:
                return None
        if len(match.group(2)) == 2 and text[4] == "/":
            return None  # 'YYYY/YY' is a financial year or nothing, never a month
        if len(match.group(2)) == 2 and _fy_start(match.group(1), match.group(2)) is not None:
            # '2010-11' is FY 2010/11 or Nov 2010: the table's other headers decide.
            return PeriodHeader(FinancialYear(year), alternative=month)
        return PeriodHeader(month)
    match = _NUMERIC_MONTH.match(text)
    if match and 1 <= int(match.group(1)) <= 12:
        return PeriodHeader(Month(int(match.group(2)), int(match.group(1))))
    return None


def _financial_year(text: str) -> PeriodHeader | None:
    match = _FY_HEADER.match(text)
    if not match:
        return None
    groups = [g for g in match.groups() if g is not None]
    first, second = groups[0], groups[-1]
    if len(first) == 2 and not text.casefold().startswith("fy"):
        return None
    start = _fy_start(first, second)
    return PeriodHeader(FinancialYear(start)) if start is not None else None


def _quarter_number(text: str) -> int:
    return _QUARTER_WORDS.get(text.casefold()) or int(text)


def _quarter(text: str) -> PeriodHeader | None:
    match = _FY_QUARTER.match(text)
    if match:
        number, first, second = ((match.group(1), match.group(2), match.group(3))
                                 if match.group(1) else
                                 (match.group(6), match.group(4), match.group(5)))
        start = _fy_start(first, second)
        if start is None:
            return None
        return PeriodHeader(Quarter(Month(start, 4).shift(3 * (_quarter_number(number) - 1)),
                                    "fy"))
    match = _CALENDAR_QUARTER.match(text)
    if match:
        number, year = ((match.group(1), match.group(2)) if match.group(1)
                        else (match.group(4), match.group(3)))
        return PeriodHeader(Quarter(Month(int(year), 3 * _quarter_number(number) - 2),
                                    "calendar"))
    match = _RANGE_QUARTER.match(text)
    if match:
        first, last = month_number(match.group(1)), month_number(match.group(2))
        if first is None or last is None or first % 3 != 1 or last != first + 2:
            return None
        return PeriodHeader(Quarter(Month(_full_year(match.group(3)), first), "range"))
    return None


def _day(text: str) -> dt.date | None:
    """'03/08/2020' (UK order: day, month, year) or '03-Aug-20'."""
    match = _DAY_NUMERIC.match(text)
    named = _DAY_NAMED.match(text) if match is None else None
    month = int(match.group(2)) if match else month_number(named.group(2)) if named else None
    found = match or named
    if found is None or month is None:
        return None
    try:
        return dt.date(_full_year(found.group(3)), month, int(found.group(1)))
    except ValueError:
        return None


def _week(text: str) -> PeriodHeader | None:
    match = _WEEK_TEXT.match(text)
    day = _day(match.group(1).strip()) if match else None
    return PeriodHeader(Week(day), day=day) if day is not None else None


def _read_text(text: str) -> PeriodHeader | None:
    for reader in (_text_month, _quarter, _financial_year, _week):
        found = reader(text)
        if found is not None:
            return found
    return None


def parse_period(raw: CellValue, *, date1904: bool = False) -> PeriodHeader | None:
    """Read a period header; None when the cell is not one (never a guess).

    A date (or a serial number, in the workbook's date system) is its month; the
    table tells weeks from months by how far apart its dates are (`weekly`).
    """
    if isinstance(raw, dt.datetime | dt.date):
        moment = raw.date() if isinstance(raw, dt.datetime) else raw
        return _from_day(moment) if _FIRST_DAY <= moment < _LAST_DAY else None
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        day = serial_date(raw, date1904=date1904)
        return _from_day(day) if day is not None else None
    if not isinstance(raw, str):
        return None
    text = " ".join(raw.split())
    plain = _read_text(text)
    if plain is not None:
        return plain
    match = _ANNOTATION.match(text)
    if match:
        found = _read_text(match.group("core").strip())
        if found is not None:
            return PeriodHeader(found.period, _note(match), found.day, found.alternative)
    return None


def parse_month(raw: CellValue, *, date1904: bool = False) -> Month | None:
    """Read a month header; None when the cell is not a month (a '2009/10' never is)."""
    found = parse_period(raw, date1904=date1904)
    if found is None:
        return None
    if isinstance(found.period, Month):
        return found.period
    return found.alternative if isinstance(found.alternative, Month) else None


def weekly(days: list[dt.date]) -> bool:
    """Dates one week apart (some gaps of whole weeks allowed) are weeks, not months."""
    ordered = sorted(set(days))
    gaps = [(b - a).days for a, b in pairwise(ordered)]
    return bool(gaps) and all(g % 7 == 0 for g in gaps) and min(gaps) == 7


def period_containing(kind: PeriodKind, month: Month, like: Period | None = None) -> Period:
    """The period of a kind that holds `month` (`--month 2023-05` in a quarterly table
    is the quarter April-June; in a yearly one, 2023/24). Weeks: the week of `like`'s
    weekday that starts in the month's first days."""
    if kind == "quarter":
        style = like.style if isinstance(like, Quarter) else "fy"
        return Quarter.containing(month, style)
    if kind == "year":
        return FinancialYear(month.financial_year)
    if kind == "week":
        first = month.first_day()
        weekday = like.start.weekday() if isinstance(like, Week) else 0
        return Week(first + dt.timedelta(days=(weekday - first.weekday()) % 7))
    return month


_YEARISH: Final = r"[0-9oOlI]{2,4}"
_NEAR_MONTH: Final = re.compile(rf"^({_WORD})\.?[\s\-/']*({_YEARISH})$")
_NEAR_QUARTER: Final = re.compile(r"^(?:q|qtr|quarter)\s*[0-9oOlI]\b.*\d", re.IGNORECASE)
_NEAR_YEAR: Final = re.compile(rf"^(?:fy\s*)?{_YEARISH}\s*[-/–]\s*{_YEARISH}$", re.IGNORECASE)
_NEAR_DATE: Final = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})$")
_REMARK: Final = re.compile(r"^(.*?\d)\s*(?:[(\[].*[)\]]|[-–:,;]\s*[^\W\d_].*)$")
_DIGIT_LOOKALIKES: Final = str.maketrans("oOlI", "0011")


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, change, swap two neighbours) from a to b."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


_NOT_MONTHS: Final = frozenset({"avg", "max", "act", "set", "sun", "mat", "dev", "fee", "jam"})
"""Header words one letter from a month name ('Avg 2020' is an average, not Aug)."""


def _nearest_months(word: str) -> list[int]:
    """The months a mistyped name is closest to ('Agu' -> [8]; 'Mae' -> May, March);
    empty when none is close."""
    plain = word.casefold()
    if plain in _NOT_MONTHS:
        return []
    limit = 1 if len(plain) <= 5 else 2
    best: dict[int, int] = {}
    for name, number in _MONTHS.items():
        if abs(len(name) - len(plain)) <= limit:
            d = _distance(plain, name)
            if d <= limit:
                best[number] = min(d, best.get(number, d))
    closest = min(best.values(), default=0)
    return sorted(n for n, d in best.items() if d == closest)


@dataclass(frozen=True)
class NearMiss:
    """A header that is not read as a period but looks like one was meant."""

    suggestion: Period | None
    """What it most likely says ('Agu-20' -> Aug-20), when that is clear."""


def near_period(raw: CellValue) -> NearMiss | None:
    """A mistyped period header ('Aug-2O', 'Agu-20', 'Q1 2O23/24', '2013/15', a text
    date); None for a period or for text that does not look like one ('Total')."""
    if not isinstance(raw, str) or parse_period(raw) is not None:
        return None
    text = " ".join(raw.split())
    remark = _REMARK.match(text)
    if remark is not None and (read := _read_text(remark.group(1))) is not None:
        return NearMiss(read.period)  # 'Aug-20 (estimate)': a period with an unknown remark
    match = _ANNOTATION.match(text)
    core = match.group("core").strip() if match and not _NEAR_MONTH.match(text) else text
    found = _NEAR_MONTH.match(core)
    if found:
        known = month_number(found.group(1))
        numbers = [known] if known is not None else _nearest_months(found.group(1))
        if not numbers:
            return None
        year = found.group(2).translate(_DIGIT_LOOKALIKES)
        clear = len(numbers) == 1 and year.isdigit()
        return NearMiss(Month(_full_year(year), numbers[0]) if clear else None)
    if _NEAR_QUARTER.match(core) or _NEAR_YEAR.match(core) or _NEAR_DATE.match(core):
        return NearMiss(None)
    return None


def parse_month_option(text: str) -> Month:
    """Read `--month YYYY-MM` (or any month header form); raises ValueError when it is not
    one."""
    month = parse_month(text)
    if month is None:
        raise ValueError(f"not a month: {text!r} (use YYYY-MM, for example 2020-08)")
    return month


def parse_financial_year(text: str) -> int | None:
    """The start year of a financial year named in text: 'Target 20-21' -> 2020.

    Accepts '20-21', '20/21', '2020/21', '2020-2021', '17- 18'; the second year must
    follow the first, which tells a financial year from a date range.
    """
    for match in _FY.finditer(text):
        start = _fy_start(match.group(1), match.group(2))
        if start is not None:
            return start
    return None


def financial_year_label(start_year: int) -> str:
    """2020 -> '2020/21'."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"
