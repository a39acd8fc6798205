"""Batch runs over corpora: streamed inputs, error isolation, resume, processes and Dask.

:func:`run_batch` reads the inputs lazily (:mod:`pipeline.io.readers`), cuts them into shards
of ``shard_size`` documents, runs each shard through the pipeline (in this process, in
``workers`` processes or on a Dask cluster; every worker builds the models once) and
commits each finished shard atomically (:mod:`pipeline.io.writers`). A run that is killed
and started again with the same arguments skips the documents of committed shards, so
every document ends up in the outputs exactly once.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from pipeline.errors import ConfigError
from pipeline.io.dataframes import document_rows
from pipeline.io.executors import executor
from pipeline.io.readers import check_inputs, count_documents, iter_documents
from pipeline.io.sources import DEFAULT_MAX_CHARS, SourceDoc, escape_surrogates
from pipeline.io.writers import OutputStore, ShardResult
from pipeline.ner import check_model
from pipeline.records import StageFailure
from pipeline.text.language import DEFAULT_MIN_PERSIAN_RATIO, not_persian_reason

__all__ = ["BatchSummary", "run_batch", "process_documents", "DEFAULT_SHARD_SIZE"]

logger = logging.getLogger(__name__)

# Small enough that a crash loses little work and a progress bar moves, large enough that
# the per-shard files (3 in _shards/, 4 Parquet parts) stay few: 200 articles ≈ 1 MB.
DEFAULT_SHARD_SIZE = 200

PipelineFactory = Callable[..., Any]
# The pipeline a run builds unless given a factory.
DEFAULT_PIPELINE_FACTORY = "pipeline.core.Pipeline"


# Pipelines built in this process, by factory and options: a worker process (or a Dask
# worker) builds its models on its first shard and reuses them for every later one.
_PIPELINES: dict[str, Any] = {}
# Documents a worker hands to Pipeline.pipe at once: the NER model runs on their sentences together.
BATCH_DOCUMENTS = 32


@dataclass
class BatchSummary:
    """What a batch run did.

    Attributes:
        processed: documents processed by this run.
        failed: documents this run wrote to ``errors.jsonl``.
        skipped: documents already finished by an earlier run (resume), not redone.
        not_persian: documents skipped as not Persian (see ``min_persian_ratio``), in ``errors.jsonl``.
        changed: documents whose text or reference date differs from the version an earlier run
            finished under the same id; reported in ``errors.jsonl``, not redone.
        total_processed: documents in the outputs, over this run and earlier ones.
        total_failed: entries of ``errors.jsonl``, over this run and earlier ones.
        words: whitespace-separated words of the texts this run processed.
        seconds: wall-clock time of this run.
        strict: whether any failed document makes the run fail.
        out_dir: the output folder.
        paths: every output file or Parquet folder, by name.
    """

    processed: int = 0
    failed: int = 0
    skipped: int = 0
    changed: int = 0
    not_persian: int = 0
    total_processed: int = 0
    total_failed: int = 0
    words: int = 0
    seconds: float = 0.0
    strict: bool = False
    out_dir: Path = Path(".")
    paths: dict[str, Path] = field(default_factory=dict)

    @property
    def docs_per_second(self) -> float:
        """Documents (processed or failed) per second of this run."""
        return (self.processed + self.failed) / self.seconds if self.seconds > 0 else 0.0

    @property
    def words_per_second(self) -> float:
        """Words of processed documents per second of this run."""
        return self.words / self.seconds if self.seconds > 0 else 0.0

    @property
    def ok(self) -> bool:
        """True unless nothing at all could be processed, or ``strict`` and a document failed."""
        return self.total_processed > 0 and not (self.strict and self.total_failed > 0)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (paths as strings, rates included)."""
        data = asdict(self)
        data["out_dir"] = str(self.out_dir)
        data["paths"] = {name: str(path) for name, path in self.paths.items()}
        data.update(docs_per_second=round(self.docs_per_second, 2), words_per_second=round(self.words_per_second, 1))
        return data

    def __str__(self) -> str:
        text = (f"processed {self.processed}, failed {self.failed}, skipped {self.skipped} "
                f"in {self.seconds:.1f} s ({self.docs_per_second:.1f} docs/s, {self.words_per_second:.0f} words/s)")
        if self.not_persian:
            text += f"; {self.not_persian} skipped as not Persian (see errors.jsonl)"
        if self.changed:
            text += f"; {self.changed} changed since the earlier run (kept as they were, see errors.jsonl)"
        if self.skipped or self.total_processed != self.processed:
            text += f"; outputs hold {self.total_processed} documents and {self.total_failed} errors"
        return text


