"""Topic 04, GAN (Goodfellow et al., 2014): hyperparameters and graders."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..grading import register
from . import checks, gan_checks, sample_checks, saved_module

LEAK = 0.2  # LeakyReLU slope of both networks


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


# (height, width, channels, latent_dim): a small grey image, then non-square RGB, other noise
GRADING_SETTINGS = ((6, 6, 1, 16), (5, 4, 3, 7))


@register("gan.generator", answer="class")
def check_generator(generator_class, probe):
    """``Generator(image_shape, latent_dim)``: z -> 128 -> 256 -> 512 (LeakyReLU) -> pixels + tanh."""
    for height, width, channels, latent_dim in GRADING_SETTINGS:
        shape = probe.adapter.image_shape(height, width, channels)
        with probe.setting(f"Generator({shape}, latent_dim={latent_dim})"):
            model = checks.build(probe, generator_class, shape, latent_dim)
            z = checks.latent(4, latent_dim)
            checks.check_output_shape(probe, model, z, (4, *shape),
                                      "reshape the last layer's H*W*C outputs to image_shape.")
            pixels = height * width * channels
            checks.check_parameter_count(
                probe, model, generator_parameter_count(pixels, latent_dim),
                f"four Dense/Linear layers with bias: latent_dim ({latent_dim}) -> 128 -> 256 -> "
                f"512 -> H*W*C ({pixels}); use the arguments, not fixed numbers.")
            checks.check_output_range(probe, model, z, "tanh",
                                      "end with tanh: the training images are in [-1, 1] (a "
                                      "sigmoid covers only [0, 1], and no activation is unbounded).")
            checks.check_batch_dependence(
                probe, model, z, checks.latent(3, latent_dim, seed=1), False,
                "the image made from one z depends on the other noise vectors of the batch.",
                "keep the batch axis: each z goes through the layers on its own.")
            checks.check_gradients_reach_all(probe, model, z)
            checks.check_activations(probe, model, z, pattern=[LEAK, LEAK, LEAK, None], output="tanh",
                                     where="each hidden Dense/Linear layer (not the last)")


@register("gan.discriminator", answer="class")
def check_discriminator(discriminator_class, probe):
    """``Discriminator(image_shape)``: flatten -> 512 -> 256 (LeakyReLU) -> 1 logit."""
    for height, width, channels, _ in GRADING_SETTINGS:
        shape = probe.adapter.image_shape(height, width, channels)
        with probe.setting(f"Discriminator({shape})"):
            model = checks.build(probe, discriminator_class, shape)
            images = checks.sample_images(probe, 4, height, width, channels)
            checks.check_output_shape(probe, model, images, (4, 1),
                                      "flatten the image and end with a Dense/Linear layer of 1 unit.")
            pixels = height * width * channels
            checks.check_parameter_count(probe, model, discriminator_parameter_count(pixels),
                                         f"three Dense/Linear layers with bias: H*W*C ({pixels}) "
                                         "-> 512 -> 256 -> 1; use image_shape.")
            checks.check_output_range(probe, model, images, "unbounded",
                                      "return the raw logit: no sigmoid at the end, BCE-with-logits "
                                      "in the loss applies it (a sigmoid here would be applied twice).")
            checks.check_batch_dependence(
                probe, model, images, checks.sample_images(probe, 3, height, width, channels, 1),
                False, "the logit of an image depends on the other images of the batch.",
                "flatten each image on its own: reshape to (batch, H*W*C).")
            checks.check_gradients_reach_all(probe, model, images, to_input=True)
            checks.check_activations(probe, model, images,
                                     pattern=[LEAK, LEAK, None],
                                     where="each hidden Dense/Linear layer (not the last)")


@register("gan.discriminator_loss")
def check_discriminator_loss(loss_fn, probe):
    """``discriminator_loss(real_logits, fake_logits)``: BCE(real -> 1) + BCE(fake -> 0)."""
    gan_checks.check_discriminator_loss(probe, loss_fn)


@register("gan.generator_loss")
def check_generator_loss(loss_fn, probe):
    """``generator_loss(fake_logits)``: the non-saturating BCE(fake -> 1)."""
    gan_checks.check_generator_loss(probe, loss_fn)


@register("gan.discriminator_step")
def check_discriminator_step(step, probe):
    """``discriminator_step(G, D, d_optimizer, real, z)``: one step of D, fakes held fixed."""
    gan_checks.check_discriminator_step(probe, step)


@register("gan.generator_step")
def check_generator_step(step, probe):
    """``generator_step(G, D, g_optimizer, z)``: one step of G through the current D."""
    gan_checks.check_generator_step(probe, step)


@register("gan.training", answer="history")
def check_training(history, probe, samples=None, dataset=None):
    """The losses of every epoch are finite and D does not win outright; outside the smoke
    profile, ``samples`` of the trained G must be judged real-like (:mod:`.sample_checks`)."""
    gan_checks.check_history(history, probe)
    sample_checks.judge_if_trained(probe, samples, dataset)


def benchmark_step(reference, config, adapter):
    """One D step and one G step of the full-size MLP GAN on a random batch."""
    saved = saved_module(adapter)
    shape = adapter.image_shape(*config.image_shape)
    generator = reference.place(reference.Generator(shape, config.latent_dim))
    discriminator = reference.place(reference.Discriminator(shape))
    step = saved.make_gan_step(generator, discriminator, adapter.adam(discriminator, config.lr),
                               adapter.adam(generator, config.lr), config.latent_dim)
    rng = np.random.default_rng(0)
    batch = rng.uniform(-1, 1, size=(config.batch_size, *config.image_shape)).astype(np.float32)
    real = adapter.tensor(adapter.to_layout(batch), like=discriminator)
    return lambda: step(real)
