"""Topic 02, convolutional autoencoder: hyperparameters and graders."""

from __future__ import annotations

from dataclasses import dataclass

from ..grading import register
from . import checks, saved_module


@dataclass(frozen=True)
class Config:
    dataset: str = "mnist"
    image_size: int = 28  # square images; must be divisible by 4 (two 2x poolings)
    channels: int = 1
    lr: float = 1e-3  # Adam, as in topic 01
    batch_size: int = 128
    epochs: int = 10
    train_size: int | None = None  # None keeps the whole training split
    test_size: int = 1000
    bottlenecks: tuple[int, ...] = (1, 2, 4, 16)  # latent channels tried in the trade-off study
    tradeoff_epochs: int = 3

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return (self.image_size, self.image_size, self.channels)


PROFILES = {
    "full": Config(),
    "quick": Config(dataset="digits", batch_size=64, epochs=40, test_size=297,
                    tradeoff_epochs=15),
    "smoke": Config(dataset="digits", image_size=16, batch_size=64, epochs=3, train_size=256,
                    test_size=64, bottlenecks=(1, 16), tradeoff_epochs=1),
}

# The training grader compares epochs: a dry run trains two.
DRY_RUN_CAPS = {"epochs": 2}


def encoder_parameter_count(channels: int, latent_channels: int = 16) -> int:
    return (channels * 9 * 32 + 32) + (32 * 9 * latent_channels + latent_channels)


def decoder_parameter_count(channels: int, latent_channels: int = 16) -> int:
    return (latent_channels * 4 * 32 + 32) + (32 * 4 * channels + channels)


# (height, width, channels, latent_channels): the spec's code, then non-square RGB with another
GRADING_SETTINGS = ((8, 8, 1, 16), (12, 8, 3, 5))


@register("conv_autoencoder.encoder", answer="class")
def check_encoder(encoder_class, probe):
    """``ConvEncoder(channels, latent_channels=16)``: two 3x3 convs with ReLU, each then 2x2 pooling."""
    for height, width, channels, latent in GRADING_SETTINGS:
        with probe.setting(f"ConvEncoder({channels}, latent_channels={latent})"):
            model = checks.build(probe, encoder_class, channels, latent_channels=latent)
            inputs = checks.sample_images(probe, 4, height, width, channels)
            shape = probe.adapter.image_shape(height // 4, width // 4, latent)
            checks.check_output_shape(probe, model, inputs, (4, *shape),
                                      "pad the 3x3 convolutions by 1 ('same') and halve the size "
                                      "with a 2x2 max-pooling after each of them; the second "
                                      "convolution has latent_channels filters.")
            checks.check_parameter_count(probe, model, encoder_parameter_count(channels, latent),
                                         "Conv(32, 3x3) then Conv(latent_channels, 3x3), both with "
                                         "bias; use the arguments channels and latent_channels.")
            code = checks.forward(probe, model, inputs)
            probe.expect(code.min() >= 0.0, "the code has negative values.",
                         "apply a ReLU after each convolution, before its pooling.")
            checks.check_batch_dependence(
                probe, model, inputs, checks.sample_images(probe, 3, height, width, channels, 1),
                False, "the code of an image depends on the other images of the batch.",
                "keep the batch axis apart: convolutions and pooling work per image.")
            checks.check_gradients_reach_all(probe, model, inputs)
            checks.check_activations(
                probe, model, inputs,
                pattern=[0.0, 0.0], exact=False, where="each convolution, before its pooling")
            checks.check_max_pooling(
                probe, model, inputs,
                checks.sample_images(probe, 4, height, width, channels, seed=2),
                "halve the size with a 2x2 max pooling (MaxPool2d(2), MaxPooling2D(2), "
                "F.max_pooling_2d(h, 2)) after each convolution and its ReLU.")


@register("conv_autoencoder.decoder", answer="class")
def check_decoder(decoder_class, probe):
    """``ConvDecoder(channels, latent_channels=16)``: two 2x2 stride-2 transposed convs."""
    for height, width, channels, latent in GRADING_SETTINGS:
        with probe.setting(f"ConvDecoder({channels}, latent_channels={latent})"):
            model = checks.build(probe, decoder_class, channels, latent_channels=latent)
            codes = checks.sample_images(probe, 4, height // 4, width // 4, latent)
            shape = probe.adapter.image_shape(height, width, channels)
            checks.check_output_shape(probe, model, codes, (4, *shape),
                                      "two transposed convolutions, kernel 2 and stride 2, each "
                                      "doubling the size; the first reads latent_channels "
                                      "channels, the last has `channels` filters.")
            checks.check_parameter_count(probe, model, decoder_parameter_count(channels, latent),
                                         "TransposedConv(32, 2x2) then TransposedConv(channels, "
                                         "2x2), both with bias.")
            checks.check_output_range(probe, model, codes, "linear",
                                      "leave the last layer without an activation, as in topic 01.")
            checks.check_gradients_reach_all(probe, model, codes)
            checks.check_activations(
                probe, model, codes,
                pattern=[0.0, None], where="the first transposed convolution only")


register("conv_autoencoder.training", answer="history")(checks.check_training)


def benchmark_step(reference, config, adapter):
    """One training step of the full-size convolutional autoencoder (topic 01's train_step)."""
    saved = saved_module(adapter)
    model = reference.place(reference.ConvAutoencoder(config.channels))
    return checks.benchmark_step(model, adapter, config, saved.train_step)
