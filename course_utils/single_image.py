"""How close a generated image is to one photograph, without a framework or pretrained weights.

SinGAN's paper measures SIFID: the Fréchet distance between the Inception features (before
the second max-pool) of the real image and of a sample, every spatial position one sample
of the distribution. The course keeps the idea and replaces the network: a patch's feature
is its ``patch`` x ``patch`` pixels projected on the real image's main directions (PCA), at
``levels`` halvings of the image, so that the coarser levels see wider context. The
distance sums the levels' Fréchet distances; 0 means the same patch statistics.
"""

from __future__ import annotations

import numpy as np

from .quality import frechet_from_statistics


def _patches(image: np.ndarray, patch: int) -> np.ndarray:
    """Every ``patch`` x ``patch`` window of an (H, W, C) image, flattened: (N, patch^2 C)."""
    windows = np.lib.stride_tricks.sliding_window_view(image, (patch, patch), axis=(0, 1))
    return windows.reshape(-1, windows[0, 0].size)


def _halve(image: np.ndarray) -> np.ndarray:
    """2 x 2 mean pooling (an odd last row or column is dropped)."""
    height, width = image.shape[0] // 2 * 2, image.shape[1] // 2 * 2
    image = image[:height, :width]
    return (image[0::2, 0::2] + image[1::2, 0::2] + image[0::2, 1::2] + image[1::2, 1::2]) / 4


class PatchStatistics:
    """The real image's patch distribution at every level, to compare images with.

    Parameters:
        real: (H, W, C) image in [0, 1] (or any fixed range, the same for every image).
        patch: the window side; levels: how many halvings at most (fewer for a small image:
            a level needs at least 4 x 4 windows); components: PCA dimensions kept.
    """

    def __init__(self, real: np.ndarray, patch: int = 5, levels: int = 3, components: int = 16):
        self.patch, self.levels = patch, levels
        self.bases, self.statistics = [], []
        image = np.asarray(real, np.float64)
        for _ in range(levels):  # the mirror image's patches count too: left-right symmetry
            if min(image.shape[:2]) < patch + 3:
                break
            patches = np.concatenate([_patches(image, patch), _patches(image[:, ::-1], patch)])
            mean = patches.mean(axis=0)
            _, spread, directions = np.linalg.svd(patches - mean, full_matrices=False)
            scale = spread[:components] / np.sqrt(len(patches) - 1)  # each direction's std
            basis = (mean, directions[:components].T / np.maximum(scale, 0.05 * scale[0]))
            features = (patches - mean) @ basis[1]
            self.bases.append(basis)
            self.statistics.append((features.mean(axis=0), np.cov(features, rowvar=False)))
            image = _halve(image)

    def distance(self, image: np.ndarray) -> float:
        """The summed Fréchet distance between ``image``'s patch features and the real one's."""
        image = np.asarray(image, np.float64)
        if image.ndim != 3 or image.shape[2] * self.patch**2 != self.bases[0][0].size:
            raise ValueError(f"expected an (H, W, {self.bases[0][0].size // self.patch**2}) image, "
                             f"got shape {image.shape}.")
        total = 0.0
        for (mean, directions), (real_mean, real_cov) in zip(self.bases, self.statistics, strict=True):
            features = (_patches(image, self.patch) - mean) @ directions
            total += frechet_from_statistics(real_mean, real_cov, features.mean(axis=0),
                                             np.cov(features, rowvar=False))
            image = _halve(image)
        return total


def patch_distance(real: np.ndarray, images) -> np.ndarray:
    """The patch Fréchet distance of each of ``images`` (N, H, W, C) to ``real`` (H, W, C)."""
    statistics = PatchStatistics(real)
    return np.array([statistics.distance(image) for image in images])


def diversity(samples: np.ndarray, real: np.ndarray) -> float:
    """The paper's diversity: each pixel's standard deviation over the samples (N, H, W, C),
    averaged over the pixels and divided by the standard deviation of the real image."""
    samples = np.asarray(samples, np.float64)
    return float(samples.std(axis=0).mean() / np.asarray(real, np.float64).std())


def flat_colours(image: np.ndarray, colours: int = 6, seed: int = 0) -> np.ndarray:
    """``image`` (H, W, C) painted with its ``colours`` main colours (k-means), each pixel the
    colour of its cluster: a stand-in for the clip art of SinGAN's paint-to-image."""
    from scipy.cluster.vq import kmeans2

    pixels = np.asarray(image, np.float64).reshape(-1, image.shape[-1])
    centres, labels = kmeans2(pixels, colours, minit="++", seed=seed)
    return centres[labels].reshape(image.shape)


def paste(image: np.ndarray, patch: np.ndarray, top: int, left: int) -> tuple[np.ndarray, np.ndarray]:
    """``patch`` pasted into a copy of ``image`` at (top, left); returns the image and the
    (H, W, 1) mask of the pasted pixels."""
    result, mask = np.array(image, np.float64), np.zeros((*image.shape[:2], 1))
    height, width = patch.shape[:2]
    result[top:top + height, left:left + width] = patch
    mask[top:top + height, left:left + width] = 1.0
    return result, mask
