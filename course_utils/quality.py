"""How good are generated images? A Fréchet distance measured the same way in every framework.

The FID of the GAN literature (Heusel et al., 2017, https://arxiv.org/abs/1706.08500) compares
Inception-v3 features of generated and real images. Inception needs a deep-learning framework,
a download and a GPU, so the course uses the same recipe with a small feature extractor it
trains itself: a scikit-learn :class:`~sklearn.neural_network.MLPClassifier` on the dataset,
whose last hidden layer (computed here in NumPy) gives the features. The numbers are therefore
*not* comparable with published FIDs, only with each other: same dataset, same image size,
same number of images.

* :func:`frechet_distance` fits a Gaussian to the features of the given images and to those of
  the dataset's held-out (test) images and returns
  ``|mu_1 - mu_2|^2 + tr(S_1 + S_2 - 2 (S_1 S_2)^(1/2))``: lower is better, 0 = same statistics.
* :func:`classifier_accuracy` says how often the classifier recognises the intended class
  (for conditional generators).
* :func:`quality_report` prints both next to reference scores of real images and of noise.

The classifier is trained once per dataset and image size (seconds for ``digits``, about a
minute for MNIST on a CPU) and cached in ``data_root()/quality/``.
"""

from __future__ import annotations

import os
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .data import data_root, load_dataset

VERSION = 1  # bump when the classifier, its training or the cache contents change
HIDDEN_LAYERS = (128, 64)  # the last one is the feature size
TRAIN_LIMIT = 20_000  # training images, so that the first call stays well under two minutes
REFERENCE_LIMIT = 1_000  # real training images kept away from the classifier, for the reference
HELD_OUT_LIMIT = 10_000  # test images whose feature statistics define "real"
REPORT_COUNT = 1_000  # images quality_report uses (fewer if fewer are given)
SEED = 0
RANGE_TOLERANCE = 0.05  # values this far outside [0, 1] are an error; closer ones are clipped


