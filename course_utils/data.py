"""Dataset registry: every dataset comes back as NumPy arrays, the same for every framework.

Images are ``float32`` arrays of shape ``(N, H, W, C)`` with values in ``[0, 1]``.
Offline datasets ship inside dependencies or are drawn by course code, so they work
without a network (CI, tests, the smoke profile). Online datasets are downloaded once
into the data cache with pinned checksums; without a network they fall back to an
offline dataset of the same image shape, with a message saying so.
"""

from __future__ import annotations

import gzip
import io
import os
import pickle
import tarfile
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np

from .downloads import DownloadError, fetch

DATA_VARIABLE = "COURSE_DATA"


@dataclass(frozen=True)
class ImageDataset:
    """Images in ``[0, 1]`` as ``(N, H, W, C)`` float32, with integer labels.

    ``counterparts`` (image-to-image datasets): the image paired with each one, same shape:
    the label map a facade photo was rendered from; a scene's rendering in the other domain.
    ``masks`` (instance datasets): ``(N, slots, H, W)`` booleans, each instance's outline in
    a slot of its own, the unused slots empty; ``counterpart_masks``: the counterparts' masks,
    an instance in the same slot as in ``masks``.
    """

    name: str
    images: np.ndarray
    labels: np.ndarray
    classes: tuple[str, ...]
    counterparts: np.ndarray | None = None
    masks: np.ndarray | None = None
    counterpart_masks: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.images)

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return tuple(self.images.shape[1:])

    def take(self, count: int | None) -> ImageDataset:
        """The first ``count`` examples (all of them for ``None``)."""
        if count is None:
            return self
        return replace(self, **{field.name: getattr(self, field.name)[:count]
                                for field in fields(self) if field.name not in ("name", "classes")
                                and getattr(self, field.name) is not None})


@dataclass(frozen=True)
class _Entry:
    loader: Callable[..., ImageDataset]
    image_size: int
    fallback: str | None = None
    drawn: bool = False


_REGISTRY: dict[str, _Entry] = {}


def register(name: str, *, image_size: int, fallback: str | None = None, drawn: bool = False):
    """Add ``loader(split) -> ImageDataset`` to the registry.

    ``fallback`` names an offline dataset to use when this one cannot be downloaded.
    A ``drawn`` dataset's loader is ``loader(split, side, limit)``: it draws at the size
    asked for, and only the first ``limit`` images (None: all) when fewer are needed.
    """

    def decorate(loader):
        _REGISTRY[name] = _Entry(loader, image_size, fallback, drawn)
        return loader

    return decorate


def _load(name: str, split: str, side: int, limit: int | None) -> ImageDataset:
    """A registered dataset at its own size, or a drawn one drawn at ``side``."""
    entry = _REGISTRY[name]
    return entry.loader(split, side, limit) if entry.drawn else entry.loader(split)


def available_datasets() -> list[str]:
    return sorted(_REGISTRY)


def data_root() -> Path:
    """Cache folder: ``$COURSE_DATA``, else the repository's ``data/``, else ``~/.cache``."""
    if os.environ.get(DATA_VARIABLE):
        return Path(os.environ[DATA_VARIABLE])
    repository_data = Path(__file__).resolve().parents[1] / "data"
    if repository_data.is_dir() and os.access(repository_data, os.W_OK):
        return repository_data
    return Path.home() / ".cache" / "image-generation-course"


def load_dataset(
    name: str,
    split: str = "train",
    *,
    limit: int | None = None,
    image_size: int | None = None,
) -> ImageDataset:
    """Load ``split`` ("train" or "test") of a registered dataset.

    ``limit`` keeps the first examples; ``image_size`` resizes to a square side.
    """
    if name not in _REGISTRY:
        raise KeyError(f"Unknown dataset {name!r}. Available: {', '.join(available_datasets())}.")
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}.")
    entry = _REGISTRY[name]
    try:
        dataset = _load(name, split, image_size or entry.image_size, limit)
    except DownloadError as error:
        if entry.fallback is None:
            raise
        warnings.warn(
            f"{name} is not available ({error}). Using the offline dataset "
            f"'{entry.fallback}' instead, so the notebook still runs. To use {name}, "
            f"connect to the internet or copy its files into {data_root() / name}.",
            stacklevel=2,
        )
        side = image_size or entry.image_size  # a drawn fallback is drawn at the size asked for
        dataset = _resize(_load(entry.fallback, split, side, limit), side)
    if image_size is not None and dataset.image_shape[0] != image_size:
        dataset = _resize(dataset, image_size)
    return dataset.take(limit)


