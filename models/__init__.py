"""The shipped NER models as an installable data package (``pipeline_models``).

``pip install`` maps this folder to the package ``pipeline_models``, so a wheel carries the
models; :data:`pipeline.ner.MODELS_DIR` finds them by that name (``models/README.md``).
"""
