"""`Client`: one signed-in session with a MedSeg gateway, for notebooks and scripts.

Each method is a thin front for a module of its own (datasets, training, prediction, ...); the
generated API layer stays reachable as `client.api` for every endpoint not wrapped here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx

from . import auth, datasets, evaluation, jobs, model_export, prediction, training
from .api.client import AuthenticatedClient
from .api.models.batch_dto import BatchDto
from .api.models.dataset_detail_dto import DatasetDetailDto
from .api.models.dataset_dto import DatasetDto
from .api.models.evaluation_dto import EvaluationDto
from .api.models.job_event_dto import JobEventDto
from .api.models.me_dto import MeDto
from .api.models.model_detail_dto import ModelDetailDto
from .api.models.model_dto import ModelDto
from .comparison import ModelComparison, compare_models
from .connection import connect, normalize_url
from .credentials import resolve
from .errors import NotSignedIn
from .job_events import JobEventStream, Snapshot
from .progress import byte_progress
from .upload import ProgressCallback


class Client:
    """A MedSeg gateway and an API token.

    Args:
        url: The gateway, e.g. "http://localhost:8080"; default: MEDSEG_URL, else `medseg login`'s.
        token: An API token; default: MEDSEG_TOKEN, else `medseg login`'s when `url` is its gateway.
        transport: Another httpx transport (tests pass an httpx.MockTransport).

    Example:
        >>> client = Client("http://localhost:8080", "msk_...")
        >>> dataset = client.upload_dataset("brain.zip", wait=True)
        >>> model = client.train(dataset.id, epochs=20, wait=True)
    """

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        env: Mapping[str, str] = os.environ,
    ) -> None:
        if url is None or token is None:
            resolved = resolve(env)
            stored = resolved.credentials
            # The stored token is for the stored gateway: never send it to another address.
            same_gateway = url is None or normalize_url(url) == normalize_url(stored.url)
            if token is None and (same_gateway or resolved.token_source == "MEDSEG_TOKEN"):
                token = stored.token
            url = url or stored.url
        if not token:
            raise NotSignedIn("No API token: pass token=, set MEDSEG_TOKEN, or run `medseg login`")
        self.url = url
        self.api: AuthenticatedClient = connect(url, token, transport=transport)

    def close(self) -> None:
        self.api.get_httpx_client().close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def me(self) -> MeDto:
        return auth.me(self.api)

    # Datasets

    def upload_dataset(
        self,
        path: str | Path,
        name: str | None = None,
        *,
        wait: bool = False,
        timeout: float | None = 1800.0,
        progress: ProgressCallback | bool | None = None,
    ) -> DatasetDto | DatasetDetailDto:
        """Uploads a dataset ZIP (streamed); with wait, returns it once inspected and ready.

        Args:
            progress: A callback (bytes sent, total), or True for a progress bar on stderr.
        """
        with byte_progress(progress, f"Uploading {Path(path).name}") as callback:
            dataset = datasets.upload_dataset(self.api, Path(path), name, progress=callback)
        return self.wait_for_dataset(dataset.id, timeout=timeout) if wait else dataset

    def import_dataset(
        self, url: str, name: str | None = None, *, wait: bool = False, timeout: float | None = 1800.0
    ) -> DatasetDto | DatasetDetailDto:
        """Has the gateway download a dataset ZIP from `url`; with wait, returns it once ready."""
        dataset = datasets.import_dataset(self.api, url, name)
        return self.wait_for_dataset(dataset.id, timeout=timeout) if wait else dataset

    def wait_for_dataset(self, dataset_id: str, *, timeout: float | None = 1800.0) -> DatasetDetailDto:
        """Waits for the inspection; raises DatasetFailed with its errors when the dataset is unusable."""
        return datasets.wait_for_dataset(self.api, dataset_id, timeout=timeout)

    def get_dataset(self, dataset_id: str) -> DatasetDetailDto:
        return datasets.get_dataset(self.api, dataset_id)

    def list_datasets(self, **filters: str | None) -> list[DatasetDto]:
        """Every dataset visible; filters: search, status (uploaded/ready/error), owner (me/others)."""
        return datasets.list_datasets(self.api, **filters)

    # Training and models

    def train(
        self,
        dataset_id: str,
        name: str | None = None,
        *,
        wait: bool = False,
        dataset_version: int | None = None,
        timeout: float | None = None,
        **hyperparameters: Any,
    ) -> ModelDto | ModelDetailDto:
        """Starts training; only the hyper-parameters given are sent (the gateway picks the rest).

        Args:
            name: The model's name; default: the dataset's name.
            hyperparameters: CreateModelDto's, by Python or JSON name: epochs=30, learning_rate=1e-3,
                architecture="attention_unet", batch_size=8, ...
            wait: Follow the training to its end; raises JobFailed if it fails or is cancelled.
        """
        model = training.start_training(
            self.api, dataset_id, name, hyperparameters, dataset_version=dataset_version
        )
        return self.wait_for_model(model.id, timeout=timeout) if wait else model

    def wait_for_model(
        self, model_id: str, *, on_event: jobs.OnEvent | None = None, timeout: float | None = None
    ) -> ModelDetailDto:
        """Follows the training's events until it ends; raises JobFailed on failure or cancel."""
        return jobs.wait_for_job(self.api, jobs.MODEL_JOB, model_id, on_event=on_event, timeout=timeout)

    def model_events(self, model_id: str) -> Iterator[Snapshot[ModelDetailDto] | JobEventDto]:
        """The training's events: a Snapshot first, then JobEventDto (epochs, steps, status)."""
        return iter(JobEventStream(self.api.get_httpx_client(), jobs.MODEL_JOB, model_id))

    def get_model(self, model_id: str) -> ModelDetailDto:
        return training.get_model(self.api, model_id)

    def list_models(self, **filters: str | None) -> list[ModelDto]:
        """Every model visible; filters: search, status (training/completed/failed), owner (me/others)."""
        return training.list_models(self.api, **filters)

    def compare_models(self, model_ids: Sequence[str]) -> ModelComparison:
        return compare_models([self.get_model(model_id) for model_id in model_ids])

    # Prediction

    def predict(
        self,
        model_id: str,
        path: str | Path,
        *,
        out_dir: str | Path | None = None,
        format: str | None = None,
        as_array: bool = False,
        test_time_mirroring: bool = False,
    ) -> prediction.Prediction:
        """Segments one image or volume; saves the mask into out_dir and/or returns it as an array.

        Args:
            format: nifti, dicom-seg, png or color; default: NIfTI for NIfTI/NRRD/MHA, DICOM-SEG
                for a DICOM series ZIP, PNG for PNG/JPEG.
            as_array: `.array` holds the mask's label values (needs medseg-client[arrays]).
            test_time_mirroring: average the model over the input's mirror images (4x the work for a
                2D model, 8x for a 3D one).
        """
        return prediction.predict_file(
            self.api,
            model_id,
            Path(path),
            out_dir=Path(out_dir) if out_dir is not None else None,
            mask_format=format,
            as_array=as_array,
            test_time_mirroring=test_time_mirroring,
        )

    # Evaluation and export

    def evaluate(
        self,
        model_id: str,
        dataset_id: str | None = None,
        *,
        subset: str | None = None,
        surface_tolerance_mm: float | None = None,
        test_time_mirroring: bool = False,
        wait: bool = False,
        timeout: float | None = None,
    ) -> EvaluationDto:
        """Scores the model (default: on its own validation split); `.aggregate` holds the means."""
        started = evaluation.start_evaluation(
            self.api,
            model_id,
            dataset_id=dataset_id,
            subset=subset,
            surface_tolerance_mm=surface_tolerance_mm,
            test_time_mirroring=test_time_mirroring,
        )
        return self.wait_for_evaluation(started.id, timeout=timeout) if wait else started

    def wait_for_evaluation(
        self, evaluation_id: str, *, on_event: jobs.OnEvent | None = None, timeout: float | None = None
    ) -> EvaluationDto:
        return jobs.wait_for_job(
            self.api, jobs.EVALUATION_JOB, evaluation_id, on_event=on_event, timeout=timeout
        )

    def evaluation_report(self, evaluation_id: str) -> dict[str, Any]:
        """The full report, per item (docs/evaluation.md)."""
        return evaluation.evaluation_report(self.api, evaluation_id)

    def wait_for_batch(
        self, batch_id: str, *, on_event: jobs.OnEvent | None = None, timeout: float | None = None
    ) -> BatchDto:
        return jobs.wait_for_job(self.api, jobs.BATCH_JOB, batch_id, on_event=on_event, timeout=timeout)

    def export_model(
        self,
        model_id: str,
        out: str | Path = ".",
        *,
        format: str = "onnx",
        opset: int | None = None,
        progress: ProgressCallback | bool | None = None,
    ) -> model_export.ExportedModel:
        """Saves the export ZIP (onnx, torchscript or monai-bundle) to `out`, a file or a folder."""
        with byte_progress(progress, f"Exporting {format}") as callback:
            return model_export.export_model(
                self.api, model_id, Path(out), format=format, opset=opset, progress=callback
            )
