"""Date stage: Persian date and time expressions with TIMEX3 values, in three calendars.

The grammar works in two steps on the normalized text:

1. *Atoms*: small patterns built from the date lexicon (``pipeline/data/dates/``):
   a day + month (+ year) date, a month (+ year), a year, a numeric date, a clock time,
   a weekday, a relative day (دیروز), a relative period (هفته گذشته، سه روز پیش), a part
   of the day (عصر), a fuzzy modifier (اوایل), a named day (روز خبرنگار) and a season
   with its year (تابستان ۱۴۰۲). Overlapping atoms are resolved longest first; a duration
   (۳۰ سال گذشته "the past 30 years") is matched only so that no date is read inside it.
2. *Groups*: atoms that touch (only a space between them) and fill different slots are
   one expression: ``فردا جمعه 28 اکتبر``, ``ساعت ۱۰ صبح امروز``, ``عصر دیروز``,
   ``تیرماه سال گذشته``; two dates joined by ``تا`` are a range.

A group is resolved to a value with the reference date and the document's own dates:
a date without a year takes the year of the last dated expression before it, moving
forward across a year boundary as a timeline does, never past the reference date in a
sentence that is not future tense; without such a context it is the last occurrence
before the reference date (the next one in a future-tense sentence, the nearest one when
the verb after the date is in the present tense: ... برگزار می‌شود).
Conversions are done by :mod:`pipeline.dates.calendars` (jdatetime, hijridate).

Modules: :mod:`~pipeline.dates.base` (atom kinds and records), :mod:`~pipeline.dates.grammar`
(atoms and groups), :mod:`~pipeline.dates.resolve` (values) and :mod:`~pipeline.dates.extract`
(the pipeline stage and :func:`find_dates`).
"""

from pipeline.dates.extract import DateExtractor, find_dates
from pipeline.dates.grammar import DateGrammar

__all__ = ["DateExtractor", "DateGrammar", "find_dates"]
