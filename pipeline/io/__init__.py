"""Input and output: reading articles in every accepted format (``readers``), gold files
(``gold``), the output folder of a run (``writers``), batch runs over workers or Dask
(``batch``), data frames (``dataframes``) and annotation-tool formats (``interop``).

Nothing here builds a pipeline itself: :func:`pipeline.io.batch.run_batch` gets a factory."""
