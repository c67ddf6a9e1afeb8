"""Topic 06, conditional GAN (Mirza & Osindero, 2014): hyperparameters and graders.

The networks are graded on small instances (``width`` 0.25, 16x16 and 32x32 images), and
their parameter counts come from topic 05's formulas with the wider inputs: the
generator's dense layer takes ``latent_dim + num_classes`` numbers, the discriminator's
first convolution ``channels + num_classes`` planes. The training steps are graded by
topic 04's step checks (``gan_checks``) with a one-hot label as the condition.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..grading import GradingError, register
from . import checks, gan_checks, sample_checks, saved_module
from .dcgan import discriminator_parameter_count as dcgan_discriminator_count
from .dcgan import generator_parameter_count as dcgan_generator_count


@dataclass(frozen=True)
class Config:
    dataset: str = "mnist"
    image_size: int = 32  # a multiple of 16 (topic 05's networks); MNIST is resized to 32x32
    channels: int = 1
    num_classes: int = 10  # MNIST and scikit-learn's digits: the ten digits
    latent_dim: int = 100
    width: float = 1.0  # topic 05's filter multiplier: 1 is the spec; smaller profiles scale it
    lr: float = 2e-4  # Adam for G and D, as in DCGAN
    beta1: float = 0.5
    batch_size: int = 128
    epochs: int = 10
    train_size: int | None = None  # None keeps the whole training split
    grid_columns: int = 8  # noise vectors (columns) of the class-by-row sample grids
    per_class: int = 100  # generated images per class measured by quality_report at the end

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return (self.image_size, self.image_size, self.channels)


PROFILES = {
    "full": Config(),
    # digits are 8x8 images upsampled: 16x16 loses nothing and trains 4x faster than 32x32.
    # digits keeps 300 real images for the quality references: 10 x 30 generated ones match.
    "quick": Config(dataset="digits", image_size=16, width=0.25, batch_size=64, epochs=30,
                    per_class=30),
    "smoke": Config(dataset="digits", image_size=16, width=0.0625, batch_size=64, epochs=2,
                    train_size=256, per_class=10),
}

LEAK = 0.2  # topic 05's LeakyReLU slope


def generator_parameter_count(channels: int, image_size: int, num_classes: int,
                              latent_dim: int = 100, width: float = 1.0) -> int:
    """Topic 05's generator whose dense layer reads z and the one-hot label."""
    return dcgan_generator_count(channels, image_size, latent_dim + num_classes, width)


def discriminator_parameter_count(channels: int, image_size: int, num_classes: int,
                                  width: float = 1.0) -> int:
    """Topic 05's discriminator whose first convolution reads the images and the label planes."""
    return dcgan_discriminator_count(channels + num_classes, image_size, width)


# ---------------------------------------------------------------------------- helpers


def one_hot(labels, num_classes: int) -> np.ndarray:
    return np.eye(num_classes, dtype=np.float32)[np.asarray(labels)]


def _labels(batch: int, num_classes: int, seed: int) -> np.ndarray:
    """``batch`` labels that use several classes (so that shuffling them changes something)."""
    labels = np.arange(batch) % num_classes
    return np.random.default_rng(seed).permutation(labels)


def _check_label_used(probe, model, first, labels_a, labels_b, what: str, hint: str) -> None:
    """Same first input, other labels: the output must change."""
    a = checks.forward(probe, model, first, labels_a)
    b = checks.forward(probe, model, first, labels_b)
    gap = float(np.abs(a - b).max())
    probe.expect(gap > 1e-6 * (np.abs(a).max() + 1e-12),
                 f"changing only the labels does not change {what}: the model ignores them.", hint)


# ---------------------------------------------------------------------------- graders


