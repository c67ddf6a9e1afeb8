"""Topic 10: the official networks at full size, MUNIT's own layers against NumPy, the same
function in every framework, the training step, and the drawn shoes."""

import dataclasses

import numpy as np
import pytest
from reference_models import copy_from_torch
from scipy.ndimage import binary_fill_holes

from course_utils import get_adapter, load_dataset
from course_utils.scenes import draw_shoes, shoe_masks
from course_utils.sources import load_reference
from course_utils.topics import munit

FRAMEWORKS = ["pytorch", "keras", "chainer"]
TOPIC = "10_munit"
SMALL_GENERATOR = {"dim": 4, "style_dim": 3, "n_downsample": 2, "n_res": 2, "mlp_dim": 8}


def _numpy(adapter, value):
    """A framework tensor as NumPy, images in NHWC."""
    return adapter.from_layout(adapter.to_numpy(value))


def _encode(adapter, generator, images):
    content, style = generator.encode(adapter.tensor(adapter.to_layout(images)))
    return _numpy(adapter, content), adapter.to_numpy(style)


def _decode(adapter, generator, content, style):
    return _numpy(adapter, generator.decode(adapter.tensor(adapter.to_layout(content)),
                                            adapter.tensor(style.astype(np.float32))))


# ------------------------------------------------ the official networks at full size


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_full_size_networks_match_the_official_implementation(framework):
    adapter = get_adapter(framework)
    reference = load_reference(TOPIC, framework)
    generator, discriminator = reference.AdaINGen(3), reference.MsImageDis(3)
    images = np.zeros((1, 64, 64, 3), np.float32)
    content, style = _encode(adapter, generator, images)  # builds the Keras layers
    output = _decode(adapter, generator, content, style)
    scores = [_numpy(adapter, s) for s in discriminator(adapter.tensor(adapter.to_layout(images)))]
    assert adapter.count_parameters(generator) == munit.OFFICIAL_COUNTS["AdaINGen"]
    for part in ("enc_style", "enc_content", "dec", "mlp"):
        assert (adapter.count_parameters(getattr(generator, part))
                == munit.OFFICIAL_COUNTS[f"AdaINGen.{part}"]), part
    assert adapter.count_parameters(discriminator) == munit.OFFICIAL_COUNTS["MsImageDis"]
    assert content.shape == (1, 16, 16, 256) and style.shape == (1, 8)
    assert output.shape == images.shape
    assert [s.shape for s in scores] == [(1, 4, 4, 1), (1, 2, 2, 1), (1, 1, 1, 1)]


def test_parameter_formulas_reproduce_the_official_counts():
    assert munit.generator_parameter_count(3) == munit.OFFICIAL_COUNTS["AdaINGen"]
    assert munit.style_encoder_parameter_count(3) == munit.OFFICIAL_COUNTS["AdaINGen.enc_style"]
    assert (munit.content_encoder_parameter_count(3)
            == munit.OFFICIAL_COUNTS["AdaINGen.enc_content"])
    assert munit.decoder_parameter_count(3) == munit.OFFICIAL_COUNTS["AdaINGen.dec"]
    assert munit.mlp_parameter_count(8, 4096) == munit.OFFICIAL_COUNTS["AdaINGen.mlp"]
    assert munit.discriminator_parameter_count(3) == munit.OFFICIAL_COUNTS["MsImageDis"]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_small_networks_match_the_formulas(framework):
    adapter = get_adapter(framework)
    reference = load_reference(TOPIC, framework)
    generator = reference.AdaINGen(1, **SMALL_GENERATOR)
    _encode(adapter, generator, np.zeros((1, 16, 16, 1), np.float32))
    discriminator = reference.MsImageDis(2, dim=4, n_layer=2, num_scales=2)
    discriminator(adapter.tensor(adapter.to_layout(np.zeros((1, 16, 16, 2), np.float32))))
    assert adapter.count_parameters(generator) == munit.generator_parameter_count(
        1, **SMALL_GENERATOR)
    assert adapter.count_parameters(discriminator) == munit.discriminator_parameter_count(
        2, 4, 2, 2)


# ---------------------------------------------------- MUNIT's own layers, against NumPy