@dataclass(frozen=True)
class FeatureModel:
    """A trained classifier in NumPy, with the statistics of the held-out features."""

    dataset: str  # the dataset the classifier was trained on (an offline stand-in, if any)
    image_shape: tuple[int, int, int]
    classes: tuple[str, ...]
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    mean: np.ndarray  # held-out feature mean
    cov: np.ndarray  # held-out feature covariance
    accuracy: float  # held-out accuracy
    real_features: np.ndarray  # features of real training images the classifier never saw
    real_labels: np.ndarray
    noise_features: np.ndarray  # features of uniform-noise images

    def _activations(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = images.reshape(len(images), -1).astype(np.float64)
        for w, b in zip(self.weights[:-1], self.biases[:-1], strict=True):
            x = np.maximum(x @ w + b, 0.0)
        return x, x @ self.weights[-1] + self.biases[-1]

    def features(self, images: np.ndarray) -> np.ndarray:
        """Last hidden layer (ReLU) for NHWC images in [0, 1]: shape (N, HIDDEN_LAYERS[-1])."""
        return self._activations(images)[0]

    def predict(self, images: np.ndarray) -> np.ndarray:
        """Predicted class index per image."""
        return np.argmax(self._activations(images)[1], axis=1)


_memo: dict[tuple[str, str, int], FeatureModel] = {}  # (cache folder, dataset, size)


def cache_path(dataset: str, image_size: int) -> Path:
    return data_root() / "quality" / f"{dataset}-{image_size}.npz"


def _fit_gaussian(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    features = np.asarray(features, dtype=np.float64)
    return features.mean(axis=0), np.cov(features, rowvar=False)


def _sqrt_psd(matrix: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2.0)
    return (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def frechet_from_statistics(mean_1, cov_1, mean_2, cov_2) -> float:
    """Fréchet distance between the Gaussians N(mean_1, cov_1) and N(mean_2, cov_2).

    ``tr((S_1 S_2)^(1/2))`` is computed as ``tr((R S_2 R)^(1/2))`` with ``R = S_1^(1/2)``: the
    matrix inside is symmetric positive semi-definite, so a symmetric eigen-decomposition is
    exact and stable (no complex parts as with a general matrix square root). Rounding never
    makes the result negative.
    """
    root = _sqrt_psd(cov_1)
    eigenvalues = np.linalg.eigvalsh(root @ cov_2 @ root)
    trace_sqrt = np.sqrt(np.clip(eigenvalues, 0.0, None)).sum()
    distance = np.sum((mean_1 - mean_2) ** 2) + np.trace(cov_1) + np.trace(cov_2) - 2.0 * trace_sqrt
    return float(max(distance, 0.0))


# ------------------------------------------------------------------------------ training


def _train(dataset: str, image_size: int) -> FeatureModel:
    """Train the classifier and measure the reference statistics (the slow part, done once)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    train = load_dataset(dataset, "train", image_size=image_size)
    test = load_dataset(dataset, "test", image_size=image_size, limit=HELD_OUT_LIMIT)
    reference_count = min(REFERENCE_LIMIT, len(train) // 5)
    fit_images = train.images[:-reference_count][:TRAIN_LIMIT]
    fit_labels = train.labels[:-reference_count][:TRAIN_LIMIT]
    classifier = MLPClassifier(hidden_layer_sizes=HIDDEN_LAYERS, alpha=1e-3, batch_size=128,
                               learning_rate_init=1e-3, max_iter=60, random_state=SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if len(train.classes) > 1:
            classifier.fit(fit_images.reshape(len(fit_images), -1), fit_labels)
        else:  # one class (lfw_faces): learn features by telling faces from noise instead
            noise = np.random.default_rng(SEED).uniform(size=fit_images.shape)
            both = np.concatenate([fit_images, noise]).reshape(2 * len(fit_images), -1)
            classifier.fit(both, np.repeat([0, 1], len(fit_images)))
    weights = tuple(np.asarray(w, np.float64) for w in classifier.coefs_)
    biases = tuple(np.asarray(b, np.float64) for b in classifier.intercepts_)
    if weights[-1].shape[1] == 1:  # binary problem: one logit, turn into two
        weights = weights[:-1] + (np.concatenate([-weights[-1], weights[-1]], axis=1) / 2,)
        biases = biases[:-1] + (np.concatenate([-biases[-1], biases[-1]]) / 2,)
    partial = FeatureModel(train.name, train.image_shape, train.classes, weights, biases,
                           np.zeros(0), np.zeros((0, 0)), 0.0, np.zeros(0), np.zeros(0), np.zeros(0))
    mean, cov = _fit_gaussian(partial.features(test.images))
    accuracy = float(np.mean(partial.predict(test.images) == test.labels))
    reference = train.images[-reference_count:]
    noise = np.random.default_rng(SEED + 1).uniform(size=reference.shape).astype(np.float32)
    return FeatureModel(train.name, train.image_shape, train.classes, weights, biases, mean, cov,
                        accuracy, partial.features(reference), train.labels[-reference_count:],
                        partial.features(noise))


def _save(model: FeatureModel, path: Path) -> None:
    arrays = {f"weight_{i}": w for i, w in enumerate(model.weights)}
    arrays |= {f"bias_{i}": b for i, b in enumerate(model.biases)}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, version=VERSION, hidden_layers=np.asarray(HIDDEN_LAYERS),
                     dataset=model.dataset, image_shape=np.asarray(model.image_shape),
                     classes=np.asarray(model.classes), layers=len(model.weights), mean=model.mean,
                     cov=model.cov, accuracy=model.accuracy, real_features=model.real_features,
                     real_labels=model.real_labels, noise_features=model.noise_features, **arrays)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a cache may be shared
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _load(path: Path, dataset: str, image_size: int) -> FeatureModel | None:
    """The cached model, or None when missing, unreadable, or made for another version or dataset."""
    try:
        with np.load(path, allow_pickle=False) as cached:
            if int(cached["version"]) != VERSION or tuple(cached["hidden_layers"]) != HIDDEN_LAYERS:
                return None
            layers = int(cached["layers"])
            model = FeatureModel(
                str(cached["dataset"]), tuple(int(s) for s in cached["image_shape"]),
                tuple(str(c) for c in cached["classes"]),
                tuple(cached[f"weight_{i}"] for i in range(layers)),
                tuple(cached[f"bias_{i}"] for i in range(layers)),
                cached["mean"], cached["cov"], float(cached["accuracy"]), cached["real_features"],
                cached["real_labels"], cached["noise_features"])
    except Exception:  # missing, truncated, corrupt, or from an older layout: rebuild
        return None
    if (model.dataset != dataset or model.image_shape[0] != image_size
            or model.weights[0].shape[0] != int(np.prod(model.image_shape))):
        return None
    return model


def feature_model(dataset: str, image_size: int | None = None, verbose: bool = True) -> FeatureModel:
    """The classifier for ``dataset`` at ``image_size``: from memory, the disk cache, or trained."""
    if image_size is None:
        image_size = load_dataset(dataset, "test", limit=1).image_shape[0]
    key = (str(data_root()), dataset, int(image_size))
    if key in _memo:
        return _memo[key]
    model = _load(cache_path(dataset, image_size), dataset, image_size)
    if model is None:
        # Offline, an online dataset falls back to a stand-in: its classifier is cached under
        # the stand-in's name, so the real dataset gets its own once it can be downloaded.
        started = time.perf_counter()
        stand_in = load_dataset(dataset, "test", limit=1).name
        model = _load(cache_path(stand_in, image_size), stand_in, image_size) if stand_in != dataset else None
        if model is None:
            if verbose:
                print(f"Training the quality classifier for {stand_in} at {image_size}x{image_size} "
                      "(once; cached afterwards)...", flush=True)
            model = _train(dataset, image_size)
            _save(model, cache_path(model.dataset, image_size))
            if verbose:
                print(f"  done in {time.perf_counter() - started:.1f} s, "
                      f"held-out accuracy {model.accuracy:.3f}.", flush=True)
    _memo[key] = model
    return model


# ------------------------------------------------------------------------------- checks


def checked_images(images, model: FeatureModel, dataset: str) -> np.ndarray:
    images = np.asarray(images)
    expected = model.image_shape
    if images.ndim == 3 and expected[2] == 1 and images.shape[1:] == expected[:2]:
        images = images[..., None]  # (N, H, W) grayscale
    if images.ndim != 4 or images.shape[1:] != expected:
        hint = ""
        if images.ndim == 4 and images.shape[1] == expected[2] and images.shape[2:] == expected[:2]:
            hint = " They look channels-first (NCHW): use images.transpose(0, 2, 3, 1)."
        elif images.ndim == 4 and images.shape[1] != expected[0]:
            hint = (f" Generate images of size {expected[0]}x{expected[1]}, or measure at the size "
                    f"you trained on: image_size={images.shape[1]}.")
        raise ValueError(f"Images for {dataset} must have shape (N, {expected[0]}, {expected[1]}, "
                         f"{expected[2]}) (NHWC, {expected[2]} channel(s)); got {images.shape}.{hint}")
    if len(images) < 2:
        raise ValueError(f"Need at least 2 images to fit their statistics; got {len(images)}.")
    images = images.astype(np.float32)
    if not np.all(np.isfinite(images)):
        raise ValueError("Images contain NaN or infinite values: the generator's training diverged?")
    low, high = float(images.min()), float(images.max())
    if low < -RANGE_TOLERANCE or high > 1.0 + RANGE_TOLERANCE:
        hint = ("convert tanh outputs with course_utils.to_unit(images)" if low >= -1.0 - RANGE_TOLERANCE
                else "apply the model's output activation (sigmoid or tanh) first")
        raise ValueError(f"Images must have values in [0, 1]; these range over [{low:.2f}, {high:.2f}]: "
                         f"{hint}.")
    return np.clip(images, 0.0, 1.0)


def frechet_distance(images, dataset: str, image_size: int | None = None) -> float:
    """Fréchet distance between ``images`` and the held-out images of ``dataset`` (lower is better).

    ``images``: NHWC NumPy array with values in [0, 1] and the dataset's number of channels.
    The distance is biased upwards for small sample counts (the covariance of few images is
    noisy), so only compare numbers measured with the same number of images; quality_report
    uses a fixed count and gives reference scores at that count.
    """
    model = feature_model(dataset, image_size)
    images = checked_images(images, model, dataset)
    mean, cov = _fit_gaussian(model.features(images))
    return frechet_from_statistics(mean, cov, model.mean, model.cov)


def classifier_accuracy(images, labels, dataset: str, image_size: int | None = None) -> float:
    """Fraction of ``images`` that the dataset's classifier assigns to their intended ``labels``."""
    model = feature_model(dataset, image_size)
    images = checked_images(images, model, dataset)
    labels = np.asarray(labels).reshape(-1)
    if len(labels) != len(images):
        raise ValueError(f"Got {len(images)} images but {len(labels)} labels.")
    return float(np.mean(model.predict(images) == labels))


def reference_scores(dataset: str, image_size: int | None = None, count: int = REPORT_COUNT) -> dict:
    """Fréchet distances of ``count`` real (unseen) images and of ``count`` noise images."""
    model = feature_model(dataset, image_size)
    count = min(count, len(model.real_features))
    scores = {}
    for name, features in (("real", model.real_features), ("noise", model.noise_features)):
        mean, cov = _fit_gaussian(features[:count])
        scores[name] = frechet_from_statistics(mean, cov, model.mean, model.cov)
    return scores


def quality_report(images, dataset: str, image_size: int | None = None, labels=None,
                   count: int = REPORT_COUNT, verbose: bool = True) -> dict:
    """Measure generated ``images`` and print the numbers next to real images and noise.

    Uses the first ``count`` images (fewer if fewer are given or the dataset has fewer real
    reference images) and computes the references with that same count, so the three Fréchet
    distances are comparable. Returns ``{"frechet", "frechet_real", "frechet_noise", "count"}``
    plus ``"accuracy"`` and ``"accuracy_real"`` when ``labels`` (intended classes) are given.
    """
    model = feature_model(dataset, image_size)
    images = checked_images(images, model, dataset)
    count = min(count, len(images), len(model.real_features))
    images = images[:count]
    references = reference_scores(dataset, model.image_shape[0], count)
    result = {"frechet": frechet_distance(images, dataset, model.image_shape[0]),
              "frechet_real": references["real"], "frechet_noise": references["noise"], "count": count}
    if labels is not None:
        labels = np.asarray(labels).reshape(-1)[:count]
        result["accuracy"] = classifier_accuracy(images, labels, dataset, model.image_shape[0])
        result["accuracy_real"] = float(np.mean(np.argmax(
            model.real_features[:count] @ model.weights[-1] + model.biases[-1], axis=1)
            == model.real_labels[:count]))
    if verbose:
        print(_format_report(result, model, dataset))
    return result


def _format_report(result: dict, model: FeatureModel, dataset: str) -> str:
    side = model.image_shape[0]
    name = model.dataset if model.dataset == dataset else f"{model.dataset} (offline stand-in for {dataset})"
    width = max(len(f"{v:.1f}") for v in (result["frechet"], result["frechet_real"], result["frechet_noise"]))
    labels = ("your images", f"real {model.dataset}", "uniform noise")
    pad = max(len(label) for label in labels) + 2
    lines = [
        f"Quality of {result['count']} images, measured against held-out {name} at {side}x{side}:",
        "  Fréchet distance (lower is better; compare only numbers measured on the same count):",
        f"    {labels[0]:<{pad}}{result['frechet']:{width}.1f}",
        f"    {labels[1]:<{pad}}{result['frechet_real']:{width}.1f}   (real images the classifier never saw)",
        f"    {labels[2]:<{pad}}{result['frechet_noise']:{width}.1f}",
    ]
    if "accuracy" in result:
        chance = 1.0 / len(model.classes)
        lines += [
            "  Classifier accuracy (higher is better: how often the intended class is recognised):",
            f"    {labels[0]:<{pad}}{result['accuracy']:.2f}",
            f"    {labels[1]:<{pad}}{result['accuracy_real']:.2f}   (chance: {chance:.2f})",
        ]
    return "\n".join(lines)
