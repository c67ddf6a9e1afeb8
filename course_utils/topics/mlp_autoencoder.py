"""Topic 01, MLP autoencoder: hyperparameters and graders."""

from __future__ import annotations

from dataclasses import dataclass

from ..grading import register
from . import checks


@dataclass(frozen=True)
class Config:
    dataset: str = "mnist"
    image_size: int = 28  # square images, side in pixels
    channels: int = 1
    latent_dim: int = 64  # width of the bottleneck Dense layer (course spec)
    lr: float = 1e-3  # Adam, course spec
    batch_size: int = 128
    epochs: int = 10
    train_size: int | None = None  # None keeps the whole training split
    test_size: int = 1000  # held-out images for the final MSE / PSNR

    @property
    def image_shape(self) -> tuple[int, int, int]:
        """(height, width, channels), the NHWC order of the dataset arrays."""
        return (self.image_size, self.image_size, self.channels)


PROFILES = {
    "full": Config(),
    "quick": Config(dataset="digits", batch_size=64, epochs=40, test_size=297),
    "smoke": Config(dataset="digits", image_size=16, batch_size=64, epochs=3, train_size=256,
                    test_size=64),
}

# The training grader compares epochs: a dry run trains two.
DRY_RUN_CAPS = {"epochs": 2}


def mlp_parameter_count(height: int, width: int, channels: int, latent_dim: int) -> int:
    pixels = height * width * channels
    return pixels * latent_dim + latent_dim + latent_dim * pixels + pixels


# (height, width, channels, latent_dim): the spec's size, then non-square RGB with another code
GRADING_SETTINGS = ((8, 8, 1, 64), (5, 6, 3, 7))


@register("mlp_autoencoder.model", answer="class")
def check_model(model_class, probe):
    """``MLPAutoencoder(image_shape, latent_dim)``: flatten -> Dense(latent) + ReLU -> Dense(pixels)."""
    for height, width, channels, latent_dim in GRADING_SETTINGS:
        shape = probe.adapter.image_shape(height, width, channels)
        with probe.setting(f"image_shape={shape}, latent_dim={latent_dim}"):
            model = checks.build(probe, model_class, shape, latent_dim)
            inputs = checks.sample_images(probe, 4, height, width, channels)
            checks.check_output_shape(probe, model, inputs, (4, *shape),
                                      "reshape the decoder's flat output back to image_shape.")
            checks.check_parameter_count(
                probe, model, mlp_parameter_count(height, width, channels, latent_dim),
                "two Dense/Linear layers with bias: H*W*C pixels -> latent_dim -> H*W*C; "
                "use the arguments image_shape and latent_dim, not fixed numbers.")
            checks.check_batch_dependence(
                probe, model, inputs, checks.sample_images(probe, 3, height, width, channels, 1),
                False, "the output for an image depends on the other images of the batch.",
                "flatten each image separately: reshape to (batch, H*W*C), keeping the batch axis.")
            checks.check_output_range(probe, model, inputs, "linear",
                                      "the spec has no output activation: remove the sigmoid, "
                                      "tanh or ReLU after the decoder's Dense layer.")
            checks.check_gradients_reach_all(probe, model, inputs)
            checks.check_activations(probe, model, inputs, pattern=[0.0, None],
                                     where="the encoder's Dense layer (the bottleneck) only")


@register("mlp_autoencoder.loss")
def check_loss(loss_fn, probe):
    """``reconstruction_loss(reconstructions, images)``: the mean squared error."""
    checks.check_mse_loss(probe, loss_fn, (4, *probe.adapter.image_shape(5, 5, 3)))


@register("mlp_autoencoder.train_step")
def check_train_step(train_step, probe):
    """``train_step(model, optimizer, images)``: one Adam step on the MSE, returns the loss."""
    checks.check_train_step(probe, train_step, (6, 5, 3))


register("mlp_autoencoder.training", answer="history")(checks.check_training)


def benchmark_step(reference, config, adapter):
    """One training step of the full-size MLP autoencoder."""
    shape = adapter.image_shape(*config.image_shape)
    model = reference.place(reference.MLPAutoencoder(shape, config.latent_dim))
    return checks.benchmark_step(model, adapter, config, reference.train_step)
