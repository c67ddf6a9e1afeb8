"""Topic 11's data: drawn herds with instance masks, and the measures of a shape change."""

import numpy as np
import pytest

from course_utils import data
from course_utils.instances import (
    background_change,
    from_signed,
    largest_first,
    mask_iou,
    signed_masks,
    union,
)
from course_utils.scenes import HERD_SLOTS, animal_masks, draw_herds


@pytest.fixture(scope="module")
def herds():
    return draw_herds(12, side=32, seed=1)


def test_herds_are_the_same_scenes_with_taller_necks(herds):
    short, tall, short_masks, tall_masks = herds
    assert short.shape == tall.shape == (12, 32, 32, 3) and short.dtype == np.float32
    assert short_masks.shape == tall_masks.shape == (12, HERD_SLOTS, 32, 32)
    assert 0.0 <= short.min() and short.max() <= 1.0
    present = short_masks.any(axis=(2, 3))
    np.testing.assert_array_equal(present, tall_masks.any(axis=(2, 3)))  # slot i: one animal
    counts = present.sum(axis=1)
    assert counts.min() >= 1 and len(set(counts)) > 1  # one to four animals, not always as many
    assert np.all(np.sort(present, axis=1)[:, ::-1] == present)  # the empty slots come last
    assert (short_masks.sum(axis=1) <= 1).all() and (tall_masks.sum(axis=1) <= 1).all()  # visible
    grown = tall_masks.sum(axis=(2, 3)) > short_masks.sum(axis=(2, 3))
    assert grown[present].mean() > 0.9  # a taller neck for (nearly) every animal
    outside = ~union(short_masks) & ~union(tall_masks)
    change = np.abs(short - tall).mean(-1)
    assert change[outside].mean() < 0.02 < change[~outside].mean()  # only the animals change
    # the masks are where the brown coats are
    assert mask_iou(animal_masks(short), short_masks) > 0.7
    assert mask_iou(animal_masks(tall), tall_masks) > 0.7


def test_herds_are_reproducible_and_a_prefix_of_more(herds):
    again = draw_herds(4, side=32, seed=1)
    for few, every in zip(again, herds, strict=True):
        np.testing.assert_array_equal(few, every[:4])
    with pytest.raises(ValueError, match="most"):
        draw_herds(1, most=HERD_SLOTS + 1)


def test_herds_drawn_is_unpaired_with_the_masks_of_both_renderings(herds, monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    short, tall, short_masks, tall_masks = herds
    dataset = data.load_dataset("herds_drawn", "test", limit=4, image_size=32)
    assert list(dataset.labels) == [0, 1, 0, 1] and dataset.classes == data.HERD_DOMAINS
    np.testing.assert_allclose(dataset.images, np.stack([short[0], tall[1], short[2], tall[3]]))
    np.testing.assert_allclose(dataset.counterparts,
                               np.stack([tall[0], short[1], tall[2], short[3]]))
    np.testing.assert_array_equal(dataset.masks, np.stack(
        [short_masks[0], tall_masks[1], short_masks[2], tall_masks[3]]))
    np.testing.assert_array_equal(dataset.counterpart_masks, np.stack(
        [tall_masks[0], short_masks[1], tall_masks[2], short_masks[3]]))
    smaller = data.load_dataset("herds_drawn", "test", limit=3, image_size=32).take(2)
    assert smaller.masks.shape == (2, HERD_SLOTS, 32, 32)
    assert smaller.counterpart_masks.shape == (2, HERD_SLOTS, 32, 32)


def test_resized_masks_stay_boolean_and_in_place():
    masks = np.zeros((1, 2, 8, 8), bool)
    masks[0, 0, :4, :4] = True
    masks[0, 1, 6:, 6:] = True
    half = data.resize_masks(masks, 4)
    assert half.dtype == bool and half.shape == (1, 2, 4, 4)
    assert half[0, 0, :2, :2].all() and half[0, 0].sum() == 4
    assert half[0, 1, 3, 3] and half[0, 1].sum() == 1
    dataset = data.ImageDataset("toy", np.zeros((1, 8, 8, 3), np.float32), np.zeros(1, np.int64),
                                ("a",), masks=masks, counterpart_masks=masks)
    resized = data._resize(dataset, 4)
    np.testing.assert_array_equal(resized.masks, half)
    np.testing.assert_array_equal(resized.counterpart_masks, half)
    assert resized.counterparts is None and resized.images.shape == (1, 4, 4, 3)


def test_largest_first_sorts_each_image_and_keeps_empty_slots_last():
    masks = np.zeros((2, 3, 4, 4), bool)
    masks[0, 1, :2] = True  # 8 pixels
    masks[0, 2, 0] = True  # 4 pixels
    masks[1, 0, 0, 0] = True  # 1 pixel
    masks[1, 2] = True  # 16 pixels
    ordered = largest_first(masks)
    np.testing.assert_array_equal(ordered.sum(axis=(2, 3)), [[8, 4, 0], [16, 1, 0]])
    np.testing.assert_array_equal(ordered[0, 0], masks[0, 1])


def test_signed_masks_round_trip_and_empty_slots_are_minus_one():
    masks = np.zeros((1, 2, 3, 3), bool)
    masks[0, 0, 1, 1] = True
    signed = signed_masks(masks)
    assert signed.dtype == np.float32 and set(np.unique(signed)) == {-1.0, 1.0}
    assert (signed[0, 1] == -1.0).all()
    np.testing.assert_array_equal(from_signed(signed), masks)


def test_mask_iou_scores_outlines_and_rejects_mismatched_shapes():
    truth = np.zeros((2, 4, 4), bool)
    truth[:, :2] = True
    assert mask_iou(truth, truth) == 1.0
    assert mask_iou(~truth, truth) == 0.0
    half = truth.copy()
    half[:, 1] = False
    assert mask_iou(half, truth) == pytest.approx(0.5)
    sets = np.stack([half, truth & ~half], axis=1)  # the same outline split into two instances
    assert mask_iou(sets, truth) == 1.0
    assert mask_iou(np.zeros_like(truth), np.zeros_like(truth)) == 1.0  # nothing, rightly
    with pytest.raises(ValueError, match="cannot be compared"):
        mask_iou(truth[:, :2], truth)


def test_background_change_ignores_the_instances():
    source = np.zeros((1, 4, 4, 3), np.float32)
    instances = np.zeros((1, 4, 4), bool)
    instances[0, :2] = True
    repainted = source.copy()
    repainted[0, :2] = 1.0  # only the instances change
    assert background_change(repainted, source, instances) == 0.0
    repainted[0, 3] = 0.5  # one background row changes by half
    assert background_change(repainted, source, instances) == pytest.approx(0.25)
    with pytest.raises(ValueError, match="no background"):
        background_change(source, source, np.ones((1, 4, 4), bool))
