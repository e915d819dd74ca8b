"""Ids and slugs: Arabic transliteration, slugs and short hashes for entity and fact ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from extract.normalize import Normalized

_TRANSLIT = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "a", "غ": "g", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "o",
    "ي": "i", "ى": "a", "ة": "a", "ء": "", "ؤ": "o", "ئ": "i", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}


def transliterate(text: str) -> str:
    """A simple Arabic -> Latin rendering (for ids and names of unknown persons)."""
    out = []
    for ch in Normalized(text).text:
        out.append(_TRANSLIT.get(ch, ch if ch.isascii() else ""))
    s = "".join(out)
    s = re.sub(r"([aeiou])\1+", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()


def ascii_fold(text: str) -> str:
    """"João Lourenço" -> "Joao Lourenco" (accents dropped for ids)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def short_hash(text: str, n: int = 8) -> str:
    return hashlib.sha1(Normalized(text).text.encode("utf-8")).hexdigest()[:n]
