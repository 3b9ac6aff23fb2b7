"""How a job's exception becomes the reason of its FAILED status; one rule for every queue."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.http import StorageError
from medseg_ml.job_queue import Outcome


@dataclass(frozen=True)
class FailureReasons:
    """A queue's `QueueRules.failure`: the known failures, each with a message written for a person.

    Attributes:
        oom_advice: the message when the device runs out of memory (what to lower).
        invalid_input: errors of the job's input whose own message says what to fix.
        out_of_memory: further errors that mean out of memory, whose own message says so.
    """

    oom_advice: str
    invalid_input: tuple[type[BaseException], ...]
    out_of_memory: tuple[type[BaseException], ...] = ()

    def __call__(self, error: BaseException) -> Outcome | None:
        """(reason, message) of a known failure; None for an unexpected one (an internal error)."""
        if isinstance(error, torch.OutOfMemoryError):
            return pb.STATUS_REASON_OUT_OF_MEMORY, self.oom_advice
        if isinstance(error, self.out_of_memory):
            return pb.STATUS_REASON_OUT_OF_MEMORY, str(error)
        if isinstance(error, StorageError):
            return pb.STATUS_REASON_STORAGE_ERROR, str(error)
        if isinstance(error, self.invalid_input):
            return pb.STATUS_REASON_INVALID_INPUT, str(error)
        return None
