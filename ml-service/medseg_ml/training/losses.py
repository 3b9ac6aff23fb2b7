"""Dice + cross-entropy without a one-hot target: the value and gradient of MONAI's
DiceCELoss(to_onehot_y=True, softmax=True) (and DiceLoss alike), in fewer passes over the logits.

With many classes (117 for the AAL atlas) every pass over the (B, K, *S) logits costs about as much as
a convolution layer, and MONAI's loss makes several: a softmax, a log-softmax, a one-hot target and
the products with it. Here the log-softmax is taken once, and the intersection and ground-truth sizes
per class are sums scattered at each pixel's class, so no (B, K, *S) one-hot tensor exists.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

# MONAI DiceLoss' defaults: smooth_nr = smooth_dr = 1e-5, Dice per sample and class, then the mean.
SMOOTH = 1e-5


def dice_ce(logits: torch.Tensor, target: torch.Tensor, with_ce: bool = True) -> torch.Tensor:
    """Mean soft Dice loss over samples and classes (background included), plus mean cross-entropy.

    Args:
        logits: (B, K, *S) float.
        target: (B, *S) long class indices.
        with_ce: False gives the Dice loss alone (MONAI's DiceLoss).
    """
    b, k = logits.shape[:2]
    log_p = torch.log_softmax(logits, dim=1)
    p = log_p.exp()
    flat = target.reshape(b, -1)
    at_target = p.reshape(b, k, -1).gather(1, flat[:, None]).reshape(b, -1)
    intersection = p.new_zeros(b, k).scatter_add_(1, flat, at_target)
    ground = p.new_zeros(b, k).scatter_add_(1, flat, torch.ones_like(at_target))
    predicted = p.sum(dim=tuple(range(2, p.dim())))
    dice = (1 - (2 * intersection + SMOOTH) / (ground + predicted + SMOOTH)).mean()
    return dice + F.nll_loss(log_p, target) if with_ce else dice
