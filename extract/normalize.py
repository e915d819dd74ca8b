"""Text normalization for matching only, with a map back to the original offsets.

The normalized text is never stored: every span found in it is mapped back to the
original text through ``Normalized.span``. Arabic: diacritics and tatweel removed,
alef forms unified to ا, ى -> ي, ة -> ه, ؤ -> و, ئ -> ي, Arabic digits -> ASCII,
typographic quotes unified. English (and Latin script in Arabic text): lowercased.

Tokens carry a matching *key*: the token without a leading proclitic chain
(و ف ب ل ك ال لل) is offered as an alternative by ``stems`` so that "لبيونغ",
"وروسيا", "الكرملين"/"للكرملين" match registry names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_DIACRITICS = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670", "\u0640", "\u0654", "\u0655"}
_DIACRITICS |= {"\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u00ad"}
_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"',
    "‘": "'", "’": "'", "`": "'", "´": "'",
    "–": "-", "—": "-", "‐": "-", "‑": "-",
    "،": ",", "؛": ";", "؟": "?",
}
_MAP.update({chr(0x0660 + i): str(i) for i in range(10)})
_MAP.update({chr(0x06F0 + i): str(i) for i in range(10)})

ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Token:
    text: str  # normalized form
    start: int  # offsets in the ORIGINAL text
    end: int
    index: int  # position in the token list
    nstart: int  # offsets in the normalized text
    nend: int

    @property
    def arabic(self) -> bool:
        return bool(ARABIC_RE.search(self.text))


@lru_cache(maxsize=8192)
def _norm_char(ch: str) -> str:
    """The normalized form of one character ("" for a diacritic); cached, texts repeat their letters."""
    if ch in _DIACRITICS:
        return ""
    mapped = _MAP.get(ch)
    if mapped is None:
        mapped = ch.lower() if ch.isascii() or not ARABIC_RE.match(ch) else ch
        if unicodedata.category(ch) == "Zs":
            mapped = " "
    return mapped


class Normalized:
    """A normalized copy of a text and the offset map back to the original."""

    def __init__(self, original: str):
        self.original = original
        chars: list[str] = []
        back: list[int] = []
        for i, ch in enumerate(original):
            for m in _norm_char(ch):
                chars.append(m)
                back.append(i)
        self.text = "".join(chars)
        self._back = back
        self.tokens = [
            Token(m.group(), back[m.start()], self.orig_end(m.end()), n, m.start(), m.end())
            for n, m in enumerate(TOKEN_RE.finditer(self.text))
        ]

    def orig_start(self, nstart: int) -> int:
        if nstart >= len(self._back):
            return len(self.original)
        return self._back[nstart]

    def orig_end(self, nend: int) -> int:
        if nend <= 0:
            return 0
        end = self._back[min(nend, len(self._back)) - 1] + 1
        # trailing diacritics belong to the last letter
        while end < len(self.original) and self.original[end] in _DIACRITICS and self.original[end] != "\u0640":
            end += 1
        return end

    def span(self, nstart: int, nend: int) -> tuple[int, int]:
        """Original (start, end) of the normalized span [nstart, nend)."""
        return self.orig_start(nstart), self.orig_end(nend)

    def token_at(self, orig_offset: int) -> int | None:
        for tok in self.tokens:
            if tok.start <= orig_offset < tok.end:
                return tok.index
        return None


def normalize(text: str) -> str:
    """The normalized form of a text (no offset map): the same characters as Normalized(text).text."""
    return "".join(map(_norm_char, text))


# Proclitic chains, longest first; "لل" stands for ل + ال.
_PROCLITICS = (
    "وبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال", "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب",
    "ل", "ك",
)
# Transliteration classes: foreign g/j/q spelled غ ج ق/گ; collapse them for keys.
_TRANSLIT = str.maketrans({"غ": "ج", "گ": "ج", "ڤ": "ف", "پ": "ب", "چ": "ج"})


@lru_cache(maxsize=65536)
def key(token: str) -> str:
    """Matching key of one normalized token: leading ال dropped, g/j letters unified."""
    tok = token
    if ARABIC_RE.match(tok) and tok.startswith("ال") and len(tok) > 3:
        tok = tok[2:]
    return tok.translate(_TRANSLIT)


@lru_cache(maxsize=65536)
def stems(token: str) -> tuple[tuple[str, int], ...]:
    """(key, number of proclitic letters stripped) alternatives for a token, unstripped first."""
    out: list[tuple[str, int]] = [(key(token), 0)]
    if not ARABIC_RE.match(token):
        return tuple(out)
    for pre in _PROCLITICS:
        if token.startswith(pre) and len(token) - len(pre) >= 3:
            rest = token[len(pre):]
            if pre.endswith("لل"):
                rest = "ال" + rest
            k = key(rest)
            if all(k != o for o, _ in out):
                out.append((k, len(pre)))
    return tuple(out)


def name_keys(name: str) -> tuple[str, ...]:
    """Keys of the tokens of a registry name."""
    return tuple(key(t) for t in TOKEN_RE.findall(normalize(name)))


def is_arabic(text: str) -> bool:
    return bool(ARABIC_RE.search(text))
