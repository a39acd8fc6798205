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
from pipeline.text.tokens import ZWNJ

__all__ = ["parse_number", "is_ordinal", "number_word_pattern", "digits_value", "trie_pattern"]

# The ordinal suffixes, longest first; the irregular forms (اول، سوم) are listed in the data.
_ORDINAL_SUFFIXES = ("مین", ZWNJ + "امین", "امین", ZWNJ + "ام", "ام", "م")
_PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# Parts of a number are joined by و, or only by a space before a scale word (دو هزار).
_JOINER = re.compile(r"(\s+و\s+|\s+)")
_HUNDRED = "صد"
# The most parts after the first that one written number has (یک میلیون و دویست هزار و سیصد و چهل و پنج).
_MAX_JOINS = 8


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
        elif kind == "cardinal" and value % 100 == 0 and 200 <= value <= 900 and word.endswith(_HUNDRED):
            # ششصد is also written شش‌صد (and ZWNJ repair may write it so).
            if forms.get(word[: -len(_HUNDRED)], (0, ""))[0] == value // 100:
                forms.setdefault(word[: -len(_HUNDRED)] + ZWNJ + _HUNDRED, (value, kind))
    for word, (value, kind) in list(forms.items()):
        if kind == "ordinal" or " " in word:
            continue
        for suffix in _ORDINAL_SUFFIXES:
            # سه + م would be سهم ("share"): the real ordinal سوم is listed, so never derive it.
            if word == "سه":
                break
            forms.setdefault(word + suffix, (value, "ordinal"))
    # A tens word and a unit joined by و lose their spaces in copied news text (بیستویکم،
    # سی‌ویکم، بیستوهفتم): each such compound from 21 to 99 is one word of its own.
    tens = [(w, v) for w, (v, k) in forms.items() if k == "cardinal" and v in range(20, 100, 10) and " " not in w]
    units = [(w, v, k) for w, (v, k) in forms.items() if 1 <= v <= 9 and k in ("cardinal", "ordinal") and " " not in w]
    for ten, ten_value in tens:
        for unit, unit_value, kind in units:
            for joiner in ("و", ZWNJ + "و" + ZWNJ, ZWNJ + "و", "و" + ZWNJ):
                forms.setdefault(ten + joiner + unit, (ten_value + unit_value, kind))
    return forms


def _is_multiplier(value: int, kind: str) -> bool:
    """Words that multiply what precedes them: the scales, and صد after a digit (دو صد)."""
    return kind == "scale" or value >= 1000 or value == 100


def parse_number(text: str, lexicon: DateLexicon | None = None) -> int | None:
    """The value of a number written in Persian words (cardinal or ordinal), or None.

    Args:
        text: the words, e.g. ``"دو هزار و بیست و سه"`` or ``"بیست و یکم"``.
        lexicon: the date lexicon (default: the shipped one).

    Returns:
        The integer, or None when a word is not a number word or the parts do not add up
        to a well-formed number (an ordinal may only be the last part; parts are joined
        by و except before a scale: دو هزار، سه میلیون، نه صد).

    Examples:
        >>> parse_number("هزار و چهارصد و دو")
        1402
        >>> parse_number("بیست و یکم")
        21
    """
    forms = _word_forms(lexicon or load_date_lexicon())
    parts = _JOINER.split(text.strip())
    words, joiners = parts[0::2], parts[1::2]
    if not words or not words[0]:
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
        bare_join = position > 0 and "و" not in joiners[position - 1]
        if bare_join and not _is_multiplier(value, kind):
            return None  # «سه دو» is two numbers, not one
        if kind == "scale" or value >= 1000:
            total += (current or 1) * value
            current = 0
        elif value == 100 and bare_join:
            if not 1 <= current <= 9:
                return None
            current *= 100
        else:
            current += value
    return total + current

def is_ordinal(text: str, lexicon: DateLexicon | None = None) -> bool:
    """True when a number in words is an ordinal (its last word is: ``بیست و یکم``, ``دومین``).

    Examples:
        >>> is_ordinal("بیست و یکم"), is_ordinal("بیست و یک")
        (True, False)
    """
    last = _JOINER.split(text.strip())[-1]
    return _word_forms(lexicon or load_date_lexicon()).get(last, (0, ""))[1] == "ordinal"


@lru_cache(maxsize=4)
def number_word_pattern(lexicon: DateLexicon) -> str:
    """A regex (no groups) for a run of number words joined by ``و`` (or a space before a scale).

    Examples:
        >>> import re
        >>> re.search(number_word_pattern(load_date_lexicon()), "سال دو هزار و بیست و سه").group()
        'دو هزار و بیست و سه'
    """
    forms = _word_forms(lexicon)
    # Each word must end at a word edge, so that سی is not read inside سیاست.
    word = trie_pattern(forms) + r"(?![\w\u200c])"
    before_multiplier = "(?=" + trie_pattern(w for w, (v, k) in forms.items() if _is_multiplier(v, k) and k != "ordinal") + ")"
    # At most _MAX_JOINS parts follow the first (دو هزار و چهارصد و بیست و یکم has four):
    # an unbounded run would let a long list of number words be rescanned from every word.
    return rf"{word}(?:(?: و | {before_multiplier}){word}){{0,{_MAX_JOINS}}}"


def trie_pattern(words: object) -> str:
    """A regex for a set of words as a prefix tree, longest first.

    Number words (بیست، بیستم، بیستمین) and verb stems are hundreds of forms sharing
    prefixes; a flat alternation is tried word by word at every word start, a tree letter by letter.

    Examples:
        >>> trie_pattern(["سی", "سیم", "سه"])
        '(?:س(?:ه|ی(?:م)?))'
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return emit(tree)
