"""Word frequencies (wordfreq's kept lists) that tell names from common words.

"العاصمة" or "Blue Economy" are words of the language; "الصفدي" or "Grundberg" are names.
Zipf scale: 7 for "the", about 3 for a rare word, 0 when unknown. The "small" lists (words down to Zipf 3)
are enough for the thresholds used (3.5 and up) and load in a fifth of the time and memory of the large ones.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency


@lru_cache(maxsize=65536)
def common_arabic(word: str) -> float:
    return zipf_frequency(word, "ar", wordlist="small")


@lru_cache(maxsize=65536)
def common_english(word: str) -> float:
    return zipf_frequency(word, "en", wordlist="small")
