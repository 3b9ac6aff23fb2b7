"""The one-hot-free Dice + cross-entropy equals MONAI's in value and gradient, 2D and 3D."""

from __future__ import annotations

import pytest
import torch
from monai.losses import DiceCELoss, DiceLoss

from medseg_ml.training.losses import dice_ce


@pytest.mark.parametrize(("shape", "classes"), [((3, 33, 35), 7), ((2, 9, 10, 11), 5), ((2, 16, 16), 2)])
def test_dice_ce_matches_monai_in_value_and_gradient(shape: tuple[int, ...], classes: int) -> None:
    generator = torch.Generator().manual_seed(0)
    logits = (torch.randn(shape[0], classes, *shape[1:], generator=generator) * 3).double()
    logits.requires_grad_()
    target = torch.randint(0, classes, (shape[0], *shape[1:]), generator=generator)
    target[0] = 0  # a class absent from a sample
    for ours, monai in (
        (dice_ce(logits, target), DiceCELoss(to_onehot_y=True, softmax=True)(logits, target[:, None])),
        (
            dice_ce(logits, target, with_ce=False),
            DiceLoss(to_onehot_y=True, softmax=True)(logits, target[:, None]),
        ),
    ):
        (ours_grad,) = torch.autograd.grad(ours, logits)
        (monai_grad,) = torch.autograd.grad(monai, logits)
        assert float(ours) == pytest.approx(float(monai), abs=1e-12)
        assert torch.allclose(ours_grad, monai_grad, atol=1e-15)
