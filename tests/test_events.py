"""Events stage, by example: one short Persian sentence per construction and its record.

Each row is (text, expected events as (actor, target, CAMEO type, stance)), run through
the whole pipeline with the shipped models (the ``nlp`` fixture).
"""

from __future__ import annotations

import pytest

from pipeline.events import EventExtractor
from pipeline.events.actors import Mention, tokenize
from pipeline.events.grammar import within_clause
from pipeline.records import Document, Sentence
from pipeline.text.normalize import normalize


def _events(nlp, text: str, reference_date: str = "2024-03-01") -> list[tuple]:
    doc = nlp.process(text, reference_date=reference_date, doc_id="t")
    for event in doc.events:  # provenance points into the raw text
        assert doc.text[event.trigger_start : event.trigger_end] == event.trigger
        assert doc.text[event.evidence_start : event.evidence_end] == event.evidence
    return [(e.actor, e.target, e.type, e.stance) for e in doc.events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A ministry composed with its state.
        ("وزارت امور خارجه روسیه اسرائیل را محکوم کرد.", [("RUS", "ISR", "11", "oppose")]),
        # A role with a demonym; the target after «نسبت به» is a role with a demonym too.
        ("مقامات روسی نسبت به اظهارات وزیر اسرائیلی ابراز نگرانی کردند.", [("RUS", "ISR", "11", "oppose")]),
        # Seats of government stand for their states.
        ("کرملین از کاخ سفید انتقاد کرد.", [("RUS", "USA", "11", "oppose")]),
        ("مسکو از اقدام واشنگتن انتقاد کرد.", [("RUS", "USA", "11", "oppose")]),
        # The ambassador's state is the sending one: the role stops at «در».
        ("سفیر جدید اسرائیل در روسیه از مسکو انتقاد کرد.", [("ISR", "RUS", "11", "oppose")]),
        ("رئیس‌جمهور ایران با نخست‌وزیر پاکستان دیدار کرد.", [("IRN", "PAK", "04", "support")]),
        # A known official by name.
        ("لاوروف با وزیر خارجه ایران دیدار کرد.", [("RUS", "IRN", "04", "support")]),
    ],
)
def test_events_actor_composition(nlp, text, expected):
    assert _events(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # «وی» continues the last actor.
        ("لاوروف به تهران سفر کرد. وی از آمریکا انتقاد کرد.", [("RUS", "IRN", "04", "support"), ("RUS", "USA", "11", "oppose")]),
        # «این کشور» is the nearest state named before.
        ("وزیر خارجه ترکیه در آنکارا سخنرانی کرد. این کشور از اسرائیل انتقاد کرد.", [("TUR", "ISR", "11", "oppose")]),
        # «این اظهارات» stands for whoever made the statements the last event was aimed at.
        (
            "نتانیاهو از روسیه انتقاد کرد. این اظهارات از سوی مسکو غیرقابل قبول تلقی شد.",
            [("ISR", "RUS", "11", "oppose"), ("RUS", "ISR", "11", "oppose")],
        ),
        # «دو طرف» are both sides of the meeting, each toward the other; a plural cue
        # («همکاری‌های») types the statement.
        (
            "ژاپن با کره جنوبی دیدار کرد. دو طرف بر گسترش همکاری‌های اقتصادی تأکید کردند.",
            [("JPN", "KOR", "04", "support"), ("JPN", "KOR", "03", "support"), ("KOR", "JPN", "03", "support")],
        ),
        # An object pronoun is the person named before it in its sentence who is not the actor.
        ("«ماریا بوتینا» شهروند روسیه به آمریکا رفت و آمریکا او را بازداشت کرد.", [("USA", "RUS", "17", "oppose")]),
    ],
)
def test_events_coreference(nlp, text, expected):
    assert _events(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ایران به اسرائیل حمله کرد.", [("IRN", "ISR", "19", "oppose")]),  # به
        ("اوکراین علیه روسیه به دیوان بین‌المللی دادگستری شکایت کرد.", [("UKR", "RUS", "11", "oppose")]),  # علیه
        ("قطر با وزیر خارجه ایران دیدار کرد.", [("QAT", "IRN", "04", "support")]),  # با
        ("دبیرکل سازمان ملل از اسرائیل خواست به حملات پایان دهد.", [("UN", "ISR", "02", "neutral")]),  # از
        ("وزارت خارجه ایران سفیر آلمان را احضار کرد.", [("IRN", "DEU", "11", "oppose")]),  # را
        # The actor criticized inside a quoted statement; «باید» makes it a demand.
        ("سخنگوی کاخ سفید گفت: «روسیه باید فورا جنگ را متوقف کند.»", [("USA", "RUS", "10", "oppose")]),
        # A passive: the subject is the target, the agent after «توسط» the actor.
        ("سفیر انگلیس توسط وزارت امور خارجه ایران احضار شد.", [("IRN", "GBR", "11", "oppose")]),
        # An EU nested in the addressee's phrase is not the target.
        ("وزیر خارجه انگلیس از حامیان خروج از اتحادیه اروپا خواست طرح خود را ارائه کنند.", [("GBR", None, "02", "neutral")]),
        # An outlet quoted as a source is neither actor nor target.
        ("به گزارش فارس به نقل از رادیو اسرائیل، پوتین تشدید تحریم‌ها را رد کرد.", [("RUS", None, "12", "oppose")]),
        # A coordinated list of subjects ends with «و»; each is an actor, none a target.
        ("آمریکا، کانادا و استرالیا خواستار کاهش تعرفه‌ها از سوی اروپا شدند.", [
            ("USA", None, "02", "neutral"), ("CAN", None, "02", "neutral"), ("AUS", None, "02", "neutral")]),
        # A source attribution governs nothing after it.
        ("به گفته وی آمریکا ایران را تهدید کرد.", [("USA", "IRN", "13", "oppose")]),
        # An act a clause-initial name does to a longer object.
        ("حماس پیشنهاد آتش‌بس را رد کرد.", [("HAMAS", None, "12", "oppose")]),
    ],
)
def test_events_target(nlp, text, expected):
    assert _events(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("آمریکا چین را تحت فشار قرار داد.", [("USA", "CHN", "10", "oppose")]),
        # A light verb with a gap holds its object.
        ("ترکیه خواستار تشکیل جلسه اضطراری شورای امنیت شد.", [("TUR", "UNSC", "02", "neutral")]),
        ("اتحادیه اروپا تحریم‌های جدیدی علیه روسیه اعمال کرد.", [("EU", "RUS", "16", "oppose")]),
        # A verbal noun after «با» names the event; the reporting verb is its frame.
        ("انگلیس با رد ادعاهای روسیه اعلام کرد که در این حمله نقشی نداشته است.", [("GBR", "RUS", "12", "oppose")]),
        # ZWNJ lost and Arabic letters: the same trigger.
        ("روسيه اسرائيل را محكوم كرد.", [("RUS", "ISR", "11", "oppose")]),
    ],
)
def test_events_light_verb_constructions(nlp, text, expected):
    assert _events(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("چین از روسیه حمایت نکرد.", [("CHN", "RUS", "12", "oppose")]),  # a refusal (EVENTS_GUIDE rule 4)
        ("ترکیه درخواست اسرائیل را نپذیرفت.", [("TUR", "ISR", "12", "oppose")]),
        ("ترکیه از اسرائیل انتقاد نکرد.", []),  # an act that did not happen
        ("هند نباید از روسیه حمایت کند.", []),  # a negative modal: nothing was done
    ],
)
def test_events_negation_refusal_or_nothing(nlp, text, expected):
    assert _events(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Two verbs of one subject.
        (
            "روسیه حمله اسرائیل به غزه را محکوم کرد و خواستار تشکیل جلسه شورای امنیت شد.",
            [("RUS", "ISR", "11", "oppose"), ("RUS", "UNSC", "02", "neutral")],
        ),
        # Two coordinated subjects, one event each.
        ("فرانسه و آلمان از توافق هسته‌ای استقبال کردند.", [("FRA", None, "05", "support"), ("DEU", None, "05", "support")]),
        # A reporting verb yields to the act it frames: one event.
        ("نتانیاهو از موضع روسیه انتقاد کرد و گفت: «این موضع پذیرفتنی نیست.»", [("ISR", "RUS", "11", "oppose")]),
        # What a threat threatens with is its content, not a second event.
        ("نتانیاهو تهدید کرد که به لبنان حمله خواهد کرد.", [("ISR", "LBN", "13", "oppose")]),
        # An act in a subordinate clause is what the main verb is about, not an event.
        ("مسکو، واشنگتن را برای اینکه اوکراین را تحت فشار قرار داده، متهم کرد.", [("RUS", "USA", "11", "oppose")]),
    ],
)
def test_events_several_in_one_sentence(nlp, text, expected):
    assert _events(nlp, text) == expected