@register("conditional_gan.label_planes")
def check_label_planes(function, probe):
    """``label_planes(one_hot, height, width)``: (B, K) -> K constant planes per example."""
    adapter = probe.adapter
    batch, classes, height, width = 3, 4, 3, 5
    layout_hint = ("one plane per class, in the framework's layout: (B, K, H, W) channels first "
                   "in PyTorch and Chainer, (B, H, W, K) channels last in Keras.")
    # Distinct values (not only 0 and 1), so that any mix-up of examples or classes shows.
    values = (np.arange(batch * classes, dtype=np.float32).reshape(batch, classes) + 1.0) / 10.0
    for case, labels in (("one-hot labels", one_hot([2, 0, 3], classes)), ("distinct values", values)):
        output = probe.run(f"label_planes(one_hot, {height}, {width})", function,
                                     adapter.tensor(labels), height, width)
        probe.expect(adapter.is_array(output),
                     f"label_planes returned a {type(output).__name__}, not a {adapter.name} "
                     "tensor: the discriminator cannot stack it onto its images.",
                     "build the planes with the framework's operations (reshape, broadcast or "
                     "tile, or a multiplication by ones), not NumPy.")
        output = checks.as_array(probe, output, "label_planes")
        probe.expect(output.dtype == np.float32, f"the planes are {output.dtype}, the images "
                     "float32.", "keep the labels' float32 type (e.g. ones_like, or multiply).")
        output = output.astype(np.float64)
        expected = np.broadcast_to(labels[:, None, None, :], (batch, height, width, classes))
        expected = expected.transpose(0, 3, 1, 2) if adapter.layout == "NCHW" else expected
        checks.expect_shape(probe, output, expected.shape, layout_hint)
        if np.allclose(output, expected):
            continue
        planes = adapter.from_layout(output)  # (B, H, W, K)
        if np.allclose(planes[:, 0, 0, :], labels) and not np.any(planes[:, 1:, 1:, :]):
            probe.fail(f"with {case}, the label sits in the top-left pixel only; the other pixels "
                       "are 0.", "broadcast (or tile) the label over every pixel: each plane is "
                       "constant, so every convolution window sees it.")
        probe.fail(f"with {case}, the planes do not hold the labels: pixel (i, j) of plane k "
                   "of example b must be one_hot[b, k].",
                   "reshape one_hot to (B, K, 1, 1) (channels first) or (B, 1, 1, K) (channels "
                   "last), then broadcast or tile it over height and width; repeating the flat "
                   "(B, K) array and reshaping mixes the classes.")
    compiled = adapter.compiled(function)  # as inside a training step: any batch size
    for size in (3, 5):
        output = probe.run("label_planes inside a compiled training step",
                                     compiled, adapter.tensor(one_hot(np.arange(size) % classes,
                                                                      classes)), height, width)
        checks.expect_shape(probe, checks.as_array(probe, output, "label_planes"),
                            (size, *adapter.image_shape(height, width, classes)),
                            "take the batch size from the tensor inside the computation "
                            "(keras.ops.shape(one_hot)[0], or broadcasting), not as a fixed "
                            "Python number.")


# (channels, image_size, num_classes, latent_dim, width)
GENERATOR_SETTINGS = ((1, 16, 10, 100, 0.25), (3, 32, 4, 16, 0.125))


