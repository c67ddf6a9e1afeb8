"""Topic 11's COCO path, offline: a small COCO-format annotation file the test writes."""

import io
import json

import numpy as np
import pytest
from skimage import io as image_io

from course_utils import coco, data, downloads
from course_utils.downloads import DownloadError

SHEEP, GIRAFFE = 20, 25  # COCO's category ids


def _square(x, y, size):
    return [[x, y, x + size, y, x + size, y + size, x, y + size]]  # a polygon


def _rle(height, width, top, left, size):
    """COCO's uncompressed run-length encoding (column-major) of a size x size square."""
    mask = np.zeros((height, width), np.uint8)
    mask[top:top + size, left:left + size] = 1
    flat = mask.flatten(order="F")
    changes = np.flatnonzero(np.diff(np.concatenate([[0], flat, [1 - flat[-1]]])))
    return {"size": [height, width], "counts": np.diff(np.concatenate([[0], changes])).tolist()}


def _write(root, folder, images, annotations):
    """COCO's annotation file for ``folder`` and the images it describes (PNG)."""
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    (root / folder).mkdir(parents=True, exist_ok=True)
    records = []
    for image_id, (height, width) in images.items():
        name = f"{image_id:012d}.png"
        pixels = np.full((height, width, 3), 40 * image_id % 256, np.uint8)
        image_io.imsave(root / folder / name, pixels, check_contrast=False)
        records.append({"id": image_id, "file_name": name, "height": height, "width": width})
    anns = [{"id": i + 1, "image_id": image_id, "category_id": category, "iscrowd": int(
        isinstance(segmentation, dict)), "segmentation": segmentation, "area": 1.0,
             "bbox": [0, 0, 1, 1]} for i, (image_id, category, segmentation) in enumerate(annotations)]
    (root / "annotations" / f"instances_{folder}.json").write_text(json.dumps({
        "images": records, "annotations": anns,
        "categories": [{"id": SHEEP, "name": "sheep"}, {"id": GIRAFFE, "name": "giraffe"}]}))


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "coco"
    _write(root, "train2017", {1: (40, 60), 2: (50, 50), 3: (40, 40), 4: (30, 30)}, [
        (1, SHEEP, _square(10, 0, 20)), (1, SHEEP, _square(40, 20, 10)),
        (1, GIRAFFE, _square(0, 0, 5)),
        *[(2, SHEEP, _rle(50, 50, 5 * k, 5 * k, 2 + 2 * k)) for k in range(5)],
        (3, SHEEP, _square(0, 0, 0.5)),  # vanishes at 20x20: the image is skipped
        (4, GIRAFFE, _square(5, 5, 20)),
    ])
    return root


def test_instances_are_cropped_like_the_images_and_the_largest_kept(root):
    images, masks = coco.category_instances(root, "train", "sheep", side=20, slots=4)
    assert images.shape == (2, 20, 20, 3) and masks.shape == (2, 4, 20, 20)
    assert images.dtype == np.float32 and masks.dtype == bool
    np.testing.assert_allclose(images[:, 10, 10, 0], [40 / 255, 80 / 255], atol=1e-6)
    # image 1, 60x40: shrunk by 2 to 30x20, then columns 5 to 25 kept
    first = masks[0, 0]
    assert first[:10, :10].all() and first.sum() == 100  # the square at x 10..30, y 0..20
    assert masks[0, 1].sum() == 25 and masks[0, 1][10:15, 15:20].all()
    assert not masks[0, 2:].any()  # two sheep, two empty slots (the giraffe is not a sheep)
    # image 2: five sheep, the four largest kept, the largest first
    areas = masks[1].sum(axis=(1, 2))
    assert (areas > 0).all() and list(areas) == sorted(areas, reverse=True)
    few, _ = coco.category_instances(root, "train", "sheep", side=20, slots=4, limit=1)
    np.testing.assert_array_equal(few, images[:1])
    with pytest.raises(KeyError, match="zebra"):
        coco.category_instances(root, "train", "zebra", side=20, slots=4)


def test_sheep2giraffe_is_unpaired_with_masks_and_falls_back_offline(root, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    _write(root, "val2017", {7: (32, 32), 8: (32, 32)},
           [(7, SHEEP, _square(4, 4, 16)), (8, GIRAFFE, _square(8, 8, 16))])
    test = data.load_dataset("sheep2giraffe", "test")
    assert test.classes == ("sheep", "giraffe") and list(test.labels) == [0, 1]
    assert test.images.shape == (2, 128, 128, 3) and test.masks.shape == (2, 4, 128, 128)
    assert test.masks[:, 0].any(axis=(1, 2)).all() and not test.masks[:, 1:].any()
    small = data.load_dataset("sheep2giraffe", "train", image_size=32)  # prepared at 128:
    assert list(small.labels) == [0, 1, 0, 0]  # three sheep, one giraffe (the other cropped)
    assert small.masks.shape == (4, 4, 32, 32) and small.images.shape == (4, 32, 32, 3)
    (root / "annotations" / "instances_val2017.json").unlink()
    (tmp_path / "coco" / "sheep2giraffe-test-128.npz").unlink()
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.warns(UserWarning, match="herds_drawn"):
        fallback = data.load_dataset("sheep2giraffe", "test", limit=4, image_size=32)
    assert fallback.masks.shape == (4, 4, 32, 32) and fallback.counterparts is not None


def test_a_downloaded_image_of_the_wrong_size_is_not_kept(tmp_path, monkeypatch):
    buffer = io.BytesIO()
    image_io.imsave(buffer, np.zeros((10, 12, 3), np.uint8), format="png")

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(downloads.urllib.request, "urlopen",
                        lambda url, timeout: Response(buffer.getvalue()))
    info = {"file_name": "000000000009.jpg", "height": 10, "width": 13}
    with pytest.raises(DownloadError, match="not the 13x10"):
        coco.image(tmp_path, "train", info)
    assert not any((tmp_path / "train2017").iterdir())  # nothing half-written is left
    info["width"] = 12
    assert coco.image(tmp_path, "train", info).shape == (10, 12, 3)
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.raises(DownloadError, match="forbids"):
        coco.image(tmp_path, "test", info)
