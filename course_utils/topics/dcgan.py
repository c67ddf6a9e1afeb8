"""Topic 05, DCGAN: hyperparameters and graders.

The generator and discriminator are graded on small instances (``width`` < 1, 16x16 and
32x32 images) so a check takes well under a second on a CPU; parameter counts come from
the formulas below, which follow the spec's filter counts scaled by ``width``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..grading import register
from . import checks, gan_checks, sample_checks, saved_module

GENERATOR_FILTERS = (256, 512, 256, 128)  # projection, then the three hidden transposed convs
DISCRIMINATOR_FILTERS = (32, 64, 128, 256)
KERNEL = 5
LEAK = 0.2  # LeakyReLU slope of the discriminator
INIT_STD = 0.02


@dataclass(frozen=True)
class Config:
    dataset: str = "mnist"  # "cifar10" works too: set channels=3 (and more epochs)
    image_size: int = 32  # a multiple of 16 (four stride-2 layers); MNIST is resized to 32x32
    channels: int = 1
    latent_dim: int = 100
    width: float = 1.0  # filter multiplier: 1 is the spec; smaller profiles scale every layer
    lr: float = 2e-4  # Adam, as in the paper
    beta1: float = 0.5  # Adam's beta_1, as in the paper (0.9 oscillates)
    batch_size: int = 128
    epochs: int = 10
    train_size: int | None = None  # None keeps the whole training split
    sample_count: int = 64  # images in the fixed-noise grid and in the final samples
    quality_count: int = 1000  # generated images measured by quality_report
    interpolation_steps: int = 10

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return (self.image_size, self.image_size, self.channels)


PROFILES = {
    "full": Config(),
    "quick": Config(dataset="digits", width=0.25, batch_size=32, epochs=30),
    "smoke": Config(dataset="digits", image_size=16, width=0.0625, batch_size=64, epochs=2,
                    train_size=256, sample_count=16, quality_count=64, interpolation_steps=5),
}


def scaled(filters, width: float) -> list[int]:
    """The spec's filter counts multiplied by ``width`` (at least one filter each)."""
    return [max(1, round(n * width)) for n in filters]