@register("conditional_gan.generator", answer="class")
def check_generator(generator_class, probe):
    """``ConditionalGenerator(channels, image_size, num_classes, latent_dim=100, width=1.0)``."""
    adapter = probe.adapter
    rng = np.random.default_rng(0)
    for channels, size, classes, latent_dim, width in GENERATOR_SETTINGS:
        arguments = (channels, size, classes)
        options = dict(latent_dim=latent_dim, width=width)
        with probe.setting(f"ConditionalGenerator({channels}, {size}, {classes}, "
                           f"latent_dim={latent_dim}, width={width})"):
            model = checks.build(probe, generator_class, *arguments, **options)
            z = rng.standard_normal((4, latent_dim)).astype(np.float32)
            labels = one_hot(_labels(4, classes, 1), classes)
            output = checks.forward(probe, model, z, labels)
            checks.expect_shape(probe, output, (4, *adapter.image_shape(size, size, channels)),
                                "G(z, one_hot) returns images: topic 05's generator (four "
                                "stride-2 transposed convolutions after the dense projection) "
                                "with `channels` output channels.")
            checks.check_parameter_count(
                probe, model, generator_parameter_count(channels, size, classes, latent_dim, width),
                f"topic 05's generator whose dense layer reads latent_dim + num_classes = "
                f"{latent_dim} + {classes} numbers: concatenate the one-hot label to z (along "
                "the feature axis) and build the DCGAN generator for that input size, with "
                "`width`.")
            checks.check_output_range(probe, model, z, "tanh",
                                      "keep topic 05's tanh at the end: the training images are "
                                      "in [-1, 1].", labels)
            checks.check_batch_dependence(
                probe, model, z, rng.standard_normal((4, latent_dim)).astype(np.float32), True,
                "in training mode the image for one z does not depend on the rest of the batch: "
                "batch normalization is missing or never uses the batch statistics.",
                "keep topic 05's batch normalization and call it in training mode during "
                "training (in Keras pass training on to the DCGAN generator, do not fix it).",
                (labels, labels))
            checks.check_gradients_reach_all(probe, model, z, labels)

    channels, size, classes, latent_dim, width = GENERATOR_SETTINGS[0]
    fresh = checks.build(probe, generator_class, channels, size, classes, latent_dim=latent_dim,
                         width=width)  # its weights are set by the probes
    z = rng.standard_normal((4, latent_dim)).astype(np.float32)
    zero = np.zeros((4, classes), np.float32)  # with a zero label the network is homogeneous in z
    checks.check_activations(probe, fresh, z, zero, pattern=[0.0] * 4 + [None], output="tanh",
                             where="each batch normalization, as in topic 05")
    checks.check_norm_then_activation(probe, fresh, z, zero, slope=0.0, output="tanh")

    model = checks.build(probe, generator_class, 1, 16, 10, latent_dim=100, width=0.25)
    z = rng.standard_normal((10, 100)).astype(np.float32)
    labels = one_hot(np.arange(10), 10)
    _check_label_used(probe, model, z, labels, labels[::-1].copy(), "the images",
                      "feed the concatenation [z, one_hot] to the generator, not z alone.")
    same = checks.forward(probe, model, z, labels)
    other = checks.forward(probe, model, rng.standard_normal((10, 100)).astype(np.float32), labels)
    probe.expect(np.abs(same - other).max() > 1e-6 * (np.abs(same).max() + 1e-12),
                 "changing only z does not change the images: every image of a class would "
                 "be the same.", "feed the concatenation [z, one_hot], not the label alone.")


# (channels, image_size, num_classes, width)
DISCRIMINATOR_SETTINGS = ((1, 16, 10, 0.25), (3, 32, 4, 0.125))


@register("conditional_gan.discriminator", answer="class")
def check_discriminator(discriminator_class, probe):
    """``ConditionalDiscriminator(channels, image_size, num_classes, width=1.0)``: (B, 1) logits."""
    adapter = probe.adapter
    rng = np.random.default_rng(0)
    for channels, size, classes, width in DISCRIMINATOR_SETTINGS:
        arguments = (channels, size, classes)
        with probe.setting(f"ConditionalDiscriminator({channels}, {size}, {classes}, "
                           f"width={width})"):
            model = checks.build(probe, discriminator_class, *arguments, width=width)
            images = adapter.to_layout(rng.uniform(-1, 1, (4, size, size, channels)).astype(np.float32))
            labels = one_hot(_labels(4, classes, 1), classes)
            output = checks.forward(probe, model, images, labels)
            checks.expect_shape(probe, output, (4, 1),
                                "D(images, one_hot) returns one logit per image: topic 05's "
                                "discriminator on the images stacked with the label planes.")
            checks.check_parameter_count(
                probe, model, discriminator_parameter_count(channels, size, classes, width),
                f"topic 05's discriminator whose first convolution reads channels + num_classes "
                f"= {channels} + {classes} planes: stack label_planes(one_hot, H, W) onto the "
                "images along the channel axis, and build the DCGAN discriminator for that many "
                "channels, with `width`.")
            others = adapter.to_layout(rng.uniform(-1, 1, (4, size, size, channels)).astype(np.float32))
            checks.check_batch_dependence(
                probe, model, images, others, True,
                "in training mode D's output for an image does not depend on the rest of the "
                "batch: batch normalization is missing or never uses the batch statistics.",
                "keep topic 05's batch normalization and call it in training mode during "
                "training (in Keras pass training on to the DCGAN discriminator).",
                (labels, labels))
            checks.check_gradients_reach_all(probe, model, images, labels, to_input=True)

    channels, size, classes, width = DISCRIMINATOR_SETTINGS[0]
    fresh = checks.build(probe, discriminator_class, channels, size, classes, width=width)
    images = adapter.to_layout(rng.uniform(-1, 1, (4, size, size, channels)).astype(np.float32))
    zero = np.zeros((4, classes), np.float32)
    checks.check_activations(probe, fresh, images, zero, pattern=[LEAK] * 4 + [None],
                             where="each convolution, as in topic 05; none after the dense layer: "
                             "D returns the logit")
    checks.check_norm_then_activation(probe, fresh, images, zero, slope=LEAK)

    model = checks.build(probe, discriminator_class, 1, 16, 10, width=0.25)
    images = adapter.to_layout(rng.uniform(-1, 1, (10, 16, 16, 1)).astype(np.float32))
    labels = one_hot(np.arange(10), 10)
    _check_label_used(probe, model, images, labels, labels[::-1].copy(), "the logits",
                      "concatenate label_planes(one_hot, H, W) to the images (channel axis) "
                      "before the first convolution.")


