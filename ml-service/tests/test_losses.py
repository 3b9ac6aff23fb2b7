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


def test_half_precision_logits_get_a_float32_loss_and_a_gradient_of_their_own_dtype() -> None:
    generator = torch.Generator().manual_seed(1)
    logits = torch.randn(2, 6, 12, 12, generator=generator)
    target = torch.randint(0, 6, (2, 12, 12), generator=generator)
    half = logits.bfloat16().requires_grad_()
    single = half.detach().float().requires_grad_()
    half_loss = dice_ce(half, target)
    assert half_loss.dtype == torch.float32
    (half_grad,) = torch.autograd.grad(half_loss, half)
    (single_grad,) = torch.autograd.grad(dice_ce(single, target), single)
    assert half_grad.dtype == torch.bfloat16
    assert torch.allclose(half_grad.float(), single_grad, atol=1e-3)
    with torch.inference_mode():  # validation: the value alone
        assert float(dice_ce(single, target)) == pytest.approx(float(dice_ce(single.detach(), target)))
