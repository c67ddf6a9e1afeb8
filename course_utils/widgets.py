"""Interactive widgets: move through a latent space, pick a class to generate.

Both return an ipywidgets box: put the call last in a cell to show it. In a headless run
(papermill, nbval, CI) the widget is built, its first picture drawn, and the notebook keeps
a static text representation; nothing is plotted with Matplotlib, so nothing blocks. With
``name=...`` and ``$COURSE_FIGURES`` set, the first picture is also saved as PNG, like the
figures of :mod:`course_utils.viz`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .viz import FIGURES_VARIABLE, image_grid

MAX_SLIDERS = 8
DISPLAY_PIXELS = 192  # pictures are enlarged (nearest neighbour) to about this width


def _png(picture: np.ndarray) -> bytes:
    """(H, W, C) picture in [0, 1] → PNG bytes, enlarged so that small images stay visible."""
    from PIL import Image

    factor = max(1, DISPLAY_PIXELS // max(picture.shape[0], picture.shape[1]))
    picture = np.repeat(np.repeat(picture, factor, axis=0), factor, axis=1)
    pixels = (np.clip(picture, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
    if pixels.shape[-1] == 1:
        pixels = pixels[..., 0]
    stream = io.BytesIO()
    Image.fromarray(pixels).save(stream, format="PNG")
    return stream.getvalue()


def _save_png(data: bytes, name: str | None) -> None:
    folder = os.environ.get(FIGURES_VARIABLE)
    if folder and name:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{'-'.join(name.lower().split())}.png").write_bytes(data)


def _as_images(output, where: str) -> np.ndarray:
    images = np.asarray(output, dtype=np.float32)
    if images.ndim == 3:
        images = images[None]
    if images.ndim != 4:
        raise ValueError(f"{where} must return NHWC images (N, H, W, C); got shape {images.shape}.")
    return images


def latent_explorer(decode: Callable[[np.ndarray], np.ndarray], latent_dim: int,
                    dims: int | Sequence[int] | None = None, limit: float = 3.0, step: float = 0.1,
                    z: np.ndarray | None = None, columns: int = 8, name: str | None = None):
    """Sliders for latent coordinates → the decoded image, redrawn on every change.

    ``decode(z)`` receives a float32 NumPy array of shape ``(1, latent_dim)`` and returns NHWC
    image(s) in [0, 1] (or [-1, 1], detected). ``dims``: how many leading coordinates get a
    slider (default: all, at most 8), or a list of coordinate indices. The other coordinates
    keep the values of ``z`` (default zeros, the mean of the prior). Sliders range over
    ``[-limit, limit]``, where a standard normal prior puts nearly all its mass.

    Returns the widget; ``widget.sliders``, ``widget.z()`` and ``widget.image`` are there for
    scripting. The "random" button draws the slider coordinates from N(0, 1), "zero" resets them.
    """
    import ipywidgets as widgets

    if dims is None:
        dims = min(latent_dim, MAX_SLIDERS)
    indices = list(range(dims)) if isinstance(dims, int) else [int(i) for i in dims]
    if not indices or min(indices) < 0 or max(indices) >= latent_dim:
        raise ValueError(f"Slider coordinates must lie in 0..{latent_dim - 1}; got {indices}.")
    base = np.zeros((1, latent_dim), np.float32) if z is None else np.array(z, np.float32).reshape(1, -1)
    if base.shape[1] != latent_dim:
        raise ValueError(f"z must have {latent_dim} values; got {base.shape[1]}.")
    rng = np.random.default_rng(0)
    sliders = [widgets.FloatSlider(value=float(np.clip(base[0, i], -limit, limit)), min=-limit, max=limit,
                                   step=step, description=f"z[{i}]", continuous_update=False,
                                   readout_format=".1f")
               for i in indices]
    image = widgets.Image(format="png")
    status = widgets.Label()

    def current_z() -> np.ndarray:
        values = base.copy()
        for i, slider in zip(indices, sliders, strict=True):
            values[0, i] = slider.value
        return values

    def redraw(_change=None) -> None:
        images = _as_images(decode(current_z()), "decode(z)")
        image.value = _png(image_grid(images, columns=min(columns, len(images))))

    def set_values(values) -> None:
        with box.hold_sync():
            for slider, value in zip(sliders, values, strict=True):
                slider.unobserve(redraw, "value")
                slider.value = float(np.clip(value, -limit, limit))
                slider.observe(redraw, "value")
        redraw()

    random_button = widgets.Button(description="random", tooltip="draw these coordinates from N(0, 1)")
    zero_button = widgets.Button(description="zero", tooltip="set these coordinates to 0")
    random_button.on_click(lambda _: set_values(rng.standard_normal(len(sliders))))
    zero_button.on_click(lambda _: set_values(np.zeros(len(sliders))))
    for slider in sliders:
        slider.observe(redraw, "value")
    if len(indices) < latent_dim:
        status.value = f"{len(indices)} of {latent_dim} coordinates have a slider; the others stay fixed."
    box = widgets.HBox([widgets.VBox([*sliders, widgets.HBox([random_button, zero_button]), status]), image])
    redraw()
    _save_png(image.value, name)
    box.sliders, box.image, box.z, box.redraw = sliders, image, current_z, redraw
    box.random_button, box.zero_button = random_button, zero_button
    return box


def class_picker(sample: Callable[[int, int], np.ndarray], classes: Sequence[str], n: int = 16,
                 columns: int = 8, name: str | None = None):
    """A dropdown of class names → a grid of ``sample(class_index, n)``; "resample" draws again.

    ``sample(class_index, n)`` returns ``n`` NHWC images in [0, 1] (or [-1, 1], detected) of
    the chosen class, e.g. a conditional generator fed fresh noise. Returns the widget;
    ``widget.dropdown`` and ``widget.image`` are there for scripting.
    """
    import ipywidgets as widgets

    classes = [str(c) for c in classes]
    if not classes:
        raise ValueError("classes is empty: pass the dataset's class names, e.g. dataset.classes.")
    dropdown = widgets.Dropdown(options=[(c, i) for i, c in enumerate(classes)], value=0,
                                description="class")
    button = widgets.Button(description="resample", tooltip="new noise, same class")
    image = widgets.Image(format="png")

    def redraw(_change=None) -> None:
        images = _as_images(sample(int(dropdown.value), n), "sample(class_index, n)")
        image.value = _png(image_grid(images, columns=min(columns, len(images))))

    dropdown.observe(redraw, "value")
    button.on_click(redraw)
    box = widgets.VBox([widgets.HBox([dropdown, button]), image])
    redraw()
    _save_png(image.value, name)
    box.dropdown, box.image, box.button, box.redraw = dropdown, image, button, redraw
    return box
