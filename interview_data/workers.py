"""Shards written by worker processes, their results handed back in shard order.

The workers are started once, before anything else runs in the parent
(forking while another thread holds a lock would hand the child that lock),
and each talks to the parent over its own pipe: a shard in, its result out.
A worker that dies (killed for memory, say) closes its pipe, which the
parent notices and reports instead of waiting forever; on any failure, and
on Ctrl-C, the parent stops every worker.
"""

from __future__ import annotations

import signal
import traceback
from typing import Callable, Iterator

from .errors import InterviewDataError
from .progress import Progress
from .writing import ShardTask, ShardWritten, set_progress_hook, write_shard


def shards_in_workers(tasks: list[ShardTask], jobs: int, progress: Progress,
                      once_started: Callable[[], None]) -> Iterator[ShardWritten]:
    """Each shard's result in shard order, ``jobs`` shards written at a time; ``once_started`` is
    called when every worker exists."""
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    workers = [_start_worker(context) for _ in range(min(jobs, len(tasks)))]
    once_started()
    pending, busy, results, next_index = iter(tasks), {}, {}, 0
    try:
        for worker in workers:
            _hand_next(worker, pending, busy)
        while next_index < len(tasks):
            for connection in wait(list(busy), timeout=progress.every):
                worker, index = busy.pop(connection)
                results[index] = _receive(worker, index)
                _hand_next(worker, pending, busy)
            progress.update(sum(counter.value for _, _, counter in workers))
            while next_index in results:
                yield results.pop(next_index)
                next_index += 1
    finally:
        for process, _, _ in workers:
            if process.is_alive() and next_index < len(tasks):
                process.terminate()
            process.join()


def _start_worker(context):
    parent_end, worker_end = context.Pipe()
    counter = context.RawValue("q", 0)  # interviews done; only this worker writes it, so no lock
    process = context.Process(target=_work, args=(worker_end, counter), daemon=True)
    process.start()
    worker_end.close()
    return process, parent_end, counter


def _hand_next(worker, pending: Iterator[ShardTask], busy: dict) -> None:
    """Send the worker the next shard, or tell it to stop when none is left."""
    _, connection, _ = worker
    task = next(pending, None)
    connection.send(task)
    if task is not None:
        busy[connection] = (worker, task.index)


def _receive(worker, index: int) -> ShardWritten:
    process, connection, _ = worker
    try:
        succeeded, value = connection.recv()
    except EOFError:
        process.join()
        raise InterviewDataError(f"a worker process died while writing shard {index} "
                                 f"(exit code {process.exitcode})",
                                 fix="run again with fewer --jobs (a killed worker is often out of memory)") from None
    if not succeeded:
        raise RuntimeError(f"a worker failed while writing shard {index}:\n{value}")
    return value


def _work(connection, counter) -> None:
    """A worker's loop: shards in, results out, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the workers

    def count() -> None:
        counter.value += 1

    set_progress_hook(count)
    while (task := connection.recv()) is not None:
        try:
            connection.send((True, write_shard(task)))
        except Exception:  # a bug, not a user's mistake: its traceback goes to the parent
            connection.send((False, traceback.format_exc()))
