"""Property tests: every edit of the normalizer keeps an exact, monotone map to the raw text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.normalize import normalize

# Persian letters and the noise news text carries: Arabic letter forms, three digit scripts,
# diacritics, kashida, ZWNJ/ZWJ, bidi marks, odd spaces, punctuation and line breaks.
_ALPHABET = (
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
    "يكىةۀأإآؤئ"
    "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣"
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0654\u0640"
    "\u200c\u200d\u200e\u200f\u200b\ufeff"
    "  \u00a0\t\n.،؛؟!«»:-"
)
# Words and glued forms that make the ZWNJ repairer act (`میرسد`, `سلاح های`).
_WORDS = ["میرسد", "سلاحهای", "هستهای", "بینالمللی", "سلاح", "های", "می", "رسد", "تنشزدایی", "نشاندهنده", "غزه"]
persian_text = st.lists(
    st.one_of(st.text(alphabet=_ALPHABET, max_size=6), st.sampled_from(_WORDS)), max_size=25
).map(lambda parts: " ".join(parts))


@settings(max_examples=300, deadline=None)
@given(persian_text)
def test_offset_map_is_monotone_and_inside_the_raw_text(raw: str) -> None:
    result = normalize(raw)
    assert len(result.starts) == len(result.ends) == len(result.text)
    previous_end = 0
    for start, end in zip(result.starts, result.ends):
        assert previous_end <= start <= end <= len(raw)
        previous_end = end


@settings(max_examples=300, deadline=None)
@given(persian_text, st.data())
def test_normalized_span_round_trip_is_exact(raw: str, data: st.DataObject) -> None:
    result = normalize(raw)
    # spans whose edge characters come from the raw text (not an inserted ZWNJ)
    real = [i for i, (s, e) in enumerate(zip(result.starts, result.ends)) if s < e]
    if not real:
        return
    first = data.draw(st.sampled_from(real))
    last = data.draw(st.sampled_from([i for i in real if i >= first]))
    raw_start, raw_end = result.to_raw_span(first, last + 1)
    assert result.to_norm_span(raw_start, raw_end) == (first, last + 1)


@settings(max_examples=200, deadline=None)
@given(persian_text, st.data())
def test_raw_span_round_trip_covers_the_same_characters(raw: str, data: st.DataObject) -> None:
    result = normalize(raw)
    a = data.draw(st.integers(0, len(raw)))
    b = data.draw(st.integers(a, len(raw)))
    start, end = result.to_norm_span(a, b)
    assert 0 <= start <= end <= len(result.text)
    if start < end:
        raw_start, raw_end = result.to_raw_span(start, end)
        # only characters of [a, b) are reached, plus deleted marks the edge letter absorbed
        assert a <= raw_start
        assert raw[b:raw_end].strip("\u064b\u064e\u064f\u0650\u0651\u0652\u0640\u200c\u200d\u200e\u200f\u200b\ufeff \u00a0\t") == ""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(persian_text)
def test_process_reports_spans_whose_raw_text_is_their_text(nlp, raw: str) -> None:
    doc = nlp.process(raw, reference_date="2024-03-01")
    for span in [*doc.sentences, *doc.entities, *doc.dates]:
        assert doc.text[span.start : span.end] == span.text
    for event in doc.events:
        assert doc.text[event.trigger_start : event.trigger_end] == event.trigger
        assert doc.text[event.evidence_start : event.evidence_end] == event.evidence
