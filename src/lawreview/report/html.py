"""HTML review: report_templates/review.html.j2, autoescaped (draft text is untrusted)."""

from __future__ import annotations

from typing import Any

from .common import build_view, environment


def render_html(review: Any, lang: str | None = None) -> str:
    view = build_view(review, lang)
    return environment(autoescape=True).get_template("review.html.j2").render(v=view)