def _error_record(doc: SourceDoc, reason: str) -> dict[str, Any]:
    # A file name in a legacy encoding or a column name of a UTF-16 file must not stop the writer.
    return {"source": escape_surrogates(doc.source), "line": doc.line,
            "id": None if doc.doc_id is None else escape_surrogates(doc.doc_id), "reason": escape_surrogates(reason)}


def fingerprint(doc: SourceDoc) -> str | None:
    """A short hash of what a document's records depend on: its text and reference date.

    Examples:
        >>> a = SourceDoc("خ۱", "تهران", "2024-03-01", "خبر.jsonl", 1)
        >>> fingerprint(a) == fingerprint(SourceDoc("خ۱", "تهران", "2024-03-02", "خبر.jsonl", 1))
        False
    """
    if doc.text is None:
        return None
    data = f"{doc.text}\0{doc.reference_date or ''}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def _persian_only(docs: Iterable[SourceDoc], min_ratio: float, finished: dict[str, str | None],
                  summary: BatchSummary) -> Iterator[SourceDoc]:
    """The documents, each text that is not Persian turned into an error record (and a warning,
    unless an earlier run of this folder reported it)."""
    for doc in docs:
        reason = not_persian_reason(doc.text, min_ratio) if doc.text is not None else None
        if reason is not None:
            doc = SourceDoc(doc.doc_id, None, None, doc.source, doc.line, reason)
            if doc.key not in finished:
                logger.warning("%s (%s:%s) %s", doc.doc_id, doc.source, doc.line, reason)
                summary.not_persian += 1
        yield doc


def _changed_since_finished(doc: SourceDoc) -> SourceDoc:
    """The error record of a document that differs from the version an earlier run finished."""
    return SourceDoc(doc.doc_id, None, None, doc.source, doc.line,
                     f"changed since an earlier run finished id {doc.doc_id!r}: its text or reference_date differs "
                     "and the outputs keep the earlier version; run with --overwrite to process it again")


def _pipeline_key(factory: PipelineFactory, options: dict[str, Any]) -> str:
    name = f"{getattr(factory, '__module__', '')}.{getattr(factory, '__qualname__', repr(factory))}"
    return f"{name}|{json.dumps(options, sort_keys=True, default=str)}"


def _cached_pipeline(factory: PipelineFactory, options: dict[str, Any]) -> Any:
    key = _pipeline_key(factory, options)
    if key not in _PIPELINES:
        started = time.perf_counter()
        _PIPELINES[key] = factory(**options)
        logger.info("pipeline built in process %d in %.1f s", os.getpid(), time.perf_counter() - started)
    return _PIPELINES[key]


def process_documents(docs: Sequence[SourceDoc], pipeline_factory: PipelineFactory | None = None,
                      pipeline_options: dict[str, Any] | None = None) -> ShardResult:
    """Process one shard of documents; a document that fails goes to the errors, not up.

    This is the task a worker runs: it builds the pipeline on its first call in a process
    and reuses it afterwards.

    Args:
        docs: the shard's documents (those with an ``error`` are recorded as failed).
        pipeline_factory: builds the pipeline from ``pipeline_options``
            (default :class:`pipeline.core.Pipeline`).
        pipeline_options: keyword arguments of the factory.

    Returns:
        ShardResult: gold-format lines, table rows and error records of the shard.

    Examples:
        >>> from pipeline.io.sources import SourceDoc
        >>> shard = process_documents([SourceDoc("خ۱", None, None, "خبر.jsonl", 3, "empty text")])
        >>> shard.errors
        [{'source': 'خبر.jsonl', 'line': 3, 'id': 'خ۱', 'reason': 'empty text'}]
    """
    result = ShardResult()
    nlp = None  # built (or taken from this process's cache) at the shard's first readable document
    for first in range(0, len(docs), BATCH_DOCUMENTS):
        chunk = docs[first:first + BATCH_DOCUMENTS]
        readable = [doc for doc in chunk if doc.error is None]
        if readable and nlp is None:
            nlp = _cached_pipeline(pipeline_factory or _default_factory(), pipeline_options or {})
        outcomes = iter(_process_batch(nlp, readable) if readable else [])
        for doc in chunk:
            result.keys.append(doc.key)
            result.fingerprints.append(fingerprint(doc))
            if doc.error is not None:
                result.errors.append(_error_record(doc, doc.error))
                continue
            outcome = next(outcomes)
            if isinstance(outcome, str):
                logger.warning("%s (%s:%s) %s", doc.doc_id, doc.source, doc.line, outcome)
                result.errors.append(_error_record(doc, outcome))
                continue
            line, rows = outcome
            result.documents.append(line)
            for table, table_rows in rows.items():
                result.rows[table].extend(table_rows)
            result.words += len(doc.text.split())
    return result


