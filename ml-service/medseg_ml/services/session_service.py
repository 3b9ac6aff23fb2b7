"""SessionService: guided segmentation in sessions that keep the prepared image next to the warm model.

Timings: OpenSession's decode_ms is the image's decoding and forward_ms its preparation and automatic
prediction. A Prompt decodes nothing (decode_ms 0): its forward_ms is the prompts' conversion, their
guidance maps and the network, its encode_ms the diff and its zlib.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import grpc
import numpy as np
import torch

from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.generated.medseg.v1 import inference_service_pb2 as inference_pb
from medseg_ml.generated.medseg.v1 import session_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import session_service_pb2_grpc as pb_grpc
from medseg_ml.guidance.prompts import PromptError
from medseg_ml.http import StorageError
from medseg_ml.inference.admission import InferenceBusyError, InferenceSlots
from medseg_ml.inference.card import CardError, ModelCard
from medseg_ml.inference.models import InferenceModels, ModelRef, model_ref
from medseg_ml.inference.recent_results import RecentResults, result_key
from medseg_ml.inference.segment import InputError
from medseg_ml.inference.volume_inputs import VolumeInput, case_volume, upload_volume
from medseg_ml.services.inference_service import abort, get_model
from medseg_ml.sessions.axes import SessionAxes
from medseg_ml.sessions.patch import UNCHANGED
from medseg_ml.sessions.prompt_input import session_prompts
from medseg_ml.sessions.store import (
    Session,
    SessionNotFoundError,
    SessionOwnerError,
    SessionsFullError,
    SessionStore,
)
from medseg_ml.sessions.work import SliceWork, VolumeWork
from medseg_ml.torch_executor import TorchExecutor


class SessionServicer(pb_grpc.SessionServiceServicer):
    """Opens, prompts and closes sessions in `store`, on the inference path's models, executor and slots.

    Args:
        models: the model cache's loader, shared with InferenceService (a session holds its model's
            reference, not the network: an evicted model is loaded again on the next prompt).
        store: the sessions (sessions/store.py).
        slots: InferenceService's admission: an open or a prompt is one segmentation.
        recent_results: the classes SegmentVolume just computed for the same image with the same weights,
            taken as the automatic result instead of predicting it again (inference/recent_results.py).
    """

    def __init__(
        self,
        models: InferenceModels,
        device: torch.device,
        work_dir: Path,
        slots: InferenceSlots,
        torch_executor: TorchExecutor,
        store: SessionStore,
        recent_results: RecentResults | None = None,
    ) -> None:
        self._models = models
        self._device = device
        self._work_dir = work_dir
        self._slots = slots
        self._torch = torch_executor
        self.store = store
        self._recent = recent_results
        # Images decoded so far (prompts must never add to it) and opens that took a recent result: tests
        # read them.
        self.decodes = 0
        self.reused_results = 0

    async def OpenSession(
        self, request: pb.OpenSessionRequest, context: grpc.aio.ServicerContext
    ) -> pb.OpenSessionResponse:
        try:
            async with self._slots.slot():
                return await self._open(request, context)
        except InferenceBusyError as e:
            await abort(context, grpc.StatusCode.RESOURCE_EXHAUSTED, str(e))

    async def _open(
        self, request: pb.OpenSessionRequest, context: grpc.aio.ServicerContext
    ) -> pb.OpenSessionResponse:
        started = time.perf_counter()
        ref = await _model_ref(request.model, context)
        if not request.owner:
            await abort(context, grpc.StatusCode.INVALID_ARGUMENT, "Set owner: the user the session is for")
        if request.WhichOneof("input") is None:
            await abort(context, grpc.StatusCode.INVALID_ARGUMENT, "Set the input: upload or dataset_case")
        if ref.card.class_count > UNCHANGED:
            await abort(
                context,
                grpc.StatusCode.INVALID_ARGUMENT,
                f"Model {ref.model_id} has {ref.card.class_count} classes; a session's masks carry at most "
                f"{UNCHANGED} (use SegmentVolume)",
            )
        await self._refuse_if_full(request.owner, context)
        model = await get_model(self._models, ref, context)

        decode_started = time.perf_counter()
        try:
            volume = await asyncio.to_thread(_read_volume, request, self._work_dir)
            self.decodes += 1
            decode_ms = _ms_since(decode_started)
            memory = _memory_bytes(ref.card, volume)
        except InputError as e:
            await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))
        except StorageError as e:
            await abort(context, grpc.StatusCode.UNAVAILABLE, str(e))
        # Reserved before anything the session keeps is allocated.
        try:
            session = self.store.add(request.owner, memory)
        except SessionsFullError as e:
            await abort(context, grpc.StatusCode.RESOURCE_EXHAUSTED, str(e))
        session.lock = asyncio.Lock()
        session.model = ref
        automatic = self._recent_result(request)
        if automatic is not None and automatic.shape != volume.pixels.shape[1:]:
            automatic = None
        self.reused_results += automatic is not None
        forward_started = time.perf_counter()
        try:
            session.work, mask = await self._torch.run(
                _open_work, ref.card, volume, model.network, self._device, automatic
            )
        except InputError as e:
            self.store.discard(session)
            await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))
        except BaseException:
            self.store.discard(session)
            raise
        forward_ms = _ms_since(forward_started)
        del volume
        axes: SessionAxes = session.work.axes
        size_x, size_y, size_z = axes.session_shape
        self.store.touch(session)
        return pb.OpenSessionResponse(
            session_id=session.id,
            grid=pb.SessionGrid(size_x=size_x, size_y=size_y, size_z=size_z, slice_axis=axes.session_axis(0)),
            label_values=ref.card.label_values,
            labels=ref.card.label_names(),
            guided=ref.card.network.guided,
            spatial_dims=ref.card.spatial_dims,
            mask=mask,
            ttl_s=self.store.ttl_s,
            memory_bytes=session.memory_bytes,
            timings=inference_pb.SegmentTimings(
                load_ms=model.load_ms,
                decode_ms=decode_ms,
                forward_ms=forward_ms,
                total_ms=_ms_since(started),
            ),
            model_was_loaded=model.was_loaded,
        )

    async def Prompt(self, request: pb.PromptRequest, context: grpc.aio.ServicerContext) -> pb.PromptResponse:
        started = time.perf_counter()
        session = await self._session(request.session_id, request.owner, context)
        ref: ModelRef = session.model
        card = ref.card
        if not card.network.guided:
            await abort(
                context,
                grpc.StatusCode.INVALID_ARGUMENT,
                f"Model {ref.model_id} was trained without guidance channels and cannot take prompts; "
                "train a guided model (guided: true) to segment with clicks, boxes and strokes",
            )
        try:
            prompts = session_prompts(request.prompts, session.work.axes.session_shape, card.class_count)
        except PromptError as e:
            await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))
        async with session.lock:
            try:
                async with self._slots.slot():
                    model = await get_model(self._models, ref, context)
                    forward_started = time.perf_counter()
                    patch, encode_ms = await self._torch.run(
                        _prompt_work, session.work, model.network, prompts
                    )
            except InferenceBusyError as e:
                await abort(context, grpc.StatusCode.RESOURCE_EXHAUSTED, str(e))
            except PromptError as e:
                await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))
            session.revision += 1
            self.store.touch(session)
            forward_ms = _ms_since(forward_started) - encode_ms
            return pb.PromptResponse(
                changed=patch,
                revision=session.revision,
                timings=inference_pb.SegmentTimings(
                    load_ms=model.load_ms,
                    decode_ms=0.0,
                    forward_ms=forward_ms,
                    encode_ms=encode_ms,
                    total_ms=_ms_since(started),
                ),
            )

    async def CloseSession(
        self, request: pb.CloseSessionRequest, context: grpc.aio.ServicerContext
    ) -> pb.CloseSessionResponse:
        await self._session(request.session_id, request.owner, context)
        self.store.close(request.session_id, request.owner)
        return pb.CloseSessionResponse()

    async def _session(self, session_id: str, owner: str, context: grpc.aio.ServicerContext) -> Session:
        try:
            session = self.store.get(session_id, owner)
        except SessionNotFoundError as e:
            await abort(context, grpc.StatusCode.NOT_FOUND, str(e))
        except SessionOwnerError as e:
            await abort(context, grpc.StatusCode.PERMISSION_DENIED, str(e))
        if session.work is None:
            # Still opening: its id is not out yet, so only a guess gets here.
            await abort(context, grpc.StatusCode.NOT_FOUND, f"Session {session_id} is not open")
        return session

    def _recent_result(self, request: pb.OpenSessionRequest) -> np.ndarray | None:
        if self._recent is None:
            return None
        key = result_key(request)
        return None if key is None else self._recent.get(key)

    async def _refuse_if_full(self, owner: str, context: grpc.aio.ServicerContext) -> None:
        try:
            self.store.check_room(owner)
        except SessionsFullError as e:
            await abort(context, grpc.StatusCode.RESOURCE_EXHAUSTED, str(e))


def _read_volume(request: pb.OpenSessionRequest, work_dir: Path) -> VolumeInput:
    """The request's image decoded exactly as SegmentVolume decodes it (volume_inputs.py).

    Raises:
        InputError, StorageError: as SegmentVolume's.
    """
    limits = ArchiveLimits.from_proto(request.limits)
    if request.WhichOneof("input") == "upload":
        with upload_volume(request.upload, limits, work_dir) as volume:
            # The pixels and grid outlive the block; its scratch files (a DICOM series) are not needed.
            return volume
    return case_volume(request.dataset_case, limits.max_pixels_per_slice, work_dir)


def _memory_bytes(card: ModelCard, volume: VolumeInput) -> int:
    if card.spatial_dims == 3:
        return VolumeWork.memory_bytes(card, volume.pixels, volume.spacing)
    return SliceWork.memory_bytes(card, volume.pixels)


def _open_work(
    card: ModelCard,
    volume: VolumeInput,
    network: torch.nn.Module,
    device: torch.device,
    automatic: np.ndarray | None,
) -> tuple[SliceWork | VolumeWork, pb.MaskPatch | None]:
    axes = SessionAxes.of(volume.grid)
    work: SliceWork | VolumeWork
    if card.spatial_dims == 3:
        work = VolumeWork(card, volume.pixels, volume.spacing, axes, device)
    else:
        work = SliceWork(card, volume.pixels, axes, device)
    return work, work.open(network, automatic)


def _prompt_work(
    work: SliceWork | VolumeWork, network: torch.nn.Module, prompts: list
) -> tuple[pb.MaskPatch, float]:
    patch = work.prompt(network, prompts)
    return patch, work.last_encode_ms


async def _model_ref(source, context: grpc.aio.ServicerContext) -> ModelRef:  # noqa: ANN001
    try:
        return model_ref(source)
    except CardError as e:
        await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
