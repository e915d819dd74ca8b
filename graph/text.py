"""Search keys: text folded for matching only (the source spelling is always kept beside it).

Arabic: diacritics and tatweel removed, alef/hamza forms unified, ى -> ي, ة -> ه,
and the letters transliterations swap for the same foreign sound (غ/ج/ك for "g")
folded together, so "بيونغ يانغ", "بيونج يانج" and "بيونغيانغ" share keys.
Latin: lower case, accents removed.
Digits: Arabic-Indic (٠-٩) and Persian (۰-۹) digits become ASCII, and thousands separators
between digits are dropped, so "6500", "6,500", "6.500", "٦٬٥٠٠" and "۶۵۰۰" share the key 6500.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_ARABIC_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه",
    "غ": "ج", "ڠ": "ج", "گ": "ج", "ک": "ك", "ی": "ي", "پ": "ب", "ڤ": "ف", "چ": "تش",
})  # fmt: skip
_FOLD.update({0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)})
# A separator between digits followed by exactly three digits (6,500 1.234.567 ٦٬٥٠٠ 6'500);
# "3.5" or "2025, 11" keep their separator.
_THOUSANDS = re.compile(r"(?<=\d)[,.\u066c'\u2019](?=\d{3}(?!\d))")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_ARABIC_PREFIXES = ("وال", "بال", "لل", "فال", "كال", "ال")


class _FoldTable(dict[int, int | str | None]):
    """str.translate table doing in one pass what folding does per character after NFKD: combining marks
    dropped (outside the Arabic block), Arabic diacritics and tatweel dropped, letter variants unified.
    Filled as characters are first seen, so the table costs nothing to build."""

    def __missing__(self, code: int) -> int | str | None:
        char = chr(code)
        if (unicodedata.combining(char) and not "\u0600" <= char <= "\u06ff") or _ARABIC_DIACRITICS.match(char):
            value: int | str | None = None
        else:
            value = _FOLD.get(code, code)
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-cased, accent- and diacritic-free, Arabic letter variants unified, digits in ASCII
    without thousands separators; words kept apart."""
    text = _THOUSANDS.sub("", text)
    text = unicodedata.normalize("NFKD", text).translate(_FOLD_TABLE).lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


@functools.lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """fold(name), cached: the loader folds the same names and titles for every article that names them."""
    return fold(name)


@functools.lru_cache(maxsize=65536)
def _search_words(text: str) -> tuple[str, ...]:
    words: list[str] = []
    for word in fold(text).split():
        words += _word_forms(word)
    return tuple(words)


@functools.lru_cache(maxsize=65536)
def _word_forms(word: str) -> tuple[str, ...]:
    """The word, and the word without its Arabic article or one-letter proclitic when it has one."""
    bare = strip_article(word)
    if bare == word and word[0] in _PROCLITICS and len(word) >= 4:
        bare = strip_article(word[1:])
    return (word,) if bare == word else (word, bare)


def strip_article(word: str) -> str:
    """Drop a leading Arabic definite article or proclitic+article (الروسي -> روسي)."""
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


_PROCLITICS = ("و", "ف", "ب", "ل", "ك")


def search_text(*texts: str | None) -> str:
    """Folded running text for a fulltext index: each word, plus the word without its Arabic
    article or one-letter proclitic (لبيونغ -> بيونج, والعسكرية -> عسكريه) so either form matches.
    Each text is folded apart (words never run across texts) and short ones are cached: the loader
    folds the same names for every article that mentions them."""
    words: list[str] = []
    for text in texts:
        if text:
            words += _search_words(text) if len(text) <= _CACHED_CHARS else _search_words.__wrapped__(text)
    return " ".join(words)


_CACHED_CHARS = 500  # names, titles, summaries; not article bodies


def search_terms(*names: str | None) -> list[str]:
    """Keys to index for these names: each folded, with and without spaces and articles."""
    terms: list[str] = []
    for name in names:
        for variant in _name_terms(name) if name else ():
            if variant not in terms:
                terms.append(variant)
    return terms


@functools.lru_cache(maxsize=65536)
def _name_terms(name: str) -> tuple[str, ...]:
    folded = fold(name)
    if not folded:
        return ()
    variants = (folded, folded.replace(" ", ""), " ".join(strip_article(w) for w in folded.split()))
    return tuple(v for v in variants if v)


@functools.lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """One character folded: its letters, "" for a mark that folding drops, " " for a separator."""
    if char.isspace():
        return " "
    return fold(char) or ("" if _ARABIC_DIACRITICS.match(char) or unicodedata.combining(char) else " ")


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """`fold(text)` plus, for each folded character, the index of the original character it came from."""
    pieces: list[str] = []
    origin: list[int] = []
    separators = {m.start() for m in _THOUSANDS.finditer(text)}
    for index, char in enumerate(text):
        if index in separators:
            continue
        for piece in _fold_char(char):
            if piece == " " and (not pieces or pieces[-1] == " "):
                continue
            pieces.append(piece)
            origin.append(index)
    while pieces and pieces[-1] == " ":
        pieces.pop()
        origin.pop()
    return "".join(pieces), origin


def find_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Spans of the original text whose folded form contains any folded term (for highlighting)."""
    folded, origin = fold_with_offsets(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = folded.find(term)
        while term and start >= 0:
            end = start + len(term)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(term, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