def _dated(nlp, text: str, reference_date: str = "2024-03-01") -> list[tuple]:
    doc = nlp.process(text, reference_date=reference_date, doc_id="t")
    return [(e.actor, e.target, e.date) for e in doc.events]


def test_events_date_line_after_the_paragraph_dates_it(nlp):
    text = "روسیه اسرائیل را محکوم کرد.\n۱۱ ژانویه\n\nچین از روسیه حمایت کرد.\n۵ فوریه\n"
    assert _dated(nlp, text) == [("RUS", "ISR", "2024-01-11"), ("CHN", "RUS", "2024-02-05")]


def test_events_dated_heading_before_the_paragraph_dates_it(nlp):
    text = "۱۱ ژانویه ۲۰۲۴\nروسیه اسرائیل را محکوم کرد.\n\n۵ فوریه ۲۰۲۴\nچین از روسیه حمایت کرد.\n"
    assert _dated(nlp, text) == [("RUS", "ISR", "2024-01-11"), ("CHN", "RUS", "2024-02-05")]


def test_events_statements_take_the_date_of_their_occasion(nlp):
    # The press conference is dated once; what the spokesman said there shares its date,
    # an act told afterwards without a date gets none.
    text = (
        "سخنگوی وزارت خارجه روسیه روز دوشنبه در نشست خبری از آمریکا انتقاد کرد.\n"
        "زاخارووا گفت: «انگلیس نیز در این حمله نقش داشت.»\n"
        "آمریکا چندی بعد سفیر روسیه را احضار کرد."
    )
    assert _dated(nlp, text) == [("RUS", "USA", "2024-02-26"), ("RUS", "GBR", "2024-02-26"), ("USA", "RUS", None)]


