"""The automatic results of recent volume segmentations, for a session opened on the same image right after.

The annotation page asks for a case's proposal (SegmentVolume) and then opens a guided session on that
case (OpenSession), which predicts the same volume again without prompts: for a 3D model the sliding
window, the costly part of both. The same weights on the same pixels give the same classes (predict_3d
is prepare_3d then prepared_classes_3d, exactly what VolumeWork runs; a 2D model's slices go through
prepare_image as SliceWork's do), so SegmentVolume leaves its display-ordered classes here for a while
and OpenSession takes them instead of predicting again. They are the proposal as the client was shown
it, post-processed as the model card says (sessions themselves never post-process), so a session's
patches are changes from what the client shows. A 2D model's session then knows every slice the client
was shown, so its first prompt on a slice sends what changed, not the whole slice over what the person
brushed there. A miss costs only the forward it would have run anyway. Held within
MEDSEG_ML_RECENT_RESULTS_MB (oldest dropped first) and for RECENT_RESULT_TTL_S.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from medseg_ml.generated.medseg.v1 import inference_service_pb2 as inference_pb
from medseg_ml.generated.medseg.v1 import session_service_pb2 as session_pb

# Long enough to open the case after its proposal (and the next case, whose proposal is asked ahead).
RECENT_RESULT_TTL_S = 600.0

ResultKey = tuple[str, ...]


def result_key(
    request: inference_pb.SegmentVolumeRequest | session_pb.OpenSessionRequest,
) -> ResultKey | None:
    """What names one model's automatic result on one image: the weights, and the stored case (a dataset
    version never changes) or the upload's bytes. None when the request sets no input."""
    model = request.model
    weights = (model.model_id, model.weights_sha256)
    kind = request.WhichOneof("input")
    if kind == "dataset_case":
        case = request.dataset_case
        return (*weights, "case", case.dataset.dataset_id, str(case.dataset.version), str(case.case_index))
    if kind == "upload":
        digest = hashlib.sha256(request.upload.data).hexdigest()
        return (*weights, "upload", digest, request.upload.file_name)
    return None


class RecentResults:
    """Class volumes by ResultKey, thread-safe (SegmentVolume puts from a worker thread).

    Args:
        max_bytes: what all kept volumes may hold together; a volume larger than this is not kept.
        ttl_s: how long one is kept after it was put.
    """

    def __init__(
        self, max_bytes: int, ttl_s: float = RECENT_RESULT_TTL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._max_bytes = max_bytes
        self._ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[ResultKey, tuple[float, np.ndarray]] = OrderedDict()
        self._bytes = 0

    @property
    def held_bytes(self) -> int:
        return self._bytes

    def put(self, key: ResultKey, classes: np.ndarray) -> None:
        """Keep a (Z, H, W) class-index volume (read-only uint8 copy); classes past 255 are not kept."""
        if classes.size > self._max_bytes or (classes.size and int(classes.max()) > 255):
            return  # checked before the copy is made: one uint8 byte per voxel
        kept = classes.astype(np.uint8, copy=True)
        kept.setflags(write=False)
        with self._lock:
            self._drop(key)
            self._expire()
            while self._entries and self._bytes + kept.nbytes > self._max_bytes:
                self._drop(next(iter(self._entries)))
            self._entries[key] = (self._clock(), kept)
            self._bytes += kept.nbytes

    def get(self, key: ResultKey) -> np.ndarray | None:
        """The kept volume (read-only), or None."""
        with self._lock:
            self._expire()
            entry = self._entries.get(key)
            return None if entry is None else entry[1]

    def _expire(self) -> None:
        now = self._clock()
        for key in [k for k, (at, _) in self._entries.items() if now - at > self._ttl_s]:
            self._drop(key)

    def _drop(self, key: ResultKey) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[1].nbytes
