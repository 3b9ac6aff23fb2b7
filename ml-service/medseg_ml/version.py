"""The installed ml-service version, as GetInfo reports it."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    SERVICE_VERSION = version("medseg-ml")
except PackageNotFoundError:  # a source tree that was never pip-installed
    SERVICE_VERSION = "0.0.0+unknown"
