"""Package list for setuptools: ``pipeline`` and its subpackages, plus ``models/`` as ``pipeline_models``.

pyproject.toml cannot combine a package search with a package mapped from another folder; the rest
of the configuration lives there.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["pipeline", "pipeline.*"]), "pipeline_models"])
