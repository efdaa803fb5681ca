"""Pure helpers on names: cleaning a span, acronyms, pinyin-aware skeletons of person names.

>>> initials("China Fortune Land Development"), acronym_key("#AMFT"), acronym_key("AP-HM")
('CFLD', 'amft', 'aphm')
>>> person_skeleton("Zhy Lying") == person_skeleton("Zhu Liying")
True
>>> person_skeleton("Olivia Dumas") == person_skeleton("Olivier Dumas")
False
"""

from __future__ import annotations

import re

from graph.model import fold

FUNCTION_WORDS = {
    "de",
    "du",
    "des",
    "d",
    "la",
    "le",
    "les",
    "l",
    "et",
    "en",
    "à",
    "a",
    "au",
    "aux",
    "of",
    "the",
    "and",
    "for",
    "sur",
    "pour",
}
_LEADING = re.compile(r"^(?:(?:la|le|les|l['’]|d['’]|du|des|de)\s*)+", re.IGNORECASE)
_PINYIN = re.compile(
    r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue"
    r"|a|o|e|i|u)|ang|eng|ai|ei|ao|ou|an|en|er|a|o|e)+$"
)


def clean_name(text: str) -> str:
    """Drop leading articles/elisions, hashtags and stray punctuation: "l'#AMFT" -> "AMFT"."""
    text = text.replace("’", "'").strip()
    text = re.sub(r"^[#@]", "", _strip_lower_leading(text))
    text = re.sub(r"^[#@]", "", text)
    return text.strip(" ,.;:!?«»\"'()[]").strip()


def _strip_lower_leading(text: str) -> str:
    # Only lower-case articles are dropped: "La Ruche Méditerranée" keeps its capital "La".
    m = _LEADING.match(text)
    if m and not m.group(0)[:1].isupper():
        return text[m.end() :]
    if text[:2] in ("L'", "D'"):
        return text[2:]
    return text


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-'’/]+", fold(text)) if w]


def initials(name: str) -> str:
    """Acronym made of the first letters of the meaningful words of a multi-word name."""
    parts = [w for w in re.split(r"[\s\-'’]+", name) if w and fold(w) not in FUNCTION_WORDS]
    return "".join(w[0].upper() for w in parts) if len(parts) >= 2 else ""


def acronym_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def looks_like_acronym(text: str) -> bool:
    core = re.sub(r"[#\-.&]", "", text)
    return 2 <= len(core) <= 7 and core.isupper() and core.isalnum()


def is_pinyin(token: str) -> bool:
    return bool(_PINYIN.match(fold(token)))


def person_skeleton(name: str) -> str:
    """Consonant skeleton that survives the usual transliteration variants of Chinese names."""
    out = []
    for w in words(name):
        w = w.replace("zh", "z").replace("ch", "c").replace("sh", "s")
        w = re.sub(r"ng$", "n", w)
        out.append(
            w[0] + re.sub(r"[aeiouyw]", "", w[1:])
            if w[0] not in "aeiouy"
            else re.sub(r"[aeiouyw]", "", w) or w[0]
        )
    return " ".join(out)


def surname(name: str) -> str:
    parts = name.split()
    return parts[-1] if len(parts) >= 2 else ""
