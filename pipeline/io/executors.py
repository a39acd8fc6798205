"""Where the shards of a batch run are processed: in this process, in a pool of worker
processes, or on a Dask cluster; each behind the same small interface (:class:`Serial`)."""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
import threading
import time
from typing import Any, Callable, Iterable

from pipeline.errors import ConfigError, PipelineError
from pipeline.io.writers import ShardResult

__all__ = ["Serial", "Processes", "Dask", "executor", "limit_threads", "DASK_LOCAL_WORKERS", "DASK_CONNECT_TIMEOUT_S",
           "PARENT_CHECK_S", "MAIN_GUARD"]

logger = logging.getLogger(__name__)

# Dask's own default for a local cluster in this project's brief: two single-threaded workers.
DASK_LOCAL_WORKERS = 2
# How long to keep trying to reach an existing scheduler before giving up.
DASK_CONNECT_TIMEOUT_S = 30
# How often a worker process checks that the run that started it is still alive.
PARENT_CHECK_S = 1.0

# Spawned worker processes import the calling script; a script that starts workers at its top
# level would start them again in each worker.
MAIN_GUARD = 'call run_batch(..., workers=N) from a script under `if __name__ == "__main__":`'


def limit_threads() -> None:
    """One compute thread per worker process: N workers on N cores must not oversubscribe them."""
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def _exit_with_parent(parent_pid: int, interval: float) -> None:
    """Poll the parent's pid; end this process at once when the parent is gone.

    A run killed with SIGKILL (or SIGTERM, which Python does not turn into cleanup) cannot
    shut its pool down: its workers, orphaned and adopted by init, would go on loading
    models and holding memory and the resource tracker forever.
    """
    while os.getppid() == parent_pid:
        time.sleep(interval)
    os._exit(1)


def _init_worker(parent_pid: int, interval: float) -> None:
    """Start a worker process: one compute thread, and a watchdog that ends it with its parent."""
    limit_threads()
    threading.Thread(target=_exit_with_parent, args=(parent_pid, interval), name="parent-watchdog",
                     daemon=True).start()


class Serial:
    """Runs each shard in this process when it is submitted."""

    max_in_flight = 1

    def submit(self, fn: Callable[..., ShardResult], *args: Any) -> cf.Future:
        future: cf.Future = cf.Future()
        future.set_result(fn(*args))
        return future

    def result(self, future: cf.Future) -> ShardResult:
        """The shard's result (its error, when the task raised one)."""
        return future.result()

    def wait_first(self, pending: Iterable[cf.Future]) -> set:
        return set(pending)

    def close(self) -> None:
        """Nothing to release."""


class Processes(Serial):
    """A pool of worker processes (spawned, so no model or lock state is inherited)."""

    def __init__(self, workers: int) -> None:
        self.max_in_flight = 2 * workers
        self.pool = cf.ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
            initargs=(os.getpid(), PARENT_CHECK_S),
        )

    def submit(self, fn: Callable[..., ShardResult], *args: Any) -> cf.Future:
        return self.pool.submit(fn, *args)

    def result(self, future: cf.Future) -> ShardResult:
        try:
            return future.result()
        except cf.process.BrokenProcessPool as exc:
            raise PipelineError("a worker process stopped before finishing its shard (out of memory, or a script "
                                f"that starts workers without the main guard); {MAIN_GUARD}") from exc

    def wait_first(self, pending: Iterable[cf.Future]) -> set:
        return cf.wait(list(pending), return_when=cf.FIRST_COMPLETED).done

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class Dask(Serial):
    """A Dask distributed client: a new local cluster, or an existing scheduler's address."""

    def __init__(self, address: str, workers: int) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask[distributed] is a dependency
            raise ConfigError("--dask needs dask[distributed]: pip install 'dask[distributed]'") from exc
        # Dask configures its own loggers at INFO level, which floods a batch run with
        # connection chatter; its warnings stay visible, its INFO lines only with our DEBUG.
        if not logger.isEnabledFor(logging.DEBUG):
            logging.getLogger("distributed").setLevel(logging.WARNING)
        self.cluster = None
        if address == "local":
            import dask

            # Dask's nanny sets MALLOC_TRIM_THRESHOLD_ so that workers hand freed memory back
            # to the system at once; a pipeline run allocates and frees many small objects per
            # document, and the trimming cost the workers 5-8% of their time (400 Fars News
            # articles, 2 workers). Peak memory stays flat without it (bench/bench_batch.py).
            environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
            environ.pop("MALLOC_TRIM_THRESHOLD_", None)
            with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(address, timeout=f"{DASK_CONNECT_TIMEOUT_S}s")
            except OSError as exc:
                raise ConfigError(f"--dask {address}: cannot reach the scheduler ({exc})") from exc
        threads = sum(self.client.nthreads().values()) or 1
        self.max_in_flight = 2 * threads
        logger.info("Dask scheduler %s with %d worker thread(s)", self.client.scheduler.address, threads)

    def submit(self, fn: Callable[..., ShardResult], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def wait_first(self, pending: Iterable[Any]) -> set:
        from distributed import wait

        return set(wait(list(pending), return_when="FIRST_COMPLETED").done)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def executor(workers: int, dask: str | None) -> Serial:
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    if (workers > 1 or dask == "local") and getattr(multiprocessing.current_process(), "_inheriting", False):
        # This process is a worker still importing the caller's script, which called run_batch at its top level.
        raise ConfigError(f"run_batch was called again while a worker process imported the calling script; {MAIN_GUARD}")
    if dask is not None:
        if dask != "local" and "://" not in dask:
            raise ConfigError(f"--dask {dask!r}: expected 'local' or a scheduler address such as tcp://HOST:8786")
        return Dask(dask, workers if workers > 1 else DASK_LOCAL_WORKERS)
    return Processes(workers) if workers > 1 else Serial()
