"""Which torch device the service computes on, and what that device looks like right now."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import torch

from medseg_ml.config import ConfigError, DeviceSetting


@dataclass(frozen=True)
class DeviceInfo:
    kind: Literal["cpu", "cuda"]
    name: str
    memory_free_bytes: int
    memory_total_bytes: int


def select_device(setting: DeviceSetting) -> torch.device:
    """Resolve MEDSEG_ML_DEVICE to a torch device.

    Raises:
        ConfigError: "cuda" was asked for but torch sees no usable GPU.
    """
    cuda_ok = torch.cuda.is_available()
    if setting == "cuda" and not cuda_ok:
        raise ConfigError(
            "MEDSEG_ML_DEVICE=cuda but torch sees no CUDA device "
            f"(torch {torch.__version__}); set MEDSEG_ML_DEVICE to auto or cpu"
        )
    if setting == "cuda" or (setting == "auto" and cuda_ok):
        return torch.device("cuda", torch.cuda.current_device())
    return torch.device("cpu")


def describe_device(device: torch.device) -> DeviceInfo:
    """Name and current free/total memory of `device`: GPU memory under CUDA, system RAM on CPU.

    Blocking (CUDA driver call or /proc reads): call it through `asyncio.to_thread`.
    """
    if device.type == "cuda":
        free, total = torch.cuda.mem_get_info(device)
        return DeviceInfo("cuda", torch.cuda.get_device_name(device), free, total)
    free, total = _system_memory()
    return DeviceInfo("cpu", _cpu_name(), free, total)


def _cpu_name() -> str:
    for line in _read_lines(Path("/proc/cpuinfo")):
        key, _, value = line.partition(":")
        # x86 says "model name"; many ARM kernels only say "Hardware" or nothing useful.
        if key.strip() in ("model name", "Hardware") and value.strip():
            return value.strip()
    return platform.processor() or platform.machine() or "unknown CPU"


def _system_memory() -> tuple[int, int]:
    """Return (available, total) bytes of system RAM; (0, 0) where the platform does not say."""
    meminfo: dict[str, int] = {}
    for line in _read_lines(Path("/proc/meminfo")):
        key, _, value = line.partition(":")
        parts = value.split()
        if parts and parts[0].isdigit():
            # /proc/meminfo says "kB" but means KiB.
            meminfo[key] = int(parts[0]) * 1024
    if "MemTotal" in meminfo and "MemAvailable" in meminfo:
        return meminfo["MemAvailable"], meminfo["MemTotal"]
    try:
        page = os.sysconf("SC_PAGE_SIZE")
        return os.sysconf("SC_AVPHYS_PAGES") * page, os.sysconf("SC_PHYS_PAGES") * page
    except (ValueError, OSError, AttributeError):
        return 0, 0


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def to_device(x: torch.Tensor, device: torch.device) -> torch.Tensor:
    """`x` (a CPU tensor) on `device`; to a GPU through pinned memory, without blocking the host.

    The copy from page-locked memory is a DMA the host does not wait for; the kernels queued after it
    on the same stream see the data, and the result's `.cpu()` waits for all of them.
    """
    if device.type != "cuda":
        return x.to(device)
    return x.pin_memory().to(device, non_blocking=True)