def _default_factory() -> PipelineFactory:
    """:class:`pipeline.core.Pipeline`, found by name: the I/O layer does not import the orchestrator."""
    module, _, name = DEFAULT_PIPELINE_FACTORY.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _process_batch(nlp: Any, docs: Sequence[SourceDoc]) -> list[tuple[str, dict[str, list]] | str]:
    """Each document's gold-format line and table rows, or the reason it failed.

    A pipeline with ``pipe`` (:meth:`pipeline.core.Pipeline.pipe`) gets the whole batch (its NER
    model sees all texts at once) and captures each document's failure with the stage that
    failed; any other pipeline runs ``process`` per document. Either way one document that
    breaks a stage fails alone and never stops the others.
    """
    pipe = getattr(nlp, "pipe", None)
    if pipe is not None:
        items = [(doc.doc_id, doc.text, doc.reference_date) for doc in docs]
        return [_records(lambda done=done: done) for done in pipe(items, batch_size=len(docs), errors="capture")]
    return [_records(lambda doc=doc: nlp.process(doc.text, reference_date=doc.reference_date, doc_id=doc.doc_id))
            for doc in docs]


def _records(process: Callable[[], Any]) -> tuple[str, dict[str, list]] | str:
    """The gold-format line and table rows of the document ``process`` returns, or why it failed."""
    try:
        processed = process()
        if isinstance(processed, StageFailure):
            return f"processing failed in the {processed.stage!r} stage: {processed.error}"
        return json.dumps(processed.to_dict(), ensure_ascii=False), document_rows(processed)
    except Exception as exc:  # noqa: BLE001 - one document that breaks a stage must not stop the batch
        logger.debug("traceback", exc_info=exc)
        return f"processing failed: {type(exc).__name__}: {exc}"


def _shards(docs: Iterator[SourceDoc], finished: dict[str, str | None], summary: BatchSummary, shard_size: int,
            on_skip: Callable[[int], None]) -> Iterator[list[SourceDoc]]:
    """Cut the stream into shards, leaving out what an earlier run finished and repeated ids.

    ``finished`` maps the keys an earlier run finished to their fingerprints: a document whose
    fingerprint differs is not skipped but reported (once) as changed.
    """
    seen: set[str] = set()

    def fresh() -> Iterator[SourceDoc]:
        for doc in docs:
            # Duplicates are found before finished work is skipped, so that a resumed run
            # records the same errors as one that was never interrupted.
            if doc.key in seen and doc.error is None:
                doc = SourceDoc(doc.doc_id, None, None, doc.source, doc.line,
                                f"duplicate id {doc.doc_id!r}: an earlier document of this run has it")
            seen.add(doc.key)
            if doc.key in finished and finished[doc.key] not in (None, fingerprint(doc)):
                doc = _changed_since_finished(doc)
                if doc.key not in finished:
                    summary.changed += 1
            if doc.key in finished:
                summary.skipped += 1
                on_skip(1)
                continue
            yield doc

    stream = fresh()
    while shard := list(islice(stream, shard_size)):
        yield shard


def _progress_bar(enabled: bool, inputs: Sequence[str | Path], text_column: str | None) -> Any:
    from tqdm.auto import tqdm

    total = count_documents(inputs, text_column=text_column) if enabled else None
    return tqdm(total=total, unit="doc", disable=not enabled, dynamic_ncols=True, smoothing=0.1)