STEP_CLASSES = 3


def _step_conditions(adapter, batch, seed):
    """The condition the step checks pass after the step's usual arguments: a one-hot batch."""
    return [adapter.tensor(one_hot(_labels(batch, STEP_CLASSES, seed + 10), STEP_CLASSES))]


LABEL_HINT = ("With labels: G makes the fakes from (z, one_hot), and D scores the real images "
              "and the fakes with that same one_hot (not zeroed, shuffled or new labels).")


def _with_label_hint(run) -> None:
    """Run a topic 04 step check; when the loss or the update is off, add the label hint."""
    try:
        run()
    except GradingError as error:
        if (error.message.startswith("the loss returned")
                or "does not match one optimizer step" in error.message):
            raise GradingError(error.check, error.message, f"{error.hint} {LABEL_HINT}") from None
        raise


@register("conditional_gan.discriminator_step")
def check_discriminator_step(step, probe):
    """``conditional_discriminator_step(generator, discriminator, d_optimizer, real, z, one_hot)``."""
    _with_label_hint(lambda: gan_checks.check_discriminator_step(
        probe, step, condition_shapes=[(STEP_CLASSES,)], conditions=_step_conditions,
        name="conditional_discriminator_step"))


@register("conditional_gan.generator_step")
def check_generator_step(step, probe):
    """``conditional_generator_step(generator, discriminator, g_optimizer, z, one_hot)``."""
    _with_label_hint(lambda: gan_checks.check_generator_step(
        probe, step, condition_shapes=[(STEP_CLASSES,)], conditions=_step_conditions,
        name="conditional_generator_step"))


@register("conditional_gan.training", answer="history")
def check_training(history, probe, samples=None, dataset=None, labels=None):
    """Finite losses, D not winning outright; outside the smoke profile, real-like ``samples``
    recognised as the classes ``labels`` they were generated for."""
    gan_checks.check_history(history, probe)
    sample_checks.judge_if_trained(probe, samples, dataset, labels)


def benchmark_step(reference, config, adapter):
    """One conditional D step and one conditional G step at full size."""
    saved = saved_module(adapter)
    generator = reference.place(reference.ConditionalGenerator(
        config.channels, config.image_size, config.num_classes, config.latent_dim, config.width))
    discriminator = reference.place(reference.ConditionalDiscriminator(
        config.channels, config.image_size, config.num_classes, config.width))
    g_optimizer, d_optimizer = adapter.adam(generator, config.lr), adapter.adam(discriminator, config.lr)
    rng = np.random.default_rng(0)
    batch = rng.uniform(-1, 1, size=(config.batch_size, *config.image_shape)).astype(np.float32)
    real = adapter.tensor(adapter.to_layout(batch), like=discriminator)
    labels = adapter.tensor(one_hot(rng.integers(0, config.num_classes, config.batch_size),
                                    config.num_classes), like=discriminator)

    def step():
        z = saved.sample_latent(config.batch_size, config.latent_dim)
        reference.conditional_discriminator_step(generator, discriminator, d_optimizer, real, z,
                                                 labels)
        z = saved.sample_latent(config.batch_size, config.latent_dim)
        reference.conditional_generator_step(generator, discriminator, g_optimizer, z, labels)

    return step
