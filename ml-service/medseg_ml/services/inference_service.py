"""InferenceService: load models into the cache and segment one image at a time."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import NoReturn, TypeVar

import grpc
import torch

from medseg_ml import service_metrics
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.generated.medseg.v1 import inference_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2_grpc as pb_grpc
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.http import StorageError
from medseg_ml.inference.admission import InferenceBusyError, InferenceSlots
from medseg_ml.inference.batcher import SegmentBatcher
from medseg_ml.inference.card import CardError, ModelCard
from medseg_ml.inference.inputs import INLINE_PIXELS, InputImage, decode_upload, decodes_inline, read_pair
from medseg_ml.inference.mirroring import mirrored_if
from medseg_ml.inference.models import InferenceModels, LoadedModel, ModelLoadError, ModelRef, model_ref
from medseg_ml.inference.nifti_mask import is_nifti_name, nifti_mask
from medseg_ml.inference.rank_job import rank_case, sampling_network
from medseg_ml.inference.recent_results import RecentResults
from medseg_ml.inference.segment import (
    InputError,
    Segmentation,
    display_png,
    mask_png,
    pair_scores,
    probability_pngs,
)
from medseg_ml.inference.volume_job import run_volume
from medseg_ml.inference.weights import WeightsMismatchError
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.model_cache import ModelTooLargeError
from medseg_ml.torch_executor import TorchExecutor

_Response = TypeVar("_Response")


class InferenceServicer(pb_grpc.InferenceServiceServicer):
    """Segments with models kept warm in the model cache.

    Errors: INVALID_ARGUMENT for requests and images the model cannot take (an image over the decode
    budget included), FAILED_PRECONDITION when the weights do not match their sha256 or the card,
    RESOURCE_EXHAUSTED for a model larger than the cache or when `slots` turn a segmentation away,
    UNAVAILABLE when storage cannot give the weights or the shard.

    Args:
        models: loads and caches networks.
        device: where networks run.
        work_dir: for uploads and large shards while they are decoded.
        slots: how many segmentations run and wait at once.
        batch_window_s, batch_max: the Segment micro-batcher's window and largest batch (batcher.py).
        recent_results: where SegmentVolume leaves its classes for OpenSession (shared with
            SessionServicer; inference/recent_results.py); None keeps nothing.
    """

    def __init__(
        self,
        models: InferenceModels,
        device: torch.device,
        work_dir: Path,
        slots: InferenceSlots,
        torch_executor: TorchExecutor,
        batch_window_s: float = 0.0,
        batch_max: int = 1,
        recent_results: RecentResults | None = None,
    ) -> None:
        self._models = models
        self._recent = recent_results
        self._device = device
        self._work_dir = work_dir
        self._slots = slots
        self._torch = torch_executor
        self._batcher = SegmentBatcher(torch_executor, device, batch_window_s, batch_max, slots.running)

    async def LoadModel(
        self, request: pb.LoadModelRequest, context: grpc.aio.ServicerContext
    ) -> pb.LoadModelResponse:
        ref = await _model_ref(request.model, context)
        model = await get_model(self._models, ref, context)
        return pb.LoadModelResponse(
            was_loaded=model.was_loaded, load_ms=model.load_ms, memory_bytes=model.memory_bytes
        )

    async def Segment(
        self, request: pb.SegmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.SegmentResponse:
        try:
            async with self._slots.admitted():
                return await self._segment(request, context)
        except InferenceBusyError as e:
            await abort(context, grpc.StatusCode.RESOURCE_EXHAUSTED, str(e))

    async def _segment(
        self, request: pb.SegmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.SegmentResponse:
        started = time.perf_counter()
        ref = await _model_ref(request.model, context)
        budget = ArchiveLimits.from_proto(request.limits).budget
        kind = request.WhichOneof("input")
        if kind is None:
            await abort(context, grpc.StatusCode.INVALID_ARGUMENT, "Set the input: upload or pair")
        model = await get_model(self._models, ref, context)

        decode_started = time.perf_counter()
        # Announced before decoding, so a batch forming for this model waits for this image.
        network = mirrored_if(model.network, ref.card.spatial_dims, request.test_time_mirroring)
        with self._batcher.arriving(network) as arrival:
            try:
                async with self._slots.running():
                    image = await self._decode(request, kind, budget)
                if image.truth is not None and int(image.truth.max(initial=0)) >= ref.card.class_count:
                    raise InputError(
                        f"pair.label_values has {len(request.pair.label_values)} classes but the "
                        f"model predicts {ref.card.class_count}; score it against a dataset with the "
                        "model's classes"
                    )
                decode_ms = _ms_since(decode_started)
                forward_started = time.perf_counter()
                result = await arrival.segment(image.pixels, ref.card)
            except InputError as e:
                await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))
            except StorageError as e:
                await abort(context, grpc.StatusCode.UNAVAILABLE, str(e))
        forward_ms = _ms_since(forward_started)

        encode_started = time.perf_counter()
        outputs = request.outputs
        if outputs.omit_image and outputs.omit_probabilities and result.mask.size <= INLINE_PIXELS:
            response = _response(image, result, ref.card, outputs)  # one small mask PNG (INLINE_PIXELS)
        else:
            response = await asyncio.to_thread(_response, image, result, ref.card, outputs)
        if kind == "upload" and is_nifti_name(request.upload.file_name):
            response.mask_nifti = await asyncio.to_thread(
                nifti_mask,
                request.upload.data,
                request.upload.slice_index,
                result.mask,
                ref.card.label_values,
            )
        response.model_was_loaded = model.was_loaded
        timings = pb.SegmentTimings(
            load_ms=model.load_ms,
            decode_ms=decode_ms,
            forward_ms=forward_ms,
            encode_ms=_ms_since(encode_started),
            total_ms=_ms_since(started),
        )
        response.timings.CopyFrom(timings)
        service_metrics.observe_segment(
            timings.load_ms, timings.decode_ms, timings.forward_ms, timings.encode_ms, timings.total_ms
        )
        return response

    async def _decode(self, request: pb.SegmentRequest, kind: str, budget: DecodeBudget) -> InputImage:
        if kind == "upload":
            upload = request.upload
            if decodes_inline(upload.data, upload.file_name):  # a small PNG or JPEG (INLINE_PIXELS)
                return decode_upload(
                    upload.data, upload.file_name, upload.slice_index, budget, self._work_dir
                )
            return await asyncio.to_thread(
                decode_upload, upload.data, upload.file_name, upload.slice_index, budget, self._work_dir
            )
        pair = request.pair
        return await asyncio.to_thread(
            read_pair,
            pair.shard_url,
            pair.index,
            list(pair.label_values),
            budget.max_pixels_per_slice,
            self._work_dir,
        )

    async def SegmentVolume(
        self, request: pb.SegmentVolumeRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.SegmentVolumeResponse]:
        # One volume is one admission, however many slices or patches it takes.
        async for response in self._admitted(self._segment_volume(request, context), context):
            yield response

    async def _admitted(
        self, responses: AsyncIterator[_Response], context: grpc.aio.ServicerContext
    ) -> AsyncIterator[_Response]:
        """A streaming call's responses inside one inference slot; RESOURCE_EXHAUSTED when none is free."""
        try:
            async with self._slots.slot():
                async for response in responses:
                    yield response
        except InferenceBusyError as e:
            await abort(context, grpc.StatusCode.RESOURCE_EXHAUSTED, str(e))

    async def _segment_volume(
        self, request: pb.SegmentVolumeRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.SegmentVolumeResponse]:
        ref = await _model_ref(request.model, context)
        if request.WhichOneof("input") is None:
            await abort(context, grpc.StatusCode.INVALID_ARGUMENT, "Set the input: upload or dataset_case")
        model = await get_model(self._models, ref, context)
        network = mirrored_if(model.network, ref.card.spatial_dims, request.test_time_mirroring)
        model = dataclasses.replace(model, network=network)
        loop = asyncio.get_running_loop()
        events: asyncio.Queue[pb.SegmentVolumeProgress] = asyncio.Queue()

        def progress(done: int, total: int) -> None:
            event = pb.SegmentVolumeProgress(done=done, total=total)
            loop.call_soon_threadsafe(events.put_nowait, event)

        work = asyncio.ensure_future(
            self._torch.run(
                run_volume, request, model, ref.card, self._device, self._work_dir, progress, self._recent
            )
        )
        try:
            while not work.done():
                getter = asyncio.ensure_future(events.get())
                await asyncio.wait({work, getter}, return_when=asyncio.FIRST_COMPLETED)
                if getter.done():
                    yield pb.SegmentVolumeResponse(progress=getter.result())
                else:
                    getter.cancel()
            result = work.result()
        except InputError as e:
            await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))
        except StorageError as e:
            await abort(context, grpc.StatusCode.UNAVAILABLE, str(e))
        yield pb.SegmentVolumeResponse(result=result)

    async def RankCases(
        self, request: pb.RankCasesRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.RankCasesResponse]:
        # One request is one admission, like a volume: its cases compute one after another.
        async for response in self._admitted(self._rank_cases(request, context), context):
            yield response

    async def _rank_cases(
        self, request: pb.RankCasesRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.RankCasesResponse]:
        ref = await _model_ref(request.model, context)
        indices = list(request.case_indices) or [c.index for c in request.dataset.cases]
        if not indices:
            await abort(
                context,
                grpc.StatusCode.INVALID_ARGUMENT,
                "Send the cases to rank: case_indices and dataset.cases",
            )
        model = await get_model(self._models, ref, context)
        sampler = await self._torch.run(sampling_network, model.network, request.method)
        total = len(indices)
        yield pb.RankCasesResponse(progress=pb.SegmentVolumeProgress(done=0, total=total))
        for done, index in enumerate(indices, start=1):
            try:
                case = await self._torch.run(
                    rank_case, request.dataset, index, model.network, ref.card, self._device,
                    self._work_dir, request, sampler,
                )  # fmt: skip
            except InputError as e:
                await abort(context, grpc.StatusCode.INVALID_ARGUMENT, f"Case {index}: {e}")
            except StorageError as e:
                await abort(context, grpc.StatusCode.UNAVAILABLE, str(e))
            yield pb.RankCasesResponse(case=case)
            yield pb.RankCasesResponse(progress=pb.SegmentVolumeProgress(done=done, total=total))


