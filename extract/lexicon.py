"""Word frequencies (wordfreq's kept lists) that tell names from common words.

"العاصمة" or "Blue Economy" are words of the language; "الصفدي" or "Grundberg" are names.
Zipf scale: 7 for "the", about 3 for a rare word, 0 when unknown.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency


@lru_cache(maxsize=65536)
def common_arabic(word: str) -> float:
    return zipf_frequency(word, "ar")


@lru_cache(maxsize=65536)
def common_english(word: str) -> float:
    return zipf_frequency(word, "en")
