"""Topic 09: the official networks at full size, the same function in every framework,
reflection padding's gradient, the image pool's training step and the drawn animals."""

import numpy as np
import pytest
from reference_models import copy_from_torch, count_and_shape

from course_utils import get_adapter, load_dataset, to_signed
from course_utils.data import interleave_domains
from course_utils.grading import GradingError, grade
from course_utils.scenes import animal_masks, draw_animals
from course_utils.sources import load_reference
from course_utils.topics import checks, cyclegan

FRAMEWORKS = ["pytorch", "keras", "chainer"]
TOPIC = "09_cyclegan"


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(("official", "name", "arguments"), [
    ("resnet_9blocks, instance norm", "ResnetGenerator", ((3, 3), {"n_blocks": 9})),
    ("resnet_6blocks, instance norm", "ResnetGenerator", ((3, 3), {"n_blocks": 6})),
    ("PatchGAN n_layers=3, 3 input channels, instance norm", "PatchDiscriminator",
     ((3,), {"norm": "instance"})),
])
def test_full_size_networks_match_the_official_implementation(framework, official, name,
                                                              arguments):
    got = count_and_shape(TOPIC, framework, name, arguments, (256, 256, 3))
    assert got == cyclegan.OFFICIAL_COUNTS[official]


def test_parameter_formula_reproduces_the_official_counts():
    assert cyclegan.resnet_parameter_count(3, 3, 64, 9) == 11_378_179
    assert cyclegan.resnet_parameter_count(3, 3, 64, 6) == 7_837_699
    assert cyclegan.resnet_block_parameter_count(256) == 1_180_160


# ------------------------------------------------ the same function in every framework


@pytest.mark.parametrize("framework", ["keras", "chainer"])
@pytest.mark.parametrize(("name", "args", "hwc"), [
    ("ResnetBlock", (4, "instance"), (6, 7, 4)),
    ("ResnetGenerator", (3, 2, 4, 2, "instance"), (16, 16, 3)),
    ("ResnetGenerator", (1, 3, 3, 1, "batch"), (12, 12, 1)),
])
def test_same_weights_give_the_same_outputs_as_pytorch(framework, name, args, hwc):
    images = np.random.default_rng(0).uniform(-1, 1, (2, *hwc)).astype(np.float32)
    torch_model = load_reference(TOPIC, "pytorch").place(
        getattr(load_reference(TOPIC, "pytorch"), name)(*args))
    reference = load_reference(TOPIC, framework)
    model = reference.place(getattr(reference, name)(*args))
    adapter, torch_adapter = get_adapter(framework), get_adapter("pytorch")
    adapter.call(model, adapter.to_layout(images))  # builds a lazily built Keras layer
    copy_from_torch(torch_model, model, framework)
    for training in (True, False):
        want = torch_adapter.from_layout(torch_adapter.call(
            torch_model, torch_adapter.to_layout(images), training=training))
        got = adapter.from_layout(adapter.call(model, adapter.to_layout(images),
                                               training=training))
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=2e-5)


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("padding", [1, 3])
def test_reflection_padding_mirrors_the_border_and_its_gradient_is_right(framework, padding):
    """Forward as NumPy's "reflect" mode; the gradient of a weighted sum of the output equals
    finite differences (Chainer's F.pad(mode="reflect") drops the mirrored pixels' share)."""
    adapter = get_adapter(framework)
    pad = load_reference(TOPIC, framework).ReflectionPad2d(padding)
    rng = np.random.default_rng(padding)
    images = rng.normal(size=(2, 5, 6, 3))
    side = ((0, 0), (padding, padding), (padding, padding), (0, 0))
    weights = rng.normal(size=np.pad(images, side).shape)
    got = adapter.from_layout(adapter.call(pad, adapter.to_layout(images.astype(np.float32))))
    np.testing.assert_allclose(got, np.pad(images, side, mode="reflect"), rtol=1e-6)
    layout_weights = adapter.tensor(adapter.to_layout(weights))
    _, (grad,) = adapter.input_gradients(lambda x: pad(x) * layout_weights,
                                         adapter.to_layout(images.astype(np.float32)))
    numeric, = checks.numerical_gradients(
        lambda x: float((np.pad(x, side, mode="reflect") * weights).sum()), [images], step=1e-3)
    np.testing.assert_allclose(adapter.from_layout(grad), numeric, rtol=1e-4, atol=1e-4)


# ----------------------------------------------------------------------- data


