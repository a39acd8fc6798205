"""Events stage: who did what to whom, as CAMEO-coded records with stance, date and provenance.

The stage is built from small parts, each with one job:

- :mod:`pipeline.events.matching`: event triggers (verbs, light verbs, passives, verbal nouns)
  from the CAMEO root lexicon (``pipeline/data/triggers.tsv``);
- :mod:`pipeline.events.grammar`: clause structure read from the tokens (quotes, clauses,
  attributions, prepositional phrases, objects, coordination, subordinate clauses);
- :mod:`pipeline.events.content`: the root and stance of a statement from what it says;
- :mod:`pipeline.events.roles`: clause roles (subject, object) from a dependency parse of
  the sentences that hold a trigger (``models/fa_ud_parser``);
- :mod:`pipeline.events.resolution`: the actor code of each mention and the target of
  each act (titles, demonyms, anaphora, occasions);
- :mod:`pipeline.events.dating`: the date the text attaches to each event;
- :mod:`pipeline.events.drafts`: the document state and the events before they are
  records (once per happening, statements yielding to the acts they report);
- :mod:`pipeline.events.scoring`: per-field accuracy and root confusion against gold;
- :mod:`pipeline.events.stage`: :class:`EventExtractor`, which puts them together.
"""

from pipeline.events.matching import TriggerMatch
from pipeline.events.stage import EventExtractor

__all__ = ["EventExtractor", "TriggerMatch"]
