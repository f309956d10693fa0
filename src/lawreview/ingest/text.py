"""Read plain text and Markdown drafts into Blocks.

Plain text: one block per non-empty line (laws typed as text put each heading
and paragraph on its own line; wrapped lines are re-joined by structure).
Markdown: one block per paragraph; YAML front matter and markup are dropped,
its title is kept as metadata. The bytes are decoded strictly (encoding.py).
"""

from __future__ import annotations

import re

from ..model import Block

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_FM_TITLE = re.compile(r'^title:\s*"?(.*?)"?\s*$', re.M)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_STRAY_STARS = re.compile(r"\*{2,}")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_INLINE_TAG = re.compile(r"</?(?:sup|sub|em|i|b|strong|span|small|u|abbr)\b[^>]*>", re.I)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_LIST_BULLET = re.compile(r"^\s*[-*+]\s+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_GLUED_LABEL = re.compile(r"(?<=\S)\s*(?=\*\*\s*(?:ART[IÍ]CULO|Art[ií]culo|ARTICLE|Article)\s+\d)")
_HR = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The draft's text with Unix line ends, and the encoding assumed (see encoding.py)."""
    from .encoding import decode_text
    text, encoding = decode_text(data, name)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def text_blocks(text: str) -> list[Block]:
    blocks = []
    for line in text.split("\n"):
        line = line.replace("\f", " ").strip()
        if line:
            blocks.append(Block(text=_squash(line)))
    return blocks


def strip_inline_markdown(text: str) -> str:
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    for _ in range(3):
        new = _EMPHASIS.sub(r"\2", text)
        if new == text:
            break
        text = new
    text = _STRAY_STARS.sub("", text)
    # inline tags ("1<sup>er</sup>", "<em>…</em>") join their words; block tags separate them
    text = _INLINE_TAG.sub("", text)
    text = _HTML_TAG.sub(" ", text)
    text = _ESCAPE.sub(r"\1", text)
    return _squash(text)


def markdown_blocks(text: str) -> tuple[list[Block], str | None]:
    title = None
    m = _FRONT_MATTER.match(text)
    if m:
        t = _FM_TITLE.search(m.group(1))
        title = t.group(1).strip() if t else None
        text = text[m.end():]
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            # an article label in bold glued after an editorial note starts a new paragraph
            for piece in _GLUED_LABEL.split(" ".join(para)):
                joined = strip_inline_markdown(piece)
                if joined:
                    blocks.append(Block(text=joined))
            para.clear()

    for raw in text.split("\n"):
        line = raw.rstrip()
        if not line.strip() or _HR.match(line):
            flush()
            continue
        h = _HEADING.match(line.strip())
        if h:
            flush()
            content = strip_inline_markdown(h.group(2))
            if content:
                blocks.append(Block(text=content, style="heading", level=len(h.group(1))))
            continue
        stripped = line.strip()
        if stripped.startswith(">"):
            flush()
            content = strip_inline_markdown(stripped.lstrip("> "))
            if content:
                blocks.append(Block(text=content, style="quote"))
            continue
        if stripped.startswith("|"):
            flush()
            if _TABLE_SEP.match(stripped):
                continue
            cells = [strip_inline_markdown(c) for c in stripped.strip("|").split("|")]
            row = " | ".join(c for c in cells if c)
            if row:
                blocks.append(Block(text=row, style="table_row"))
            continue
        if _LIST_BULLET.match(line):
            flush()
            para.append(_LIST_BULLET.sub("", line))
            continue
        para.append(stripped)
    flush()
    if title is None:
        # no front matter: the first '# heading' before any provision is the title
        first = next((b for b in blocks[:3] if b.style == "heading"), None)
        title = first.text if first is not None and first.level == 1 else None
    return blocks, title


def _squash(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()