def test_drawn_animals_differ_only_on_the_animal():
    plain, striped, long_necked = draw_animals(6, side=32, seed=3)
    again = draw_animals(6, side=32, seed=3)
    np.testing.assert_array_equal(plain, again[0])
    assert plain.shape == striped.shape == long_necked.shape == (6, 32, 32, 3)
    changed = np.abs(plain - striped).max(axis=-1) > 0.02
    assert 0.03 < changed.mean() < 0.4  # the animal: a part of the scene, not all of it
    assert changed[:, :3, :].mean() < 0.01  # the sky is the same in both domains
    horse, giraffe = animal_masks(plain), animal_masks(long_necked)
    assert np.all(giraffe.sum(axis=(1, 2)) > horse.sum(axis=(1, 2)))  # a taller neck
    assert (giraffe & ~horse)[:, : 32 // 3].sum() > 0  # reaching higher up
    assert not animal_masks(np.broadcast_to([0.35, 0.55, 0.2], (1, 4, 4, 3))).any()  # grass


def test_domains_are_interleaved_and_unpaired(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    few = load_dataset("horse2zebra_drawn", "test", limit=4, image_size=16)
    every = load_dataset("horse2zebra_drawn", "test", image_size=16)
    assert len(every) == 100 and list(every.labels[:4]) == [0, 1, 0, 1]
    np.testing.assert_array_equal(few.images, every.images[:4])
    plain, striped, long_necked = draw_animals(4, side=16, seed=1)
    np.testing.assert_allclose(few.images, np.stack([plain[0], striped[1], plain[2], striped[3]]))
    np.testing.assert_allclose(few.counterparts,
                               np.stack([striped[0], plain[1], striped[2], plain[3]]))
    necks = load_dataset("long_necks_drawn", "test", limit=4, image_size=16)
    np.testing.assert_allclose(necks.images, np.stack([plain[0], long_necked[1], plain[2],
                                                       long_necked[3]]))
    np.testing.assert_array_equal(interleave_domains(np.arange(3), np.arange(10, 12)),
                                  [0, 10, 1, 11, 2])


def test_horse2zebra_falls_back_to_the_drawn_animals_offline(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.warns(UserWarning, match="horse2zebra_drawn"):
        dataset = load_dataset("horse2zebra", "train", limit=4, image_size=16)
    assert dataset.images.shape == dataset.counterparts.shape == (4, 16, 16, 3)
    assert list(dataset.labels) == [0, 1, 0, 1]


# -------------------------------------------------------------------- training


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_one_cyclegan_step_trains_all_four_networks(framework):
    """make_cyclegan_step at smoke size: every network moves, the losses are finite, and the
    pools fill with the generators' fakes."""
    adapter = get_adapter(framework)
    reference = load_reference(TOPIC, framework)
    config = cyclegan.PROFILES["smoke"]
    networks = {key: reference.place(
        reference.ResnetGenerator(3, 3, config.ngf, config.n_blocks) if key[0] == "G" else
        reference.PatchDiscriminator(3, config.ndf, config.n_layers, "instance"))
        for key in ("G_AB", "G_BA", "D_A", "D_B")}
    pairs = np.random.default_rng(0).uniform(-1, 1, (2, 32, 32, 6)).astype(np.float32)
    batch = adapter.tensor(adapter.to_layout(pairs))
    optimizers = {key: adapter.adam(network, 1e-3) for key, network in networks.items()}
    adapter.call(networks["G_AB"], adapter.to_layout(pairs[..., :3]))  # builds Keras models
    before = {key: adapter.parameters(network) for key, network in networks.items()}
    with adapter.eagerly(False):  # Keras: compiled here; the smoke notebook steps eagerly
        losses = reference.make_cyclegan_step(networks, optimizers, config)(batch)
    assert set(losses) == {"loss_G", "loss_D_A", "loss_D_B"}
    assert all(np.isfinite(value) for value in losses.values())
    for key, network in networks.items():
        assert any(not np.array_equal(a, b) for a, b in
                   zip(adapter.parameters(network), before[key], strict=True)), key


def test_training_grader_judges_translations_against_the_truth(monkeypatch, tmp_path):
    """The true translations pass; the inputs themselves, other scenes' truths and a low
    target-domain rate fail, each with its own message."""
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    test = load_dataset("horse2zebra_drawn", "test", limit=40, image_size=32)
    horses = to_signed(test.images[test.labels == 0])
    zebras = to_signed(test.counterparts[test.labels == 0])
    history = {"loss_G": [3.0, 2.5], "loss_D_A": [0.25, 0.24], "loss_D_B": [0.25, 0.24]}

    def judge(translations, rate=1.0):
        return grade("cyclegan.training", history, framework="pytorch", profile="quick",
                     quiet=True, translations=translations, truths=zebras, inputs=horses,
                     domain_rate=rate)

    assert judge(zebras + 0.05)  # the truth, a little off
    with pytest.raises(GradingError, match="not clearly closer to the truth than their inputs"):
        judge(horses)
    with pytest.raises(GradingError, match="do not follow their input"):
        judge(np.roll(zebras, 1, axis=0))
    with pytest.raises(GradingError, match="target domain"):
        judge(zebras, rate=0.3)
    assert grade("cyclegan.training", history, framework="pytorch", profile="quick", quiet=True,
                 translations=horses, truths=None, inputs=horses, domain_rate=0.95)  # no truth
