"""nnU-Net-style augmentation of a whole batch on its device, in plain PyTorch (2D and 3D).

Each sample draws its own parameters, as tensors, from one CPU generator; the work is done batch-wise
on the subset of samples that drew a transform, so samples that drew nothing come out bit-identical.
The order follows nnU-Net v2's default training pipeline: spatial (rotation, scaling, optional
elastic deformation, all in ONE grid_sample per tensor), Gaussian noise, Gaussian blur, brightness,
contrast, low resolution, inverted gamma, gamma, mirroring. nnU-Net applies some intensity transforms
per channel; here every channel of a sample shares its draw, which keeps the bookkeeping per sample.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class AugmentationSettings:
    """Probabilities (``*_p``, per sample) and ranges (``(low, high)``, drawn uniformly).

    Rotation turns about the image plane in 2D and about each of the three axes in 3D, by up to
    ``rotation_max_deg``, measured in voxels (spacing is not known here). ``scale`` multiplies the
    sampling coordinates, so values above 1 zoom out. The elastic field is Gaussian noise on an
    ``elastic_points``-per-axis grid, bilinearly upsampled (smooth without a large blur kernel), of
    standard deviation ``elastic_displacement_px`` voxels. ``padding_mode`` is grid_sample's, used for
    images and masks alike so that padded image and mask agree (zeros: background).
    """

    rotation_p: float = 0.2
    rotation_max_deg: float = 180.0
    scale_p: float = 0.2
    scale_range: tuple[float, float] = (0.7, 1.4)
    elastic_p: float = 0.0
    elastic_points: int = 5
    elastic_displacement_px: float = 4.0
    padding_mode: str = "zeros"
    noise_p: float = 0.1
    noise_variance: tuple[float, float] = (0.0, 0.1)
    blur_p: float = 0.2
    blur_sigma: tuple[float, float] = (0.5, 1.0)
    brightness_p: float = 0.15
    brightness_range: tuple[float, float] = (0.75, 1.25)
    contrast_p: float = 0.15
    contrast_range: tuple[float, float] = (0.75, 1.25)
    lowres_p: float = 0.25
    lowres_factor: tuple[float, float] = (1.0, 2.0)
    gamma_inverted_p: float = 0.1
    gamma_p: float = 0.3
    gamma_range: tuple[float, float] = (0.7, 1.5)
    mirror_p: float = 0.5


# nnU-Net v2's defaults; 3D turns by up to 30 degrees about each axis, as nnU-Net does for 3D patches.
NNUNET_2D = AugmentationSettings()
NNUNET_3D = AugmentationSettings(rotation_max_deg=30.0)

# Columns of the per-sample draw tables: whether each transform fires, and its magnitude.
_COLUMNS = {
    name: i
    for i, name in enumerate(
        ("rotation", "scale", "elastic", "noise", "blur", "brightness", "contrast", "lowres")
        + ("gamma_inverted", "gamma_inverted_side", "gamma", "gamma_side", "mirror0", "mirror1", "mirror2")
    )
}


def augment_batch(
    images: torch.Tensor,
    masks: torch.Tensor,
    generator: torch.Generator,
    settings: AugmentationSettings = NNUNET_2D,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Augment each sample of a batch independently; images and masks move together.

    Args:
        images: (B, C, H, W) or (B, C, Z, H, W) float, normalized to about [0, 1]; sides may differ.
        masks: (B, H, W) or (B, Z, H, W) class indices of any integer dtype, kept.
        generator: a CPU generator; every draw comes from it (pixel noise from a device generator it
            seeds), so the same seed gives the same output on the same device.
        settings: probabilities and ranges, e.g. ``NNUNET_2D`` or ``NNUNET_3D``.

    Returns:
        New images and masks of the same shapes and dtypes; the inputs are not modified.
    """
    nd = images.dim() - 2
    if nd not in (2, 3) or tuple(masks.shape) != (images.shape[0], *images.shape[2:]):
        raise ValueError(
            f"Expected images (B, C, *S) with 2 or 3 spatial dims and masks (B, *S), "
            f"got images {tuple(images.shape)} and masks {tuple(masks.shape)}"
        )
    s = settings
    b, device, shape = images.shape[0], images.device, tuple(images.shape[2:])
    flags, values = torch.rand((2, b, len(_COLUMNS)), generator=generator, dtype=torch.float64).unbind(0)
    angles = (torch.rand((b, 3), generator=generator, dtype=torch.float64) * 2 - 1) * math.radians(
        s.rotation_max_deg
    )
    coarse = torch.randn((b, nd) + (s.elastic_points,) * nd, generator=generator)
    pixel_generator = torch.Generator(device=device)
    pixel_generator.manual_seed(int(torch.randint(0, 2**62, (1,), generator=generator)))

    def drew(name: str, p: float) -> torch.Tensor:
        return flags[:, _COLUMNS[name]] < p

    def value(name: str, bounds: tuple[float, float]) -> torch.Tensor:
        return bounds[0] + values[:, _COLUMNS[name]] * (bounds[1] - bounds[0])

    images, masks = images.clone(), masks.clone()
    rotate, zoom = drew("rotation", s.rotation_p), drew("scale", s.scale_p)
    elastic = drew("elastic", s.elastic_p)
    spatial = (rotate | zoom | elastic).nonzero().flatten()
    if len(spatial):
        scale = torch.where(zoom, value("scale", s.scale_range), 1.0)[spatial]
        theta = _affine(angles[spatial] * rotate[spatial, None], scale, shape).to(device)
        grid = F.affine_grid(theta, [len(spatial), 1, *shape], align_corners=False)
        if elastic[spatial].any():
            field = coarse[spatial] * elastic[spatial].float().view(-1, *[1] * (nd + 1))
            grid = grid + _displacement(field.to(device), shape, s.elastic_displacement_px)
        at = spatial.to(device)
        sample = dict(grid=grid, padding_mode=s.padding_mode, align_corners=False)
        images[at] = F.grid_sample(images[at].float(), mode="bilinear", **sample).to(images.dtype)
        # float32 holds every integer below 2**24 exactly and nearest picks one source voxel: ids stay exact.
        picked = F.grid_sample(masks[at].float().unsqueeze(1), mode="nearest", **sample)
        masks[at] = picked.squeeze(1).round().to(masks.dtype)

    std = value("noise", s.noise_variance).sqrt()
    _on(
        images,
        drew("noise", s.noise_p),
        lambda x, i: x + _per(std[i], x) * _spread(x) * _noise(x, pixel_generator),
    )
    sigma = value("blur", s.blur_sigma)
    _on(images, drew("blur", s.blur_p), lambda x, i: _blur(x, sigma[i]))
    gain = value("brightness", s.brightness_range)
    _on(images, drew("brightness", s.brightness_p), lambda x, i: x * _per(gain[i], x))
    contrast = value("contrast", s.contrast_range)
    _on(images, drew("contrast", s.contrast_p), lambda x, i: _contrast(x, contrast[i]))
    factor = value("lowres", s.lowres_factor)
    _on(images, drew("lowres", s.lowres_p), lambda x, i: _low_resolution(x, factor[i]))
    for name, p, invert in (("gamma_inverted", s.gamma_inverted_p, True), ("gamma", s.gamma_p, False)):
        # As nnU-Net: half the draws brighten (gamma below 1), half darken, whatever the range's skew.
        low = flags[:, _COLUMNS[name + "_side"]] < 0.5
        v = values[:, _COLUMNS[name]]
        low_gamma, high_gamma = s.gamma_range[0] + v * (1 - s.gamma_range[0]), 1 + v * (s.gamma_range[1] - 1)
        gamma = torch.where(low, low_gamma, high_gamma)
        _on(images, drew(name, p), lambda x, i, g=gamma, inv=invert: _gamma(x, g[i], inv))

    for axis in range(nd):
        chosen = drew(f"mirror{axis}", s.mirror_p)
        if chosen.any():
            chosen = chosen.to(device)
            images = torch.where(chosen.view(-1, *[1] * (nd + 1)), images.flip(axis + 2), images)
            masks = torch.where(chosen.view(-1, *[1] * nd), masks.flip(axis + 1), masks)
    return images, masks


