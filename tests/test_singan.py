"""Topic 12, SinGAN: the official networks in all three frameworks."""

import numpy as np
import pytest
from reference_models import copy_from_torch

from course_utils import get_adapter
from course_utils.sources import load_reference

FRAMEWORKS = ["pytorch", "keras", "chainer"]
TOPIC = "12_singan"

# tamarott/SinGAN's GeneratorConcatSkip2CleanAdd and WDiscriminator (3 channels, 3x3
# kernels, 5 layers), counted by running the official models.py outside the project.
OFFICIAL_COUNTS = {32: (29_763, 29_185), 64: (114_819, 113_665), 128: (450_819, 448_513)}


def _networks(framework, width, seed=0):
    get_adapter(framework)  # Chainer needs the course's repairs before its first import
    reference = load_reference(TOPIC, framework)
    G, D = reference.SinGANGenerator(3, width), reference.SinGANDiscriminator(3, width)
    if framework == "pytorch":
        G.apply(reference.singan_init)
        D.apply(reference.singan_init)
    else:
        reference.singan_init(G, seed=seed)
        reference.singan_init(D, seed=seed + 1)
    return G, D


def _layout(framework, array):
    return get_adapter(framework).tensor(get_adapter(framework).to_layout(array))


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("width", [32, 64, 128])
def test_every_width_has_the_official_parameter_counts(framework, width):
    adapter = get_adapter(framework)
    G, D = _networks(framework, width)
    if framework == "chainer":  # Chainer's links know their sizes once they have run
        x = _layout(framework, np.zeros((1, 21, 21, 3), np.float32))
        G(x, x), D(x)
    assert (adapter.count_parameters(G), adapter.count_parameters(D)) == OFFICIAL_COUNTS[width]


@pytest.mark.parametrize("framework", ["keras", "chainer"])
def test_the_twins_compute_what_pytorch_computes(framework):
    """Same weights, same outputs: the generator's residual and crop, the critic's map, batch
    norm in training mode (statistics of the one image) on a 27x31 input."""
    import torch

    rng = np.random.default_rng(0)
    noise, previous = (rng.normal(size=(1, 27, 31, 3)).astype(np.float32) for _ in range(2))
    torch_G, torch_D = _networks("pytorch", 32)
    G, D = _networks(framework, 32)
    x = _layout(framework, noise)
    G(x, x), D(x)  # build
    copy_from_torch(torch_G, G, framework)
    copy_from_torch(torch_D, D, framework)

    def nchw(array):
        return torch.tensor(array.transpose(0, 3, 1, 2))

    adapter = get_adapter(framework)
    expected_image = torch_G(nchw(noise), nchw(previous)).detach().numpy().transpose(0, 2, 3, 1)
    expected_scores = torch_D(nchw(previous)).detach().numpy().transpose(0, 2, 3, 1)
    if framework == "keras":
        image = G(_layout(framework, noise), _layout(framework, previous), training=True)
        scores = D(_layout(framework, previous), training=True)
    else:
        image = G(_layout(framework, noise), _layout(framework, previous))
        scores = D(_layout(framework, previous))
    assert expected_image.shape == (1, 17, 21, 3) and expected_scores.shape == (1, 17, 21, 1)
    np.testing.assert_allclose(adapter.from_layout(adapter.numpy_outputs(image)), expected_image,
                               atol=2e-5)
    np.testing.assert_allclose(adapter.from_layout(adapter.numpy_outputs(scores)), expected_scores,
                               atol=2e-5)


def _sgd(framework, model):
    if framework == "pytorch":
        import torch
        return torch.optim.SGD(model.parameters(), lr=0.1)
    if framework == "keras":
        import keras
        optimizer = keras.optimizers.SGD(0.1)
        optimizer.build(model.trainable_variables)
        return optimizer
    import chainer
    optimizer = chainer.optimizers.SGD(0.1)
    optimizer.setup(model)
    return optimizer


