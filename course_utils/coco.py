"""COCO instances of one category: topic 11's real data (sheep <-> giraffe).

The annotations come from COCO's ``annotations_trainval2017.zip`` (pinned SHA-256); of the
images, only those that show the category are downloaded, one by one, each kept only if it
decodes to the size its annotation gives. As the official ``generate_coco_dataset.py``:
every image is resized so that its shorter side is ``side`` and centre-cropped to a square,
its masks alike; instances that vanish are dropped and images left without one skipped.
The ``slots`` largest instances are kept, the largest first (InstaGAN translates at most
``ins_max`` of them, the largest first).

Reading the annotations needs ``pycocotools`` (preinstalled on Colab).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from .checkpoints import atomic_write
from .downloads import DownloadError, download, fetch

ANNOTATIONS_URL = "http://images.cocodataset.org/annotations/annotations_trainval2017.zip"
# 252,907,541 bytes; the same pin in three public projects' download scripts.
ANNOTATIONS_SHA256 = "113a836d90195ee1f884e704da6304dfaaecff1f023f49b6ca93c4aaae470268"
IMAGE_URL = "http://images.cocodataset.org/{folder}/{file_name}"
SPLITS = {"train": "train2017", "test": "val2017"}  # the course's split: COCO's folder


def annotations(root: Path, split: str) -> Path:
    """``instances_<folder>.json`` of ``split``, extracted once from the pinned archive."""
    path = root / "annotations" / f"instances_{SPLITS[split]}.json"
    if not path.is_file():
        archive = fetch(ANNOTATIONS_URL, root / "annotations_trainval2017.zip", ANNOTATIONS_SHA256)
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(archive) as members:
            atomic_write(path, lambda temporary: temporary.write_bytes(
                members.read(f"annotations/{path.name}")))
    return path


def image(root: Path, split: str, info: dict) -> np.ndarray:
    """The RGB image ``info`` (an annotation's image record) describes, (H, W, 3) uint8,
    downloaded once into ``root/<folder>/``."""
    from skimage import io

    def verify(path: Path) -> None:
        try:
            height, width = io.imread(path).shape[:2]
        except ValueError as error:
            raise DownloadError(f"{info['file_name']} is not an image: {error}") from error
        if (height, width) != (info["height"], info["width"]):
            raise DownloadError(f"{info['file_name']} is {width}x{height}, not the "
                                f"{info['width']}x{info['height']} of its annotation.")

    folder = SPLITS[split]
    path = root / folder / info["file_name"]
    if not path.is_file():
        download(IMAGE_URL.format(folder=folder, file_name=info["file_name"]), path, verify)
    pixels = io.imread(path)
    return np.repeat(pixels[..., None], 3, -1) if pixels.ndim == 2 else pixels[..., :3]


def square(array: np.ndarray, side: int) -> np.ndarray:
    """Resize so that the shorter side is ``side`` (bilinear, anti-aliased), then crop the
    centre square: torchvision's ``Resize(side)`` then ``CenterCrop(side)``. Floats out."""
    from skimage.transform import resize

    height, width = array.shape[:2]
    scale = side / min(height, width)
    shape = (max(side, round(height * scale)), max(side, round(width * scale)))
    resized = resize(array.astype(np.float32), (*shape, *array.shape[2:]), order=1,
                     anti_aliasing=scale < 1)
    top, left = (shape[0] - side) // 2, (shape[1] - side) // 2
    return resized[top:top + side, left:left + side]


def category_instances(root: Path, split: str, category: str, side: int, slots: int,
                       limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Images of COCO's ``category`` with its instance masks: ``(N, side, side, 3)`` floats in
    [0, 1] and ``(N, slots, side, side)`` booleans, the largest instance first, unused slots
    empty. At most ``limit`` images, in the order of their COCO ids."""
    try:
        from pycocotools.coco import COCO
    except ImportError as error:
        raise ImportError("Reading COCO's annotations needs pycocotools: pip install "
                          "pycocotools (Colab has it).") from error
    coco = COCO(str(annotations(root, split)))
    category_ids = coco.getCatIds(catNms=[category])
    if not category_ids:
        raise KeyError(f"COCO has no category {category!r}.")
    images, masks = [], []
    for image_id in sorted(coco.getImgIds(catIds=category_ids)):
        records = coco.loadAnns(coco.getAnnIds(imgIds=image_id, catIds=category_ids))
        outlines = [square(coco.annToMask(record), side) >= 0.5 for record in records]
        outlines = sorted((m for m in outlines if m.any()), key=lambda m: -m.sum())[:slots]
        if not outlines:  # every instance vanished at this size
            continue
        info = coco.loadImgs(image_id)[0]
        images.append(np.clip(square(image(root, split, info), side) / 255.0, 0.0, 1.0))
        padded = np.zeros((slots, side, side), bool)
        padded[:len(outlines)] = outlines
        masks.append(padded)
        if limit is not None and len(images) == limit:
            break
    return np.stack(images).astype(np.float32), np.stack(masks)