def _check_before_writing(inputs: Sequence[str | Path], out_dir: str | Path, reference_date: str | None,
                          text_column: str | None, pipeline_options: dict[str, Any] | None,
                          pipeline_factory: PipelineFactory | None) -> None:
    """Check the inputs, the output folder and the NER options before anything is written, so
    that a bad option leaves no output folder behind."""
    check_inputs(inputs, reference_date=reference_date, text_column=text_column)
    if Path(out_dir).exists() and not Path(out_dir).is_dir():
        raise ConfigError(f"output folder {str(out_dir)!r} is a file; give a folder to --out")
    if pipeline_factory is None:
        options = pipeline_options or {}
        check_model(options.get("ner_backend"), options.get("ner_model"))


def _run_options(pipeline_options: dict[str, Any] | None, pipeline_factory: PipelineFactory | None,
                 **options: Any) -> dict[str, Any]:
    """The options a run's records depend on (not workers, shards or progress), as the manifest records them."""
    factory = pipeline_factory or DEFAULT_PIPELINE_FACTORY
    # Unset options are left out: the CLI passes ner_model=None and actors=[] where Python passes nothing.
    given = {name: value for name, value in sorted((pipeline_options or {}).items()) if value not in (None, [], ())}
    return {**options, "pipeline_options": given,
            "pipeline_factory": factory if isinstance(factory, str) else _pipeline_key(factory, {}).split("|")[0]}


def run_batch(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    reference_date: str | None = None,
    workers: int = 1,
    dask: str | None = None,
    strict: bool = False,
    overwrite: bool = False,
    progress: bool | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    pipeline_options: dict[str, Any] | None = None,
    pipeline_factory: PipelineFactory | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
    max_chars: int = DEFAULT_MAX_CHARS,
    min_persian_ratio: float = DEFAULT_MIN_PERSIAN_RATIO,
) -> BatchSummary:
    """Run the pipeline over every document of the inputs and write the outputs to ``out_dir``.

    Outputs: ``documents.jsonl`` (gold format), ``events.csv``, the partitioned Parquet
    tables ``{documents,entities,dates,events}.parquet/``, ``errors.jsonl`` (source, line, id
    and reason of every document that could not be read or processed), ``summary.json``,
    and the shards and manifest in ``_shards/`` that let a killed run resume.

    Args:
        inputs: ``.txt`` files, folders of them, ``.jsonl``/``.jsonl.gz``, ``.csv``, ``.parquet``
            (see :func:`pipeline.io.readers.iter_documents`).
        out_dir: the output folder.
        reference_date: ``YYYY-MM-DD`` for documents that carry none.
        workers: worker processes (1: in this process). With ``dask="local"``, the
            cluster's worker count (default 2).
        dask: ``"local"`` to start a ``LocalCluster`` (single-threaded worker processes), or
            a scheduler address (``tcp://HOST:8786``) to run on an existing cluster.
        strict: any failed document makes ``summary.ok`` false.
        overwrite: delete earlier outputs in ``out_dir`` instead of resuming.
        progress: show a progress bar (default: when stderr is a terminal).
        text_column: the text column of CSV/Parquet inputs.
        id_column: the id column of CSV/Parquet inputs.
        pipeline_options: keyword arguments of :class:`pipeline.core.Pipeline`
            (``ner_backend``, ``ner_model``, ``actors``, ``triggers``).
        pipeline_factory: builds the pipeline from ``pipeline_options`` once per worker
            (default :class:`pipeline.core.Pipeline`); any callable returning an object with
            ``process(text, reference_date=, doc_id=) -> Document``. It must be importable
            by name (a module-level function or class) when ``workers > 1`` or with Dask.
        shard_size: documents per shard (the unit of commit and of work sent to a worker).
        max_chars: texts longer than this are rejected with a reason (bounded time per document).
        min_persian_ratio: a text with a smaller share of Persian-script letters is not processed but
            reported (``skipped: not Persian``); 0 processes every text
            (:func:`pipeline.text.language.persian_ratio`).

    Returns:
        BatchSummary: counts, throughput and output paths.

    Raises:
        ConfigError: a missing or unsupported input, a bad option, outputs of another
            run in ``out_dir`` without ``overwrite`` (also those of a run with other options),
            or another run writing into ``out_dir`` now (``out_dir/.lock`` names it).

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "خبر.txt").write_text("روسیه اسرائیل را محکوم کرد.", encoding="utf-8")
        >>> summary = run_batch([folder], folder / "out", reference_date="2024-03-01")  # doctest: +SKIP
        >>> summary.processed, summary.failed  # doctest: +SKIP
        (1, 0)
    """
    if shard_size < 1:
        raise ConfigError(f"shard_size must be at least 1, got {shard_size}")
    if not 0 <= min_persian_ratio <= 1:
        raise ConfigError(f"min_persian_ratio must be between 0 and 1, got {min_persian_ratio}")
    _check_before_writing(inputs, out_dir, reference_date, text_column, pipeline_options, pipeline_factory)
    docs = iter_documents(inputs, reference_date=reference_date, text_column=text_column, id_column=id_column,
                          max_chars=max_chars)
    run_options = _run_options(pipeline_options, pipeline_factory, reference_date=reference_date,
                               text_column=text_column, id_column=id_column, max_chars=max_chars,
                               min_persian_ratio=min_persian_ratio)
    # Workers start before the output folder is made: a start that fails leaves nothing behind.
    backend = executor(workers, dask)
    try:
        store = OutputStore(out_dir, overwrite=overwrite)
    except BaseException:
        backend.close()
        raise
    with store:
        summary = _run_into(store, backend, docs, inputs, strict=strict, progress=progress, text_column=text_column,
                            pipeline_options=pipeline_options, pipeline_factory=pipeline_factory,
                            shard_size=shard_size, min_persian_ratio=min_persian_ratio, run_options=run_options)
    logger.info("%s", summary)
    if not summary.ok:
        reason = "nothing could be processed" if summary.total_processed == 0 else "documents failed (strict)"
        logger.error("batch run failed: %s; see %s", reason, summary.paths["errors"])
    return summary