@pytest.mark.parametrize("framework", ["keras", "chainer"])
def test_one_critic_step_and_one_generator_step_match_pytorch(framework):
    """Same weights, inputs and mix: the same losses (the per-location gradient penalty
    included) and the same weights after one SGD step of each network."""
    rng = np.random.default_rng(1)
    real, noise, previous, fixed, upsampled = (
        rng.normal(size=(1, 21 if k in (0, 4) else 31, 25 if k in (0, 4) else 35, 3))
        .astype(np.float32) for k in range(5))
    epsilon = np.float32(0.3)
    networks = {"pytorch": _networks("pytorch", 32), framework: _networks(framework, 32)}
    x = _layout(framework, noise)
    for twin, original in zip(networks[framework], networks["pytorch"], strict=True):
        twin(x, x) if isinstance(twin, load_reference(TOPIC, framework).SinGANGenerator) else twin(x)
        copy_from_torch(original, twin, framework)
    results = {}
    for name in ("pytorch", framework):
        adapter = get_adapter(name)
        reference = load_reference(TOPIC, name)
        G, D = networks[name]
        arrays = {key: _layout(name, value) for key, value in dict(
            real=real, noise=noise, previous=previous, fixed=fixed, upsampled=upsampled).items()}
        mix = (_layout(name, np.full((1, 1, 1, 1), epsilon)) if name != "keras" else epsilon)
        if name == "pytorch":
            mix = mix.reshape(1)
        loss_d = reference.singan_critic_step(G, D, _sgd(name, D), arrays["real"],
                                              arrays["noise"], arrays["previous"], mix, 0.1)
        losses_g = reference.singan_generator_step(
            G, D, _sgd(name, G), arrays["real"], arrays["noise"], arrays["previous"],
            (arrays["fixed"], arrays["upsampled"], 0.7), 10.0)
        results[name] = ([float(loss_d)] + [float(v) for v in losses_g],
                         adapter.parameters(G), adapter.parameters(D))
    expected, actual = results["pytorch"], results[framework]
    np.testing.assert_allclose(actual[0], expected[0], rtol=1e-4, atol=1e-5)
    for name, index in (("G", 1), ("D", 2)):
        twin = _networks(framework, 32)[index - 1]
        twin(x, x) if name == "G" else twin(x)
        copy_from_torch(networks["pytorch"][index - 1], twin, framework)
        for ours, theirs in zip(actual[index], get_adapter(framework).parameters(twin),
                                strict=True):
            np.testing.assert_allclose(ours, theirs, atol=1e-5, err_msg=f"{name} after its step")


def test_the_count_formulas_give_the_official_numbers():
    from course_utils.topics import singan

    for width, counts in singan.OFFICIAL_COUNTS.items():
        assert (singan.generator_parameter_count(width),
                singan.discriminator_parameter_count(width)) == (
            counts["G"], counts["D"]) == OFFICIAL_COUNTS[width]