def to_signed(images: np.ndarray) -> np.ndarray:
    """Map images from ``[0, 1]`` to ``[-1, 1]`` (the range of a tanh output)."""
    return (images * 2.0 - 1.0).astype(np.float32)


def to_unit(images: np.ndarray) -> np.ndarray:
    """Map images from ``[-1, 1]`` back to ``[0, 1]``, clipping stray values."""
    return np.clip((np.asarray(images) + 1.0) / 2.0, 0.0, 1.0).astype(np.float32)


def resize_images(images: np.ndarray, side: int) -> np.ndarray:
    """NHWC images resized to ``side`` x ``side`` (bilinear, anti-aliased when shrinking)."""
    from skimage.transform import resize

    n, height, width, c = images.shape
    if height == width == side:
        return np.asarray(images, np.float32)
    return resize(images, (n, side, side, c), order=1, anti_aliasing=True).astype(np.float32)


def resize_masks(masks: np.ndarray, side: int) -> np.ndarray:
    """``(N, slots, H, W)`` boolean masks resized to ``side`` x ``side``: a pixel is in a
    mask when at least half of what it covers was."""
    from skimage.transform import resize

    if masks.shape[-1] == masks.shape[-2] == side:
        return masks
    return resize(masks.astype(np.float32), (*masks.shape[:2], side, side), order=1,
                  anti_aliasing=True) >= 0.5


def _resize(dataset: ImageDataset, side: int) -> ImageDataset:
    if dataset.image_shape[0] == side:
        return dataset
    resized = {}
    for name in ("images", "counterparts", "masks", "counterpart_masks"):
        value = getattr(dataset, name)
        if value is not None:
            resized[name] = (resize_masks if name.endswith("masks") else resize_images)(value, side)
    return replace(dataset, **resized)


def _split(images, labels, split, test_count):
    part = slice(-test_count, None) if split == "test" else slice(None, -test_count)
    return images[part], labels[part]


# ----------------------------------------------------------------------------- offline


@register("digits", image_size=16)
def _digits(split: str) -> ImageDataset:
    """scikit-learn's 1,797 handwritten digits, upsampled from 8x8 to 16x16."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images = (bunch.images / 16.0).astype(np.float32)[..., None]
    images, labels = _split(images, bunch.target.astype(np.int64), split, test_count=297)
    dataset = ImageDataset("digits", images, labels, tuple(str(d) for d in range(10)))
    return _resize(dataset, 16)



@register("lfw_faces", image_size=24)
def _lfw_faces(split: str) -> ImageDataset:
    """scikit-image's 100 LFW face crops (25x25 grayscale), centre-cropped to 24x24."""
    from skimage.data import lfw_subset

    faces = lfw_subset()[:100, :24, :24].astype(np.float32)[..., None]
    labels = np.zeros(len(faces), dtype=np.int64)
    images, labels = _split(faces, labels, split, test_count=20)
    return ImageDataset("lfw_faces", images, labels, ("face",))


SHAPE_CLASSES = ("circle", "square", "triangle")


