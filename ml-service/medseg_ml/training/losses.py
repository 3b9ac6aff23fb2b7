"""Dice + cross-entropy without a one-hot target: the value and gradient of MONAI's
DiceCELoss(to_onehot_y=True, softmax=True) (and DiceLoss alike), in fewer passes over the logits.

With many classes (117 for the AAL atlas) every pass over the (B, K, *S) logits costs about as much as
a convolution layer, and MONAI's loss makes several: a softmax, a log-softmax, a one-hot target and
the products with it, and autograd as many again backwards, each into a new tensor of that size. Here
the forward takes the log-softmax once; the intersection and ground-truth sizes per class are sums
scattered at each pixel's class, so no (B, K, *S) one-hot tensor exists. The backward is written out
(`_DiceCE.backward`): it keeps only the softmax and makes one tensor of the logits' size.
"""

from __future__ import annotations

from typing import Any

import torch

# MONAI DiceLoss' defaults: smooth_nr = smooth_dr = 1e-5, Dice per sample and class, then the mean.
SMOOTH = 1e-5


def dice_ce(logits: torch.Tensor, target: torch.Tensor, with_ce: bool = True) -> torch.Tensor:
    """Mean soft Dice loss over samples and classes (background included), plus mean cross-entropy.

    Args:
        logits: (B, K, *S) float.
        target: (B, *S) long class indices.
        with_ce: False gives the Dice loss alone (MONAI's DiceLoss).
    """
    return _DiceCE.apply(logits, target, with_ce)


class _DiceCE(torch.autograd.Function):
    """For softmax p of the logits z, per sample b and class c over pixels x: I = sum p[y = c],
    P = sum p, G = #[y = c], D = G + P + s, and the loss 1 - mean_bc (2I + s) / D - mean_x log p_y.

    dLoss/dp_cx = alpha_c [y_x = c] + beta_c with alpha = -2 / (BK D), beta = (2I + s) / (BK D^2);
    through the softmax, dLoss/dz_cx = p_cx (g_cx - sum_j p_jx g_jx) for that g, and the
    cross-entropy adds (p_cx - [y_x = c]) / N over all N pixels of the batch.
    """

    @staticmethod
    def forward(ctx: Any, logits: torch.Tensor, target: torch.Tensor, with_ce: bool) -> torch.Tensor:
        b, k = logits.shape[:2]
        flat = target.reshape(b, 1, -1)
        # Half-precision logits (CUDA autocast) are taken in float32; float64 stays float64.
        work = torch.promote_types(logits.dtype, torch.float32)
        log_p = torch.log_softmax(logits.reshape(b, k, -1).to(work), dim=1)
        log_at_target = log_p.gather(1, flat)
        p = log_p.exp_()  # log_p is not needed again: its memory becomes p
        at_target = log_at_target.exp()
        intersection = p.new_zeros(b, k).scatter_add_(1, flat[:, 0], at_target[:, 0])
        ground = p.new_zeros(b, k).scatter_add_(1, flat[:, 0], torch.ones_like(at_target[:, 0]))
        denominator = ground + p.sum(dim=2) + SMOOTH
        loss = 1 - ((2 * intersection + SMOOTH) / denominator).mean()
        if with_ce:
            loss = loss - log_at_target.mean()
        ctx.save_for_backward(p, flat, at_target, intersection, denominator)
        ctx.with_ce = with_ce
        ctx.logits_shape, ctx.logits_dtype = logits.shape, logits.dtype
        return loss

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[torch.Tensor | None, None, None]:
        p, flat, at_target, intersection, denominator = ctx.saved_tensors
        b, k, n = p.shape
        alpha = -2 / (b * k * denominator)
        beta = (2 * intersection + SMOOTH) / (b * k * denominator**2)
        at_class = alpha.gather(1, flat[:, 0])[:, None] * at_target
        # sum_j p_jx g_jx for each pixel: (B, 1, N).
        mixed = torch.bmm(beta[:, None], p).add_(at_class)
        if ctx.with_ce:
            beta = beta + 1 / (b * n)
            at_class = at_class - 1 / (b * n)
        # p (beta_c - mixed_x), then alpha p (and the cross-entropy's -1/N) at each pixel's class: the
        # one (B, K, N) tensor the backward makes.
        out = p * beta[:, :, None]
        out.addcmul_(p, mixed, value=-1)
        out.scatter_add_(1, flat, at_class)
        out.mul_(grad.to(out.dtype))
        return out.reshape(ctx.logits_shape).to(ctx.logits_dtype), None, None
