"""Shards written by worker processes, their results handed back in shard order.

The workers are started once, before anything else runs in the parent
(forking while another thread holds a lock would hand the child that lock),
and each talks to the parent over its own pipe: a shard in, its result out.
A worker that dies (killed for memory, say) closes its pipe, which the
parent notices and reports instead of waiting forever; on any failure, and
on Ctrl-C, the parent stops every worker.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
from typing import Callable, Iterator

from ..errors import InterviewDataError, as_user_error
from .progress import Progress
from .shards import ShardTask, ShardWritten, set_progress_hook, write_shard


def shards_in_workers(tasks: list[ShardTask], jobs: int, progress: Progress,
                      once_started: Callable[[], None]) -> Iterator[ShardWritten]:
    """Each shard's result in shard order, ``jobs`` shards written at a time; ``once_started`` is
    called when every worker exists."""
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    workers = []
    for _ in range(min(jobs, len(tasks))):
        workers.append(_start_worker(context, [connection for _, connection, _ in workers]))
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


def _start_worker(context, parent_ends: list):
    """A worker and the parent's end of its pipe; ``parent_ends`` are the other workers' pipe ends, which
    the new worker closes (holding them would keep those pipes open after the parent dies)."""
    parent_end, worker_end = context.Pipe()
    counter = context.RawValue("q", 0)  # interviews done; only this worker writes it, so no lock
    process = context.Process(target=_work, args=(worker_end, counter, [*parent_ends, parent_end], os.getpid()),
                              daemon=True)
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
        raise value
    return value


def _work(connection, counter, parent_ends: list, parent: int) -> None:
    """A worker's loop: shards in, results out, until told to stop or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the workers
    _die_with(parent)
    for end in parent_ends:
        end.close()  # so that the parent's death closes every pipe, and recv() below ends

    def count() -> None:
        counter.value += 1

    set_progress_hook(count)
    while (task := _next_task(connection)) is not None:
        try:
            connection.send((True, write_shard(task)))
        except Exception as exc:  # a full disk, or a bug (its traceback goes along, for --debug)
            connection.send((False, as_user_error(exc)))


def _next_task(connection):
    try:
        return connection.recv()
    except (EOFError, OSError):  # the parent is gone
        return None


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when the parent dies (Linux); elsewhere the closed pipe ends it."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
