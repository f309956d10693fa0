"""Finding summaries from the templates in rules/vocab/messages.yaml."""

from __future__ import annotations

from ..rulebook.vocab import load_vocab
from ..textutil import unquote

WORDS_AROUND = 6      # words of the law quoted on each side of a red flag's predicate


def _join(items: list[str], lang: str) -> str:
    items = [i for i in dict.fromkeys(items) if i]
    if not items:
        return load_vocab("messages")[lang]["none"]
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {load_vocab('messages')[lang]['and']} " + items[-1]


def _articles(matches, lang: str) -> str:
    from .engine import label_of
    return _join([_clean(label_of(m.sentence.provision)) for m in matches][:4], lang)


def summary_for(finding, subject, flags, undermined, lang: str) -> str:
    rule = finding.rule
    t = load_vocab("messages")[lang]
    labels = {e.id: unquote(e.label.get(lang), drop_examples=True) for e in [*rule.subject, *rule.safeguards, *rule.red_flags]}
    subject_label = rule.subject[0].label.get(lang) if rule.subject else rule.title.get(lang)
    status = finding.status
    if status == "conflict":
        parts = []
        if flags:
            template = t["conflict_advice"] if rule.type == "existence" else t["conflict"]
            text = template.format(articles=_articles(flags, lang),
                                        flags=_join([labels[m.element.id] for m in flags], lang))
            words = _join([t["quoted"].format(law_words(m)) for m in flags[:2]], lang)
            text = text.replace(". ", t["in_words"].format(words=words) + ". ", 1) if ". " in text else text
            parts.append(text[:1].upper() + text[1:])
        if undermined:
            text = t["undermined"].format(articles=_articles(undermined, lang),
                                          safeguards=_join([labels[m.element.id] for m in undermined], lang))
            parts.append(text[:1].upper() + text[1:])
        return " ".join(parts)
    if status == "not_applicable":
        return t["not_applicable"].format(subject=subject_label)
    if rule.type == "existence":
        return t["compliant_existence"].format(subject=subject_label, articles=_articles(subject, lang))
    present = _join([labels[s] for s in finding.present], lang)
    missing = _join([labels[s] for s in finding.missing], lang)
    arts = ", ".join(dict.fromkeys(_clean(e.label) for e in finding.evidence)) or "—"
    # a partial with nothing missing: every safeguard is there, some only hedged (said below)
    template = t["compliant"] if status == "partial" and not finding.missing and finding.hedged else t[status]
    text = template.format(present=present, missing=missing, subject=subject_label, articles=arts)
    if status == "partial" and not finding.present:
        text = t["partial_delegated"].format(articles=arts, delegated=_join([labels[s] for s in finding.delegated], lang),
                                             missing=missing)
    elif finding.delegated:
        text += " " + t["delegated"].format(delegated=_join([labels[s] for s in finding.delegated], lang))
    if finding.hedged:
        text += " " + t["hedged"].format(hedged=_join([labels[s] for s in finding.hedged], lang))
    return text


def _clean(label: str) -> str:
    return label.rstrip(" .-–—:")


def law_words(m) -> str:
    """The words of the provision around a match's predicate, exactly as the law
    writes them (a few words each side, within its clause), for a summary to quote."""
    s = m.sentence
    clause = s.clause(m.span[0])
    text = s.text
    start, end = max(clause.start, 0), min(clause.end, len(text))
    before = text[start:m.span[0]].split()
    after = text[m.span[1]:end].split()
    lo = m.span[0] - len(" ".join(before[-WORDS_AROUND:])) - (1 if before[-WORDS_AROUND:] else 0)
    hi = m.span[1] + len(" ".join(after[:WORDS_AROUND])) + (1 if after[:WORDS_AROUND] else 0)
    lo, hi = max(lo, start), min(hi, end)
    # the slice is cut on the law's own characters, so it occurs in the law verbatim
    words = text[lo:hi].strip(" ,;:.")
    if words not in text:
        words = text[m.span[0]:m.span[1]]
    return words
