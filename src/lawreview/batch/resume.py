"""Resume: which drafts already have complete, up-to-date outputs."""

from __future__ import annotations

import hashlib
import json
import os
from typing import TYPE_CHECKING

from .tasks import SCHEMA, Outcome, Task

if TYPE_CHECKING:
    from ..rulebook.loader import Rulebook


def _sha256(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def existing_review(task: Task, rulebook: Rulebook, country_alpha3: str | None) -> Outcome | None:
    """The draft's row from its JSON review if every output is there and up to date, else None.

    Up to date: same content hash, same rulebook version, same --country, and
    findings in the requested report language. (Changed --ratifications data
    are not detected: use --force.)
    """
    if not all(os.path.exists(f"{task.out_base}.{fmt}") for fmt in task.formats):
        return None
    try:
        with open(f"{task.out_base}.json", encoding="utf-8") as fh:
            data = json.load(fh)
        doc = data["document"]
        if (data.get("schema") != SCHEMA or data["rulebook"]["version"] != rulebook.version
                or data.get("country") != country_alpha3):
            return None
        findings = data["findings"]
        if findings and findings[0].get("title"):
            want = task.lang or doc["language"]
            if findings[0]["title"] != rulebook.rule(findings[0]["rule"]).title.get(want):
                return None
        if doc["sha256"] != _sha256(task.source):
            return None
        return Outcome(task.rel, "skipped", language=doc.get("language"), articles=doc.get("articles"),
                       pages=doc.get("pages"), statuses={f["rule"]: f["status"] for f in findings},
                       outputs=[f"{task.out_base}.{fmt}" for fmt in task.formats])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
