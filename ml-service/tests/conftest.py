"""Shared fixtures: one real ml-service per test module, and a channel to it."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import pytest
from ml_process import MlService, start_ml_service


@pytest.fixture(scope="module")
def ml_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MlService]:
    """One shared service for read-only tests; it logs JSON so its log lines can be checked too."""
    service = start_ml_service(tmp_path_factory.mktemp("ml-service"), MEDSEG_ML_LOG_FORMAT="json")
    yield service
    service.stop()


@pytest.fixture
def channel(ml_service: MlService) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(ml_service.address) as channel:
        yield channel
