"""Element texts and attribute values of a part, rewritten in place (text level).

Column inserts change many small values scattered over a part (references in
attributes and formulas); each is patched where it is, so every other byte of
the part stays as it was.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

Rewrite = Callable[[str], str]


def unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(text: str) -> str:
    return (escape_text(text).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\r", "&#13;").replace("\t", "&#9;"))


def attribute_pattern(*names: str) -> re.Pattern[str]:
    """` name="value"` (or single quotes) for any of `names`; groups: name, quote, value."""
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(r"""(?<=\s)(""" + alternatives + r""")\s*=\s*(["'])(.*?)\2""", re.S)


def element_pattern(*local_names: str) -> re.Pattern[str]:
    """`<p:name attrs>text</p:name>` for any prefix; groups: qualified name, attrs, text."""
    alternatives = "|".join(re.escape(n) for n in local_names)
    return re.compile(
        r"<((?:[\w.-]+:)?(?:" + alternatives + r"))(?=[\s>])([^>]*?)(?<!/)>(.*?)</\1\s*>", re.S
    )


def rewrite_attributes(text: str, pattern: re.Pattern[str], rewrite: Rewrite) -> str:
    def one(match: re.Match[str]) -> str:
        old = unescape(match.group(3))
        new = rewrite(old)
        if new == old:
            return match.group(0)
        return f"{match.group(1)}={match.group(2)}{escape_attribute(new)}{match.group(2)}"

    return pattern.sub(one, text)


def rewrite_elements(text: str, pattern: re.Pattern[str], rewrite: Rewrite) -> str:
    def one(match: re.Match[str]) -> str:
        raw = match.group(3)
        if raw.startswith("<![CDATA["):
            return match.group(0)
        old = unescape(raw)
        new = rewrite(old)
        if new == old:
            return match.group(0)
        return f"<{match.group(1)}{match.group(2)}>{escape_text(new)}</{match.group(1)}>"

    return pattern.sub(one, text)
