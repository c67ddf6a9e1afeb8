"""The single-image measures: validated like the course's other quality measures, against
images whose answer is known."""

import numpy as np
import pytest
from skimage import data, filters

from course_utils.pyramid import resize
from course_utils.single_image import PatchStatistics, diversity, patch_distance


def _photo(name, side=96):
    image = getattr(data, name)()[..., :3] / 255.0
    return np.clip(resize(image, side / max(image.shape[:2])), 0, 1)


def _shuffled(image, block, rng):
    height, width = image.shape[0] // block * block, image.shape[1] // block * block
    tiles = image[:height, :width].reshape(height // block, block, width // block, block, 3)
    tiles = tiles.transpose(0, 2, 1, 3, 4).reshape(-1, block, block, 3)[
        rng.permutation(height // block * width // block)]
    return tiles.reshape(height // block, width // block, block, block, 3).transpose(
        0, 2, 1, 3, 4).reshape(height, width, 3)


@pytest.mark.parametrize("name", ["chelsea", "astronaut", "coffee"])
def test_the_photographs_own_crops_and_flips_score_far_better_than_damaged_images(name):
    rng = np.random.default_rng(0)
    real = _photo(name)
    height, width = real.shape[:2]
    statistics = PatchStatistics(real)
    own = [real, real[:, ::-1], real[height // 8:, width // 8:], real[:-height // 8, :-width // 8]]
    damaged = [filters.gaussian(real, 2, channel_axis=-1), _shuffled(real, 8, rng),
               rng.uniform(0, 1, real.shape)]
    worst_own = max(statistics.distance(image) for image in own)
    best_damaged = min(statistics.distance(image) for image in damaged)
    # The real distribution holds the mirror image's patches too: a flip scores as the photo.
    assert statistics.distance(real[:, ::-1]) == pytest.approx(statistics.distance(real))
    assert best_damaged > 2.5 * worst_own


def test_patch_distance_grows_with_blur_and_refuses_other_channel_counts():
    real = _photo("chelsea")
    blurred = [filters.gaussian(real, sigma, channel_axis=-1) for sigma in (0.5, 1, 2)]
    distances = patch_distance(real, blurred)
    assert np.all(np.diff(distances) > 0)
    with pytest.raises(ValueError, match="expected an"):
        PatchStatistics(real).distance(real[..., :1])


def test_diversity_is_zero_for_copies_and_grows_with_the_spread_of_samples():
    rng = np.random.default_rng(0)
    real = _photo("chelsea")
    assert diversity(np.stack([real] * 4), real) == 0
    small, large = (np.stack([real + spread * rng.normal(size=real.shape) for _ in range(8)])
                    for spread in (0.05, 0.2))
    assert 0 < diversity(small, real) < diversity(large, real)
