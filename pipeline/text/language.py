"""Is a text Persian? A script check that guards the pipeline against English or Russian input.

The stages are built for Persian: on a text in another script they find nothing, or noise, without
saying so. As language-ID guards do in other pipelines, a batch run reports such a text
(``skipped: not Persian``) instead of processing it. The check counts letters in the Arabic script,
so it is fast and needs no model; it cannot tell Persian from Arabic, which the stages read well
enough (same script and many shared names).
"""

from __future__ import annotations

import re

__all__ = ["DEFAULT_MIN_PERSIAN_RATIO", "persian_ratio", "not_persian_reason"]

# A Persian article quoting English names or a URL stays far above half Arabic-script letters;
# an English or Russian article with a few Persian words stays far below.
DEFAULT_MIN_PERSIAN_RATIO = 0.5

# Arabic, Arabic Supplement, and the presentation forms that old Persian sites still use.
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def persian_ratio(text: str) -> float:
    """The share of the text's letters written in the Arabic script (1.0 for a text without letters).

    Examples:
        >>> persian_ratio("ایران و OPEC")
        0.6
        >>> persian_ratio("Moscow condemned the attack.")
        0.0
    """
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 1.0
    return round(sum(1 for char in letters if _ARABIC_SCRIPT.match(char)) / len(letters), 3)


def not_persian_reason(text: str, min_ratio: float) -> str | None:
    """Why a text is not taken for Persian, or None when it is (``min_ratio`` 0 takes every text).

    Examples:
        >>> not_persian_reason("Москва осудила нападение.", 0.5)
        'skipped: not Persian (0% of the letters are in the Persian script; --min-persian-ratio 0.5, or --keep-non-persian)'
    """
    ratio = persian_ratio(text)
    if ratio >= min_ratio:
        return None
    return (f"skipped: not Persian ({ratio:.0%} of the letters are in the Persian script; "
            f"--min-persian-ratio {min_ratio:g}, or --keep-non-persian)")
