"""The first cell of every notebook: install what is missing, seed, check the GPU, pick a profile."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from .frameworks import FRAMEWORKS, get_adapter
from .frameworks.base import DeviceReport
from .profiles import DRY_RUN_VARIABLE, is_dry_run, resolve_profile

DEFAULT_SEED = 0
DRIVE_FOLDER = Path("/content/drive/MyDrive/image-generation-course")
CHECKPOINT_VARIABLE = "COURSE_CHECKPOINTS"


@dataclass(frozen=True)
class Session:
    """What the setup cell decided; later cells read it."""

    framework: str
    topic: str
    profile: str
    device: DeviceReport
    checkpoint_dir: Path
    seed: int

    @property
    def adapter(self):
        return get_adapter(self.framework)


_session: Session | None = None


def in_colab() -> bool:
    return "COLAB_RELEASE_TAG" in os.environ or "COLAB_GPU" in os.environ


def current_session() -> Session:
    """The session set up by :func:`setup`; a clear error if the setup cell did not run."""
    if _session is None:
        raise RuntimeError("Run the setup cell at the top of the notebook first.")
    return _session


def checkpoint_root() -> Path:
    """``$COURSE_CHECKPOINTS``, else Google Drive when mounted on Colab, else ``./checkpoints``."""
    if os.environ.get(CHECKPOINT_VARIABLE):
        return Path(os.environ[CHECKPOINT_VARIABLE])
    if DRIVE_FOLDER.parent.is_dir():
        return DRIVE_FOLDER / "checkpoints"
    return Path("checkpoints")


def checkpoint_folder(topic: str, framework: str, profile: str) -> Path:
    """Where one notebook's checkpoints go: per topic, framework and profile."""
    return checkpoint_root() / topic / framework / profile


def setup(framework: str, topic: str, *, profile: str | None = None, seed: int = DEFAULT_SEED,
          verbose: bool = True) -> Session:
    """Prepare a notebook: install the framework if needed, seed, check the GPU, pick a profile.

    Parameters:
        framework: "pytorch", "keras" or "chainer".
        topic: the notebook's topic id, e.g. "01_mlp_autoencoder".
        profile: "smoke", "quick" or "full"; ``None`` picks one (see :mod:`course_utils.profiles`).
        seed: seeds Python, NumPy and the framework.
    """
    global _session
    if framework not in FRAMEWORKS:
        raise ValueError(f"framework must be one of {', '.join(FRAMEWORKS)}, not {framework!r}.")
    if framework == "chainer":
        from . import chainer_compat

        chainer_compat.ensure_installed()
    adapter = get_adapter(framework)
    adapter.seed(seed)
    device = adapter.device_report()
    chosen = resolve_profile(profile, has_gpu=device.has_gpu)
    eager = is_dry_run() or (chosen == "smoke" and _eager_smoke(topic))
    adapter.run_compiled_steps_eagerly(eager)  # eager: the smoke run or the tests compile them
    _session = Session(framework, topic, chosen, device,
                       checkpoint_folder(topic, framework, chosen), seed)
    if verbose:
        for line in device.lines():
            print(line)
        print(f"profile: {chosen}  |  seed: {seed}  |  checkpoints: {_session.checkpoint_dir}")
        if is_dry_run():
            print(f"dry run ({DRY_RUN_VARIABLE}): epochs and sample counts are capped, "
                  "compiled steps run eagerly, the training graders check mechanics only and "
                  "the exercise graders are left to the smoke run.")
        elif eager and adapter.name == "keras":
            print("smoke profile: compiled steps run eagerly (the topic's tests compile them).")
    return _session


def _eager_smoke(topic: str) -> bool:
    """Whether the topic's smoke run runs compiled steps eagerly (its ``EAGER_SMOKE``)."""
    from .topics import TOPICS, topic_module

    return topic in TOPICS and getattr(topic_module(topic), "EAGER_SMOKE", False)


def mount_drive() -> Session:
    """On Colab, mount Google Drive and keep this session's checkpoints there.

    Returns the updated session: ``session = course_utils.mount_drive()``.
    """
    global _session
    if not in_colab():
        raise RuntimeError("Google Drive can only be mounted inside Colab.")
    from google.colab import drive  # type: ignore[import-not-found]

    drive.mount("/content/drive")
    session = current_session()
    folder = checkpoint_folder(session.topic, session.framework, session.profile)
    _session = dataclasses.replace(session, checkpoint_dir=folder)
    print(f"checkpoints: {folder}")
    return _session
