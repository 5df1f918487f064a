"""Where render jobs run: local processes (one manim process per job, N at a time) or Dask.

Both take the same jobs and return the same results; the job itself (worker.run_job)
decides nothing about where it runs. With Dask, the workers must see the project and the
output folder at the same paths as the machine that plans the run (one machine, or a shared
file system), and have the project installed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

from explainer.pipeline.plan import Job
from explainer.pipeline.worker import STOPPED, JobResult, run_job, stop_running

OnStart = Callable[[Job], None]
OnDone = Callable[[Job, JobResult], None]


class LocalExecutor:
    """Run up to `jobs` manim processes at once on this machine.

    Each job's manim run is its own process (the GIL is not shared); threads here only wait
    on those processes and do the short checks and exports after each.
    """

    def __init__(self, jobs: int) -> None:
        if jobs < 1:
            raise ValueError(f"--jobs: expected a number of processes >= 1, got {jobs}")
        self.jobs = jobs

    def run(self, jobs: list[Job], on_start: OnStart, on_done: OnDone) -> list[JobResult]:
        results: list[JobResult] = []
        lock = threading.Lock()

        def task(job: Job) -> JobResult:
            on_start(job)
            return run_job(job)

        pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="render")
        stopping = False
        pending: dict = {}
        STOPPED.clear()
        try:
            pending = {pool.submit(task, job): job for job in jobs}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    job = pending.pop(fut)
                    result = fut.result()
                    with lock:
                        results.append(result)
                    on_done(job, result)
        except BaseException:  # interrupted: stop the renders in flight, keep what finished
            stopping = True
            raise
        finally:
            if stopping:
                for fut in pending:
                    fut.cancel()
                stop_running()
            pool.shutdown(wait=True, cancel_futures=True)
        return results


class DaskExecutor:
    """Send each job to a Dask distributed cluster (the scheduler at `address`)."""

    def __init__(self, address: str, *, timeout: float = 20.0) -> None:
        if not address:
            raise ValueError("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
        self.address = address
        self.timeout = timeout

    def run(self, jobs: list[Job], on_start: OnStart, on_done: OnDone) -> list[JobResult]:
        from distributed import Client, as_completed

        try:
            client = Client(self.address, timeout=self.timeout)
        except (OSError, TimeoutError, ValueError) as e:
            raise ValueError(f"--scheduler {self.address}: cannot connect to a Dask "
                             f"scheduler ({e})") from None
        results: list[JobResult] = []
        try:
            futures = {}
            for job in jobs:
                fut = client.submit(run_job, job, pure=False,
                                    key=f"render-{job.scene}-{job.variant}-{job.key[:12]}")
                futures[fut] = job
                on_start(job)
            for fut in as_completed(list(futures)):
                job = futures[fut]
                try:
                    result = fut.result()
                except Exception as e:  # the worker died or the task could not run there
                    result = JobResult(job.scene, job.variant, False, tag=job.tag,
                                       error=f"on the Dask cluster: {type(e).__name__}: {e}")
                results.append(result)
                on_done(job, result)
        finally:
            client.close()
        return results
