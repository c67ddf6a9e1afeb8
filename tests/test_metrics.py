import numpy as np
import pytest

from course_utils import metrics


def test_mse_and_psnr_known_values():
    a = np.zeros((2, 4, 4, 1))
    b = np.full((2, 4, 4, 1), 0.1)
    assert metrics.mse(a, b) == pytest.approx(0.01)
    assert metrics.psnr(a, b, data_range=1.0) == pytest.approx(20.0)
    assert metrics.psnr(a, b, data_range=2.0) == pytest.approx(20.0 + 20 * np.log10(2))


def test_better_reconstruction_scores_higher():
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(4, 8, 8, 1))
    close, far = x + 0.01, x + 0.2
    assert metrics.psnr(x, close) > metrics.psnr(x, far)


def test_shape_mismatch_is_an_error():
    with pytest.raises(ValueError, match="Shapes differ"):
        metrics.mse(np.zeros((2, 3)), np.zeros((3, 2)))
