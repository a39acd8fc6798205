"""Persian numbers written in words: ``بیست و یکم`` → 21, ``هزار و چهارصد و دو`` → 1402.

No words-to-number package for Persian is correct above a thousand, so this is a small
parser over the number words of ``pipeline/data/dates/numbers.tsv``. Persian joins the
parts of a number with ``و`` (``دو هزار و بیست و سه``) and makes an ordinal by adding
``م``/``ام``/``مین`` to the last part (``بیست و سوم``, ``سی‌ام``, ``دومین``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.lexicons.dates import DateLexicon, load_date_lexicon

__all__ = ["parse_number", "number_word_pattern", "digits_value"]

ZWNJ = "\u200c"
# The ordinal suffixes, longest first; the irregular forms (اول، سوم) are listed in the data.
_ORDINAL_SUFFIXES = ("مین", ZWNJ + "امین", "امین", ZWNJ + "ام", "ام", "م")
_PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_JOINER = re.compile(r"\s+و\s+|\s+")


def digits_value(text: str) -> int:
    """The integer written with Persian, Arabic-Indic or ASCII digits.

    Examples:
        >>> digits_value("۱۴۰۲")
        1402
    """
    return int(text.translate(_PERSIAN_DIGITS))


@lru_cache(maxsize=4)
def _word_forms(lexicon: DateLexicon) -> dict[str, tuple[int, str]]:
    """Every written form of a number word (cardinal, scale or ordinal) → (value, kind)."""
    forms: dict[str, tuple[int, str]] = {}
    for word, (value, kind) in lexicon.numbers.items():
        forms[word] = (value, kind)
        forms.setdefault(word.replace(" ", ZWNJ), (value, kind))
        forms.setdefault(word.replace(" ", ""), (value, kind))
        if kind == "ordinal":
            forms.setdefault(word + "ین", (value, "ordinal"))  # اولین، سومین، نخستین
    for word, (value, kind) in lexicon.numbers.items():
        if kind == "ordinal":
            continue
        for suffix in _ORDINAL_SUFFIXES:
            # سه + م would be سهم ("share"): the real ordinal سوم is listed, so never derive it.
            if word == "سه":
                break
            forms.setdefault(word + suffix, (value, "ordinal"))
    return forms


def parse_number(text: str, lexicon: DateLexicon | None = None) -> int | None:
    """The value of a number written in Persian words (cardinal or ordinal), or None.

    Args:
        text: the words, e.g. ``"دو هزار و بیست و سه"`` or ``"بیست و یکم"``.
        lexicon: the date lexicon (default: the shipped one).

    Returns:
        The integer, or None when a word is not a number word or the parts do not add up
        to a well-formed number (an ordinal may only be the last part).

    Examples:
        >>> parse_number("هزار و چهارصد و دو")
        1402
        >>> parse_number("بیست و یکم")
        21
    """
    forms = _word_forms(lexicon or load_date_lexicon())
    words = [w for w in _JOINER.split(text.strip()) if w]
    if not words:
        return None
    total = 0
    current = 0
    for position, word in enumerate(words):
        entry = forms.get(word)
        if entry is None:
            return None
        value, kind = entry
        if kind == "ordinal" and position != len(words) - 1:
            return None
        if kind == "scale" or value >= 1000:
            total += (current or 1) * value
            current = 0
        else:
            current += value
    return total + current


@lru_cache(maxsize=4)
def number_word_pattern(lexicon: DateLexicon) -> str:
    """A regex (no groups) for a run of number words joined by ``و``, longest forms first."""
    words = sorted(_word_forms(lexicon), key=len, reverse=True)
    # Each word must end at a word edge, so that سی is not read inside سیاست.
    word = "(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w\u200c])"
    return rf"{word}(?: و {word})*(?: {word})?"
