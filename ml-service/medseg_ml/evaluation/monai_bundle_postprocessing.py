"""The learned post-processing in a MONAI Bundle (monai_bundle.py): inference.json's steps after the argmax,
the `$` helpers they call, the README's section and the package metadata.json must list for them.

One Lambda per step of PostProcessing.apply, in its order, calling helpers that label components with
scipy as postprocessing.py does. No MONAI transform gives the same masks: RemoveSmallObjects takes one
size for every class, in voxels or mm, where MedSeg's sizes scale with each image's pixels per network
pixel, and KeepLargestConnectedComponent keeps whichever of equally large components an unstable argsort
ranks first, where MedSeg keeps the first in C order. A card without post-processing adds nothing.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from medseg_ml.evaluation.export_description import postprocessing_description
from medseg_ml.inference.card import ModelCard

SCIPY_VERSION = version("scipy")

# inference.json's helpers for the learned post-processing, on an item (a dict) after the argmax, pred
# (1, *spatial) class indices. `class_components` labels class c as postprocessing._components does (scipy,
# faces, edges and corners); the rules then drop voxels to background as keep_largest_component (the first
# of equal largest components, by label) and remove_small_components do. The sizes were counted on the grid
# the network saw, where `image` still is after Invertd, so they scale by pred's voxels per image voxel, as
# MedSeg scales them by the mask's.
COMPONENT_HELPERS = {
    "class_components": (
        "$lambda d, c: ndimage.label((d['pred'][0] == c).cpu().numpy(), "
        "structure=ndimage.generate_binary_structure(d['pred'].ndim - 1, d['pred'].ndim - 1))[0]"
    ),
    "drop_voxels": (
        "$lambda d, drop: "
        "{**d, 'pred': d['pred'].masked_fill(torch.as_tensor(drop, device=d['pred'].device)[None], 0)}"
    ),
}
LARGEST_COMPONENT_HELPER = (
    "$lambda d, c: (lambda labels: @drop_voxels(d, (labels > 0) & "
    "(labels != 1 + numpy.argmax(numpy.bincount(labels.ravel(), minlength=2)[1:]))))(@class_components(d, c))"
)
SMALL_COMPONENTS_HELPER = (
    "$lambda d, c, size: (lambda labels: @drop_voxels(d, (labels > 0) & (numpy.bincount(labels.ravel()) "
    "< size * (d['pred'][0].numel() / d['image'][0].numel()))[labels]))(@class_components(d, c))"
)


def postprocessing_packages(card: ModelCard) -> dict[str, str]:
    """What metadata.json's optional_packages_version adds for the post-processing: scipy, which MONAI does
    not require."""
    return {} if card.postprocessing.is_none else {"scipy": SCIPY_VERSION}


def component_helpers(card: ModelCard) -> dict[str, str]:
    """The `$` helpers the card's post-processing steps call (inference.json top level); none without one."""
    chosen = card.postprocessing
    if chosen.is_none:
        return {}
    helpers = dict(COMPONENT_HELPERS)
    if chosen.largest_component_classes:
        helpers["keep_largest_component"] = LARGEST_COMPONENT_HELPER
    if chosen.min_component_size:
        helpers["remove_small_components"] = SMALL_COMPONENTS_HELPER
    return helpers


def learned_postprocessing(card: ModelCard) -> list[dict[str, Any]]:
    """PostProcessing.apply's steps, in its order, each a Lambda on the whole item (the sizes' scale needs
    its image as well as its pred)."""
    chosen = card.postprocessing
    steps = [
        {
            "_target_": "Lambda",
            "_desc_": f"class {c}: keep only its largest connected component, the rest background",
            "func": f"$lambda d: @keep_largest_component(d, {c})",
        }
        for c in chosen.largest_component_classes
    ]
    grid = (
        "voxels at the target spacing"
        if card.spatial_dims == 3
        else f"pixels at {card.input_size}x{card.input_size}"
    )
    steps += [
        {
            "_target_": "Lambda",
            "_desc_": f"class {c}: components under {size} {grid} (the network's grid) become background",
            "func": f"$lambda d: @remove_small_components(d, {c}, {size})",
        }
        for c, size in sorted(chosen.min_component_size.items())
    ]
    return steps


def readme_postprocessing(card: ModelCard) -> str:
    steps = postprocessing_description(card)["steps"]
    if not steps:
        return ""
    listed = "\n".join(f"{i}. {step}" for i, step in enumerate(steps, start=1))
    return (
        "## Post-processing\n\n"
        "After the argmax, as MedSeg does to every automatic mask (chosen on validation; the postprocessing "
        "in configs/inference.json does it, sizes scaled to each image's grid, and needs scipy):\n\n"
        f"{listed}\n\n"
    )
