"""The installed ml-service version, as GetInfo reports it, and the library versions its files record."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    SERVICE_VERSION = version("medseg-ml")
except PackageNotFoundError:  # a source tree that was never pip-installed
    SERVICE_VERSION = "0.0.0+unknown"

# Library versions as cards, bundles and export.json record them, read from package metadata:
# importing MONAI or onnx takes seconds, and the service's start-up should not wait for that.
MONAI_VERSION = version("monai")
ONNX_VERSION = version("onnx")
ONNXRUNTIME_VERSION = version("onnxruntime")
