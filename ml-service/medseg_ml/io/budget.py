"""What one file may cost to decode, checked from its header before any pixel buffer is allocated.

Every decoder asks its `DecodeBudget` first: the file's size, the pixels per slice, the slices, and the
bytes its decoded pixels take (dims x item size). Streams inside a file (the gzip of a .nii.gz, a
deflated DICOM data set) are inflated through `inflate_capped`, never whole, so a few hundred bytes
that claim gigabytes are refused with a reason naming the limit and the setting that raises it.

The settings are the gateway's (it sends them in `DatasetLimits`); zero there means the defaults below.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from medseg_ml.io.decoded import DecodeError

MIB = 1024**2
GIB = 1024**3

DEFAULT_MAX_PIXELS_PER_SLICE = 64 * MIB
DEFAULT_MAX_VOLUME_BYTES = 2 * GIB
DEFAULT_MAX_SLICES_PER_FILE = 4096

PIXELS_SETTING = "MEDSEG_DATASET_MAX_PIXELS_PER_SLICE"
VOLUME_SETTING = "MEDSEG_DATASET_MAX_VOLUME_MB"
SLICES_SETTING = "MEDSEG_DATASET_MAX_SLICES_PER_FILE"

# Headers, extensions and tags around the pixels: a file may be this much larger than its pixels.
HEADER_ALLOWANCE_BYTES = 16 * MIB

# Small enough that a worker thread holding one (and glibc keeping it for that thread) costs little.
_CHUNK_BYTES = 256 * 1024


class BudgetError(DecodeError):
    """A file would need more memory than a limit allows; the message names the limit and its setting."""


@dataclass(frozen=True)
class DecodeBudget:
    """Limits on one decoded file.

    Attributes:
        max_pixels_per_slice: width * height of one 2D image or slice.
        max_volume_bytes: bytes of one file's decoded pixels (all slices, channels, the decoder's dtype);
            a file, or a stream inflated from it, may hold this plus HEADER_ALLOWANCE_BYTES.
        max_slices_per_file: slices (NIfTI z, DICOM frames) of one file.
    """

    max_pixels_per_slice: int = DEFAULT_MAX_PIXELS_PER_SLICE
    max_volume_bytes: int = DEFAULT_MAX_VOLUME_BYTES
    max_slices_per_file: int = DEFAULT_MAX_SLICES_PER_FILE

    @property
    def max_file_bytes(self) -> int:
        """Most bytes one file, or what its gzip/deflate stream inflates to, may hold."""
        return self.max_volume_bytes + HEADER_ALLOWANCE_BYTES

    def check_file(self, path: Path) -> int:
        """Refuse a file larger than any volume within budget could be; returns its size.

        Raises:
            BudgetError: the file is larger than max_file_bytes.
        """
        return self.check_size(path.stat().st_size)

    def check_size(self, size: int) -> int:
        """`check_file` for bytes already in memory, `size` long.

        Raises:
            BudgetError: the file is larger than max_file_bytes.
        """
        if size > self.max_file_bytes:
            raise BudgetError(
                f"Is {format_bytes(size)}, over the {format_bytes(self.max_file_bytes)} a file may hold "
                f"({VOLUME_SETTING} plus {format_bytes(HEADER_ALLOWANCE_BYTES)} for headers); "
                "split it or raise the limit"
            )
        return size

    def check_volume(self, *, width: int, height: int, slices: int, channels: int, item_bytes: int) -> int:
        """Refuse pixels whose header claims more than the limits; returns the bytes they need.

        Args:
            item_bytes: bytes per sample in the dtype the decoder produces (after rescaling).

        Raises:
            BudgetError: too many pixels per slice, too many slices, or too many bytes in all.
        """
        check_pixels(width, height, self.max_pixels_per_slice)
        if slices > self.max_slices_per_file:
            raise BudgetError(
                f"Has {slices} slices, over the limit of {self.max_slices_per_file} ({SLICES_SETTING}); "
                "split the volume or raise the limit"
            )
        needed = max(width, 0) * max(height, 0) * max(slices, 1) * max(channels, 1) * max(item_bytes, 1)
        if needed > self.max_volume_bytes:
            raise BudgetError(
                f"Needs {format_bytes(needed)} decoded ({width}x{height}, {slices} slice(s), {channels} "
                f"channel(s) of {item_bytes} byte(s)), over the {format_bytes(self.max_volume_bytes)} "
                f"limit ({VOLUME_SETTING}); downscale or split it, or raise the limit"
            )
        return needed

    def inflate_cap(self, needed: int | None = None) -> int:
        """Most bytes a stream inside a file may inflate to: what its header needs, else the file limit."""
        if needed is None:
            return self.max_file_bytes
        return min(needed + HEADER_ALLOWANCE_BYTES, self.max_file_bytes)


def check_pixels(width: int, height: int, max_pixels: int) -> None:
    """Refuse a slice larger than the limit before its pixels are decoded.

    Raises:
        BudgetError: width * height exceeds `max_pixels`.
    """
    if width * height > max_pixels:
        raise BudgetError(
            f"Is {width}x{height} ({width * height} pixels per slice), over the limit of {max_pixels} "
            f"({PIXELS_SETTING}); downscale it or raise the limit"
        )


def inflate_capped(src: BinaryIO, dest: BinaryIO, cap: int, *, wbits: int, what: str) -> int:
    """Inflate all of `src` into `dest`, refusing once more than `cap` bytes come out; returns the bytes.

    Raises:
        BudgetError: the stream inflates past `cap`.
        DecodeError: the stream is damaged.
    """
    inflater = CappedInflater(src, wbits=wbits, what=what)
    inflater.run(dest, cap, refuse=True)
    return inflater.written


class CappedInflater:
    """Inflates a gzip or raw deflate stream chunk by chunk, so a caller can read the header it starts
    with before deciding how much more the stream may hold.

    Args:
        wbits: zlib's window bits: 16 + MAX_WBITS for gzip (every member of a multi-member file),
            -MAX_WBITS for raw deflate.
        what: the stream, for messages ("its gzip stream").
    """

    def __init__(self, src: BinaryIO, *, wbits: int, what: str) -> None:
        self._src = src
        self._wbits = wbits
        self._what = what[:1].upper() + what[1:]
        self._inflater = zlib.decompressobj(wbits)
        self._pending = b""
        self.written = 0
        self.ended = False

    def run(self, dest: BinaryIO, cap: int, *, refuse: bool) -> bool:
        """Inflate into `dest` until the stream ends (True) or `cap` bytes in all are out.

        With `refuse`, passing `cap` raises; without, it stops there (within a chunk) and returns False.

        Raises:
            BudgetError: `refuse` and the stream inflates past `cap`.
            DecodeError: the stream is damaged.
        """
        try:
            while not self.ended and (refuse or self.written < cap):
                data = self._inflater.unconsumed_tail or self._pending or self._src.read(_CHUNK_BYTES)
                self._pending = b""
                if not data:
                    self.ended = True
                    break
                # max_length keeps each step's output to a chunk however well the input compresses.
                out = self._inflater.decompress(data, _CHUNK_BYTES)
                self.written += len(out)
                if refuse and self.written > cap:
                    raise BudgetError(
                        f"{self._what} inflates to more than {format_bytes(cap)}, more than its header "
                        f"needs or the file limit ({VOLUME_SETTING}) allows (a zip bomb looks like this); "
                        "export the file again"
                    )
                dest.write(out)
                if self._inflater.eof:
                    self._pending = self._inflater.unused_data
                    if not self._pending or self._wbits < 0:
                        self.ended = True
                    else:
                        # A gzip file may hold several members; each goes on under the same cap.
                        self._inflater = zlib.decompressobj(self._wbits)
        except zlib.error as e:
            raise DecodeError(f"{self._what} is damaged ({e}); export the file again") from None
        return self.ended


def format_bytes(n: int) -> str:
    """'12.0 GiB', '3.5 MiB', '512 bytes'."""
    if n >= GIB:
        return f"{n / GIB:.1f} GiB"
    if n >= MIB:
        return f"{n / MIB:.1f} MiB"
    return f"{n} bytes"