def _response(
    image: InputImage, result: Segmentation, card: ModelCard, outputs: pb.SegmentOutputs
) -> pb.SegmentResponse:
    # Each PNG costs milliseconds to encode (and the gateway as much to pass on): only those asked for.
    response = pb.SegmentResponse(
        width=image.width,
        height=image.height,
        slice_count=image.slice_count,
        image_png=b"" if outputs.omit_image else display_png(image.pixels, image.window),
        mask_png=mask_png(result.mask, card.class_count),
        probability_pngs=[] if outputs.omit_probabilities else probability_pngs(result.probabilities),
        label_values=card.label_values,
        labels=card.label_names(),
    )
    if image.truth is not None:
        scores = pair_scores(result.mask, image.truth, card.class_count)
        response.ground_truth_png = mask_png(image.truth, card.class_count)
        response.dice_per_class.extend(scores.dice_per_class)
        response.iou_per_class.extend(scores.iou_per_class)
        response.dice = scores.dice
        response.iou = scores.iou
    return response


async def _model_ref(source: sources_pb2.ModelSource, context: grpc.aio.ServicerContext) -> ModelRef:
    try:
        return model_ref(source)
    except CardError as e:
        await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))


async def get_model(models: InferenceModels, ref: ModelRef, context: grpc.aio.ServicerContext) -> LoadedModel:
    try:
        return await models.get(ref)
    except (WeightsMismatchError, ModelLoadError) as e:
        await abort(context, grpc.StatusCode.FAILED_PRECONDITION, f"Model {ref.model_id}: {e}")
    except ModelTooLargeError as e:
        await abort(context, grpc.StatusCode.RESOURCE_EXHAUSTED, str(e))
    except StorageError as e:
        await abort(context, grpc.StatusCode.UNAVAILABLE, f"Model {ref.model_id}: {e}")
    except ValueError as e:
        await abort(context, grpc.StatusCode.INVALID_ARGUMENT, str(e))


async def abort(context: grpc.aio.ServicerContext, code: grpc.StatusCode, details: str) -> NoReturn:
    await context.abort(code, details)
    raise AssertionError("context.abort returned")  # abort always raises; this tells the type checker


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
