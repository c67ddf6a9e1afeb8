"""Helpers for the image-generation course: setup, data, graders, metrics, figures, checkpoints,
quality measures and widgets.

Importing this package loads no deep-learning framework: each framework is imported
only when a notebook asks for it.
"""

from .checkpoints import Checkpoint
from .data import (
    ImageDataset,
    available_datasets,
    load_dataset,
    load_photo,
    resize_images,
    to_signed,
    to_unit,
)
from .environment import current_session, mount_drive, setup
from .frameworks import get_adapter
from .grading import GradingError, grade
from .metrics import mse, psnr, reconstruction_report
from .progress import progress
from .quality import classifier_accuracy, frechet_distance, quality_report
from .topics import get_config
from .viz import (
    LiveImages,
    LivePlot,
    compare_rows,
    plot_history,
    show_animation,
    show_figure,
    show_images,
    show_reconstructions,
)
from .widgets import class_picker, latent_explorer

__all__ = [
    "Checkpoint", "GradingError", "ImageDataset", "LiveImages", "LivePlot", "available_datasets",
    "class_picker", "classifier_accuracy", "compare_rows", "current_session", "frechet_distance",
    "get_adapter", "get_config", "grade", "latent_explorer", "load_dataset", "load_photo",
    "mount_drive", "mse", "plot_history", "progress", "psnr", "quality_report",
    "reconstruction_report", "resize_images", "setup", "show_animation", "show_figure", "show_images",
    "show_reconstructions", "to_signed", "to_unit",
]