def draw_shapes(count: int, side: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``count`` RGB images of one coloured shape each on a dark background."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:side, 0:side].astype(np.float32) + 0.5
    images = np.empty((count, side, side, 3), dtype=np.float32)
    labels = rng.integers(0, len(SHAPE_CLASSES), size=count)
    for i, label in enumerate(labels):
        radius = rng.uniform(0.18, 0.32) * side
        cy, cx = rng.uniform(radius, side - radius, size=2)
        dy, dx = (yy - cy) / radius, (xx - cx) / radius
        if label == 0:
            mask = dy**2 + dx**2 <= 1.0
        elif label == 1:
            mask = np.maximum(np.abs(dy), np.abs(dx)) <= 0.8
        else:
            mask = (dy <= 0.7) & (dy >= 2.0 * np.abs(dx) - 1.0)
        background = rng.uniform(0.0, 0.25, size=3)
        colour = rng.uniform(0.45, 1.0, size=3)
        images[i] = np.where(mask[..., None], colour, background)
    return images, labels.astype(np.int64)


@register("shapes", image_size=32)
def _shapes(split: str) -> ImageDataset:
    """6,000 training and 1,000 test images of circles, squares and triangles, 32x32 RGB."""
    count, seed = (1000, 1) if split == "test" else (6000, 0)
    images, labels = draw_shapes(count, seed=seed)
    return ImageDataset("shapes", images, labels, SHAPE_CLASSES)


DRAWN_VERSION = 1  # bump when a drawing function changes what it draws


def _kept(path: Path, make: Callable[[], dict]) -> dict[str, np.ndarray]:
    """``make()``'s arrays, made once and kept in ``path`` (an ``.npz``, written atomically)."""
    from .checkpoints import atomic_write

    if path.is_file():
        with np.load(path) as stored:
            return dict(stored)
    arrays = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda temporary: np.savez(temporary, **arrays))
    return arrays


def _drawn(name: str, split: str, side: int, count: int,
           draw: Callable[[], dict]) -> dict[str, np.ndarray]:
    """``draw()``'s arrays, drawn once per dataset, split, size and count and kept in
    ``data_root()/drawn/`` (drawing hundreds of scenes takes seconds, loading them less)."""
    return _kept(data_root() / "drawn" / f"{name}-{split}-{side}-{count}-v{DRAWN_VERSION}.npz",
                 draw)


@register("facades_drawn", image_size=64, drawn=True)
def _facades_drawn(split: str, side: int, limit: int | None) -> ImageDataset:
    """400 training and 100 test drawn facades: photographs, with the label maps they were
    rendered from as counterparts, labelled by the kind of wall (:mod:`.scenes`). The first
    ``limit`` are the same facades as the first of all of them."""
    from .scenes import WALL_KINDS, draw_facades

    count, seed = (100, 1) if split == "test" else (400, 0)
    count = min(count, limit or count)
    arrays = _drawn("facades_drawn", split, side, count, lambda: dict(
        zip(("maps", "photos", "walls"), draw_facades(count, side, seed), strict=True)))
    return ImageDataset("facades_drawn", arrays["photos"], arrays["walls"], WALL_KINDS,
                        arrays["maps"])


DOMAINS = ("plain", "striped")  # horse2zebra_drawn's labels: domain A, domain B
NECKS = ("short neck", "long neck")  # long_necks_drawn's labels