def test_the_profiles_build_valid_pyramids():
    from course_utils.pyramid import pyramid
    from course_utils.topics.singan import PROFILES

    for name, config in PROFILES.items():
        side = config.max_size
        result = pyramid((side * 2 // 3, side), config.min_size, config.max_size,
                         config.scale_factor)
        assert len(result.shapes) >= 2, name
        assert max(result.shapes[-1]) == side and min(result.shapes[0]) >= config.min_size


def test_a_compiled_keras_iteration_is_the_eager_one():
    """train_singan compiles a Keras iteration with tf.function (the smoke profile and the dry
    run run it eagerly): from the same weights and seed (the same mixes epsilon, drawn in
    the graph), both give the same weights."""
    import keras
    import tensorflow as tf

    from course_utils.topics.singan import Config

    reference = load_reference(TOPIC, "keras")
    config = Config(d_steps=2, g_steps=1)
    rng = np.random.default_rng(2)
    real, upsampled = (rng.uniform(-1, 1, (1, 13, 15, 3)).astype(np.float32) for _ in range(2))
    noise, fixed = (np.pad(rng.normal(0, 0.1, (1, 13, 15, 3)), ((0, 0), (5, 5), (5, 5), (0, 0)))
                    .astype(np.float32) for _ in range(2))
    G, D = (reference.singan_init(net, seed=seed) for net, seed in (
        (reference.SinGANGenerator(3, 4), 0), (reference.SinGANDiscriminator(3, 4), 1)))
    start = [G.get_weights(), D.get_weights()]
    results = []
    for compiled in (False, True):
        G.set_weights(start[0])
        D.set_weights(start[1])
        # SGD: Adam turns the float noise in the gradients of the biases that batch norm
        # cancels (exactly 0 in exact arithmetic) into steps of +-lr, in either mode.
        optimizers = [keras.optimizers.SGD(0.01) for _ in range(2)]
        for optimizer, network in zip(optimizers, (G, D), strict=True):
            optimizer.build(network.trainable_variables)

        def step(noise, optimizers=optimizers):
            return reference.singan_scale_step(G, D, *optimizers, real, noise, lambda: upsampled,
                                               (fixed, upsampled, 0.3), config)

        keras.utils.set_random_seed(5)
        (tf.function(step) if compiled else step)(noise)
        results.append(G.get_weights() + D.get_weights())
    for eager, graph in zip(*results, strict=True):
        np.testing.assert_allclose(graph, eager, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_training_resumes_after_the_saved_scales(framework, tmp_path):
    """A second run with the same checkpoint folder loads every scale (weights, batch-norm
    statistics, the fixed noise z*) instead of training: the same reconstruction."""
    import dataclasses

    import course_utils
    from course_utils.pyramid import pyramid_images
    from course_utils.topics.singan import PROFILES

    get_adapter(framework)
    reference = load_reference(TOPIC, framework)
    config = dataclasses.replace(PROFILES["smoke"], iterations=1)
    photo = course_utils.load_photo(config.image)
    factor, shapes = reference.pyramid_shapes(photo.shape[:2], config.min_size, config.max_size,
                                              config.scale_factor)
    reals = [reference.to_tensor(image)
             for image in pyramid_images(photo, factor, shapes, config.max_size)]
    runs = []
    for _ in range(2):
        generators, amplitudes, fixed, history = reference.train_singan(reals, factor, config,
                                                                        tmp_path)
        runs.append((history, amplitudes, reference.to_images(reference.generate(
            generators, amplitudes, fixed, shapes, factor, start=len(shapes)))))
    assert runs[0][:2] == runs[1][:2]
    np.testing.assert_array_equal(runs[0][2], runs[1][2])


def _training_case():
    from scipy.ndimage import gaussian_filter

    from course_utils import load_photo
    from course_utils.pyramid import resize

    real = resize(load_photo("rocket"), 0.1)  # 43x64
    shuffled = [np.roll(real, shift, axis=1) for shift in (0, 9, 21, 33)]  # the same patches
    samples = np.stack(shuffled + [image[:, ::-1] for image in shuffled])
    history = {"loss_D": [-0.5, -0.2], "loss_G": [0.3, 0.1], "rec": [0.004, 0.002]}
    return history, real, samples, gaussian_filter(real, (2, 2, 0))


def test_the_training_grader_judges_samples_and_the_reconstruction():
    """After real training (the quick profile): samples with the photograph's patches in new
    arrangements pass; copies of the photograph, blurred samples, and a reconstruction that
    misses the photograph fail, each with its own message."""
    from course_utils.grading import GradingError, grade

    history, real, samples, blurred = _training_case()

    def judge(samples, reconstruction):
        return grade("singan.training", history, framework="pytorch", profile="quick",
                     quiet=True, samples=samples, real=real, reconstruction=reconstruction)

    assert judge(samples, real[None])
    with pytest.raises(GradingError, match="all the same"):
        judge(np.stack([real] * 8), real[None])
    with pytest.raises(GradingError, match="blurred"):
        judge(np.stack([blurred, blurred[:, ::-1]] * 4), real[None])
    with pytest.raises(GradingError, match="reconstruction's MSE"):
        judge(samples, blurred[None])
    from scipy.ndimage import gaussian_filter

    with pytest.raises(GradingError, match="lacks the photograph's details"):
        judge(samples, gaussian_filter(real, (1, 1, 0))[None])
    with pytest.raises(GradingError, match="NaN"):
        grade("singan.training", {**history, "rec": [0.1, float("nan")]}, framework="pytorch",
              profile="quick", quiet=True, samples=samples, real=real, reconstruction=real[None])
