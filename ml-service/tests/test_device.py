from __future__ import annotations

import pytest
import torch

from medseg_ml.config import ConfigError
from medseg_ml.device import describe_device, select_device


def test_cpu_setting_selects_cpu() -> None:
    assert select_device("cpu") == torch.device("cpu")


def test_auto_follows_cuda_availability() -> None:
    assert select_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_without_gpu_is_a_config_error_naming_the_variable() -> None:
    with pytest.raises(ConfigError, match="MEDSEG_ML_DEVICE=cuda .* set MEDSEG_ML_DEVICE to auto or cpu"):
        select_device("cuda")


def test_cpu_description_has_name_and_system_memory() -> None:
    info = describe_device(torch.device("cpu"))
    assert info.kind == "cpu"
    assert info.name
    assert 0 < info.memory_free_bytes <= info.memory_total_bytes
