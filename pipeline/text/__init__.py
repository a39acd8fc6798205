"""The text layer: normalization with its map back to raw offsets (``normalize``), ZWNJ repair
(``zwnj``), sentences (``sentences``), numbers written in words (``numbers``), the language check
(``language``) and the dependency parser the events stage consults (``parsing``)."""
