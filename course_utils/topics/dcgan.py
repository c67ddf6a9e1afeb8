"""Topic 05, DCGAN: hyperparameters and graders.

The generator and discriminator are graded on small instances (``width`` < 1, 16x16 and
32x32 images) so a check takes well under a second on a CPU; parameter counts come from
the formulas below, which follow the spec's filter counts scaled by ``width``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import numpy as np

from ..grading import register
from . import autoencoder_checks as checks
from . import gan_checks

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


# ------------------------------------------------------------------ framework specifics


def _init_test_network(adapter, answer):
    """A network with every layer kind DCGAN uses, filled with a sentinel, then ``answer``
    applied to it. Returns ``{kind: [(layer, array), ...]}`` for kinds weight, bias, gamma
    and beta, plus a callable that runs ``answer``."""
    sentinel = 5.0
    if adapter.name == "pytorch":
        from torch import nn

        net = nn.Sequential(nn.Conv2d(3, 64, 5), nn.ConvTranspose2d(64, 32, 5), nn.BatchNorm2d(128),
                            nn.Linear(256, 128), nn.BatchNorm1d(512))
        for p in net.parameters():
            nn.init.constant_(p, sentinel)

        def run():
            net.apply(answer)

        def named():
            kinds = {"weight": [], "bias": [], "gamma": [], "beta": []}
            for module in net:
                label = type(module).__name__
                if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
                    kinds["gamma"].append((label, module.weight))
                    kinds["beta"].append((label, module.bias))
                else:
                    kinds["weight"].append((label, module.weight))
                    kinds["bias"].append((label, module.bias))
            return {k: [(n, p.detach().cpu().numpy()) for n, p in v] for k, v in kinds.items()}

        return run, named
    if adapter.name == "keras":
        import keras

        net = keras.Sequential([
            keras.layers.Conv2D(64, 5, padding="same"),
            keras.layers.Conv2DTranspose(32, 5, padding="same"),
            keras.layers.BatchNormalization(), keras.layers.Flatten(), keras.layers.Dense(128),
            keras.layers.BatchNormalization(), keras.layers.Dense(512),
            keras.layers.BatchNormalization(),
        ])
        net(keras.Input((4, 4, 3)))
        for variable in net.trainable_variables:
            variable.assign(np.full(variable.shape, sentinel, np.float32))

        def run():
            answer(net)

        def named():
            kinds = {"weight": [], "bias": [], "gamma": [], "beta": []}
            for layer in net.layers:
                for variable in layer.trainable_variables:
                    kind = {"kernel": "weight"}.get(variable.name, variable.name)
                    kinds[kind].append((type(layer).__name__, np.array(variable.numpy())))
            return kinds

        return run, named
    from ..chainer_compat import import_chainer

    chainer = import_chainer()
    L = chainer.links
    net = chainer.Sequential(L.Convolution2D(3, 64, 5), L.Deconvolution2D(64, 32, 5),
                             L.BatchNormalization(128), L.Linear(256, 128),
                             L.BatchNormalization(512))
    for _, param in net.namedparams():
        param.array[...] = sentinel

    def run():
        answer(net)

    def named():
        kinds = {"weight": [], "bias": [], "gamma": [], "beta": []}
        for link in net.children():
            label = type(link).__name__
            if isinstance(link, L.BatchNormalization):
                kinds["gamma"].append((label, link.gamma.array.copy()))
                kinds["beta"].append((label, link.beta.array.copy()))
            else:
                kinds["weight"].append((label, link.W.array.copy()))
                kinds["bias"].append((label, link.b.array.copy()))
        return kinds

    return run, named


# ---------------------------------------------------------------------------- graders


@register("dcgan.init")
def check_init(init_function, probe):
    """``dcgan_init``: weights N(0, 0.02), biases 0, batch-norm gamma N(1, 0.02), beta 0."""
    if isinstance(init_function, type) or not callable(init_function):
        probe.fail(f"expected a function, got {type(init_function).__name__}.",
                   "pass the function itself: grade('dcgan.init', dcgan_init).")
    run, named = _init_test_network(probe.adapter, init_function)
    usage = {"pytorch": "model.apply(dcgan_init)"}.get(probe.adapter.name, "dcgan_init(model)")
    probe.run(usage, run)
    kinds = named()
    for kind, entries in kinds.items():
        for layer, value in entries:
            probe.expect(not np.any(value == 5.0),
                         f"the {kind} of a {layer} layer was left as it was.",
                         "handle every layer kind DCGAN uses: convolutions, transposed "
                         "convolutions, dense/linear layers and batch normalization.")
    for layer, value in kinds["weight"]:
        value = value.astype(np.float64)
        std, mean = value.std(), value.mean()
        probe.expect(abs(std - INIT_STD) < 0.1 * INIT_STD and abs(mean) < 0.1 * INIT_STD,
                     f"the weights of a {layer} layer have mean {mean:.4f} and standard deviation "
                     f"{std:.4f}; DCGAN draws them from N(0, 0.02).",
                     "draw weights from a normal distribution with mean 0 and standard "
                     "deviation 0.02 (not a variance of 0.02, not Glorot/He, not uniform).")
    weights = np.concatenate([v.ravel() for _, v in kinds["weight"]]).astype(np.float64)
    tails = np.mean(np.abs(weights) > 2 * INIT_STD)
    probe.expect(0.03 < tails < 0.065,
                 f"{tails:.1%} of the weights lie beyond two standard deviations; a normal "
                 "distribution puts 4.6% there.",
                 "use a normal (Gaussian) distribution, not a uniform or truncated one.")
    for kind in ("bias", "beta"):
        for layer, value in kinds[kind]:
            probe.expect(np.all(value == 0),
                         f"the {kind} of a {layer} layer is not zero.",
                         f"set every {kind} to 0.")
    gammas = np.concatenate([v.ravel() for _, v in kinds["gamma"]]).astype(np.float64)
    probe.expect(abs(gammas.mean() - 1.0) < 0.01 and abs(gammas.std() - INIT_STD) < 0.25 * INIT_STD,
                 f"the batch-norm scales (gamma) have mean {gammas.mean():.4f} and standard "
                 f"deviation {gammas.std():.4f}; DCGAN draws them from N(1, 0.02).",
                 "draw gamma from a normal distribution with mean 1 and standard deviation "
                 "0.02: a scale of 0 would switch the layer off.")


def _check_batch_dependence(probe, model, inputs, others, depends: bool, message: str, hint: str):
    """Train-mode outputs of ``inputs`` alone vs. inside a bigger batch."""
    alone = checks.forward(probe, model, inputs, training=True)
    together = checks.forward(probe, model, np.concatenate([inputs, others]), training=True)
    gap = float(np.abs(alone - together[: len(inputs)]).max())
    probe.expect((gap > 1e-4) == depends, message, hint)


@register("dcgan.generator")
def check_generator(generator_class, probe):
    """``DCGANGenerator(channels, image_size, latent_dim=100, width=1.0)``."""
    adapter = probe.adapter
    for channels, size, latent_dim in ((1, 16, 100), (3, 32, 64)):
        model = checks.build(probe, generator_class, channels, size, latent_dim=latent_dim, width=0.25)
        z = gan_checks.latent(4, latent_dim)
        checks.check_output_shape(
            probe, model, z, (4, *adapter.image_shape(size, size, channels)),
            "project z to (H/16, W/16, 256*width) with the dense layer, reshape, then four "
            "transposed convolutions (kernel 5, stride 2, 'same' padding), each doubling the "
            "size; the last has `channels` filters.")
        checks.check_parameter_count(
            probe, model, generator_parameter_count(channels, size, latent_dim, 0.25),
            "dense (no bias) + BN, transposed convs with 512, 256, 128 filters (5x5, no bias, "
            "each + BN) and a last 5x5 transposed conv with `channels` filters and a bias; "
            "every filter count times `width`.")

    # A fresh model in inference mode (running statistics 0 and 1) is positively homogeneous
    # before the output activation: huge z drives tanh to +-1, and G(-z) = -G(z) iff linear.
    model = checks.build(probe, generator_class, 1, 16, latent_dim=100, width=0.25)
    z = gan_checks.latent(8, 100, seed=1)
    gan_checks.check_tanh_output(probe, model, z * 200.0,  # x50 inside: z times 10^4
                                 "end with tanh: the training images are in [-1, 1] (a sigmoid "
                                 "covers only [0, 1], and no activation is unbounded).")
    small = checks.forward(probe, model, z)
    flipped = checks.forward(probe, model, -z)
    probe.expect(np.abs(small + flipped).max() > 1e-3 * (np.abs(small).max() + 1e-12),
                 "G(-z) = -G(z): nothing between the layers is nonlinear.",
                 "apply a ReLU after each batch normalization.")
    _check_batch_dependence(
        probe, model, z[:4], gan_checks.latent(4, 100, seed=2), True,
        "in training mode the output for one z does not depend on the rest of the batch, so "
        "batch normalization is missing or never uses the batch statistics.",
        "put a batch normalization after the dense layer and after each hidden transposed "
        "convolution, and call it in training mode during training.")
    checks.check_gradients_reach_all(probe, model, z[:4])


def _check_leaky_logits(probe, model):
    """With every parameter made non-negative (biases and shifts are 0 after dcgan_init) and
    inference-mode BN at its initial running statistics, an all-negative image keeps every
    pre-activation negative: each LeakyReLU multiplies by its slope, a ReLU gives 0."""
    adapter = probe.adapter
    adapter.set_parameters(model, [np.abs(p) for p in adapter.parameters(model)])
    ones = adapter.to_layout(np.ones((2, 16, 16, 1), np.float32))
    positive = checks.forward(probe, model, ones).astype(np.float64)
    negative = checks.forward(probe, model, -ones).astype(np.float64)
    probe.expect(np.all(positive > 1.0),
                 f"with large positive weights D's output is only {positive.max():.3g}: it is "
                 "squashed into a probability.",
                 "return the logit: no sigmoid at the end (topic 04's loss applies it).")
    ratio = float(np.mean(negative / positive))
    probe.expect(ratio < 0,
                 "negative activations are cut to zero: D is blind to everything its filters "
                 "respond to negatively.",
                 "use LeakyReLU with slope 0.2 after each convolution, not ReLU.")
    slope = (-ratio) ** 0.25
    probe.expect(abs(slope - LEAK) < 0.02 * LEAK,
                 f"the leaky slope is about {slope:.3f} (averaged over the four layers), "
                 f"expected {LEAK}.",
                 "pass the slope explicitly: LeakyReLU(0.2). PyTorch's default is 0.01, "
                 "Keras's 0.3.")


@register("dcgan.discriminator")
def check_discriminator(discriminator_class, probe):
    """``DCGANDiscriminator(channels, image_size, width=1.0, batch_norm=True)``: logits (B, 1)."""
    for channels, size, batch_norm in ((1, 16, True), (3, 32, True), (1, 16, False)):
        model = checks.build(probe, discriminator_class, channels, size, width=0.25,
                             batch_norm=batch_norm)
        images = checks.sample_images(probe, 4, size, size, channels)
        checks.check_output_shape(
            probe, model, images, (4, 1),
            "four convolutions (kernel 5, stride 2, 'same' padding) halve the size to H/16, "
            "then flatten and a dense layer with one output.")
        checks.check_parameter_count(
            probe, model, discriminator_parameter_count(channels, size, 0.25, batch_norm),
            "5x5 convolutions with 32, 64, 128, 256 filters (times `width`); with batch_norm, "
            "convolutions 2-4 have no bias and a BN each, the first has a bias and no BN; "
            "without, all four have a bias. Then Dense(1)." if batch_norm else
            "with batch_norm=False: four 5x5 convolutions with a bias each and no batch "
            "normalization, then Dense(1).")
        others = checks.sample_images(probe, 4, size, size, channels, seed=1)
        if batch_norm:
            _check_batch_dependence(
                probe, model, images, others, True,
                "in training mode D's output for an image does not depend on the rest of the "
                "batch: batch normalization is missing or never uses the batch statistics.",
                "put a batch normalization after convolutions 2, 3 and 4 and call it in "
                "training mode during training.")
            checks.check_gradients_reach_all(probe, model, images)
        else:
            _check_batch_dependence(
                probe, model, images, others, False,
                "with batch_norm=False D's output for an image still depends on the other "
                "images of the batch.", "leave batch normalization out when batch_norm=False.")
    for batch_norm in (True, False):
        _check_leaky_logits(probe, checks.build(probe, discriminator_class, 1, 16, width=0.25,
                                                batch_norm=batch_norm))


register("dcgan.training")(gan_checks.check_training)


def benchmark_step(reference, config, adapter):
    """One discriminator step and one generator step at full size (topic 04's steps)."""
    saved = importlib.import_module(f"course_utils.saved.{adapter.name}")
    generator = reference.place(reference.DCGANGenerator(config.channels, config.image_size,
                                                         config.latent_dim, config.width))
    discriminator = reference.place(reference.DCGANDiscriminator(
        config.channels, config.image_size, config.width))
    g_optimizer, d_optimizer = adapter.adam(generator, config.lr), adapter.adam(discriminator, config.lr)
    rng = np.random.default_rng(0)
    batch = rng.uniform(-1, 1, size=(config.batch_size, *config.image_shape)).astype(np.float32)
    real = adapter.tensor(adapter.to_layout(batch), like=discriminator)

    def step():
        z = saved.samplegan_checks.latent(config.batch_size, config.latent_dim)
        saved.discriminator_step(generator, discriminator, d_optimizer, real, z)
        z = saved.samplegan_checks.latent(config.batch_size, config.latent_dim)
        saved.generator_step(generator, discriminator, g_optimizer, z)

    return step
