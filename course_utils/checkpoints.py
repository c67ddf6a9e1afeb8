"""Training checkpoints that survive interruptions and resume where they stopped.

Each save writes the framework's own weight files (torch ``state_dict``, Keras
``.weights.h5``, Chainer ``npz``) under temporary names, renames them into place,
and only then replaces ``latest.json``, the manifest that names them. A run killed
at any moment leaves the previous manifest pointing at complete files.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .frameworks import get_adapter

MANIFEST = "latest.json"


def atomic_write(path: Path, write) -> None:
    """Call ``write(temporary_path)`` and rename the result to ``path``."""
    suffix = "".join(path.suffixes)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=suffix)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


class Checkpoint:
    """Model and optimizer state plus training progress, in one folder.

    Parameters:
        directory: where the files go (created when needed).
        framework: "pytorch", "keras" or "chainer".
    """

    def __init__(self, directory: str | Path, framework: str):
        self.directory = Path(directory)
        self.adapter = get_adapter(framework)

    @property
    def manifest_path(self) -> Path:
        return self.directory / MANIFEST

    def exists(self) -> bool:
        return self.manifest_path.is_file()

    def save(self, epoch: int, models: dict, optimizers: dict, history: dict) -> None:
        """Save everything needed to continue after ``epoch`` completed epochs.

        ``optimizers`` are keyed like the ``models`` they update, e.g. ``{"G": opt_G}``.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        files = {}
        for kind, objects, save in (
            ("model", models, self.adapter.save_model),
            ("optimizer", optimizers, self.adapter.save_optimizer),
        ):
            suffix = self.adapter.weights_suffix if kind == "model" else ".state"
            for name, obj in objects.items():
                file = f"epoch{epoch:04d}-{kind}-{name}{suffix}"
                atomic_write(self.directory / file, lambda path, obj=obj, save=save: save(obj, path))
                files[f"{kind}/{name}"] = file
        manifest = {"epoch": epoch, "framework": self.adapter.name, "files": files,
                    "history": history}
        previous = self._read_manifest()
        atomic_write(self.manifest_path,
                      lambda path: path.write_text(json.dumps(manifest, indent=1)))
        self._remove_unlisted(previous, files)

    def restore(self, models: dict, optimizers: dict) -> tuple[int, dict]:
        """Load the latest state into ``models`` and ``optimizers``.

        Returns ``(completed_epochs, history)``, or ``(0, {})`` when there is nothing to resume.
        """
        manifest = self._read_manifest()
        if manifest is None:
            return 0, {}
        if manifest["framework"] != self.adapter.name:
            raise ValueError(f"{self.directory} holds a {manifest['framework']} checkpoint.")
        for name, model in models.items():
            self.adapter.load_model(model, self.directory / manifest["files"][f"model/{name}"])
        for name, optimizer in optimizers.items():
            path = self.directory / manifest["files"][f"optimizer/{name}"]
            self.adapter.load_optimizer(optimizer, path, models[name])
        return manifest["epoch"], manifest["history"]

    def _read_manifest(self) -> dict | None:
        if not self.exists():
            return None
        return json.loads(self.manifest_path.read_text())

    def _remove_unlisted(self, previous: dict | None, keep: dict) -> None:
        if previous is None:
            return
        for file in set(previous["files"].values()) - set(keep.values()):
            (self.directory / file).unlink(missing_ok=True)
