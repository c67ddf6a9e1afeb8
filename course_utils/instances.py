"""Instance masks for translations that change shape (topic 11, InstaGAN).

A set of masks is an ``(N, slots, H, W)`` boolean array (:class:`.data.ImageDataset`'s
``masks``): one instance per slot, unused slots empty. The networks take the masks as extra
channels in [-1, 1], -1 everywhere in an empty slot (:func:`signed_masks`), and return
them in that range (:func:`from_signed`).
"""

from __future__ import annotations

import numpy as np


def largest_first(masks: np.ndarray) -> np.ndarray:
    """Each image's masks sorted by decreasing area, the empty ones last: the official
    ``set_order='decreasing'``, which translates the largest instances first."""
    order = np.argsort(-masks.sum(axis=(2, 3)), axis=1, kind="stable")
    return np.take_along_axis(masks, order[:, :, None, None], axis=1)


def signed_masks(masks: np.ndarray) -> np.ndarray:
    """Boolean masks as the networks take them: 1 inside an instance, -1 elsewhere."""
    return np.where(masks, 1.0, -1.0).astype(np.float32)


def from_signed(masks: np.ndarray) -> np.ndarray:
    """A network's masks in [-1, 1] as booleans: inside where the value is above 0."""
    return np.asarray(masks) > 0.0


def union(masks: np.ndarray) -> np.ndarray:
    """``(N, slots, H, W)`` masks merged into one per image, ``(N, H, W)``."""
    return np.asarray(masks).any(axis=1)


def _merged(masks: np.ndarray) -> np.ndarray:
    masks = np.asarray(masks, bool)
    return union(masks) if masks.ndim == 4 else masks


def mask_iou(predicted: np.ndarray, truth: np.ndarray) -> float:
    """Intersection over union of the instances' union, pooled over all images (a set of
    masks per image, ``(N, slots, H, W)``, or one merged mask, ``(N, H, W)``): 1 when every
    outline is right. An empty prediction of an empty truth counts as right."""
    predicted, truth = _merged(predicted), _merged(truth)
    if predicted.shape != truth.shape:
        raise ValueError(f"Masks of shapes {predicted.shape} and {truth.shape} cannot be compared: "
                         "give one mask (N, H, W) or a set (N, slots, H, W) per image, same size.")
    both = (predicted | truth).sum()
    return 1.0 if both == 0 else float((predicted & truth).sum() / both)


def background_change(translated: np.ndarray, source: np.ndarray, instances: np.ndarray) -> float:
    """Mean absolute change, in [0, 1] units, of NHWC images in [0, 1] where no instance is:
    ``instances`` holds the masks of the source and of the true translation, so only what
    should stay as it is counts. 0 for a translation that keeps the background."""
    background = ~_merged(instances)
    if not background.any():
        raise ValueError("The instances cover every pixel: there is no background to compare.")
    change = np.abs(np.asarray(translated, np.float32) - np.asarray(source, np.float32)).mean(-1)
    return float(change[background].mean())
