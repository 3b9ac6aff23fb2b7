"""A model exported as TorchScript or ONNX, checked against PyTorch, and bundled with its card as a ZIP.

ONNX uses torch's TorchScript-based exporter (`dynamo=False`): with torch 2.13 it exports MONAI's UNet,
AttentionUnet and FlexibleUNet in well under a second, where the dynamo exporter takes seconds and
fails on FlexibleUNet.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import json
import tempfile
import time
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from medseg_ml.evaluation.export_description import (
    CHECK_SEED,
    INPUT_NAME,
    ONNX,
    OUTPUT_NAME,
    export_description,
)
from medseg_ml.evaluation.monai_bundle import bundle_zip
from medseg_ml.inference.card import ModelCard
from medseg_ml.version import ONNXRUNTIME_VERSION

TORCHSCRIPT = "torchscript"
MONAI_BUNDLE = "monai-bundle"
DEFAULT_OPSET = 18
MIN_OPSET = 13
MAX_OPSET = 20
TOLERANCE = 1e-4
FILE_NAMES = {TORCHSCRIPT: "model.torchscript.pt", ONNX: "model.onnx", MONAI_BUNDLE: "models/model.ts"}


class ExportMismatchError(Exception):
    """The exported model's output differs from PyTorch's by more than the tolerance."""


@dataclass(frozen=True)
class ExportResult:
    file_name: str
    bundle: bytes
    opset_version: int
    max_abs_difference: float
    export_json: str
    export_ms: float

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.bundle).hexdigest()


def check_opset(opset: int) -> int:
    """The opset to use: `opset`, or the default for 0.

    Raises:
        ValueError: outside MIN_OPSET..MAX_OPSET; the message says the range.
    """
    if opset == 0:
        return DEFAULT_OPSET
    if not MIN_OPSET <= opset <= MAX_OPSET:
        raise ValueError(
            f"opset_version {opset} is not supported; use {MIN_OPSET}..{MAX_OPSET} (0 = {DEFAULT_OPSET})"
        )
    return opset


def export_model(
    network: nn.Module, card: ModelCard, card_json: str, model_id: str, fmt: str, opset: int
) -> ExportResult:
    """Export a copy of `network` (left untouched), verify it on a sample input, and bundle it.

    Args:
        network: the model's network in eval mode (any device; the export runs on CPU).
        card_json: model.json as given; stored in the bundle as is.
        fmt: TORCHSCRIPT, ONNX or MONAI_BUNDLE (its TorchScript is what is checked).
        opset: the ONNX opset (already checked); ignored for TorchScript.

    Raises:
        ExportMismatchError: the exported model disagrees with PyTorch beyond TOLERANCE.
    """
    started = time.perf_counter()
    model = _exportable(network)
    sample = torch.rand(
        (2, card.channels, *card.spatial_shape), generator=torch.Generator().manual_seed(CHECK_SEED)
    )
    with warnings.catch_warnings():
        # Tracer warnings about Python control flow in MONAI blocks concern shapes we do not vary.
        warnings.simplefilter("ignore")
        if fmt == ONNX:
            data = _onnx(model, sample[:1], opset)
            run = _onnx_runner(data)
            runtime = f"onnxruntime {ONNXRUNTIME_VERSION}"
        else:
            data, run = _torchscript(model, sample[:1])
            runtime = "torch.jit"
            opset = 0
    with torch.inference_mode():
        expected = torch.softmax(model(sample), dim=1).numpy()
    difference = 0.0
    for batch in (sample[:1], sample):
        got = torch.softmax(torch.from_numpy(run(batch)), dim=1).numpy()
        if got.shape != expected[: len(batch)].shape:
            raise ExportMismatchError(
                f"The exported model returns shape {list(got.shape)} for a batch of {len(batch)}, "
                f"expected {list(expected[: len(batch)].shape)}"
            )
        difference = max(difference, float(np.abs(got - expected[: len(batch)]).max()))
    if not difference <= TOLERANCE:
        raise ExportMismatchError(
            f"The exported {fmt} model's probabilities differ from PyTorch's by {difference:.3g}, more than "
            f"the tolerance {TOLERANCE:g}; export as {TORCHSCRIPT if fmt == ONNX else ONNX} instead"
        )
    file_name = FILE_NAMES[fmt]
    description = export_description(card, model_id, fmt, file_name, opset, runtime, difference, TOLERANCE)
    text = json.dumps(description, indent=2)
    if fmt == MONAI_BUNDLE:
        archive = bundle_zip(model, card, card_json, model_id, data)
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
            bundle.writestr(file_name, data)
            bundle.writestr("model.json", card_json)
            bundle.writestr("export.json", text)
        archive = buffer.getvalue()
    export_ms = (time.perf_counter() - started) * 1000
    return ExportResult(file_name, archive, opset, difference, text, export_ms)


def _exportable(network: nn.Module) -> nn.Module:
    """A CPU float copy whose ResNet 'A' shortcuts (FlexibleUNet) pad channels with F.pad.

    MONAI's `_downsample_basic_block` concatenates `torch.zeros(out.size(0), ...)`, which tracing bakes
    to the example's batch size and torch.jit.script cannot compile; F.pad computes the same tensor.
    """
    model = copy.deepcopy(network).cpu().float().eval()
    for module in model.modules():
        downsample = getattr(module, "downsample", None)
        if isinstance(downsample, functools.partial) and getattr(downsample.func, "__name__", "") == (
            "_downsample_basic_block"
        ):
            keywords = downsample.keywords
            module.downsample = _PadShortcut(keywords["planes"], keywords["stride"])
    return model


class _PadShortcut(nn.Module):
    """Stride, then zero channels appended up to `planes` (2D)."""

    def __init__(self, planes: int, stride: int) -> None:
        super().__init__()
        self.planes = planes
        self.stride = stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.avg_pool2d(x, kernel_size=1, stride=self.stride)
        return F.pad(out, (0, 0, 0, 0, 0, self.planes - out.shape[1]))


def _onnx(model: nn.Module, example: torch.Tensor, opset: int) -> bytes:
    # onnx and onnxruntime are imported for an ONNX export only: they take seconds to import.
    import onnx

    with tempfile.TemporaryDirectory(prefix="onnx-") as folder:
        path = Path(folder) / FILE_NAMES[ONNX]
        torch.onnx.export(
            model,
            (example,),
            path,
            input_names=[INPUT_NAME],
            output_names=[OUTPUT_NAME],
            opset_version=opset,
            dynamic_axes={INPUT_NAME: {0: "batch"}, OUTPUT_NAME: {0: "batch"}},
            dynamo=False,
        )
        data = path.read_bytes()
    onnx.checker.check_model(onnx.load_from_string(data))
    return data


Run = Callable[[torch.Tensor], np.ndarray]


def _onnx_runner(data: bytes) -> Run:
    import onnxruntime

    session = onnxruntime.InferenceSession(data, providers=["CPUExecutionProvider"])

    def run(batch: torch.Tensor) -> np.ndarray:
        return np.asarray(session.run([OUTPUT_NAME], {INPUT_NAME: batch.numpy()})[0])

    return run


def _torchscript(model: nn.Module, example: torch.Tensor) -> tuple[bytes, Run]:
    try:
        scripted = torch.jit.script(model)
    except Exception:
        # Some MONAI blocks are not scriptable; tracing records the same operations for fixed shapes.
        scripted = torch.jit.trace(model, example)
    buffer = io.BytesIO()
    torch.jit.save(scripted, buffer)
    data = buffer.getvalue()
    loaded = torch.jit.load(io.BytesIO(data), map_location="cpu")

    def run(batch: torch.Tensor) -> np.ndarray:
        with torch.inference_mode():
            return loaded(batch).numpy()

    return data, run
