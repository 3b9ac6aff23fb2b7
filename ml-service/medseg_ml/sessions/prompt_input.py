"""GuidancePrompt messages as `guidance.prompts.Prompt`s in session-grid coordinates, checked there, so a
bad prompt is refused in the coordinates the client drew it in."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from medseg_ml.generated.medseg.v1 import session_service_pb2 as pb
from medseg_ml.guidance.prompts import (
    MAX_PROMPTS,
    MAX_VERTICES,
    Prompt,
    PromptError,
    PromptKind,
    check_prompts,
    check_total_vertices,
)

_KINDS: dict[int, PromptKind] = {
    pb.PROMPT_KIND_POINT: "point",
    pb.PROMPT_KIND_BOX: "box",
    pb.PROMPT_KIND_SCRIBBLE: "scribble",
    pb.PROMPT_KIND_LASSO: "lasso",
}


def session_prompts(
    messages: Sequence[pb.GuidancePrompt], grid: Sequence[int], class_count: int
) -> list[Prompt]:
    """The request's prompts, oldest first, with (x, y, z) vertices.

    Raises:
        PromptError: an unknown kind, coordinates not in triples, or anything check_prompts refuses.
    """
    if len(messages) > MAX_PROMPTS:
        raise PromptError(
            f"{len(messages)} prompts sent; at most {MAX_PROMPTS} are in force at once: undo some first"
        )
    # Before any array is made of them.
    check_total_vertices(sum(len(m.points) for m in messages) // 3)
    prompts = []
    for number, message in enumerate(messages, start=1):
        kind = _KINDS.get(message.kind)
        if kind is None:
            raise PromptError(f"prompt {number} has no kind; set point, box, scribble or lasso")
        if len(message.points) % 3 or not message.points:
            raise PromptError(
                f"prompt {number} ({kind}) has {len(message.points)} coordinates; send x, y, z per vertex"
            )
        if len(message.points) > 3 * MAX_VERTICES:
            raise PromptError(
                f"prompt {number} ({kind}) has {len(message.points) // 3} vertices; at most {MAX_VERTICES}: "
                "simplify the stroke"
            )
        points = np.asarray(message.points, dtype=np.float64).reshape(-1, 3)
        plane = -1 if kind == "point" else int(message.plane_axis)
        prompts.append(Prompt(kind, int(message.class_index), points, plane))
    check_prompts(prompts, grid, class_count)
    return prompts


def prompt_key(prompts: Sequence[Prompt]) -> tuple:
    """Equal for equal prompt lists: what a session compares to skip work already done."""
    return tuple((p.kind, p.class_index, p.plane_axis, p.points.tobytes()) for p in prompts)
