"""Finding summaries from the templates in rules/vocab/messages.yaml."""

from __future__ import annotations

from ..rulebook.vocab import load_vocab


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
    labels = {e.id: e.label.get(lang) for e in [*rule.subject, *rule.safeguards, *rule.red_flags]}
    subject_label = rule.subject[0].label.get(lang) if rule.subject else rule.title.get(lang)
    status = finding.status
    if status == "conflict":
        parts = []
        if flags:
            template = t["conflict_advice"] if rule.type == "existence" else t["conflict"]
            text = template.format(articles=_articles(flags, lang),
                                        flags=_join([labels[m.element.id] for m in flags], lang))
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
    text = t[status].format(present=present, missing=missing, subject=subject_label, articles=arts)
    if status == "partial" and not finding.present:
        text = t["partial_delegated"].format(articles=arts, delegated=_join([labels[s] for s in finding.delegated], lang),
                                             missing=missing)
    elif finding.delegated:
        text += " " + t["delegated"].format(delegated=_join([labels[s] for s in finding.delegated], lang))
    return text


def _clean(label: str) -> str:
    return label.rstrip(" .-–—:")
