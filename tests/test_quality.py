"""The quality measure: does it rank real images above noise, blur and mode collapse?"""

import shutil

import numpy as np
import pytest
from scipy.linalg import sqrtm
from scipy.ndimage import gaussian_filter

from course_utils import data, quality

DATASET, SIZE = "digits", 16


@pytest.fixture(autouse=True)
def fresh_memo():
    quality._memo.clear()
    yield
    quality._memo.clear()


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    """One trained classifier for the tests that only read it."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("quality-cache")
        patch.setenv("COURSE_DATA", str(folder))
        quality.feature_model(DATASET, SIZE, verbose=False)
        yield folder


@pytest.fixture
def trained(shared_cache, monkeypatch):
    monkeypatch.setenv("COURSE_DATA", str(shared_cache))
    return quality.feature_model(DATASET, SIZE, verbose=False)


@pytest.fixture
def own_cache(shared_cache, tmp_path, monkeypatch):
    """A private copy of the shared cache file, free to damage."""
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    path = quality.cache_path(DATASET, SIZE)
    path.parent.mkdir(parents=True)
    shutil.copy(shared_cache / path.relative_to(tmp_path), path)
    return path


@pytest.fixture(scope="module")
def unseen():
    """Real training images the classifier never saw (the reference pool), with labels."""
    train = data.load_dataset(DATASET, "train", image_size=SIZE)
    return train.images[-300:], train.labels[-300:]


def _fd(images):
    return quality.frechet_distance(images, DATASET, SIZE)


# --------------------------------------------------------------------------- the distance


def test_frechet_matches_the_formula_with_scipy_and_is_never_negative():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(200, 6)), rng.normal(size=(150, 6)) @ rng.normal(size=(6, 6)) + 1.0
    (m1, s1), (m2, s2) = quality._fit_gaussian(a), quality._fit_gaussian(b)
    expected = np.sum((m1 - m2) ** 2) + np.trace(s1 + s2 - 2 * sqrtm(s1 @ s2).real)
    assert quality.frechet_from_statistics(m1, s1, m2, s2) == pytest.approx(expected, rel=1e-6)
    singular = np.outer(np.arange(6.0), np.arange(6.0))  # rank 1, rounding could go below 0
    assert quality.frechet_from_statistics(m1, singular, m1, singular) == pytest.approx(0.0, abs=1e-6)
    assert quality.frechet_from_statistics(m1, s1, m1, s1) >= 0.0


def test_real_images_score_far_better_than_noise_blur_and_mode_collapse(trained, unseen):
    images, labels = unseen
    real = _fd(images)
    noise = _fd(np.random.default_rng(1).uniform(size=images.shape).astype(np.float32))
    blurred = _fd(gaussian_filter(images, sigma=(0, 1.5, 1.5, 0)))
    one_image = _fd(np.repeat(images[:1], len(images), axis=0))
    train = data.load_dataset(DATASET, "train", image_size=SIZE)
    ones = train.images[:-300][train.labels[:-300] == 1]
    one_class = _fd(ones[np.random.default_rng(2).integers(0, len(ones), len(images))])
    assert real * 10 < noise
    assert real * 1.5 < blurred
    assert real * 5 < one_image
    assert real * 5 < one_class


def test_classifier_recognises_real_digits_and_not_noise_or_wrong_labels(trained, unseen):
    images, labels = unseen
    assert trained.accuracy > 0.85  # on the test split
    assert quality.classifier_accuracy(images, labels, DATASET, SIZE) > 0.9
    shuffled = np.random.default_rng(0).permutation(labels)
    assert quality.classifier_accuracy(images, shuffled, DATASET, SIZE) < 0.3
    noise = np.random.default_rng(1).uniform(size=images.shape)
    assert quality.classifier_accuracy(noise, labels, DATASET, SIZE) < 0.3


def test_report_prints_references_at_the_same_count(trained, unseen, capsys):
    images, labels = unseen
    blurred = gaussian_filter(images, sigma=(0, 1.5, 1.5, 0))
    result = quality.quality_report(blurred[:200], DATASET, SIZE, labels=labels[:200])
    out = capsys.readouterr().out
    assert result["count"] == 200
    assert result["frechet_real"] < result["frechet"] < result["frechet_noise"]
    assert result["frechet"] == pytest.approx(_fd(blurred[:200]))
    assert result["frechet_real"] == pytest.approx(_fd(images[:200]))  # same count, same images
    assert 0.9 < result["accuracy_real"] <= 1.0 and 0.0 <= result["accuracy"] <= 1.0
    assert "lower is better" in out and f"{result['frechet_noise']:.1f}" in out
    assert f"{result['frechet_real']:.1f}" in out and "accuracy" in out
    assert set(quality.quality_report(images, DATASET, SIZE, verbose=False)) == {
        "frechet", "frechet_real", "frechet_noise", "count"}


def test_report_caps_the_count_at_the_reference_pool(trained, unseen):
    images, _ = unseen
    noise = np.random.default_rng(3).uniform(size=images.shape)
    result = quality.quality_report(np.concatenate([images, noise]), DATASET, SIZE, verbose=False)
    assert result["count"] == len(trained.real_features) == 300
    assert result["frechet"] == pytest.approx(_fd(images))  # the first 300 only


# ------------------------------------------------------------------------------- caching


def test_cache_is_reused_without_training(own_cache, monkeypatch, unseen):
    first = quality.feature_model(DATASET, SIZE, verbose=False)
    quality._memo.clear()

    def no_training(*args):
        raise AssertionError("trained again although the cache was valid")

    monkeypatch.setattr(quality, "_train", no_training)
    second = quality.feature_model(DATASET, SIZE, verbose=False)
    np.testing.assert_array_equal(first.weights[0], second.weights[0])
    np.testing.assert_array_equal(first.cov, second.cov)
    assert _fd(unseen[0]) == pytest.approx(quality.reference_scores(DATASET, SIZE, 300)["real"])


def test_memo_avoids_reloading_in_one_process(own_cache, monkeypatch):
    first = quality.feature_model(DATASET, SIZE, verbose=False)

    def no_loading(*args):
        raise AssertionError("loaded from disk again")

    monkeypatch.setattr(quality, "_load", no_loading)
    assert quality.feature_model(DATASET, SIZE) is first


def test_training_is_deterministic_and_writes_the_cache_atomically(trained, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    again = quality.feature_model(DATASET, SIZE, verbose=False)
    path = quality.cache_path(DATASET, SIZE)
    assert again is not trained and path.is_file() and not list(path.parent.glob("*.part"))
    np.testing.assert_allclose(again.weights[-1], trained.weights[-1])


@pytest.mark.parametrize("damage", ["garbage", "truncated", "old version"])
def test_corrupt_or_stale_cache_is_rebuilt(own_cache, monkeypatch, damage):
    quality.feature_model(DATASET, SIZE, verbose=False)
    quality._memo.clear()
    if damage == "garbage":
        own_cache.write_bytes(b"not an npz file")
    elif damage == "truncated":
        own_cache.write_bytes(own_cache.read_bytes()[:1000])
    else:
        monkeypatch.setattr(quality, "VERSION", quality.VERSION + 1)
    calls = []
    real_train = quality._train
    monkeypatch.setattr(quality, "_train", lambda *args: calls.append(args) or real_train(*args))
    model = quality.feature_model(DATASET, SIZE, verbose=False)
    assert calls == [(DATASET, SIZE)]
    assert quality._load(own_cache, DATASET, SIZE) is not None
    assert model.accuracy > 0.85


def test_offline_stand_in_is_cached_under_its_own_name(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    def offline(*args, **kwargs):
        raise data.DownloadError("no network in this test")

    monkeypatch.setattr(data, "fetch", offline)
    with pytest.warns(UserWarning, match="offline dataset 'digits'"):
        model = quality.feature_model("mnist", 28, verbose=False)
    assert model.dataset == "digits" and model.image_shape == (28, 28, 1)
    assert quality.cache_path("digits", 28).is_file() and not quality.cache_path("mnist", 28).exists()
    quality._memo.clear()
    monkeypatch.setattr(quality, "_train", lambda *args: pytest.fail("the stand-in's cache was not used"))
    with pytest.warns(UserWarning, match="offline dataset 'digits'"):
        assert quality.feature_model("mnist", 28).dataset == "digits"


# ---------------------------------------------------------------------------- bad inputs


def test_wrong_shapes_are_explained(trained, unseen):
    images, _ = unseen
    with pytest.raises(ValueError, match=r"\(N, 16, 16, 1\).*got \(300, 16, 16, 3\)"):
        _fd(np.repeat(images, 3, axis=-1))
    with pytest.raises(ValueError, match="NCHW"):
        _fd(images.transpose(0, 3, 1, 2))
    with pytest.raises(ValueError, match="image_size=28"):
        _fd(np.zeros((10, 28, 28, 1), np.float32))
    assert _fd(images[..., 0]) == pytest.approx(_fd(images))  # (N, H, W) grayscale is fine
    with pytest.raises(ValueError, match="300 images but 299 labels"):
        quality.classifier_accuracy(images, np.zeros(299), DATASET, SIZE)


def test_wrong_ranges_are_explained(trained, unseen):
    images, _ = unseen
    with pytest.raises(ValueError, match="to_unit"):
        _fd(data.to_signed(images))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        _fd(images * 255.0)
    with pytest.raises(ValueError, match="NaN"):
        _fd(np.full_like(images, np.nan))
    slightly_off = images.copy()
    slightly_off[0, 0, 0, 0] = 1.01  # rounding of a sigmoid: clipped, not an error
    assert _fd(slightly_off) == pytest.approx(_fd(np.clip(slightly_off, 0, 1)))
