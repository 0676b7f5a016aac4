"""A small mutation pass: does a one-line slip in the code make a test fail?

    uv run python scripts/mutate.py --listed                 # the faults of issue 11
    uv run python scripts/mutate.py xl_addin/core/rules.py   # every simple mutant of a module
    uv run python scripts/mutate.py xl_addin/core/rules.py --lines 60-120 --list

Each mutant is one change (a comparison, an arithmetic or boolean operator, a
number, True/False, a `not`, a unary minus, an `abs()`), applied to a copy of the
repository in a temporary folder; the fast tests run there (`-x`, a timeout per
mutant). A mutant is killed when a test fails or the run times out; the survivors
are printed with their line, to be read one by one: some are equivalent (no input
can tell them apart), the rest want a test. docs/mutation.md records the last pass.

mutmut was not tried: it first runs the whole suite to map tests to functions, and
this script runs chosen fast tests in-process (pytest, numpy and hypothesis imported
once), which suits a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import importlib
import io
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAST_TESTS = ["tests/core", "tests/checks", "tests/explain", "tests/add_month/test_plan.py",
              "tests/udfs"]

_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
_BINOP_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv, ast.BitAnd: ast.BitOr, ast.BitOr: ast.BitAnd,
}


@dataclass(frozen=True)
class Mutant:
    path: str
    line: int
    col: int
    what: str
    source: str
    """The whole mutated module."""


@dataclass(frozen=True)
class Listed:
    """A named fault: `old` (which must occur exactly once) replaced by `new`."""

    path: str
    old: str
    new: str
    what: str


_RESCALE = "rescale = percent & ~typed_percent & ((data.scales == 100.0) | (np.abs(out) > limit))"
LISTED: list[Listed] = [
    Listed("xl_addin/core/compute.py", "layout.targets.get(fy, layout.targets.get(None))",
           "layout.targets.get(fy, next(iter(layout.targets.values()), None))",
           "another financial year's target when this year's column is missing"),
    Listed("xl_addin/core/rules.py", "dirs = direction(change(value, benchmark, unit), threshold)",
           "dirs = direction(relative_change(value, benchmark), threshold)",
           "percentage benchmarks judged relatively, not in points"),
    Listed("xl_addin/core/rules.py", 'use_year = year_dir != "unknown"',
           'use_year = (year_dir != "unknown") & (year_dir != "flat")',
           "DoT falls back to the previous period when last year is within the band"),
    Listed("xl_addin/core/planner.py", "_numbers(_change_values(variance, percent))",
           "_numbers(variance)",
           "percentage target variance written as a fraction under a points format"),
    Listed("xl_addin/core/rules.py", "np.divide(cur - prev, np.abs(prev)",
           "np.divide(cur - prev, prev", "dividing by a signed negative target"),
    Listed("xl_addin/core/table.py",
           _RESCALE,
           "rescale = percent & ~typed_percent & (data.scales == 100.0)",
           "0-100 target rescale: a target typed as 60 on a row of fractions"),
    Listed("xl_addin/core/table.py",
           _RESCALE,
           "rescale = percent & ~typed_percent & (np.abs(out) > limit)",
           "0-100 target rescale: a 0-100 row's target"),
    Listed("xl_addin/core/table.py", _RESCALE, _RESCALE.replace("~typed_percent & ", ""),
           "0-100 target rescale: a target typed as '60%' text"),
    Listed("xl_addin/core/settings.py", "return number / 100 if number >= 1 else number",
           "return number / 100 if number > 1 else number", "threshold boundary in settings"),
    Listed("xl_addin/core/checks.py", "if not uses_targets or None in targets:",
           "if not uses_targets:", "undated Target column in the no-target check"),
    Listed("xl_addin/core/layout.py", "_MAX_HEADER_SCAN = 200", "_MAX_HEADER_SCAN = 199",
           "header scan limit: 199"),
    Listed("xl_addin/core/layout.py", "_MAX_HEADER_SCAN = 200", "_MAX_HEADER_SCAN = 201",
           "header scan limit: 201"),
    Listed("xl_addin/core/planner.py",
           'if not (role.startswith("vs_") and role not in results.columns)', "if True",
           "a vs England column without an England column"),
    *(Listed("xl_addin/adapters/package/insert/linked_parts.py", f"def {name}({args}) -> str:\n",
             f"def {name}({args}) -> str:\n    return text\n", f"add-month: {name} a no-op")
      for name, args in [("shift_chart", "text: str, sheet: str, at: int"),
                         ("shift_drawing", "text: str, at: int"),
                         ("shift_comments", "text: str, at: int"),
                         ("shift_vml", "text: str, at: int"),
                         ("shift_pivot_cache", "text: str, sheet: str, at: int"),
                         ("shift_calc_chain", "text: str, sheet_id: int, at: int")]),
]
LISTED_TESTS = ["tests/core/test_hand_figures.py", "tests/add_month/test_linked_moves.py",
                "tests/checks/test_checks.py"]
"""The tests written for them (the corpus ones need XL_ADDIN_CORPUS or ../shared/corpus)."""


def _annotation_ids(tree: ast.AST) -> set[int]:
    """Nodes inside type annotations (`int | None` is not an operator to mutate)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        parts: list[ast.AST | None] = []
        if isinstance(node, ast.arg | ast.AnnAssign):
            parts.append(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            parts.append(node.returns)
        for part in parts:
            if part is not None:
                skip.update(id(n) for n in ast.walk(part))
    return skip


def _docstring_ids(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                    skip.add(id(stmt.value))
    return skip


def _changes(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """(description, replacement node) for each simple mutation of one node."""
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        swap = _COMPARE_SWAPS.get(type(node.ops[0]))
        if swap:
            new = copy.copy(node)
            new.ops = [swap()]
            yield f"{type(node.ops[0]).__name__} -> {swap.__name__}", new
    elif isinstance(node, ast.BinOp):
        swap_op = _BINOP_SWAPS.get(type(node.op))
        if swap_op:
            new_bin = copy.copy(node)
            new_bin.op = swap_op()
            yield f"{type(node.op).__name__} -> {swap_op.__name__}", new_bin
    elif isinstance(node, ast.BoolOp):
        new_bool = copy.copy(node)
        new_bool.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield f"{type(node.op).__name__} -> {type(new_bool.op).__name__}", new_bool
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub | ast.Invert):
        yield f"drop {type(node.op).__name__}", node.operand
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield f"{node.value} -> {not node.value}", ast.Constant(not node.value)
    elif isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        value = node.value
        new_value = type(value)(1) if value == 0 else value + 1
        yield f"{value} -> {new_value}", ast.Constant(new_value)
    elif isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        name = ast.unparse(node.func)
        if name in {"abs", "np.abs"}:
            yield f"drop {name}()", node.args[0]


def mutants(path: Path, lines: range | None = None) -> Iterator[Mutant]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = _annotation_ids(tree) | _docstring_ids(tree)
    # ast.walk visits a tree and its deep copy in the same order: the index finds the copy.
    nodes = [n for n in ast.walk(tree) if hasattr(n, "lineno")]
    for index, node in enumerate(nodes):
        if id(node) in skip or (lines is not None and node.lineno not in lines):
            continue
        for what, replacement in _changes(node):
            mutated = copy.deepcopy(tree)
            victim = [n for n in ast.walk(mutated) if hasattr(n, "lineno")][index]
            _replace(mutated, victim, replacement)
            yield Mutant(str(path.relative_to(ROOT)), node.lineno, node.col_offset + 1, what,
                         ast.unparse(mutated) + "\n")


def _replace(tree: ast.AST, victim: ast.AST, replacement: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is victim:
                setattr(parent, field, copy.deepcopy(replacement))
                return
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is victim:
                        value[i] = copy.deepcopy(replacement)
                        return


def _copy_repo() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="xl-addin-mutate-"))
    for name in ("xl_addin", "tests", "workbook_templates", "pyproject.toml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, folder / name)
    return folder


class _TimeoutError(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _TimeoutError


def run_tests(folder: Path, tests: list[str], timeout: float) -> str:
    """'killed', 'timeout' or 'survived'.

    pytest runs in this process, from the copy: numpy, hypothesis and pytest are
    imported once, and the project's modules and tests are dropped from sys.modules
    before each run so that the mutated source is the one imported. No bytecode is
    written, so a mutant of the same size within the same second is never read from
    a stale .pyc.
    """
    import pytest

    for name in [m for m in sys.modules
                 if m.split(".")[0] in {"xl_addin", "tests"}]:
        del sys.modules[name]
    importlib.invalidate_caches()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(int(timeout))
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = pytest.main(["-x", "-q", "-p", "no:cacheprovider", "--no-header",
                                "-o", "addopts=", "--rootdir", str(folder),
                                *[str(folder / t) for t in tests]])
    except _TimeoutError:
        return "timeout"
    finally:
        signal.alarm(0)
    return "survived" if code == 0 else "killed"


def _enter(folder: Path) -> None:
    """Import the project from the copy from now on, and write no bytecode for it."""
    sys.dont_write_bytecode = True
    os.chdir(folder)
    sys.path.insert(0, str(folder))
    # The corpus tests: point them at the repository's corpus (the copy has none beside it).
    corpus = Path(os.environ.get("XL_ADDIN_CORPUS") or "../shared/corpus")
    os.environ["XL_ADDIN_CORPUS"] = str(corpus if corpus.is_absolute() else ROOT / corpus)


def _survivors(log: Path) -> set[tuple[str, int, int, str]]:
    """(path, line, column or 0, what) of each 'survived' line of an earlier run's output."""
    found = set()
    for line in log.read_text(encoding="utf-8").splitlines():
        if not line.startswith("survived "):
            continue
        where, _, what = line.removeprefix("survived ").strip().partition(": ")
        path, row, *col = where.split(":")
        found.add((path, int(row), int(col[0]) if col else 0, what))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help="files to mutate (paths from the repo root)")
    parser.add_argument("--listed", action="store_true", help="the named faults of issue 11")
    parser.add_argument("--lines", help="only mutate these lines, e.g. 60-120")
    parser.add_argument("--tests", nargs="*", help="tests to run (default: the fast ones)")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--list", action="store_true", help="only list the mutants")
    parser.add_argument("--again", help="only the mutants a log of an earlier run says survived")
    args = parser.parse_args()

    folder = _copy_repo()
    _enter(folder)
    baseline_tests = args.tests or (LISTED_TESTS if args.listed else FAST_TESTS)
    survivors = 0
    try:
        if args.listed:
            for fault in LISTED:
                original = (ROOT / fault.path).read_text(encoding="utf-8")
                assert original.count(fault.old) == 1, f"{fault.path}: {fault.old!r} not once"
                target = folder / fault.path
                target.write_text(original.replace(fault.old, fault.new), encoding="utf-8")
                outcome = run_tests(folder, baseline_tests, args.timeout)
                target.write_text(original, encoding="utf-8")
                survivors += outcome == "survived"
                print(f"{outcome:8} {fault.path}: {fault.what}", flush=True)
            return 1 if survivors else 0
        if not args.list and run_tests(folder, baseline_tests, args.timeout * 3) != "survived":
            print("the tests fail without any mutation: fix them first", file=sys.stderr)
            return 2
        lines = None
        if args.lines:
            first, _, last = args.lines.partition("-")
            lines = range(int(first), int(last or first) + 1)
        again = _survivors(Path(args.again)) if args.again else None
        total = 0
        for module in args.modules:
            path = (ROOT / module).resolve()
            original = path.read_text(encoding="utf-8")
            target = folder / path.relative_to(ROOT)
            for mutant in mutants(path, lines):
                if again is not None and not ({(mutant.path, mutant.line, mutant.col, mutant.what),
                                               (mutant.path, mutant.line, 0, mutant.what)} & again):
                    continue
                total += 1
                if args.list:
                    print(f"{mutant.path}:{mutant.line}:{mutant.col}: {mutant.what}")
                    continue
                target.write_text(mutant.source, encoding="utf-8")
                outcome = run_tests(folder, baseline_tests, args.timeout)
                survivors += outcome == "survived"
                print(f"{outcome:8} {mutant.path}:{mutant.line}:{mutant.col}: {mutant.what}",
                      flush=True)
            target.write_text(original, encoding="utf-8")
        print(f"{total} mutants, {survivors} survived", flush=True)
        return 1 if survivors else 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
