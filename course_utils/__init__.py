"""Helpers for the image-generation course: setup, data, graders, metrics, figures, checkpoints.

Importing this package loads no deep-learning framework: each framework is imported
only when a notebook asks for it.
"""

from .checkpoints import Checkpoint
from .data import ImageDataset, available_datasets, load_dataset, to_signed, to_unit
from .environment import current_session, mount_drive, setup
from .frameworks import get_adapter
from .grading import GradingError, grade
from .metrics import mse, psnr, reconstruction_report
from .progress import progress
from .topics import get_config
from .viz import (
    LivePlot,
    compare_rows,
    plot_history,
    show_figure,
    show_images,
    show_reconstructions,
)

__all__ = [
    "Checkpoint", "GradingError", "ImageDataset", "LivePlot", "available_datasets",
    "compare_rows", "current_session", "get_adapter", "get_config", "grade", "load_dataset",
    "mount_drive", "mse", "plot_history", "progress", "psnr", "reconstruction_report", "setup",
    "show_figure", "show_images", "show_reconstructions", "to_signed", "to_unit",
]
