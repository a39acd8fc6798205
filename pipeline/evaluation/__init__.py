"""Evaluation against gold files: scores (``scoring``), side-by-side comparison with other
date extractors (``compare``) and the HTML reports (``report``)."""
