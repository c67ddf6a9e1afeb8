"""SinGAN's image pyramid without a framework: the official resizer and the official scales.

tamarott/SinGAN resizes with Assaf Shocher's ``imresize``: MATLAB's bicubic kernel
(a = -0.5), stretched to antialias when shrinking, output side ``ceil(side * scale)``.
At the right and bottom borders it mirrors the image; at the left and top ones it drops
the taps that fall outside and renormalises the rest (its unsigned indices wrap there, and
the wrapped taps get no weight). Resizing one axis is linear, so it is a matrix here:
``resize`` applies one per axis, and the frameworks apply the same matrices to tensors,
on the GPU, where the official code goes through the CPU and 8 bits at every upsampling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def cubic(x: np.ndarray) -> np.ndarray:
    """MATLAB's bicubic kernel (a = -0.5), zero beyond |x| = 2."""
    x = np.abs(x)
    return ((1.5 * x**3 - 2.5 * x**2 + 1) * (x <= 1)
            + (-0.5 * x**3 + 2.5 * x**2 - 4 * x + 2) * ((1 < x) & (x <= 2)))


def resize_matrix(in_length: int, out_length: int, scale: float) -> np.ndarray:
    """The (out_length, in_length) matrix that resizes one axis by ``scale`` as the official
    resizer does (``out_length`` may be shorter than ``ceil(in_length * scale)``: the
    official code crops the result to the next scale's size)."""
    antialias = scale < 1
    width = 4.0 / scale if antialias else 4.0
    centres = np.arange(1, out_length + 1) / scale + 0.5 * (1 - 1 / scale)  # in input pixels
    taps = (np.floor(centres - width / 2)[:, None] + np.arange(math.ceil(width) + 2) - 1)
    distance = centres[:, None] - taps - 1
    weights = scale * cubic(scale * distance) if antialias else cubic(distance)
    weights[taps < 0] = 0.0  # the official resizer's wrapped indices
    weights /= np.where(weights.sum(1, keepdims=True) == 0, 1, weights.sum(1, keepdims=True))
    mirror = np.concatenate([np.arange(in_length), np.arange(in_length - 1, -1, -1)])
    columns = mirror[np.mod(taps.astype(np.int64), 2 * in_length)]
    matrix = np.zeros((out_length, in_length))
    rows = np.repeat(np.arange(out_length), taps.shape[1])
    np.add.at(matrix, (rows, columns.ravel()), weights.ravel())
    return matrix


def resize_shape(shape: tuple[int, int], scale: float) -> tuple[int, int]:
    """The official resizer's output (height, width) for ``scale``."""
    return tuple(int(math.ceil(side * scale)) for side in shape)


def resize(image: np.ndarray, scale: float, shape: tuple[int, int] | None = None) -> np.ndarray:
    """Resize an (H, W, C) image by ``scale`` (to ``shape`` when given, a crop of the
    official output) with the official resizer, in float64, without its 8-bit rounding."""
    height, width = image.shape[:2]
    out_h, out_w = shape or resize_shape((height, width), scale)
    rows = resize_matrix(height, out_h, scale)
    columns = resize_matrix(width, out_w, scale)
    image = np.asarray(image, np.float64)
    tall = (rows @ image.reshape(height, -1)).reshape(out_h, width, -1)  # (out_h, W, C)
    return (tall.transpose(0, 2, 1) @ columns.T).transpose(0, 2, 1)  # (out_h, out_w, C)


@dataclass(frozen=True)
class Pyramid:
    """The scales SinGAN trains, coarsest first, as the official ``adjust_scales2image``
    and ``creat_reals_pyramid`` compute them.

    Attributes:
        scale1: the factor that brings the photograph's longer side to ``max_size`` at most.
        scale_factor: the ratio between neighbouring scales, recomputed from the image so
            that the coarsest shorter side is ``min_size``.
        shapes: (height, width) of every scale, coarsest first.
    """

    scale1: float
    scale_factor: float
    shapes: tuple[tuple[int, int], ...]

    @property
    def stop_scale(self) -> int:
        """The index of the finest scale (the official ``opt.stop_scale``)."""
        return len(self.shapes) - 1


def pyramid(shape: tuple[int, int], min_size: int = 25, max_size: int = 250,
            scale_factor: float = 0.75) -> Pyramid:
    """The pyramid of an image of ``shape`` (height, width) under the official settings."""
    short, long = min(shape), max(shape)
    num_scales = math.ceil(math.log(min_size / short, scale_factor)) + 1
    scale2stop = math.ceil(math.log(min(max_size, long) / long, scale_factor))
    stop_scale = num_scales - scale2stop
    scale1 = min(max_size / long, 1)
    top = resize_shape(shape, scale1) if scale1 < 1 else tuple(shape)
    factor = math.pow(min_size / min(top), 1 / stop_scale)
    shapes = tuple(resize_shape(top, math.pow(factor, stop_scale - n))
                   for n in range(stop_scale + 1))
    return Pyramid(scale1, factor, shapes)


def channel_width(scale: int, nfc: int = 32, most: int = 128) -> int:
    """Filters per layer at ``scale`` (0 the coarsest): doubled every 4 scales, at most 128."""
    return min(nfc * 2 ** (scale // 4), most)


def noise_amplitude(real: np.ndarray, reconstruction: np.ndarray, base: float = 0.1) -> float:
    """The standard deviation of a scale's noise: ``base`` x the RMSE between the real image
    and the upsampled reconstruction from the scale below (the official ``noise_amp``)."""
    difference = np.asarray(real, np.float64) - np.asarray(reconstruction, np.float64)
    return base * float(np.sqrt(np.mean(difference**2)))


def pyramid_images(photo: np.ndarray, factor: float, shapes, max_size: int = 250) -> list:
    """The photograph ((H, W, C)) at every scale of ``shapes`` (coarsest first), as the
    official ``creat_reals_pyramid`` makes them: the photograph brought to ``max_size``, then
    each scale resized from it by ``factor`` to the power of its distance from the top."""
    scale1 = min(max_size / max(photo.shape[:2]), 1)
    top = resize(photo, scale1, shapes[-1]) if scale1 < 1 else np.asarray(photo, np.float64)
    finest = len(shapes) - 1
    return [resize(top, factor ** (finest - n), shape) for n, shape in enumerate(shapes[:-1])] + [top]


def scaled_shapes(shapes, vertical: float = 1.0, horizontal: float = 1.0) -> list:
    """Every scale's (height, width) times ``vertical`` and ``horizontal``, rounded: the
    official shapes of a sample of another size or aspect ratio."""
    return [(round(height * vertical), round(width * horizontal)) for height, width in shapes]


def injection_image(image: np.ndarray, factor: float, shapes, start: int) -> np.ndarray:
    """An (H, W, C) image of the finest scale's shape brought to scale ``start`` as the official
    paint-to-image, editing and harmonization do: down to scale ``start - 1``, then up."""
    finest = len(shapes) - 1
    coarse = resize(image, factor ** (finest - start + 1), shapes[start - 1])
    return resize(coarse, 1 / factor, shapes[start])