def interleave_domains(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Images of two domains in the order a0, b0, a1, b1, ..., then the rest of the longer,
    so that the first ``limit`` of them hold both domains."""
    shared = min(len(a), len(b))
    pairs = np.stack([a[:shared], b[:shared]], axis=1).reshape(2 * shared, *a.shape[1:])
    return np.concatenate([pairs, a[shared:], b[shared:]])


def _unpaired(name: str, a: np.ndarray, b: np.ndarray, classes: tuple[str, str]) -> ImageDataset:
    """Drawing i rendered as ``a[i]`` (domain A, label 0) for even i and as ``b[i]`` (label 1)
    for odd i, so that no drawing is seen in both domains (unpaired); its rendering in the
    other domain, the true translation, is the counterpart."""
    labels = np.arange(len(a)) % 2
    odd = labels[:, None, None, None] == 1
    return ImageDataset(name, np.where(odd, b, a), labels.astype(np.int64), classes,
                        np.where(odd, a, b))


def _two_domains(name: str, split: str, side: int, limit: int | None, domain_b: str,
                 classes: tuple[str, str]) -> ImageDataset:
    """Drawn animals (:func:`.scenes.draw_animals`), plain (domain A) and ``domain_b``,
    unpaired (:func:`_unpaired`). 400 training and 100 test scenes; the first ``limit`` are
    the same scenes as the first of all of them."""
    from .scenes import draw_animals

    count, seed = (100, 1) if split == "test" else (400, 0)
    count = min(count, limit or count)
    arrays = _drawn("animals", split, side, count, lambda: dict(
        zip(("plain", "striped", "long_necked"), draw_animals(count, side, seed), strict=True)))
    return _unpaired(name, arrays["plain"], arrays[domain_b], classes)


@register("horse2zebra_drawn", image_size=64, drawn=True)
def _horse2zebra_drawn(split: str, side: int, limit: int | None) -> ImageDataset:
    """Plain animals (A) and striped ones (B), unpaired, each with its true translation."""
    return _two_domains("horse2zebra_drawn", split, side, limit, "striped", DOMAINS)


@register("long_necks_drawn", image_size=64, drawn=True)
def _long_necks_drawn(split: str, side: int, limit: int | None) -> ImageDataset:
    """Plain animals (A) and the same animals with a much longer neck (B): a change of
    shape, unpaired, each with its true translation."""
    return _two_domains("long_necks_drawn", split, side, limit, "long_necked", NECKS)


HERD_DOMAINS = ("short necks", "long necks")  # herds_drawn's labels: domain A, domain B


@register("herds_drawn", image_size=64, drawn=True)
def _herds_drawn(split: str, side: int, limit: int | None) -> ImageDataset:
    """Meadows with one to four animals (:func:`.scenes.draw_herds`), short-necked (domain A)
    and long-necked (domain B), unpaired (:func:`_unpaired`), with every animal's instance
    mask; a scene's other rendering and its masks are the true translation. 400 training
    and 100 test scenes; the first ``limit`` are the same scenes as the first of all of them."""
    from .scenes import HERD_SLOTS

    return _herds("herds_drawn", split, side, limit, HERD_SLOTS)


@register("lone_animals_drawn", image_size=64, drawn=True)
def _lone_animals_drawn(split: str, side: int, limit: int | None) -> ImageDataset:
    """As ``herds_drawn``, with one animal per meadow, drawn larger (the quick profile's: a
    shape change a CPU learns in minutes)."""
    return _herds("lone_animals_drawn", split, side, limit, 1)


def _herds(name: str, split: str, side: int, limit: int | None, most: int) -> ImageDataset:
    from .scenes import draw_herds

    count, seed = (100, 1) if split == "test" else (400, 0)
    count = min(count, limit or count)
    arrays = _drawn(name, split, side, count, lambda: dict(zip(
        ("short", "tall", "short_masks", "tall_masks"), draw_herds(count, side, seed, most),
        strict=True)))
    dataset = _unpaired(name, arrays["short"], arrays["tall"], HERD_DOMAINS)
    odd = dataset.labels[:, None, None, None] == 1
    return replace(dataset, masks=np.where(odd, arrays["tall_masks"], arrays["short_masks"]),
                   counterpart_masks=np.where(odd, arrays["short_masks"], arrays["tall_masks"]))


COCO_DOMAINS = ("sheep", "giraffe")  # sheep2giraffe's labels: domain A, domain B


@register("sheep2giraffe", image_size=128, fallback="herds_drawn")
def _sheep2giraffe(split: str) -> ImageDataset:
    """COCO's sheep (domain A) and giraffes (domain B) at 128x128 with their instance
    masks (:mod:`.coco`), unpaired, interleaved (:func:`interleave_domains`): COCO's
    train2017 images for training, its val2017 ones for testing. Prepared once, then kept."""
    from .coco import category_instances
    from .scenes import HERD_SLOTS

    root, side = data_root() / "coco", 128

    def prepare() -> dict[str, np.ndarray]:
        (a, masks_a), (b, masks_b) = (category_instances(root, split, name, side, HERD_SLOTS)
                                      for name in COCO_DOMAINS)
        labels = interleave_domains(np.zeros(len(a), np.int64), np.ones(len(b), np.int64))
        return dict(images=interleave_domains(a, b), labels=labels,
                    masks=interleave_domains(masks_a, masks_b))

    arrays = _kept(root / f"sheep2giraffe-{split}-{side}.npz", prepare)
    return ImageDataset("sheep2giraffe", arrays["images"], arrays["labels"], COCO_DOMAINS,
                        masks=arrays["masks"])


EDGES_AND_SHOES = ("outline", "shoe")  # edges2shoes_drawn's labels: domain A, domain B


@register("edges2shoes_drawn", image_size=64, drawn=True)
def _edges2shoes_drawn(split: str, side: int, limit: int | None) -> ImageDataset:
    """Drawn shoes (:func:`.scenes.draw_shoes`), as outlines (domain A) and filled with a
    random style (domain B), unpaired (:func:`_unpaired`); an outline's counterpart is one of
    its many right answers. 400 training and 100 test shoes; the first ``limit`` are the same
    shoes as the first of all of them."""
    from .scenes import draw_shoes

    count, seed = (100, 1) if split == "test" else (400, 0)
    count = min(count, limit or count)
    arrays = _drawn("shoes", split, side, count, lambda: dict(
        zip(("outlines", "shoes", "styles"), draw_shoes(count, side, seed), strict=True)))
    return _unpaired("edges2shoes_drawn", arrays["outlines"], arrays["shoes"], EDGES_AND_SHOES)


# ------------------------------------------------------------------------------ online

_MNIST_FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}
_IDX_SOURCES = {
    "mnist": (
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        {
            "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
            "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
            "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
            "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
        },
        tuple(str(d) for d in range(10)),
    ),
    "fashion_mnist": (
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        {
            "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
            "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
            "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
            "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
        },
        ("T-shirt", "Trouser", "Pullover", "Dress", "Coat",
         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
    ),
}


def read_idx(path: Path) -> np.ndarray:
    """Read a gzipped IDX file (the MNIST format) into a uint8 array."""
    with gzip.open(path, "rb") as stream:
        raw = stream.read()
    dims = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def _idx_loader(name: str):
    def load(split: str) -> ImageDataset:
        base_url, checksums, classes = _IDX_SOURCES[name]
        paths = [
            fetch(base_url + file, data_root() / name / file, checksums[file])
            for file in _MNIST_FILES[split]
        ]
        images = (read_idx(paths[0]).astype(np.float32) / 255.0)[..., None]
        return ImageDataset(name, images, read_idx(paths[1]).astype(np.int64), classes)

    return load


register("mnist", image_size=28, fallback="digits")(_idx_loader("mnist"))
register("fashion_mnist", image_size=28, fallback="digits")(_idx_loader("fashion_mnist"))

_CIFAR_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
_CIFAR_MD5 = "c58f30108f718f92721af3b95e74349a"
CIFAR_CLASSES = ("airplane", "automobile", "bird", "cat", "deer",
                 "dog", "frog", "horse", "ship", "truck")


@register("cifar10", image_size=32, fallback="shapes")
def _cifar10(split: str) -> ImageDataset:
    """CIFAR-10: 50,000 training and 10,000 test colour images, 32x32."""
    archive = fetch(_CIFAR_URL, data_root() / "cifar10" / "cifar-10-python.tar.gz", _CIFAR_MD5)
    members = [f"data_batch_{i}" for i in range(1, 6)] if split == "train" else ["test_batch"]
    images, labels = [], []
    with tarfile.open(archive, "r:gz") as tar:
        for member in members:
            batch = pickle.load(tar.extractfile(f"cifar-10-batches-py/{member}"), encoding="bytes")
            images.append(batch[b"data"].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
            labels.extend(batch[b"labels"])
    images = np.concatenate(images).astype(np.float32) / 255.0
    return ImageDataset("cifar10", images, np.asarray(labels, dtype=np.int64), CIFAR_CLASSES)



_FACADES_URL = "http://efrosgans.eecs.berkeley.edu/cyclegan/datasets/facades.zip"
# The official download scripts' host; pinned as in TensorFlow Datasets' checksum registry
# (35,135,868 bytes).
_FACADES_SHA256 = "9a31ebf3a31b9b5cd195dd5bf62e9308e00cb94604d1019e3889ac84248695c0"
BRIGHTNESS_CLASSES = ("darkest quarter", "darker quarter", "brighter quarter", "brightest quarter")


def _read_images(archive: zipfile.ZipFile, folder: str) -> np.ndarray:
    from PIL import Image

    names = sorted(n for n in archive.namelist() if n.startswith(folder) and n.endswith(".jpg"))
    return np.stack([np.asarray(Image.open(io.BytesIO(archive.read(n))).convert("RGB"),
                                np.float32) / 255.0 for n in names])


@register("facades", image_size=256, fallback="facades_drawn")
def _facades(split: str) -> ImageDataset:
    """CMP Facades as the CycleGAN scripts ship them: 400 training and 106 test photographs
    with their label maps as counterparts, paired by file order, 256x256. The labels are
    quarters of the photographs' brightness, for the course's feature classifier."""
    path = fetch(_FACADES_URL, data_root() / "facades" / "facades.zip", _FACADES_SHA256)
    with zipfile.ZipFile(path) as archive:
        a, b = (_read_images(archive, f"facades/{split}{side}/") for side in "AB")
    if len(a) != len(b):
        raise DownloadError(f"{path} holds {len(a)} and {len(b)} images in its two {split} "
                            "folders; delete it to download it again.")
    colours = [len(np.unique((images[:8] * 255).astype(np.uint8).reshape(-1, 3), axis=0))
               for images in (a, b)]
    maps, photos = (a, b) if colours[0] < colours[1] else (b, a)  # label maps: few colours
    brightness = photos.mean(axis=(1, 2, 3))
    labels = np.searchsorted(np.quantile(brightness, [0.25, 0.5, 0.75]), brightness)
    return ImageDataset("facades", photos, labels.astype(np.int64), BRIGHTNESS_CLASSES, maps)


_HORSE2ZEBRA_URL = "http://efrosgans.eecs.berkeley.edu/cyclegan/datasets/horse2zebra.zip"
# Pinned as in TensorFlow Datasets' checksum registry (116,867,962 bytes).
_HORSE2ZEBRA_SHA256 = "a74d9d392eecca9966b51287a76ca126af473d9de4f3e8fc0e9cda08fa1730a1"


@register("horse2zebra", image_size=256, fallback="horse2zebra_drawn")
def _horse2zebra(split: str) -> ImageDataset:
    """The CycleGAN paper's horses (domain A, label 0: 1,067 training and 120 test images)
    and zebras (domain B, label 1: 1,334 and 140) from ImageNet, unpaired, 256x256, the two
    domains interleaved (:func:`interleave_domains`). No true translations exist."""
    return _cyclegan_collection("horse2zebra", split, _HORSE2ZEBRA_URL, _HORSE2ZEBRA_SHA256,
                                ("horse", "zebra"))


def _cyclegan_collection(name: str, split: str, url: str, sha256: str,
                         classes: tuple[str, str]) -> ImageDataset:
    """One of the CycleGAN authors' zips, ``name/{split}A`` and ``name/{split}B``: domain A
    (label 0) and B (label 1), unpaired, interleaved (:func:`interleave_domains`)."""
    path = fetch(url, data_root() / name / f"{name}.zip", sha256)
    with zipfile.ZipFile(path) as archive:
        a, b = (_read_images(archive, f"{name}/{split}{side}/") for side in "AB")
    labels = interleave_domains(np.zeros(len(a), np.int64), np.ones(len(b), np.int64))
    return ImageDataset(name, interleave_domains(a, b), labels, classes)


_SUMMER2WINTER_URL = ("http://efrosgans.eecs.berkeley.edu/cyclegan/datasets/"
                      "summer2winter_yosemite.zip")
# Pinned as in TensorFlow Datasets' checksum registry (132,640,856 bytes).
_SUMMER2WINTER_SHA256 = "167fe1726807a9d22bd106b4a6c0bd7953b688af924ac1bf967439c4961e49f9"


@register("summer2winter_yosemite", image_size=256, fallback="edges2shoes_drawn")
def _summer2winter_yosemite(split: str) -> ImageDataset:
    """Yosemite photographs from Flickr, summer (domain A, label 0: 1,231 training and 309
    test images) and winter (domain B, label 1: 962 and 238), unpaired, 256x256, the two
    domains interleaved (:func:`interleave_domains`); MUNIT has an official configuration
    for them. No true translations exist."""
    return _cyclegan_collection("summer2winter_yosemite", split, _SUMMER2WINTER_URL,
                                _SUMMER2WINTER_SHA256, ("summer", "winter"))


# Photographs and textures that scikit-image ships, for the single-image topic: no download.
PHOTOS = ("astronaut", "chelsea", "coffee", "rocket", "hubble_deep_field",
          "immunohistochemistry", "retina", "brick", "grass", "gravel")

# SinGAN's own sample images (tamarott/SinGAN's Input/Images), each at the official commit that
# last changed it: name -> (file, commit, SHA-256 of the file).
SINGAN_IMAGES = {
    "balloons": ("balloons.png", "e174402fdfc4e5ca8082312c4ffe0572dd1f7fe7",
                 "209e831b8765835146419042d21994a9c33f550f00dbe2eb16836b6708f10a09"),
    "birds": ("birds.png", "f0c9e863a2b6cd7c7e233e38fbe113242dd1674d",
              "29357167515be400f409aa62fe0474a5c965138c42a7f352a2f18076e823136a"),
    "colusseum": ("colusseum.png", "1da3600d10d04f9c1a41f68e2a6ac1085d0af73a",
                  "f8fe8f58e22bedd155b0ecfecd9353776847c0a7b1a5dc775517bda56672f872"),
    "mountains": ("mountains.jpg", "f0c9e863a2b6cd7c7e233e38fbe113242dd1674d",
                  "fc0e4916ee3e3586a76990d53b963780136b4794521a93a55c76dcf00d6142f1"),
    "starry_night": ("starry_night.png", "78fbeea0264a8fbfd3e48ec2b92ccb4d4cdea7fa",
                     "44a49c5938e9ce961134387a79ee0821f1690fe37f3b64a5aa47ff06840cad24"),
}
SINGAN_FALLBACK = "rocket"


def load_photo(name: str) -> np.ndarray:
    """A picture as an (H, W, 3) float image in [0, 1]: one of scikit-image's (:data:`PHOTOS`;
    a grey texture repeated in the three channels), or one of SinGAN's sample images
    (:data:`SINGAN_IMAGES`), downloaded once and checked against its pinned SHA-256; without
    a network, the offline rocket instead, with a warning."""
    if name in SINGAN_IMAGES:
        file, commit, sha256 = SINGAN_IMAGES[name]
        url = f"https://raw.githubusercontent.com/tamarott/SinGAN/{commit}/Input/Images/{file}"
        try:
            path = fetch(url, data_root() / "singan" / file, sha256)
        except DownloadError as error:
            warnings.warn(f"{name} is not available ({error}). Using the offline photograph "
                          f"'{SINGAN_FALLBACK}' instead. To use {name}, connect to the internet "
                          f"or copy {file} into {data_root() / 'singan'}.", stacklevel=2)
            return load_photo(SINGAN_FALLBACK)
        from PIL import Image

        with Image.open(path) as picture:
            return np.asarray(picture.convert("RGB"), np.float64) / 255.0
    if name not in PHOTOS:
        raise KeyError(f"Unknown photograph {name!r}. Available: "
                       f"{', '.join(PHOTOS + tuple(SINGAN_IMAGES))}.")
    import skimage.data

    image = np.asarray(getattr(skimage.data, name)(), np.float64) / 255.0
    return np.repeat(image[..., None], 3, axis=2) if image.ndim == 2 else image[..., :3]