def _run_into(store: OutputStore, backend: Any, docs: Iterator[SourceDoc], inputs: Sequence[str | Path], *,
              strict: bool, progress: bool | None, text_column: str | None,
              pipeline_options: dict[str, Any] | None, pipeline_factory: PipelineFactory | None,
              shard_size: int, min_persian_ratio: float, run_options: dict[str, Any]) -> BatchSummary:
    """The body of :func:`run_batch`, with the output folder locked; closes ``backend``."""
    started = time.perf_counter()
    try:
        store.check_run_options(run_options)
    except BaseException:
        backend.close()
        raise
    summary = BatchSummary(strict=strict, out_dir=store.out_dir)
    finished = store.finished_fingerprints()
    if finished:
        logger.info("resuming: %d document(s) already finished in %s", len(finished), store.out_dir)
    if progress is None:
        progress = sys.stderr.isatty()
    options = dict(pipeline_options or {})
    bar = _progress_bar(progress, inputs, text_column)
    pending: dict[Any, int] = {}

    def commit(done: Iterable[Any]) -> None:
        for future in done:
            shard = pending.pop(future)
            result = backend.result(future)
            store.commit(shard, result)
            summary.processed += result.processed
            summary.failed += result.failed
            summary.words += result.words
            bar.update(result.processed + result.failed)
            bar.set_postfix(failed=summary.failed, refresh=False)
            logger.debug("shard %d committed: %d processed, %d failed", shard, result.processed, result.failed)

    try:
        docs = _persian_only(docs, min_persian_ratio, finished, summary)
        for shard_docs in _shards(docs, finished, summary, shard_size, bar.update):
            while len(pending) >= backend.max_in_flight:
                commit(backend.wait_first(pending))
            pending[backend.submit(process_documents, shard_docs, pipeline_factory, options)] = store.next_shard()
        while pending:
            commit(backend.wait_first(pending))
    finally:
        bar.close()
        backend.close()
    totals = store.totals()
    summary.total_processed, summary.total_failed = totals["processed"], totals["failed"]
    summary.seconds = time.perf_counter() - started
    summary.paths = store.final_paths()
    store.finalize(summary.to_dict())
    return summary
