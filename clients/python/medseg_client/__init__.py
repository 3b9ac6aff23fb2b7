"""MedSeg from Python: `Client` for notebooks and scripts, `medseg` on the command line.

The generated API layer (every endpoint, every DTO) is `medseg_client.api`; the rest of the
package adds what generation cannot: streamed uploads with progress, Server-Sent Events with
reconnects, waiting for jobs, masks as arrays, stored credentials.
"""

from ._version import __version__
from .client import Client
from .comparison import ModelComparison
from .errors import (
    AuthError,
    ConnectionFailed,
    DatasetFailed,
    JobFailed,
    MedSegError,
    MissingExtra,
    NotFoundError,
    NotSignedIn,
    RefusedError,
    ServerError,
    WaitTimeout,
)
from .job_events import Snapshot
from .model_export import ExportedModel
from .prediction import Prediction

__all__ = [
    "AuthError",
    "Client",
    "ConnectionFailed",
    "DatasetFailed",
    "ExportedModel",
    "JobFailed",
    "MedSegError",
    "MissingExtra",
    "ModelComparison",
    "NotFoundError",
    "NotSignedIn",
    "Prediction",
    "RefusedError",
    "ServerError",
    "Snapshot",
    "WaitTimeout",
    "__version__",
]
