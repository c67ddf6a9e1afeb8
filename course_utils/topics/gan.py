"""Topic 04, GAN (Goodfellow et al., 2014): hyperparameters and graders."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import numpy as np

from ..grading import register
from . import autoencoder_checks as ae
from . import gan_checks as checks


@dataclass(frozen=True)
class Config:
    dataset: str = "mnist"
    image_size: int = 28  # square images, side in pixels
    channels: int = 1
    latent_dim: int = 100  # z ~ N(0, I) in 100 dimensions
    lr: float = 2e-4  # Adam for G and for D (DCGAN practice; the paper used SGD + momentum)
    beta1: float = 0.5  # Adam's first-moment decay, lowered from 0.9 as in DCGAN
    batch_size: int = 64
    epochs: int = 30
    train_size: int | None = None  # None keeps the whole training split
    sample_count: int = 1000  # generated images measured at the end (quality, mode coverage)

    @property
    def image_shape(self) -> tuple[int, int, int]:
        """(height, width, channels), the NHWC order of the dataset arrays."""
        return (self.image_size, self.image_size, self.channels)


PROFILES = {
    "full": Config(),
    "quick": Config(dataset="digits", batch_size=32, epochs=100, sample_count=500),
    "smoke": Config(dataset="digits", image_size=16, epochs=2, train_size=256, sample_count=128),
}


def generator_parameter_count(pixels: int, latent_dim: int = 100) -> int:
    return ((latent_dim * 128 + 128) + (128 * 256 + 256) + (256 * 512 + 512)
            + (512 * pixels + pixels))


def discriminator_parameter_count(pixels: int) -> int:
    return (pixels * 512 + 512) + (512 * 256 + 256) + (256 * 1 + 1)


@register("gan.generator")
def check_generator(generator_class, probe, height=6, width=6, channels=1, latent_dim=16):
    """``Generator(image_shape, latent_dim)``: z -> 128 -> 256 -> 512 (LeakyReLU) -> pixels + tanh."""
    shape = probe.adapter.image_shape(height, width, channels)
    model = ae.build(probe, generator_class, shape, latent_dim)
    z = checks.latent(4, latent_dim)
    ae.check_output_shape(probe, model, z, (4, *shape),
                          "reshape the last layer's H*W*C outputs to image_shape.")
    pixels = height * width * channels
    ae.check_parameter_count(
        probe, model, generator_parameter_count(pixels, latent_dim),
        f"four Dense/Linear layers with bias: latent_dim ({latent_dim}) -> 128 -> 256 -> 512 -> "
        f"H*W*C ({pixels}); use the latent_dim argument.")
    checks.check_tanh_output(probe, model, z,
                             "end with tanh: the training images are in [-1, 1] (a sigmoid "
                             "covers only [0, 1], and no activation is unbounded).")
    # tanh is invertible: without hidden activations, atanh(G(z)) would be affine in z.
    a, b = 0.05 * z, 0.05 * checks.latent(4, latent_dim, seed=1)
    atanh = lambda x: np.arctanh(np.clip(ae.forward(probe, model, x), -0.999, 0.999))  # noqa: E731
    gap = atanh(a + b) - atanh(a) - atanh(b) + atanh(np.zeros_like(a))
    probe.expect(np.abs(gap).mean() > 1e-3 * (np.abs(atanh(a)).mean() + 1e-8),
                 "the hidden layers are linear: apart from the final tanh, the network is one "
                 "linear map.", "apply LeakyReLU(0.2) after each hidden Dense/Linear layer.")
    checks.check_no_dead_units(probe, model, z,
                               "use LeakyReLU(0.2), not ReLU: it keeps a gradient for negative "
                               "inputs, which matters when D's signal is all G learns from.")
    ae.check_gradients_reach_all(probe, model, z)


@register("gan.discriminator")
def check_discriminator(discriminator_class, probe, height=6, width=6, channels=1):
    """``Discriminator(image_shape)``: flatten -> 512 -> 256 (LeakyReLU) -> 1 logit."""
    shape = probe.adapter.image_shape(height, width, channels)
    model = ae.build(probe, discriminator_class, shape)
    images = ae.sample_images(probe, 4, height, width, channels)
    ae.check_output_shape(probe, model, images, (4, 1),
                          "flatten the image and end with a Dense/Linear layer of 1 unit.")
    pixels = height * width * channels
    ae.check_parameter_count(probe, model, discriminator_parameter_count(pixels),
                             f"three Dense/Linear layers with bias: H*W*C ({pixels}) -> 512 -> "
                             "256 -> 1.")
    ae.check_unbounded_output(probe, model, images,
                              "return the raw logit: no sigmoid at the end, BCE-with-logits in the "
                              "loss applies it (a sigmoid here would be applied twice).")
    ae.check_nonlinear(probe, model, images,
                       ae.sample_images(probe, 4, height, width, channels, seed=1),
                       "apply LeakyReLU(0.2) after each hidden Dense/Linear layer.")
    checks.check_no_dead_units(probe, model, images,
                               "use LeakyReLU(0.2), not ReLU: a dead unit gives G no gradient "
                               "through it.")
    ae.check_gradients_reach_all(probe, model, images)


@register("gan.discriminator_loss")
def check_discriminator_loss(loss_fn, probe):
    """``discriminator_loss(real_logits, fake_logits)``: BCE(real -> 1) + BCE(fake -> 0)."""
    checks.check_discriminator_loss(probe, loss_fn)


@register("gan.generator_loss")
def check_generator_loss(loss_fn, probe):
    """``generator_loss(fake_logits)``: the non-saturating BCE(fake -> 1)."""
    checks.check_generator_loss(probe, loss_fn)


@register("gan.discriminator_step")
def check_discriminator_step(step, probe):
    """``discriminator_step(G, D, d_optimizer, real, z)``: one step of D, fakes held fixed."""
    checks.check_discriminator_step(probe, step)


@register("gan.generator_step")
def check_generator_step(step, probe):
    """``generator_step(G, D, g_optimizer, z)``: one step of G through the current D."""
    checks.check_generator_step(probe, step)


register("gan.training")(checks.check_training)


def benchmark_step(reference, config, adapter):
    """One D step and one G step of the full-size MLP GAN on a random batch."""
    saved = importlib.import_module(f"course_utils.saved.{adapter.name}")
    shape = adapter.image_shape(*config.image_shape)
    generator = reference.place(reference.Generator(shape, config.latent_dim))
    discriminator = reference.place(reference.Discriminator(shape))
    step = saved.make_gan_step(generator, discriminator, adapter.adam(discriminator, config.lr),
                               adapter.adam(generator, config.lr), config.latent_dim)
    rng = np.random.default_rng(0)
    batch = rng.uniform(-1, 1, size=(config.batch_size, *config.image_shape)).astype(np.float32)
    real = adapter.tensor(adapter.to_layout(batch), like=discriminator)
    return lambda: step(real)