def generator_parameter_count(channels: int, image_size: int, latent_dim: int = 100,
                              width: float = 1.0) -> int:
    f0, f1, f2, f3 = scaled(GENERATOR_FILTERS, width)
    units = f0 * (image_size // 16) ** 2
    k2 = KERNEL * KERNEL
    return (latent_dim * units + 2 * units  # Linear without bias (BN follows), BN gamma + beta
            + k2 * f0 * f1 + 2 * f1 + k2 * f1 * f2 + 2 * f2 + k2 * f2 * f3 + 2 * f3
            + k2 * f3 * channels + channels)  # output layer: bias, no BN


def discriminator_parameter_count(channels: int, image_size: int, width: float = 1.0,
                                  batch_norm: bool = True) -> int:
    f0, f1, f2, f3 = scaled(DISCRIMINATOR_FILTERS, width)
    k2 = KERNEL * KERNEL
    per_layer = 2 if batch_norm else 1  # BN's gamma and beta replace the conv's bias
    return ((k2 * channels * f0 + f0) + (k2 * f0 * f1 + per_layer * f1)
            + (k2 * f1 * f2 + per_layer * f2) + (k2 * f2 * f3 + per_layer * f3)
            + f3 * (image_size // 16) ** 2 + 1)


# ---------------------------------------------------------------------------- graders

SENTINEL = 5.0  # every parameter before the learner's init: one left untouched shows


def _init_probes(adapter):
    """The course's own DCGAN networks (convolutions without bias, batch norm in one and two
    dimensions), small, each inside a container model, and a one-convolution model (in
    PyTorch the bare layer: the module itself, not only its children): what dcgan_init must
    handle."""
    saved = saved_module(adapter)
    return {"DCGAN generator": adapter.nested(saved.DCGANGenerator(1, 16, latent_dim=100, width=0.25)),
            "DCGAN discriminator": adapter.nested(saved.DCGANDiscriminator(3, 16, width=0.25)),
            "one-convolution model": adapter.one_conv_model(3, 64, 5)}


@register("dcgan.init")
def check_init(init_function, probe):
    """``dcgan_init``: weights N(0, 0.02), biases 0, batch-norm gamma N(1, 0.02), beta 0.

    Applied to the course's own generator and discriminators, every parameter first set to
    a sentinel value, so that a layer kind left out, a nested layer missed or a layer
    without bias shows.
    """
    adapter = probe.adapter
    usage = adapter.init_usage.format(init="dcgan_init")
    weights, gammas = [], []
    for label, model in _init_probes(adapter).items():
        adapter.set_parameters(model, [np.full(p.shape, SENTINEL, np.float32)
                                       for p in adapter.parameters(model)])
        probe.run(f"{usage} on the course's {label}", adapter.initialize, model,
                  init_function)
        if label == "DCGAN generator":  # small weights, batch norm at its initial statistics
            images = checks.forward(probe, model, checks.latent(4, 100))
            probe.expect(np.abs(images).max() < 0.5,
                         "after dcgan_init a fresh generator's images saturate at +-1 in inference "
                         "mode: batch normalization's running statistics were changed.",
                         "initialise only the trainable parameters (weights, biases, gamma, beta); "
                         "leave the running mean and variance as they are.")
        values, roles = adapter.parameters(model), adapter.parameter_roles(model)
        for index, (value, role) in enumerate(zip(values, roles, strict=True)):
            kind = {"weight": "weights", "bias": "bias", "gamma": "batch-norm scale (gamma)",
                    "beta": "batch-norm shift (beta)"}[role]
            where = f"in the {label}, parameter tensor {index + 1} (a {kind})"
            probe.expect(value.dtype == np.float32, f"{where} is now {value.dtype}: the layer "
                         "expects float32.", "fill the existing parameter in place (nn.init.normal_"
                         ", variable.assign, param.array[...] = ...), keeping its type.")
            probe.expect(not np.any(value == SENTINEL), f"{where} was left as it was.",
                         "handle every layer kind DCGAN uses, wherever it sits in the model: "
                         "convolutions, transposed convolutions, dense/linear layers and batch "
                         "normalization, with or without a bias (PyTorch's apply visits nested "
                         "modules; in Keras and Chainer walk every sublayer / link).")
            if role == "weight":
                value = value.astype(np.float64)
                std, mean, error = value.std(), value.mean(), INIT_STD / np.sqrt(value.size)
                probe.expect(abs(std - INIT_STD) < 4 * error + 0.05 * INIT_STD
                             and abs(mean) < 4 * error + 0.01 * INIT_STD,
                             f"{where} have mean {mean:.4f} and standard deviation {std:.4f}; "
                             "DCGAN draws them from N(0, 0.02).",
                             "draw weights from a normal distribution with mean 0 and standard "
                             "deviation 0.02 (not a variance of 0.02, not Glorot/He, not uniform).")
                weights.append(value.ravel())
            elif role == "gamma":
                gammas.append(value.ravel().astype(np.float64))
            else:
                probe.expect(np.all(value == 0), f"{where} is not zero.", f"set every {kind} to 0.")
    weights = np.concatenate(weights)
    probe.expect(abs(weights.std() - INIT_STD) < 0.03 * INIT_STD,
                 f"the weights have a standard deviation of {weights.std():.4f} overall; DCGAN "
                 "draws them from N(0, 0.02).", "use a standard deviation of 0.02 for every "
                 "convolution, transposed convolution and dense layer.")
    tails = np.mean(np.abs(weights) > 2 * INIT_STD)
    probe.expect(0.03 < tails < 0.065,
                 f"{tails:.1%} of the weights lie beyond two standard deviations; a normal "
                 "distribution puts 4.6% there.",
                 "use a normal (Gaussian) distribution, not a uniform or truncated one.")
    gammas = np.concatenate(gammas)
    probe.expect(abs(gammas.mean() - 1.0) < 0.01 and abs(gammas.std() - INIT_STD) < 0.25 * INIT_STD,
                 f"the batch-norm scales (gamma) have mean {gammas.mean():.4f} and standard "
                 f"deviation {gammas.std():.4f}; DCGAN draws them from N(1, 0.02).",
                 "draw gamma from a normal distribution with mean 1 and standard deviation "
                 "0.02: a scale of 0 would switch the layer off.")


# (channels, image_size, latent_dim, width): the quick profile's grey 16x16, RGB 32x32 with
# other noise and width
GENERATOR_SETTINGS = ((1, 16, 100, 0.25), (3, 32, 16, 0.125))


@register("dcgan.generator", answer="class")
def check_generator(generator_class, probe):
    """``DCGANGenerator(channels, image_size, latent_dim=100, width=1.0)``."""
    adapter = probe.adapter
    for channels, size, latent_dim, width in GENERATOR_SETTINGS:
        arguments = dict(latent_dim=latent_dim, width=width)
        with probe.setting(f"DCGANGenerator({channels}, {size}, latent_dim={latent_dim}, "
                           f"width={width})"):
            model = checks.build(probe, generator_class, channels, size, **arguments)
            z = checks.latent(4, latent_dim)
            checks.check_output_shape(
                probe, model, z, (4, *adapter.image_shape(size, size, channels)),
                "project z to (H/16, W/16, 256*width) with the dense layer, reshape, then four "
                "transposed convolutions (kernel 5, stride 2, 'same' padding), each doubling the "
                "size; the last has `channels` filters.")
            checks.check_parameter_count(
                probe, model, generator_parameter_count(channels, size, latent_dim, width),
                "dense (no bias) + BN, transposed convs with 512, 256, 128 filters (5x5, no bias, "
                "each + BN) and a last 5x5 transposed conv with `channels` filters and a bias; "
                "every filter count times `width`.")
            checks.check_output_range(probe, model, z, "tanh",
                                      "end with tanh: the training images are in [-1, 1] (a "
                                      "sigmoid covers only [0, 1], and no activation is unbounded).")
            checks.check_batch_dependence(
                probe, model, z, checks.latent(4, latent_dim, seed=2), True,
                "in training mode the output for one z does not depend on the rest of the batch, "
                "so batch normalization is missing or never uses the batch statistics.",
                "put a batch normalization after the dense layer and after each hidden "
                "transposed convolution, and call it in training mode during training "
                "(training=True in Keras: do not fix training=False in call).")
            checks.check_gradients_reach_all(probe, model, z)

    # A fresh model for the probes that set its weights: inference mode first, then the
    # reference (which needs batch norm's initial statistics), then training mode. At 16x16
    # the projection is one pixel, so any reshape order is the same.
    channels, size, latent_dim, width = GENERATOR_SETTINGS[0]
    arguments = dict(latent_dim=latent_dim, width=width)
    fresh = checks.build(probe, generator_class, channels, size, **arguments)
    z = checks.latent(4, latent_dim)
    checks.check_activations(probe, fresh, z, pattern=[0.0] * 4 + [None], output="tanh",
                             where="each batch normalization (not after the last layer)")
    checks.check_matches_reference(
        probe, fresh, saved_module(adapter).DCGANGenerator(channels, size, **arguments), z,
        "follow the spec layer by layer: dense projection (no bias) -> batch norm -> ReLU, then "
        "5x5 stride-2 transposed convolutions ('same', no bias) -> batch norm -> ReLU, the last "
        "with a bias and tanh; batch norm with momentum 0.1 (Keras momentum=0.9, Chainer "
        "decay=0.9) and epsilon 1e-5.")
    checks.check_norm_then_activation(probe, fresh, z, slope=0.0, output="tanh")


# (channels, image_size, width, batch_norm)
DISCRIMINATOR_SETTINGS = ((1, 16, 0.25, True), (3, 32, 0.125, True), (1, 16, 0.25, False))


@register("dcgan.discriminator", answer="class")
def check_discriminator(discriminator_class, probe):
    """``DCGANDiscriminator(channels, image_size, width=1.0, batch_norm=True)``: logits (B, 1)."""
    adapter = probe.adapter
    for channels, size, width, batch_norm in DISCRIMINATOR_SETTINGS:
        arguments = dict(width=width, batch_norm=batch_norm)
        with probe.setting(f"DCGANDiscriminator({channels}, {size}, width={width}, "
                           f"batch_norm={batch_norm})"):
            model = checks.build(probe, discriminator_class, channels, size, **arguments)
            images = checks.sample_images(probe, 4, size, size, channels)
            checks.check_output_shape(
                probe, model, images, (4, 1),
                "four convolutions (kernel 5, stride 2, 'same' padding) halve the size to H/16, "
                "then flatten and a dense layer with one output.")
            checks.check_parameter_count(
                probe, model, discriminator_parameter_count(channels, size, width, batch_norm),
                "5x5 convolutions with 32, 64, 128, 256 filters (times `width`); with batch_norm, "
                "convolutions 2-4 have no bias and a BN each, the first has a bias and no BN; "
                "without, all four have a bias. Then Dense(1)." if batch_norm else
                "with batch_norm=False: four 5x5 convolutions with a bias each and no batch "
                "normalization, then Dense(1).")
            checks.check_batch_dependence(
                probe, model, images, checks.sample_images(probe, 4, size, size, channels, 1),
                batch_norm,
                "in training mode D's output for an image does not depend on the rest of the "
                "batch: batch normalization is missing or never uses the batch statistics."
                if batch_norm else "with batch_norm=False D's output for an image still depends "
                "on the other images of the batch.",
                "put a batch normalization after convolutions 2, 3 and 4 and call it in training "
                "mode during training (training=True in Keras)." if batch_norm else
                "leave batch normalization out when batch_norm=False.")
            checks.check_gradients_reach_all(probe, model, images, to_input=True)

    for channels, size, width, batch_norm in (DISCRIMINATOR_SETTINGS[0], DISCRIMINATOR_SETTINGS[2]):
        arguments = dict(width=width, batch_norm=batch_norm)
        with probe.setting(f"DCGANDiscriminator({channels}, {size}, width={width}, "
                           f"batch_norm={batch_norm})"):
            fresh = checks.build(probe, discriminator_class, channels, size, **arguments)
            images = checks.sample_images(probe, 4, size, size, channels)
            checks.check_activations(
                probe, fresh, images, pattern=[LEAK] * 4 + [None],
                where="each convolution (and its batch normalization); none after the dense layer: "
                "D returns the logit, topic 04's loss applies the sigmoid")
            checks.check_matches_reference(
                probe, fresh, saved_module(adapter).DCGANDiscriminator(channels, size, **arguments),
                images,
                "follow the spec layer by layer: 5x5 stride-2 convolutions ('same'), batch norm "
                "after convolutions 2-4 (momentum 0.1 as Keras momentum=0.9 or Chainer "
                "decay=0.9, epsilon 1e-5), LeakyReLU(0.2) after each, flatten, Dense(1).")
            if batch_norm:
                checks.check_norm_then_activation(probe, fresh, images, slope=LEAK)


@register("dcgan.training", answer="history")
def check_training(history, probe, samples=None, dataset=None):
    """Finite losses, D not winning outright; outside the smoke profile, real-like ``samples``."""
    gan_checks.check_history(history, probe)
    sample_checks.judge_if_trained(probe, samples, dataset)


def benchmark_step(reference, config, adapter):
    """One discriminator step and one generator step at full size (topic 04's steps)."""
    saved = saved_module(adapter)
    generator = reference.place(reference.DCGANGenerator(config.channels, config.image_size,
                                                         config.latent_dim, config.width))
    discriminator = reference.place(reference.DCGANDiscriminator(
        config.channels, config.image_size, config.width))
    g_optimizer, d_optimizer = adapter.adam(generator, config.lr), adapter.adam(discriminator, config.lr)
    rng = np.random.default_rng(0)
    batch = rng.uniform(-1, 1, size=(config.batch_size, *config.image_shape)).astype(np.float32)
    real = adapter.tensor(adapter.to_layout(batch), like=discriminator)

    def step():
        z = saved.sample_latent(config.batch_size, config.latent_dim)
        saved.discriminator_step(generator, discriminator, d_optimizer, real, z)
        z = saved.sample_latent(config.batch_size, config.latent_dim)
        saved.generator_step(generator, discriminator, g_optimizer, z)

    return step
