"""Topic 06, conditional GAN (Mirza & Osindero, 2014): hyperparameters and graders.

The networks are graded on small instances (``width`` 0.25, 16x16 and 32x32 images), and
their parameter counts come from topic 05's formulas with the wider inputs: the
generator's dense layer takes ``latent_dim + num_classes`` numbers, the discriminator's
first convolution ``channels + num_classes`` planes. The training steps are graded by
topic 04's step checks (``gan_checks``) with a one-hot label as the condition.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import numpy as np

from ..grading import GradingError, register
from . import autoencoder_checks as checks
from . import gan_checks
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

GRADING_WIDTH = 0.25


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
    if isinstance(function, type) or not callable(function):
        probe.fail(f"expected a function, got {type(function).__name__}.",
                   "pass the function itself: grade('conditional_gan.label_planes', label_planes).")
    batch, classes, height, width = 3, 4, 3, 5
    layout_hint = ("one plane per class, in the framework's layout: (B, K, H, W) channels first "
                   "in PyTorch and Chainer, (B, H, W, K) channels last in Keras.")
    # Distinct values (not only 0 and 1), so that any mix-up of examples or classes shows.
    values = (np.arange(batch * classes, dtype=np.float32).reshape(batch, classes) + 1.0) / 10.0
    for case, labels in (("one-hot labels", one_hot([2, 0, 3], classes)), ("distinct values", values)):
        output = probe.run(f"label_planes(one_hot, {height}, {width})", function,
                           adapter.tensor(labels), height, width)
        output = np.asarray(adapter.to_numpy(output), np.float64)
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


@register("conditional_gan.generator")
def check_generator(generator_class, probe):
    """``ConditionalGenerator(channels, image_size, num_classes, latent_dim=100, width=1.0)``."""
    adapter = probe.adapter
    rng = np.random.default_rng(0)
    for channels, size, classes, latent_dim in ((1, 16, 10, 100), (3, 32, 4, 16)):
        model = checks.build(probe, generator_class, channels, size, classes,
                             latent_dim=latent_dim, width=GRADING_WIDTH)
        z = rng.standard_normal((4, latent_dim)).astype(np.float32)
        labels = one_hot(_labels(4, classes, 1), classes)
        output = checks.forward(probe, model, z, labels)
        checks.expect_shape(probe, output, (4, *adapter.image_shape(size, size, channels)),
                     "G(z, one_hot) returns images: topic 05's generator (four stride-2 "
                     "transposed convolutions after the dense projection) with `channels` "
                     "output channels.")
        checks.check_parameter_count(
            probe, model, generator_parameter_count(channels, size, classes, latent_dim,
                                                    GRADING_WIDTH),
            f"topic 05's generator whose dense layer reads latent_dim + num_classes = "
            f"{latent_dim} + {classes} numbers: concatenate the one-hot label to z (along the "
            "feature axis) and build the DCGAN generator for that input size, with `width`.")

    model = checks.build(probe, generator_class, 1, 16, 10, latent_dim=100, width=GRADING_WIDTH)
    z = rng.standard_normal((10, 100)).astype(np.float32)
    labels = one_hot(np.arange(10), 10)
    _check_label_used(probe, model, z, labels, labels[::-1].copy(), "the images",
                      "feed the concatenation [z, one_hot] to the generator, not z alone.")
    same = checks.forward(probe, model, z, labels)
    other = checks.forward(probe, model, rng.standard_normal((10, 100)).astype(np.float32), labels)
    probe.expect(np.abs(same - other).max() > 1e-6 * (np.abs(same).max() + 1e-12),
                 "changing only z does not change the images: every image of a class would "
                 "be the same.", "feed the concatenation [z, one_hot], not the label alone.")
    huge = checks.forward(probe, model, z * 1e4, labels)
    probe.expect(np.abs(huge).max() <= 1.0 + 1e-5 and huge.min() < -0.5 and huge.max() > 0.5,
                 f"for huge z the outputs range over [{huge.min():.3g}, {huge.max():.3g}], not "
                 "up to [-1, 1].",
                 "keep topic 05's tanh at the end: the training images are in [-1, 1].")
    checks.check_gradients_reach_all(probe, model, z[:4], labels[:4])


@register("conditional_gan.discriminator")
def check_discriminator(discriminator_class, probe):
    """``ConditionalDiscriminator(channels, image_size, num_classes, width=1.0)``: (B, 1) logits."""
    adapter = probe.adapter
    rng = np.random.default_rng(0)
    for channels, size, classes in ((1, 16, 10), (3, 32, 4)):
        model = checks.build(probe, discriminator_class, channels, size, classes, width=GRADING_WIDTH)
        images = adapter.to_layout(rng.uniform(-1, 1, (4, size, size, channels)).astype(np.float32))
        labels = one_hot(_labels(4, classes, 1), classes)
        output = checks.forward(probe, model, images, labels)
        checks.expect_shape(probe, output, (4, 1),
                     "D(images, one_hot) returns one logit per image: topic 05's discriminator "
                     "on the images stacked with the label planes.")
        checks.check_parameter_count(
            probe, model, discriminator_parameter_count(channels, size, classes, GRADING_WIDTH),
            f"topic 05's discriminator whose first convolution reads channels + num_classes = "
            f"{channels} + {classes} planes: stack label_planes(one_hot, H, W) onto the images "
            "along the channel axis, and build the DCGAN discriminator for that many channels.")

    model = checks.build(probe, discriminator_class, 1, 16, 10, width=GRADING_WIDTH)
    images = adapter.to_layout(rng.uniform(-1, 1, (10, 16, 16, 1)).astype(np.float32))
    labels = one_hot(np.arange(10), 10)
    _check_label_used(probe, model, images, labels, labels[::-1].copy(), "the logits",
                      "concatenate label_planes(one_hot, H, W) to the images (channel axis) "
                      "before the first convolution.")
    checks.check_gradients_reach_all(probe, model, images[:4], labels[:4])
    # With every parameter made non-negative (biases and shifts are 0 after dcgan_init) and
    # inference-mode batch norm at its initial statistics, white images give a large logit;
    # a sigmoid (or tanh) at the end would squash it below 1.
    adapter.set_parameters(model, [np.abs(p) for p in adapter.parameters(model)])
    logits = checks.forward(probe, model, adapter.to_layout(np.ones((2, 16, 16, 1), np.float32)),
                            labels[:2])
    probe.expect(np.all(logits > 1.0),
                 f"with large positive weights D's output is only {logits.max():.3g}: it is "
                 "squashed into a probability.",
                 "return the logit: no sigmoid at the end (topic 04's loss applies it).")


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
    if isinstance(step, type) or not callable(step):
        probe.fail(f"expected a function, got {type(step).__name__}.",
                   "pass the function itself, conditional_discriminator_step.")
    _with_label_hint(lambda: gan_checks.check_discriminator_step(
        probe, step, condition_shapes=[(STEP_CLASSES,)], conditions=_step_conditions,
        name="conditional_discriminator_step"))


@register("conditional_gan.generator_step")
def check_generator_step(step, probe):
    """``conditional_generator_step(generator, discriminator, g_optimizer, z, one_hot)``."""
    if isinstance(step, type) or not callable(step):
        probe.fail(f"expected a function, got {type(step).__name__}.",
                   "pass the function itself, conditional_generator_step.")
    _with_label_hint(lambda: gan_checks.check_generator_step(
        probe, step, condition_shapes=[(STEP_CLASSES,)], conditions=_step_conditions,
        name="conditional_generator_step"))


register("conditional_gan.training")(gan_checks.check_training)


def benchmark_step(reference, config, adapter):
    """One conditional D step and one conditional G step at full size."""
    saved = importlib.import_module(f"course_utils.saved.{adapter.name}")
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
