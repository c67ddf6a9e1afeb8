"""Topic 08: the official networks at full size, the same function in every framework, the
shared image-to-image blocks (norms, jitter, schedule) and the drawn facades."""

import numpy as np
import pytest
from reference_models import copy_from_torch, count_and_shape

from course_utils import get_adapter, load_dataset
from course_utils.scenes import FACADE_COLOURS, draw_facades
from course_utils.sources import load_reference
from course_utils.topics import pix2pix

FRAMEWORKS = ["pytorch", "keras", "chainer"]
TOPIC = "08_pix2pix"


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(("official", "name", "arguments", "hwc"), [
    ("unet_256, batch norm", "UnetGenerator", ((3, 3, 256), {}), (256, 256, 3)),
    ("PatchGAN n_layers=3, 6 input channels, batch norm", "PatchDiscriminator", ((6,), {}),
     (256, 256, 6)),
    ("PatchGAN n_layers=3, 3 input channels, instance norm", "PatchDiscriminator",
     ((3,), {"norm": "instance"}), (256, 256, 3)),
])
def test_full_size_networks_match_the_official_implementation(framework, official, name,
                                                              arguments, hwc):
    assert count_and_shape(TOPIC, framework, name, arguments, hwc) == pix2pix.OFFICIAL_COUNTS[official]


def test_parameter_formulas_reproduce_the_official_counts():
    assert pix2pix.unet_parameter_count(3, 3, 256) == 54_413_955
    assert pix2pix.patch_parameter_count(6) == 2_768_705
    assert pix2pix.patch_parameter_count(3, norm="instance") == 2_764_737
    assert [pix2pix.receptive_field(n) for n in (1, 3, 5)] == [16, 70, 286]  # the paper's
    assert pix2pix.patch_output_side(256) == 30


# ------------------------------------------------ the same function in every framework


def _build(framework, name, *args, **kwargs):
    reference = load_reference(TOPIC, framework)
    adapter = get_adapter(framework)
    if name == "UnetSkipBlock":
        kwargs["submodule"] = adapter.channel_doubler()
    return reference.place(getattr(reference, name)(*args, **kwargs))


@pytest.mark.parametrize("framework", ["keras", "chainer"])
@pytest.mark.parametrize(("name", "args", "kwargs", "hwc"), [
    ("UnetSkipBlock", (3, 5), {"in_channels": 2, "norm": "instance"}, (8, 8, 2)),
    ("UnetSkipBlock", (2, 5), {"in_channels": 3, "outermost": True, "norm": "batch"}, (8, 8, 3)),
    ("PatchDiscriminator", (2,), {"ndf": 3, "n_layers": 3, "norm": "batch"}, (32, 32, 2)),
    ("PatchDiscriminator", (3,), {"ndf": 2, "n_layers": 2, "norm": "instance"}, (17, 16, 3)),
])
def test_same_weights_give_the_same_outputs_as_pytorch(framework, name, args, kwargs, hwc):
    images = np.random.default_rng(0).uniform(-1, 1, (2, *hwc)).astype(np.float32)
    torch_model = _build("pytorch", name, *args, **kwargs)
    model = _build(framework, name, *args, **kwargs)
    adapter, torch_adapter = get_adapter(framework), get_adapter("pytorch")
    adapter.call(model, adapter.to_layout(images))  # builds a lazily built Keras layer
    copy_from_torch(torch_model, model, framework)
    want = torch_adapter.from_layout(torch_adapter.call(torch_model, torch_adapter.to_layout(images)))
    got = adapter.from_layout(adapter.call(model, adapter.to_layout(images)))
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("framework", ["keras", "chainer"])
def test_instance_norm_has_no_parameters_and_matches_pytorch(framework):
    torch_norm = load_reference(TOPIC, "pytorch").norm_layer("instance", 4)
    norm = load_reference(TOPIC, framework).norm_layer("instance", 4)
    adapter, torch_adapter = get_adapter(framework), get_adapter("pytorch")
    x = np.random.default_rng(1).normal(3, 2, (2, 5, 6, 4)).astype(np.float32)
    want = torch_adapter.from_layout(torch_adapter.call(torch_norm, torch_adapter.to_layout(x)))
    for training in (True, False):  # no running statistics: the same in both modes
        got = adapter.from_layout(adapter.call(norm, adapter.to_layout(x), training=training))
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    assert adapter.count_parameters(norm) == 0


# ------------------------------------------------------------------ training helpers


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_jitter_crops_and_flips_both_halves_of_a_pair_alike(framework):
    adapter = get_adapter(framework)
    jitter = load_reference(TOPIC, framework).jitter
    image = np.random.default_rng(2).uniform(-1, 1, (4, 16, 16, 3)).astype(np.float32)
    pairs = adapter.tensor(adapter.to_layout(np.concatenate([image, image], axis=-1)))
    outputs = [adapter.from_layout(adapter.to_numpy(jitter(pairs, 20))) for _ in range(4)]
    for out in outputs:
        assert out.shape == (4, 16, 16, 6)
        np.testing.assert_array_equal(out[..., :3], out[..., 3:])
    assert not all(np.allclose(out, outputs[0]) for out in outputs[1:])  # random crops and flips


def test_linear_decay_is_the_official_linear_policy():
    decay = load_reference(TOPIC, "pytorch").linear_decay
    # official: 1 - max(0, epoch + epoch_count - n_epochs) / (n_epochs_decay + 1), epoch_count 1
    assert [decay(e, 2, 3) for e in range(5)] == pytest.approx([1, 1, 0.75, 0.5, 0.25])


# ---------------------------------------------------------------------------- data


def test_drawn_facades_are_reproducible_pairs_of_label_maps_and_photographs():
    maps, photos, walls = draw_facades(6, side=32, seed=3)
    again = draw_facades(6, side=32, seed=3)
    np.testing.assert_array_equal(maps, again[0])
    np.testing.assert_array_equal(photos, again[1])
    assert maps.shape == photos.shape == (6, 32, 32, 3) and walls.shape == (6,)
    distance = np.abs(maps[:, :, :, None, :] - FACADE_COLOURS[None, None, None]).sum(-1).min(-1)
    assert np.mean(distance < 0.05) > 0.5  # label maps: flat colours of the palette (edges blend)
    assert photos.std(axis=(1, 2, 3)).min() > 0.1


def test_facades_fall_back_to_the_drawn_ones_offline(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.warns(UserWarning, match="facades_drawn"):
        dataset = load_dataset("facades", "test", limit=3, image_size=32)
    assert dataset.images.shape == dataset.counterparts.shape == (3, 32, 32, 3)
    cached = load_dataset("facades_drawn", "test", limit=3, image_size=32)  # from the cache
    np.testing.assert_array_equal(cached.counterparts, dataset.counterparts)


def test_a_limited_draw_is_the_start_of_the_whole_one(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    few = load_dataset("facades_drawn", "test", limit=3, image_size=16)
    every = load_dataset("facades_drawn", "test", image_size=16)
    assert len(every) == 100
    np.testing.assert_array_equal(few.images, every.images[:3])
    np.testing.assert_array_equal(few.counterparts, every.counterparts[:3])
