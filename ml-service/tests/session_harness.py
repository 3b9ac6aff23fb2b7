"""SessionService in-process: the real servicer, store, model cache and torch executor on an event loop of
its own, a fake clock, and a context whose abort raises (so a test reads the status code)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import grpc
import torch

from medseg_ml.generated.medseg.v1 import inference_service_pb2 as inference_pb
from medseg_ml.generated.medseg.v1 import session_service_pb2 as pb
from medseg_ml.inference.admission import InferenceSlots
from medseg_ml.inference.models import InferenceModels
from medseg_ml.inference.recent_results import RecentResults
from medseg_ml.inference.weights import WeightsStore
from medseg_ml.model_cache import ModelCache
from medseg_ml.services.inference_service import InferenceServicer
from medseg_ml.services.session_service import SessionServicer
from medseg_ml.sessions.store import SessionStore
from medseg_ml.torch_executor import TorchExecutor

CPU = torch.device("cpu")


class Aborted(Exception):
    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        super().__init__(f"{code.name}: {details}")
        self.code = code
        self.details = details


class FakeContext:
    async def abort(self, code: grpc.StatusCode, details: str) -> None:
        raise Aborted(code, details)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Harness:
    """One ml-service's session state; `restart()` gives a new one, as a restarted process has."""

    def __init__(
        self, work_dir: Path, *, max_sessions: int = 16, memory_mb: int = 1024, ttl_s: float = 900
    ) -> None:
        self.loop = asyncio.new_event_loop()
        self.clock = FakeClock()
        self._work_dir = work_dir
        self._limits = (max_sessions, memory_mb, ttl_s)
        self.torch = TorchExecutor(CPU, 1)
        self.cache = ModelCache(512 * 1024 * 1024, 600)
        self.models = InferenceModels(self.cache, WeightsStore(work_dir / "weights"), CPU, self.torch)
        self.slots = self._run(self._slots())
        self.restart()

    async def _slots(self) -> InferenceSlots:
        return InferenceSlots(2, 8)

    def restart(self) -> None:
        max_sessions, memory_mb, ttl_s = self._limits
        self.store = SessionStore(max_sessions, memory_mb * 1024 * 1024, ttl_s, self.clock)
        self.recent = RecentResults(64 * 1024 * 1024, clock=self.clock)
        self.sessions = SessionServicer(
            self.models, CPU, self._work_dir / "inference", self.slots, self.torch, self.store, self.recent
        )
        self.inference = InferenceServicer(
            self.models, CPU, self._work_dir / "inference", self.slots, self.torch, recent_results=self.recent
        )

    def _run(self, coroutine):  # noqa: ANN001, ANN202
        return self.loop.run_until_complete(coroutine)

    def open(self, request: pb.OpenSessionRequest) -> pb.OpenSessionResponse:
        return self._run(self.sessions.OpenSession(request, FakeContext()))

    def prompt(self, session_id: str, owner: str, prompts: list[pb.GuidancePrompt]) -> pb.PromptResponse:
        request = pb.PromptRequest(session_id=session_id, owner=owner, prompts=prompts)
        return self._run(self.sessions.Prompt(request, FakeContext()))

    def close(self, session_id: str, owner: str) -> None:
        request = pb.CloseSessionRequest(session_id=session_id, owner=owner)
        self._run(self.sessions.CloseSession(request, FakeContext()))

    def segment_volume(self, request: inference_pb.SegmentVolumeRequest) -> inference_pb.SegmentVolumeResult:
        async def last() -> inference_pb.SegmentVolumeResult:
            result = None
            async for response in self.inference.SegmentVolume(request, FakeContext()):
                if response.WhichOneof("event") == "result":
                    result = response.result
            assert result is not None
            return result

        return self._run(last())

    def shutdown(self) -> None:
        self.torch.shutdown()
        self.loop.close()


@contextmanager
def harness(work_dir: Path, **limits: float) -> Iterator[Harness]:
    h = Harness(work_dir, **limits)  # type: ignore[arg-type]
    try:
        yield h
    finally:
        h.shutdown()
