"""Markdown review (report_templates/review.md.j2): the HTML's content, for pasting.

Draft text is escaped so that it stays text in any Markdown renderer: inline
HTML, emphasis, links and table pipes in a provision are neutralised.
"""

from __future__ import annotations

import re
from typing import Any

from .common import build_view, environment

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~!])")


def md(value: Any) -> str:
    """One line of Markdown-safe text."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def mdquote(value: Any) -> str:
    """A block quote, one '> ' line per line of the draft."""
    lines = [md(line) for line in str(value).splitlines() if line.strip()] or [""]
    return "  \n".join(f"> {line}" for line in lines)


def render_markdown(review: Any, lang: str | None = None) -> str:
    env = environment(autoescape=False)
    env.filters.update(md=md, mdquote=mdquote)
    text = env.get_template("review.md.j2").render(v=build_view(review, lang))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