def _on(
    images: torch.Tensor, chosen: torch.Tensor, fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
) -> None:
    """Replace, in place, the chosen samples by ``fn(their images, their CPU indices)``; skip if none."""
    indices = chosen.nonzero().flatten()
    if len(indices):
        at = indices.to(images.device)
        images[at] = fn(images[at], indices).to(images.dtype)


def _per(v: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """A per-sample (n,) CPU parameter, shaped to broadcast over x's (n, C, *S) on its device."""
    return v.to(x.device, x.dtype).view(-1, *[1] * (x.dim() - 1))


def _spread(x: torch.Tensor) -> torch.Tensor:
    """Each sample's standard deviation: nnU-Net's noise variance is meant for z-scored images (std 1),
    so noise is scaled by the image's own spread, whatever normalization (2D: [0, 1]) it had."""
    return x.flatten(1).std(1).clamp_min(1e-6).view(-1, *[1] * (x.dim() - 1))


def _noise(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Standard normal noise drawn on x's device: no image-sized host-to-device copy per batch."""
    return torch.randn(x.shape, generator=generator, device=x.device, dtype=x.dtype)


def _affine(angles: torch.Tensor, scale: torch.Tensor, shape: tuple[int, ...]) -> torch.Tensor:
    """affine_grid thetas (n, nd, nd + 1) for rotation then isotropic scaling, measured in voxels.

    affine_grid's coordinates run over [-1, 1] along every axis, so a rotation written there would
    shear non-square images; R is conjugated with the half side lengths D instead: D^-1 R D.
    """
    nd = len(shape)
    half = torch.tensor(shape[::-1], dtype=torch.float64) / 2  # grid coordinates are ordered (x, y, z)
    planes = [(0, 1)] if nd == 2 else [(1, 2), (0, 2), (0, 1)]
    rotation = torch.eye(nd, dtype=torch.float64).repeat(len(angles), 1, 1)
    for k, (i, j) in enumerate(planes):
        cos, sin = angles[:, k].cos(), angles[:, k].sin()
        turn = torch.eye(nd, dtype=torch.float64).repeat(len(angles), 1, 1)
        turn[:, i, i], turn[:, j, j], turn[:, i, j], turn[:, j, i] = cos, cos, -sin, sin
        rotation = rotation @ turn
    linear = rotation * half[None, None, :] / half[None, :, None] * scale[:, None, None]
    return torch.cat([linear, torch.zeros(len(angles), nd, 1, dtype=torch.float64)], dim=-1).float()


def _displacement(coarse: torch.Tensor, shape: tuple[int, ...], std_px: float) -> torch.Tensor:
    """A smooth field (n, *S, nd) in grid units from coarse (n, nd, *points) unit noise, (x, y, z) order."""
    nd = len(shape)
    field = F.interpolate(coarse, size=shape, mode="bilinear" if nd == 2 else "trilinear", align_corners=True)
    to_grid = 2 * std_px / torch.tensor(shape[::-1], dtype=torch.float32, device=coarse.device)
    return (field * to_grid.view(1, nd, *[1] * nd)).movedim(1, -1)


def _blur(x: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """Separable Gaussian blur with one sigma per sample: a grouped convolution per axis, edges replicated."""
    n, c, *spatial = x.shape
    nd = len(spatial)
    radius = math.ceil(3 * float(sigma.max()))
    offsets = torch.arange(-radius, radius + 1, dtype=torch.float64)
    kernel = torch.exp(-0.5 * (offsets[None] / sigma[:, None]) ** 2)
    kernel = (kernel / kernel.sum(1, keepdim=True)).repeat_interleave(c, 0).to(x.device, x.dtype)
    conv = F.conv2d if nd == 2 else F.conv3d
    y = x.reshape(1, n * c, *spatial)
    for axis in range(nd):
        view = [n * c, 1] + [1] * nd
        view[2 + axis] = 2 * radius + 1
        pad = [0] * (2 * nd)
        pad[2 * (nd - 1 - axis)] = pad[2 * (nd - 1 - axis) + 1] = radius  # F.pad lists the last axis first
        y = conv(F.pad(y, pad, mode="replicate"), kernel.view(view), groups=n * c)
    return y.reshape(x.shape)


def _contrast(x: torch.Tensor, factor: torch.Tensor) -> torch.Tensor:
    """Stretch about each channel's mean, then clip to its former range (nnU-Net's preserve_range)."""
    dims = tuple(range(2, x.dim()))
    mean, low, high = x.mean(dims, keepdim=True), x.amin(dims, keepdim=True), x.amax(dims, keepdim=True)
    return torch.minimum(torch.maximum((x - mean) * _per(factor, x) + mean, low), high)


def _low_resolution(x: torch.Tensor, factor: torch.Tensor) -> torch.Tensor:
    """Nearest downsampling by ``factor`` then linear upsampling back, as a coarser scanner would give.

    Each sample has its own coarse size, which one interpolate call cannot take, so this loops over
    the chosen samples (whole-image tensor ops each, about a quarter of the batch).
    """
    mode = "bilinear" if x.dim() == 4 else "trilinear"
    out = torch.empty_like(x)
    for k, f in enumerate(factor.tolist()):
        size = [max(1, round(side / f)) for side in x.shape[2:]]
        small = F.interpolate(x[k : k + 1], size=size, mode="nearest")
        out[k] = F.interpolate(small, size=x.shape[2:], mode=mode, align_corners=False)[0]
    return out


def _gamma(x: torch.Tensor, gamma: torch.Tensor, invert: bool) -> torch.Tensor:
    """x -> x**gamma on each channel rescaled to [0, 1], then back to its range; inverted: on -x."""
    x = -x if invert else x
    dims = tuple(range(2, x.dim()))
    low, high = x.amin(dims, keepdim=True), x.amax(dims, keepdim=True)
    span = high - low
    y = ((x - low) / span.clamp_min(1e-7)).pow(_per(gamma, x)) * span + low
    return -y if invert else y
