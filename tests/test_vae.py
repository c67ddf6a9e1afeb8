"""Topic 03 (VAE): the held-out nats are the same computation in every framework, and the
training grader rejects the failures the lesson describes."""

import numpy as np
import pytest

from course_utils import get_adapter
from course_utils.grading import GradingError, grade
from course_utils.sources import load_reference
from course_utils.topics.vae import vae_parameter_count

LAYERS = ("encoder_fc", "fc_mu", "fc_logvar", "decoder_fc", "decoder_out")


def test_parameter_count_of_the_spec():
    # 784*400+400 + 2*(400*20+20) + 20*400+400 + 400*784+784, the table in the lesson
    assert vae_parameter_count(784, 20, 400) == 652_824
    reference = load_reference("03_vae", "pytorch")
    model = reference.VAE(get_adapter("pytorch").image_shape(28, 28, 1))
    assert get_adapter("pytorch").count_parameters(model) == 652_824


def _weights(layer, framework):
    """(W as (in, out), b) of one dense layer, as NumPy."""
    if framework == "pytorch":
        return layer.weight.detach().numpy().T, layer.bias.detach().numpy()
    if framework == "keras":
        return layer.kernel.numpy(), layer.bias.numpy()
    return layer.W.array.T, layer.b.array


def _set_weights(layer, framework, w, b):
    if framework == "keras":
        layer.kernel.assign(w)
        layer.bias.assign(b)
    else:  # Chainer stores W as (out, in), like PyTorch
        layer.W.array[...] = w.T
        layer.b.array[...] = b


def _models_with_the_same_weights(height=8, width=8, latent_dim=3, hidden=16):
    models, references = {}, {}
    for framework in ("pytorch", "keras", "chainer"):
        references[framework] = load_reference("03_vae", framework)
        shape = get_adapter(framework).image_shape(height, width, 1)
        models[framework] = references[framework].VAE(shape, latent_dim, hidden)
    for name in LAYERS:
        w, b = _weights(getattr(models["pytorch"], name), "pytorch")
        for framework in ("keras", "chainer"):
            _set_weights(getattr(models[framework], name), framework, w, b)
    return models, references


def test_evaluate_gives_the_same_nats_in_every_framework():
    models, references = _models_with_the_same_weights()
    images = np.random.default_rng(0).uniform(0, 1, (50, 8, 8, 1)).astype(np.float32)
    results = {fw: references[fw].evaluate(models[fw], images, batch_size=20) for fw in models}
    for framework in ("keras", "chainer"):
        for key in ("loss", "kl", "reconstruction"):
            assert results[framework][key] == pytest.approx(results["pytorch"][key], rel=1e-4), (
                framework, key)


def test_evaluate_is_reproducible_and_matches_numpy():
    reference = load_reference("03_vae", "pytorch")
    model = reference.VAE(get_adapter("pytorch").image_shape(8, 8, 1), 3, 16)
    images = np.random.default_rng(1).uniform(0, 1, (30, 8, 8, 1)).astype(np.float32)
    first = reference.evaluate(model, images, batch_size=30, seed=5)
    assert reference.evaluate(model, images, batch_size=30, seed=5) == first
    assert reference.evaluate(model, images, batch_size=30, seed=6)["loss"] != first["loss"]

    mu, logvar = reference.encode_images(model, images)
    eps = np.random.default_rng(5).standard_normal(mu.shape, dtype=np.float32)
    p = reference.decode_latents(model, mu + np.exp(0.5 * logvar) * eps).astype(np.float64)
    x = images.astype(np.float64)
    nll = -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p)) / len(x)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar)) / len(x)
    assert first["loss"] == pytest.approx(nll + kl, rel=1e-4)
    assert first["kl"] == pytest.approx(kl, rel=1e-4)
    assert first["kl"] > 0


GOOD = {"loss": [180.0, 150.0], "test_loss": [170.0, 148.0], "test_kl": [8.0, 12.0]}


@pytest.mark.parametrize(("history", "message"), [
    ({"loss": [180.0]}, "two epochs"),
    ({**GOOD, "test_loss": [170.0, float("nan")]}, "NaN"),
    ({**GOOD, "loss": [150.0, 180.0]}, "training loss"),
    ({**GOOD, "test_loss": [148.0, 170.0]}, "held-out"),
    ({**GOOD, "test_kl": [3.0, 0.01]}, "posterior collapse"),
])
def test_training_grader_rejects(history, message):
    with pytest.raises(GradingError, match=message):
        grade("vae.training", history, framework="pytorch", quiet=True)


def test_training_grader_accepts_a_falling_loss():
    assert grade("vae.training", GOOD, framework="pytorch", quiet=True)
