"""Loading a safetensors file into a network, strictly: shared by inference and fine-tuning."""

from __future__ import annotations

from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file
from torch import nn


class WeightsLoadError(Exception):
    """The file is not readable safetensors (`unreadable`), or its tensors do not fit the network."""

    def __init__(self, detail: str, *, unreadable: bool) -> None:
        super().__init__(detail)
        self.detail = detail
        self.unreadable = unreadable


def load_weights_into(network: nn.Module, path: Path) -> None:
    """Load `path` into `network` with strict key and shape checks.

    Raises:
        WeightsLoadError: with the reader's or PyTorch's first lines as `detail`.
    """
    try:
        state = load_file(str(path))
    except (SafetensorError, OSError) as e:
        raise WeightsLoadError(str(e), unreadable=True) from None
    try:
        with torch.no_grad():
            network.load_state_dict(state, strict=True)
    except RuntimeError as e:
        detail = " ".join(line.strip() for line in str(e).strip().splitlines()[:3])[:400]
        raise WeightsLoadError(detail, unreadable=False) from None
