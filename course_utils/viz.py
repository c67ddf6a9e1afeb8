"""Figures: image grids, reconstructions side by side, live loss curves.

Every figure is shown inline; when ``$COURSE_FIGURES`` names a folder (the headless
run sets it) it is also saved there as PNG.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

FIGURES_VARIABLE = "COURSE_FIGURES"


def _save(fig, name: str | None) -> None:
    folder = os.environ.get(FIGURES_VARIABLE)
    if folder and name:
        Path(folder).mkdir(parents=True, exist_ok=True)
        slug = "-".join(name.lower().split())
        fig.savefig(Path(folder) / f"{slug}.png", dpi=100, bbox_inches="tight")


def show_figure(fig, name: str | None = None) -> None:
    """Show a Matplotlib figure (and save it when figures are being collected)."""
    _save(fig, name)
    plt.show()


def _as_display(images: np.ndarray) -> np.ndarray:
    """NHWC images in [0, 1] (or [-1, 1], detected) as values imshow understands."""
    images = np.asarray(images, dtype=np.float32)
    if images.min() < -0.01:
        images = (images + 1.0) / 2.0
    return np.clip(images, 0.0, 1.0)


def image_grid(images: np.ndarray, columns: int = 8) -> np.ndarray:
    """Tile NHWC images into one (rows*H, columns*W, C) picture with 1-pixel gaps."""
    images = _as_display(images)
    n, h, w, c = images.shape
    rows = -(-n // columns)
    grid = np.ones((rows * (h + 1) - 1, columns * (w + 1) - 1, c), dtype=np.float32)
    for i, image in enumerate(images):
        r, col = divmod(i, columns)
        grid[r * (h + 1) : r * (h + 1) + h, col * (w + 1) : col * (w + 1) + w] = image
    return grid


def _imshow(ax, picture: np.ndarray) -> None:
    if picture.shape[-1] == 1:
        ax.imshow(picture[..., 0], cmap="gray", vmin=0, vmax=1)
    else:
        ax.imshow(picture)
    ax.axis("off")


def show_images(images: np.ndarray, columns: int = 8, title: str | None = None,
                name: str | None = None) -> None:
    """Show NHWC images (values in [0, 1] or [-1, 1]) as a grid."""
    picture = image_grid(images, columns)
    fig, ax = plt.subplots(figsize=(columns * 0.9, picture.shape[0] / picture.shape[1] * columns * 0.9))
    _imshow(ax, picture)
    if title:
        ax.set_title(title)
    show_figure(fig, name)


def show_reconstructions(originals: np.ndarray, reconstructions: np.ndarray, count: int = 8,
                         title: str | None = None, name: str | None = None) -> None:
    """Originals on the top row, their reconstructions underneath."""
    count = min(count, len(originals))
    fig, axes = plt.subplots(2, 1, figsize=(count * 0.9, 2.2))
    for ax, images, label in zip(axes, (originals, reconstructions),
                                 ("original", "reconstruction"), strict=True):
        _imshow(ax, image_grid(images[:count], columns=count))
        ax.set_title(label, fontsize=9)
    if title:
        fig.suptitle(title, y=1.06)
    show_figure(fig, name)


def compare_rows(rows: dict[str, np.ndarray], count: int = 8, name: str | None = None) -> None:
    """One labelled row of images per entry, e.g. originals and several models' outputs."""
    fig, axes = plt.subplots(len(rows), 1, figsize=(count * 0.9, 1.1 * len(rows)))
    for ax, (label, images) in zip(np.atleast_1d(axes), rows.items(), strict=True):
        _imshow(ax, image_grid(images[:count], columns=count))
        ax.set_title(label, fontsize=9)
    show_figure(fig, name)


def plot_history(history: dict[str, list[float]], title: str = "training", name: str | None = None,
                 ax=None) -> None:
    """Plot every curve of a history dict (one value per epoch) against the epoch."""
    own_figure = ax is None
    if own_figure:
        fig, ax = plt.subplots(figsize=(5, 3))
    for key, values in history.items():
        ax.plot(range(1, len(values) + 1), values, marker="o", markersize=3, label=key)
    ax.set_xlabel("epoch")
    ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    if own_figure:
        show_figure(fig, name)


class LivePlot:
    """Redraws the loss curves in place after each epoch (inline in Jupyter and Colab)."""

    def __init__(self, title: str = "training", name: str | None = None):
        self.title = title
        self.name = name
        self._handle = None

    def update(self, history: dict[str, list[float]]) -> None:
        from IPython.display import display

        fig, ax = plt.subplots(figsize=(5, 3))
        plot_history(history, self.title, ax=ax)
        _save(fig, self.name)
        if self._handle is None:
            self._handle = display(fig, display_id=True)
        else:
            self._handle.update(fig)
        plt.close(fig)


class LiveImages:
    """An image grid redrawn in place, e.g. a GAN's samples from fixed noise after each epoch."""

    def __init__(self, columns: int = 8, name: str | None = None):
        self.columns = columns
        self.name = name
        self._handle = None

    def update(self, images: np.ndarray, title: str | None = None) -> None:
        """Show NHWC ``images`` (values in [0, 1] or [-1, 1]) in place of the previous grid."""
        from IPython.display import display

        picture = image_grid(images, self.columns)
        width = self.columns * 0.9
        fig, ax = plt.subplots(figsize=(width, picture.shape[0] / picture.shape[1] * width))
        _imshow(ax, picture)
        if title:
            ax.set_title(title, fontsize=9)
        _save(fig, self.name)
        if self._handle is None:
            self._handle = display(fig, display_id=True)
        else:
            self._handle.update(fig)
        plt.close(fig)


def show_animation(frames: np.ndarray, fps: int = 10, name: str = "animation") -> bytes:
    """Show NHWC ``frames`` (in [0, 1] or [-1, 1]) as an animated GIF, looping, and save it as
    ``<name>.gif`` when figures are being collected. Returns the GIF's bytes."""
    import io

    from IPython.display import Image, display
    from PIL import Image as PILImage

    pictures = [PILImage.fromarray(np.round(frame * 255).astype(np.uint8).squeeze())
                for frame in _as_display(frames)]
    buffer = io.BytesIO()
    pictures[0].save(buffer, format="GIF", save_all=True, append_images=pictures[1:],
                     duration=round(1000 / fps), loop=0)
    folder = os.environ.get(FIGURES_VARIABLE)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{'-'.join(name.lower().split())}.gif").write_bytes(buffer.getvalue())
    display(Image(data=buffer.getvalue(), format="gif"))
    return buffer.getvalue()
