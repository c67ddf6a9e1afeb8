"""SinGAN's pyramid against numbers computed by running the official code (tamarott/SinGAN's
``imresize`` and ``adjust_scales2image``) outside the project."""

import numpy as np
import pytest

from course_utils.pyramid import (
    channel_width,
    noise_amplitude,
    pyramid,
    pyramid_images,
    resize,
    resize_matrix,
)

RAMP = np.arange(5 * 7, dtype=float).reshape(5, 7, 1) ** 1.5

OFFICIAL_DOWN = np.array([  # imresize_in(RAMP, scale_factor=0.75)
    [2.91852947, 5.42283381, 8.9756745, 13.37510524, 18.45341343, 20.4087818],
    [34.91580302, 41.44758855, 48.50578763, 56.11247174, 64.14586745, 67.14927067],
    [90.76170291, 99.63898831, 109.02162574, 118.91465962, 129.16193076, 132.96442908],
    [152.17059783, 162.70392318, 173.74442712, 185.28952925, 197.15633764, 201.5463149]])

OFFICIAL_UP_LEFT = np.array([  # imresize_in(RAMP, scale_factor=1 / 0.75)[:, :4]
    [-1.01123593, -0.56140961, 0.41883764, 1.8173923],
    [9.08376509, 10.77600614, 13.25888233, 15.82241448],
    [29.40364777, 32.33310026, 36.35540447, 40.17069893],
    [57.02395646, 60.5941233, 65.47265578, 70.06208165],
    [89.94214022, 94.07758597, 99.70562868, 104.96669195],
    [131.73529028, 136.41219723, 142.76029567, 148.66972245],
    [153.82262699, 158.76349058, 165.46297792, 171.68934717]])


def test_resize_gives_the_official_resizer_values_both_ways():
    np.testing.assert_allclose(resize(RAMP, 0.75)[..., 0], OFFICIAL_DOWN, atol=1e-7)
    up = resize(RAMP, 1 / 0.75)
    assert up.shape == (7, 10, 1)  # ceil(side x scale)
    np.testing.assert_allclose(up[:, :4, 0], OFFICIAL_UP_LEFT, atol=1e-7)


@pytest.mark.parametrize("scale", [0.75, 0.5, 1 / 0.75, 1.26])
def test_every_output_pixel_is_a_weighted_mean(scale):
    matrix = resize_matrix(30, int(np.ceil(30 * scale)), scale)
    np.testing.assert_allclose(matrix.sum(axis=1), 1.0)
    assert (matrix != 0).sum(axis=1).max() <= np.ceil(4 / min(scale, 1)) + 2


def test_shrinking_antialiases_and_a_cropped_output_is_a_crop():
    stripes = np.tile([[0.0], [1.0]], (16, 1))[:, :, None] * np.ones((1, 8, 1))  # 1-px stripes
    assert np.ptp(resize(stripes, 0.5)[2:-2]) < 0.05  # averaged, not aliased into stripes
    full = resize(RAMP, 1 / 0.75)
    np.testing.assert_allclose(resize(RAMP, 1 / 0.75, shape=(6, 9)), full[:6, :9])


@pytest.mark.parametrize("shape, scales, factor, coarsest, finest", [
    ((512, 512), 10, 0.7743, (26, 26), (250, 250)),
    ((300, 400), 9, 0.7771, (25, 34), (188, 250)),
    ((64, 64), 6, 0.8286, (25, 25), (64, 64)),
    ((1000, 667), 9, 0.7887, (38, 26), (250, 167)),
])
def test_pyramid_matches_the_official_scales(shape, scales, factor, coarsest, finest):
    result = pyramid(shape)
    assert len(result.shapes) == scales and result.stop_scale == scales - 1
    assert result.scale_factor == pytest.approx(factor, abs=1e-4)  # recomputed, not 0.75
    assert (result.shapes[0], result.shapes[-1]) == (coarsest, finest)


def test_width_doubles_every_four_scales_up_to_128():
    assert [channel_width(n) for n in range(13)] == [32] * 4 + [64] * 4 + [128] * 5


def test_noise_amplitude_is_a_tenth_of_the_rmse():
    real = np.zeros((4, 4, 3))
    assert noise_amplitude(real, real + 0.5) == pytest.approx(0.05)


def test_pyramid_images_resize_from_the_top_as_the_official_code():
    """Every scale comes from the photograph brought to max_size, resized by the factor to the
    power of its distance from the top (not from the scale above)."""
    photo = np.random.default_rng(3).uniform(0, 1, (120, 90, 3))
    result = pyramid(photo.shape[:2], 25, 60, 0.75)
    images = pyramid_images(photo, result.scale_factor, result.shapes, 60)
    assert [image.shape[:2] for image in images] == list(result.shapes)
    top = resize(photo, result.scale1, result.shapes[-1])
    np.testing.assert_allclose(images[-1], top)
    np.testing.assert_allclose(images[0], resize(top, result.scale_factor ** (len(images) - 1),
                                                 result.shapes[0]))