def _layer_norm(x, gamma, beta, eps=1e-5):
    """NHWC: statistics over every value of an image, unbiased std, eps outside the root."""
    flat = x.reshape(len(x), -1)
    mean = flat.mean(1)[:, None, None, None]
    std = flat.std(1, ddof=1)[:, None, None, None]
    return (x - mean) / (std + eps) * gamma + beta


def _adain(x, mean, std, eps=1e-5):
    """NHWC: each channel of each image normalised over its pixels (biased variance)."""
    mu, var = x.mean((1, 2), keepdims=True), x.var((1, 2), keepdims=True)
    return std[:, None, None, :] * (x - mu) / np.sqrt(var + eps) + mean[:, None, None, :]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_layer_norm_is_munits_not_the_frameworks(framework):
    """Unbiased std with epsilon outside the root: on images of 2 x 2 x 1 values (the
    biased and unbiased std differ by sqrt(4/3)) the frameworks' own layer norms differ."""
    adapter = get_adapter(framework)
    rng = np.random.default_rng(0)
    for shape in ((3, 2, 2, 1), (2, 5, 4, 3)):
        images = rng.normal(2.0, 3.0, shape).astype(np.float32)
        layer = load_reference(TOPIC, framework).LayerNorm(shape[-1])
        gammas = rng.uniform(0.5, 2.0, shape[-1]).astype(np.float32)
        betas = rng.normal(size=shape[-1]).astype(np.float32)
        adapter.call(layer, adapter.to_layout(images))  # builds a Keras layer
        adapter.set_parameters(layer, [gammas, betas])
        got = adapter.from_layout(adapter.call(layer, adapter.to_layout(images)))
        np.testing.assert_allclose(got, _layer_norm(images, gammas, betas), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_layer_norm_initialises_gamma_uniform_and_beta_zero(framework):
    adapter = get_adapter(framework)
    layer = load_reference(TOPIC, framework).LayerNorm(4000)
    adapter.call(layer, adapter.to_layout(np.zeros((1, 2, 2, 4000), np.float32)))
    gamma, beta = adapter.parameters(layer)
    assert 0.0 <= gamma.min() and gamma.max() < 1.0 and abs(gamma.mean() - 0.5) < 0.03
    np.testing.assert_array_equal(beta, 0.0)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_adain_uses_each_images_own_statistics(framework):
    adapter = get_adapter(framework)
    adain = load_reference(TOPIC, framework).adain
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 4, 5, 2)).astype(np.float32) * [[[[1.0, 5.0]]]] + [[[[3.0, -2.0]]]]
    mean, std = rng.normal(size=(3, 2)).astype(np.float32), rng.uniform(0.5, 2, (3, 2))
    got = _numpy(adapter, adain(adapter.tensor(adapter.to_layout(x)),
                                adapter.tensor(mean), adapter.tensor(std.astype(np.float32))))
    np.testing.assert_allclose(got, _adain(x, mean, std), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_adain_block_reads_its_parameters_in_the_official_order(framework):
    """With both convolutions the identity (a 3x3 kernel whose centre tap is 1), the block
    is x + AdaIN(ReLU(AdaIN(x, mean1, std1)), mean2, std2), its parameters sliced as
    [mean1, std1, mean2, std2]."""
    adapter = get_adapter(framework)
    channels = 3
    block = load_reference(TOPIC, framework).AdaINResBlock(channels)
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 5, 5, channels)).astype(np.float32)
    params = np.concatenate([rng.normal(size=(2, channels)), rng.uniform(0.5, 2, (2, channels)),
                             rng.normal(size=(2, channels)), rng.uniform(0.5, 2, (2, channels))],
                            axis=1).astype(np.float32)
    inputs = adapter.tensor(adapter.to_layout(x))
    block(inputs, adapter.tensor(params))  # builds a Keras layer
    identity = np.zeros((channels, channels, 3, 3), np.float32)  # PyTorch (out, in, kh, kw)
    identity[np.arange(channels), np.arange(channels), 1, 1] = 1.0
    kernel = identity.transpose(2, 3, 1, 0) if framework == "keras" else identity
    adapter.set_parameters(block, [kernel, np.zeros(channels, np.float32)] * 2)
    got = _numpy(adapter, block(inputs, adapter.tensor(params)))
    mean1, std1, mean2, std2 = np.split(params, 4, axis=1)
    want = x + _adain(np.maximum(_adain(x, mean1, std1), 0), mean2, std2)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


