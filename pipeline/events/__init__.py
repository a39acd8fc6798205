"""Events stage: who did what to whom, as CAMEO-coded records with stance, date and provenance.

The stage is built from small parts, each with one job:

- :mod:`pipeline.events.matching`: event triggers (verbs, light verbs, passives, verbal nouns)
  from the CAMEO root lexicon (``pipeline/data/triggers.tsv``);
- :mod:`pipeline.events.grammar`: clause structure read from the tokens (quotes, clauses,
  attributions, prepositional phrases, objects, coordination, subordinate clauses);
- :mod:`pipeline.events.content`: the root and stance of a statement from what it says;
- :mod:`pipeline.events.dating`: the date the text attaches to each event;
- :mod:`pipeline.events.stage`: :class:`EventExtractor`, which puts them together and
  resolves actors and targets.
"""

from pipeline.events.matching import TriggerMatch
from pipeline.events.stage import EventExtractor

__all__ = ["EventExtractor", "TriggerMatch"]
