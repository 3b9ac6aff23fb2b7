"""Every job of the process by id, across its queues (training; evaluation and batch): what JobService serves.

Each queue runs its own jobs; the registry only knows where each one is, so watching, cancelling and
listing work the same for every kind, and a job id is unique across all of them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.job import Job
from medseg_ml.job_queue import JobQueue

AnyJob = Job[Any]


class JobExistsError(Exception):
    pass


class JobNotFoundError(Exception):
    pass


class JobRegistry:
    """Jobs by id and the queue that runs each; created once in server.py and passed to the services."""

    def __init__(self) -> None:
        self._queues: list[JobQueue[Any]] = []
        self._jobs: dict[str, tuple[AnyJob, JobQueue[Any]]] = {}

    def add_queue(self, queue: JobQueue[Any]) -> None:
        """Called by each JobQueue as it is created."""
        self._queues.append(queue)

    def claim(self, job: AnyJob, queue: JobQueue[Any]) -> None:
        """Record a new job of `queue`.

        Raises:
            JobExistsError: the id is taken by a job of any kind, in any state.
        """
        if job.job_id in self._jobs:
            raise JobExistsError(f"{queue.noun(job).capitalize()} {job.job_id} already exists")
        self._jobs[job.job_id] = (job, queue)

    def get(self, job_id: str) -> AnyJob:
        """Raises: JobNotFoundError: unknown job id."""
        entry = self._jobs.get(job_id)
        if entry is None:
            raise JobNotFoundError(
                f"Job {job_id} is not known to this ml-service (it may have restarted since)"
            )
        return entry[0]

    def list(self, kind: int = pb.JOB_KIND_UNSPECIFIED) -> list[AnyJob]:
        """Known jobs of one kind (UNSPECIFIED: all), oldest first."""
        jobs = [job for job, _ in self._jobs.values()]
        return [j for j in jobs if kind in (pb.JOB_KIND_UNSPECIFIED, j.kind)]

    async def cancel(self, job_id: str) -> AnyJob:
        """Cancel a queued or running job (see JobQueue.cancel); a finished one comes back unchanged.

        Raises:
            JobNotFoundError: unknown job id.
        """
        job = self.get(job_id)
        await self._jobs[job_id][1].cancel(job)
        return job

    async def watch(self, job_id: str, after_sequence: int = 0) -> AsyncIterator[pb.JobEvent]:
        """Events with sequence > after_sequence: past ones, then live ones until the job ends.

        Raises:
            JobNotFoundError: unknown job id (raised on the first iteration).
        """
        job = self.get(job_id)
        position = max(0, after_sequence - job.first_sequence + 1)  # index into job.events
        while True:
            changed = job.changed
            while position < len(job.events):
                position += 1
                yield job.events[position - 1]
            if job.finished:
                return
            await changed.wait()

    def start(self) -> None:
        for queue in self._queues:
            queue.start()

    async def close(self) -> None:
        """Shutdown: every queue ends its jobs (see JobQueue.close)."""
        await asyncio.gather(*(queue.close() for queue in self._queues))