# ----------------------------------------------- the same function in every framework


def _twins(framework, name, *args, **kwargs):
    torch_model = getattr(load_reference(TOPIC, "pytorch"), name)(*args, **kwargs)
    model = getattr(load_reference(TOPIC, framework), name)(*args, **kwargs)
    return torch_model, model


@pytest.mark.parametrize("framework", ["keras", "chainer"])
def test_generator_gives_the_same_codes_and_images_as_pytorch(framework):
    torch_adapter, adapter = get_adapter("pytorch"), get_adapter(framework)
    torch_model, model = _twins(framework, "AdaINGen", 3, **SMALL_GENERATOR)
    images = np.random.default_rng(3).uniform(-1, 1, (2, 16, 16, 3)).astype(np.float32)
    _encode(adapter, model, images)  # builds the Keras layers
    copy_from_torch(torch_model, model, framework)
    want, got = _encode(torch_adapter, torch_model, images), _encode(adapter, model, images)
    for w, g in zip(want, got, strict=True):
        np.testing.assert_allclose(g, w, rtol=1e-4, atol=2e-5)
    style = np.random.default_rng(4).normal(size=(2, 3)).astype(np.float32)
    np.testing.assert_allclose(_decode(adapter, model, want[0], style),
                               _decode(torch_adapter, torch_model, want[0], style),
                               rtol=1e-4, atol=2e-5)


@pytest.mark.parametrize("framework", ["keras", "chainer"])
@pytest.mark.parametrize("side", [16, 27])
def test_discriminator_gives_the_same_scores_and_input_gradient_as_pytorch(framework, side):
    """At an odd side the average pooling pads, and padding must not count in the average."""
    torch_adapter, adapter = get_adapter("pytorch"), get_adapter(framework)
    torch_model, model = _twins(framework, "MsImageDis", 3, dim=4, n_layer=2, num_scales=3)
    images = np.random.default_rng(5).uniform(-1, 1, (2, side, side, 3)).astype(np.float32)
    model(adapter.tensor(adapter.to_layout(images)))  # builds the Keras layers
    copy_from_torch(torch_model, model, framework)

    for scale in range(3):
        want, (want_grad,) = torch_adapter.input_gradients(lambda x, s=scale: torch_model(x)[s],
                                                           torch_adapter.to_layout(images))
        got, (got_grad,) = adapter.input_gradients(lambda x, s=scale: model(x)[s],
                                                   adapter.to_layout(images))
        np.testing.assert_allclose(_numpy(adapter, got), _numpy(torch_adapter, want),
                                   rtol=1e-4, atol=2e-6)
        np.testing.assert_allclose(adapter.from_layout(got_grad),
                                   torch_adapter.from_layout(want_grad), rtol=1e-4, atol=1e-6)


# -------------------------------------------------------------------------- training


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_training_step_trains_all_four_networks_with_and_without_the_cycle_term(framework):
    """make_munit_step at smoke size, without and with the cycle term: finite losses, and
    every network moves in every step (the discriminators' step, then the generators')."""
    adapter = get_adapter(framework)
    reference = load_reference(TOPIC, framework)
    config = dataclasses.replace(munit.PROFILES["smoke"], load_size=16)
    networks = {key: reference.place(
        reference.AdaINGen(3, config.dim, config.style_dim, config.n_downsample, config.n_res,
                           config.mlp_dim) if key.startswith("gen") else
        reference.MsImageDis(3, config.dis_dim, config.n_layer, config.num_scales))
        for key in ("gen_a", "gen_b", "dis_a", "dis_b")}
    optimizers = {key: reference.munit_optimizer(network, config.lr)
                  for key, network in networks.items()}
    pairs = np.random.default_rng(6).uniform(-1, 1, (2, 16, 16, 6)).astype(np.float32)
    batch = adapter.tensor(adapter.to_layout(pairs))
    for cycle_weight in (0.0, 10.0):
        step = reference.make_munit_step(
            networks, optimizers, dataclasses.replace(config, recon_x_cyc_weight=cycle_weight))
        before = {key: adapter.parameters(network) for key, network in networks.items()}
        # Keras: the step with the cycle term compiled (its graph holds the other's), the
        # other eagerly, as the smoke notebook steps
        with adapter.eagerly(cycle_weight == 0):
            losses = step(batch)
        assert set(losses) == {"loss_D", "loss_G"}
        assert all(np.isfinite(float(value)) for value in losses.values())
        for key, network in networks.items():
            assert any(not np.array_equal(a, b) for a, b in
                       zip(adapter.parameters(network), before[key], strict=True)), key


