import gzip
import hashlib
import urllib.error
import warnings

import numpy as np
import pytest

from course_utils import data, downloads


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize(("name", "shape", "classes"), [
    ("digits", (16, 16, 1), 10), ("lfw_faces", (24, 24, 1), 1), ("shapes", (32, 32, 3), 3),
])
def test_offline_datasets_are_images_in_unit_range(name, shape, classes):
    train = data.load_dataset(name, "train")
    test = data.load_dataset(name, "test")
    for split in (train, test):
        assert split.images.dtype == np.float32
        assert split.image_shape == shape
        assert split.images.min() >= 0.0 and split.images.max() <= 1.0
        assert len(split.labels) == len(split.images)
        assert len(split.classes) == classes
    assert not np.array_equal(train.images[: len(test)], test.images)


def test_limit_and_resize():
    subset = data.load_dataset("digits", "train", limit=10, image_size=28)
    assert subset.images.shape == (10, 28, 28, 1)


def test_shapes_are_reproducible_and_distinct_per_class():
    a, labels = data.draw_shapes(30, seed=3)
    b, _ = data.draw_shapes(30, seed=3)
    np.testing.assert_array_equal(a, b)
    assert set(labels) == {0, 1, 2}


def test_unknown_dataset_lists_the_known_ones():
    with pytest.raises(KeyError, match="digits"):
        data.load_dataset("imagenet")


def test_signed_and_unit_ranges_round_trip():
    x = np.linspace(0, 1, 11, dtype=np.float32)
    np.testing.assert_allclose(data.to_unit(data.to_signed(x)), x, atol=1e-6)


# ------------------------------------------------------------------------ downloads


def _md5(payload: bytes) -> str:
    return hashlib.md5(payload, usedforsecurity=False).hexdigest()


def test_fetch_downloads_once_and_leaves_no_partial_files(tmp_path):
    source = tmp_path / "remote.bin"
    source.write_bytes(b"real content")
    target = tmp_path / "cache" / "file.bin"
    downloads.fetch(source.as_uri(), target, _md5(b"real content"))
    assert target.read_bytes() == b"real content"
    source.unlink()  # a valid cached copy needs no network
    downloads.fetch(source.as_uri(), target, _md5(b"real content"))
    assert not list(target.parent.glob("*.part"))


def test_corrupted_cache_is_fetched_again(tmp_path):
    source = tmp_path / "remote.bin"
    source.write_bytes(b"real content")
    target = tmp_path / "cache" / "file.bin"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"truncated")
    downloads.fetch(source.as_uri(), target, _md5(b"real content"))
    assert target.read_bytes() == b"real content"


def test_checksum_mismatch_keeps_nothing(tmp_path):
    source = tmp_path / "remote.bin"
    source.write_bytes(b"tampered")
    target = tmp_path / "cache" / "file.bin"
    with pytest.raises(downloads.DownloadError, match="MD5"):
        downloads.fetch(source.as_uri(), target, _md5(b"real content"))
    assert not target.exists()
    assert not list(target.parent.glob("*"))


def _offline(*args, **kwargs):
    raise urllib.error.URLError("no network")


def test_no_network_falls_back_to_offline_data_of_the_same_shape(monkeypatch):
    monkeypatch.setattr(downloads.urllib.request, "urlopen", _offline)
    with pytest.warns(UserWarning, match="digits"):
        dataset = data.load_dataset("mnist", "test", limit=5)
    assert dataset.name == "digits"
    assert dataset.images.shape == (5, 28, 28, 1)


def test_no_network_error_says_what_to_do(monkeypatch):
    monkeypatch.setattr(downloads.urllib.request, "urlopen", _offline)
    with pytest.raises(downloads.DownloadError, match="no network"):
        downloads.fetch("https://example.invalid/x", data.data_root() / "x", "0" * 32)


def _idx(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 8, array.ndim]) + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return gzip.compress(header + array.astype(np.uint8).tobytes())


def test_mnist_loader_reads_verified_idx_files(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    images, labels = rng.integers(0, 256, (7, 28, 28)), rng.integers(0, 10, 7)
    remote = tmp_path / "remote"
    remote.mkdir()
    checksums = {}
    for name, array in (("t10k-images-idx3-ubyte.gz", images), ("t10k-labels-idx1-ubyte.gz", labels)):
        payload = _idx(array)
        (remote / name).write_bytes(payload)
        checksums[name] = _md5(payload)
    _, _, classes = data._IDX_SOURCES["mnist"]
    monkeypatch.setitem(data._IDX_SOURCES, "mnist", (remote.as_uri() + "/", checksums, classes))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no fallback may happen
        dataset = data.load_dataset("mnist", "test")
    assert dataset.images.shape == (7, 28, 28, 1)
    np.testing.assert_allclose(dataset.images[..., 0] * 255, images, atol=1e-3)
    np.testing.assert_array_equal(dataset.labels, labels)


def test_fetch_checks_a_pinned_sha256(tmp_path):
    source = tmp_path / "remote.bin"
    source.write_bytes(b"tampered")
    target = tmp_path / "cache" / "file.bin"
    with pytest.raises(downloads.DownloadError, match="SHA-256"):
        downloads.fetch(source.as_uri(), target, hashlib.sha256(b"real content").hexdigest())
    source.write_bytes(b"real content")
    downloads.fetch(source.as_uri(), target, hashlib.sha256(b"real content").hexdigest())
    assert target.read_bytes() == b"real content"


def test_offline_mode_uses_the_cache_and_never_the_network(tmp_path, monkeypatch):
    source = tmp_path / "remote.bin"
    source.write_bytes(b"real content")
    target = tmp_path / "cache" / "file.bin"
    monkeypatch.setenv(downloads.OFFLINE_VARIABLE, "1")
    with pytest.raises(downloads.DownloadError, match="not cached"):
        downloads.fetch(source.as_uri(), target, _md5(b"real content"))
    monkeypatch.delenv(downloads.OFFLINE_VARIABLE)
    downloads.fetch(source.as_uri(), target, _md5(b"real content"))
    monkeypatch.setenv(downloads.OFFLINE_VARIABLE, "1")
    assert downloads.fetch(source.as_uri(), target, _md5(b"real content")) == target


def test_every_photograph_loads_offline_as_rgb_in_unit_range():
    from course_utils.data import PHOTOS, load_photo

    for name in PHOTOS:
        image = load_photo(name)
        assert image.ndim == 3 and image.shape[2] == 3, name
        assert 0.0 <= image.min() and image.max() <= 1.0 and image.std() > 0.01, name
    with pytest.raises(KeyError, match="balloons"):
        load_photo("ballons")


def test_singan_images_are_checked_and_fall_back_to_a_photograph_offline(tmp_path, monkeypatch):
    """SinGAN's sample images are downloads: a cached copy that fails its SHA-256 is not used,
    and without a network the offline rocket comes instead, with a warning."""
    from course_utils.data import load_photo

    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    (tmp_path / "singan").mkdir()
    (tmp_path / "singan" / "balloons.png").write_bytes(b"not the official file")
    with pytest.warns(UserWarning, match="Using the offline photograph 'rocket'"):
        image = load_photo("balloons")
    np.testing.assert_array_equal(image, load_photo("rocket"))
