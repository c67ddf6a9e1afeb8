"""The widgets: sliders and dropdowns call the model with the right inputs and redraw."""

import io

import numpy as np
import pytest
from PIL import Image

from course_utils import class_picker, latent_explorer, viz


def _png_pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)))


def test_latent_explorer_decodes_the_slider_values():
    calls = []

    def decode(z):
        calls.append(z.copy())
        return np.full((1, 4, 4, 1), (z[0, 1] + 3) / 6, np.float32)  # brightness follows z[1]

    widget = latent_explorer(decode, latent_dim=12)
    assert len(widget.sliders) == 8  # at most 8 sliders by default
    assert calls[-1].shape == (1, 12) and calls[-1].dtype == np.float32 and not calls[-1].any()
    first = widget.image.value
    widget.sliders[1].value = 1.5
    assert calls[-1][0, 1] == pytest.approx(1.5) and np.count_nonzero(calls[-1]) == 1
    assert widget.image.value != first
    assert _png_pixels(widget.image.value).mean() == pytest.approx(4.5 / 6 * 255, abs=1)
    widget.zero_button.click()
    assert not calls[-1].any()


def test_latent_explorer_keeps_the_other_coordinates_and_checks_them():
    calls = []
    base = np.arange(5, dtype=np.float32) / 10

    def decode(z):
        calls.append(z.copy())
        return np.zeros((2, 3, 3, 3))

    widget = latent_explorer(decode, latent_dim=5, dims=[3], z=base)
    widget.sliders[0].value = -2.0
    np.testing.assert_allclose(calls[-1][0], [0.0, 0.1, 0.2, -2.0, 0.4])
    widget.random_button.click()
    assert calls[-1][0, 3] != -2.0 and calls[-1][0, 0] == 0.0
    with pytest.raises(ValueError, match="0..4"):
        latent_explorer(decode, latent_dim=5, dims=[5])


def test_class_picker_samples_the_chosen_class(tmp_path, monkeypatch):
    monkeypatch.setenv(viz.FIGURES_VARIABLE, str(tmp_path))
    calls = []

    def sample(class_index, n):
        calls.append((class_index, n))
        return np.full((n, 4, 4, 1), class_index / 2, np.float32)

    widget = class_picker(sample, ["zero", "one", "two"], n=6, name="Picker")
    assert calls == [(0, 6)] and (tmp_path / "picker.png").is_file()
    assert _png_pixels(widget.image.value).mean() < 60  # class 0: black images, white gaps
    widget.dropdown.value = 2
    assert calls[-1] == (2, 6)
    pixels = _png_pixels(widget.image.value)
    assert pixels.mean() > 250 and pixels.shape[1] > 100  # class 2: white, enlarged for display
    widget.button.click()
    assert calls[-1] == (2, 6) and len(calls) == 3