def test_events_a_later_date_does_not_date_a_past_event(nlp):
    # The election of 2030 is what Putin spoke of, not when.
    assert _dated(nlp, "پوتین به احتمال نامزدی در انتخابات سال ۲۰۳۰ اشاره کرد.") == [("RUS", None, None)]
    # A planned meeting takes its future date.
    assert _dated(nlp, "لاوروف قرار است فردا با وزیر خارجه ایران دیدار کند.") == [("RUS", "IRN", "2024-03-02")]
    # A timeline's dates are the events' own, even when later than the reference date.
    text = "۱۲ مارس ۲۰۲۴\nفرانسه با مصر دیدار کرد.\n\n۱۵ مارس ۲۰۲۴\nترکیه اسرائیل را محکوم کرد.\n"
    assert _dated(nlp, text) == [("FRA", "EGY", "2024-03-12"), ("TUR", "ISR", "2024-03-15")]


def test_events_the_lead_restating_the_body_is_one_event(nlp):
    text = (
        "مسکو خواستار تحقیقات شد\n"
        "روسیه خواستار تحقیقات فوری درباره حمله شد.\n"
        "به گزارش ایرنا، سخنگوی وزارت خارجه روسیه روز دوشنبه اعلام کرد مسکو خواستار تحقیقات فوری درباره حمله است."
    )
    assert _dated(nlp, text) == [("RUS", None, "2024-02-26")]


def test_events_record_provenance_and_quad_class(nlp):
    text = "ایران به اسرائیل حمله کرد."
    doc = nlp.process(text, doc_id="a1")
    (event,) = doc.events
    row = event.to_row()
    assert row["doc_id"] == "a1" and row["sentence_index"] == 0 and row["quad_class"] == 4
    assert (row["trigger_start"], row["trigger_end"]) == (text.index("حمله"), text.index("."))
    assert (row["evidence_start"], row["evidence_end"]) == (0, len(text))
    again = nlp.process("ایران به اسرائیل حمله کرد.", doc_id="a1").events[0]
    assert again.id == event.id and len(event.id) == 16


def test_events_stage_alone_on_a_prepared_document():
    text = "روسیه اسرائیل را محکوم کرد."
    doc = Document("d1", text, normalized=normalize(text, repair_zwnj=False))
    doc.sentences = [Sentence(0, 0, len(text), text)]
    events = EventExtractor()(doc).events
    assert [(e.actor, e.target, e.type, e.stance, e.negated) for e in events] == [("RUS", "ISR", "11", "oppose", False)]


def test_events_stage_needs_a_normalized_document():
    with pytest.raises(ValueError, match="normalized"):
        EventExtractor()(Document("d", "روسیه"))


def test_events_name_the_texts_of_their_actor_and_target(nlp):
    doc = nlp.process("کرملین از کاخ سفید انتقاد کرد. وی از آمریکا انتقاد کرد.", reference_date="2024-03-01")
    assert [(e.actor_text, e.target_text) for e in doc.events] == [("کرملین", "کاخ سفید"), ("وی", "آمریکا")]


@pytest.mark.parametrize(
    ("text", "span", "verbs", "expected"),
    [
        # The tagger's span runs over the verb: the name is the words before it.
        ("سخنگوی وزارت خارجه گفت ایران سفیر خود را فراخواند", (0, 5), {3}, "سخنگوی وزارت خارجه"),
        # The span runs from a headline into the body: the name is the words after the break.
        ("اخراج نیروهای بیگانه\n\nپارلمان عراق اعلام کرد", (1, 5), {5}, "پارلمان عراق"),
        # A span within one clause is left as it is.
        ("پارلمان عراق اعلام کرد", (0, 2), {2}, "پارلمان عراق"),
    ],
)
def test_events_mentions_stay_within_one_clause(text, span, verbs, expected):
    tokens = tokenize(text)
    mention = Mention(*span, "IRQ", "role", text[tokens[span[0]].start : tokens[span[1] - 1].end])
    assert [m.text for m in within_clause(text, tokens, [mention], verbs)] == [expected]
