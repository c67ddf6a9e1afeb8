"""Topic 12, SinGAN: hyperparameters and the official parameter counts (graders to come).

Work in progress: the topic is registered once ``lessons/12_singan/lesson.md`` exists.
"""

from __future__ import annotations

from dataclasses import dataclass

OFFICIAL_KERNEL = 3
OFFICIAL_LAYERS = 5

# tamarott/SinGAN's GeneratorConcatSkip2CleanAdd and WDiscriminator at each width (3 image
# channels), counted by running the official models.py outside the project.
OFFICIAL_COUNTS = {32: {"G": 29_763, "D": 29_185}, 64: {"G": 114_819, "D": 113_665},
                   128: {"G": 450_819, "D": 448_513}}


@dataclass(frozen=True)
class Config:
    image: str = "balloons"  # the official sample photograph; offline, a scikit-image one
    channels: int = 3
    max_size: int = 250  # the finest scale's longer side
    min_size: int = 25  # the coarsest scale's shorter side
    scale_factor: float = 0.75  # the starting ratio between scales (recomputed per image)
    nfc: int = 32  # filters at scales 0-3, doubled every 4 scales up to 128
    iterations: int = 2000  # per scale
    lr_drop: int = 1600  # the learning rate is divided by 10 after this many iterations
    lr: float = 5e-4
    beta1: float = 0.5
    d_steps: int = 3
    g_steps: int = 3
    gp_weight: float = 0.1
    alpha: float = 10.0  # the reconstruction loss's weight
    noise_amp: float = 0.1  # a scale's noise std: noise_amp x RMSE of the reconstruction below
    sample_count: int = 20


PROFILES = {
    "full": Config(),
    # On a CPU: 4 scales of 32 filters up to 64 px, 400 iterations each (measured: PyTorch
    # about 4 min, Chainer about 12 min on the 2-core machine).
    "quick": Config(image="rocket", max_size=64, iterations=400, lr_drop=320),
    "smoke": Config(image="rocket", max_size=24, min_size=12, iterations=4, lr_drop=3,
                    sample_count=4),
}


def block_parameter_count(in_channels: int, out_channels: int) -> int:
    """A 3x3 convolution with bias and its batch norm's scale and shift."""
    return OFFICIAL_KERNEL**2 * in_channels * out_channels + out_channels + 2 * out_channels


def generator_parameter_count(width: int, channels: int = 3) -> int:
    body = (OFFICIAL_LAYERS - 2) * block_parameter_count(width, width)
    return (block_parameter_count(channels, width) + body
            + OFFICIAL_KERNEL**2 * width * channels + channels)


def discriminator_parameter_count(width: int, channels: int = 3) -> int:
    body = (OFFICIAL_LAYERS - 2) * block_parameter_count(width, width)
    return block_parameter_count(channels, width) + body + OFFICIAL_KERNEL**2 * width + 1