# ------------------------------------------------------------------------------ data


def test_drawn_shoes_share_their_silhouette_across_domains():
    outlines, shoes, styles = draw_shoes(8, side=32, seed=3)
    again = draw_shoes(8, side=32, seed=3)
    np.testing.assert_array_equal(shoes, again[1])
    assert outlines.shape == shoes.shape == (8, 32, 32, 3) and styles.shape == (8, 6)
    np.testing.assert_allclose(outlines[..., 0], outlines[..., 2])  # black on white
    lines, filled = shoe_masks(outlines), shoe_masks(shoes)
    inside = np.stack([binary_fill_holes(image) for image in lines])
    iou = (inside & filled).sum(axis=(1, 2)) / (inside | filled).sum(axis=(1, 2))
    assert iou.min() > 0.85, iou  # the outline closes around the filled shoe
    assert 0.1 < filled.mean() < 0.5 and lines.mean() < filled.mean()
    assert set(styles[:, 3]) <= {0.0, 1.0, 2.0}  # the pattern: plain, stripes or dots


def test_shoe_domains_are_interleaved_and_unpaired(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    few = load_dataset("edges2shoes_drawn", "test", limit=4, image_size=16)
    every = load_dataset("edges2shoes_drawn", "test", image_size=16)
    assert len(every) == 100 and list(every.labels[:4]) == [0, 1, 0, 1]
    np.testing.assert_array_equal(few.images, every.images[:4])
    outlines, shoes, _ = draw_shoes(4, side=16, seed=1)
    np.testing.assert_allclose(few.images, np.stack([outlines[0], shoes[1], outlines[2],
                                                     shoes[3]]))
    np.testing.assert_allclose(few.counterparts,
                               np.stack([shoes[0], outlines[1], shoes[2], outlines[3]]))


def test_summer2winter_falls_back_to_the_drawn_shoes_offline(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.warns(UserWarning, match="edges2shoes_drawn"):
        dataset = load_dataset("summer2winter_yosemite", "train", limit=4, image_size=16)
    assert dataset.images.shape == dataset.counterparts.shape == (4, 16, 16, 3)
    assert list(dataset.labels) == [0, 1, 0, 1]


# ---------------------------------------------------------------------- measurements


def test_measurements_tell_right_from_wrong_translations():
    """The true shoes keep their outlines' content; another shoe does not. A translation
    that wears its example's style is at distance 0, another example's is far. Two sets of
    different styles are diverse; one set twice is not."""
    outlines, shoes, styles = draw_shoes(24, side=48, seed=7)
    others = np.roll(shoes, 1, axis=0)
    assert munit.content_iou(shoes, outlines) > 0.9
    assert munit.content_iou(others, outlines) < munit.content_iou(shoes, outlines) - 0.15
    assert munit.content_iou(np.ones_like(shoes), outlines) == 0.0  # nothing drawn
    assert munit.style_distance(shoes, shoes) == 0.0
    assert munit.style_distance(others, shoes) > 0.2
    greyed = np.repeat(shoes.mean(axis=-1, keepdims=True), 3, axis=-1)  # the colour lost
    assert munit.style_distance(greyed, shoes) > 0.2
    assert munit.diversity(np.stack([shoes, shoes, shoes])) == 0.0
    assert munit.diversity(np.stack([shoes, others])) > 0.2
    statistics = munit.style_statistics(shoes)
    plain = styles[:, 3] == 0  # a plain upper has less contrast than a patterned one
    assert statistics[plain, 3].mean() < statistics[~plain, 3].mean()
