"""report: render a Review as JSON, HTML, Markdown or a Word memo."""

from __future__ import annotations

import json


def render_review(review, fmt: str, lang: str | None = None, memo: dict | None = None) -> str | bytes:
    """`memo`: the Word memo's options (variant, to, from, date, ref); other formats ignore it."""
    if lang:
        review.extra["lang"] = lang
    if fmt == "json":
        return json.dumps(review.as_dict(), ensure_ascii=False, indent=2)
    if fmt == "html":
        from .html import render_html
        return render_html(review)
    if fmt == "md":
        from .markdown import render_markdown
        return render_markdown(review)
    if fmt == "docx":
        from .memo_docx import render_memo
        return render_memo(review, **({"options": memo} if memo else {}))
    raise ValueError(fmt)
