"""Topic 10, MUNIT (Huang et al., 2018): hyperparameters and parameter counts.

The networks follow NVlabs/MUNIT (its edges2shoes configuration) exactly; the official
parameter counts (computed by instantiating the official classes) are in
:data:`OFFICIAL_COUNTS`, and :func:`generator_parameter_count` and
:func:`discriminator_parameter_count` reproduce them from the architecture.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenes import shoe_masks

GREY_SPREAD = 0.08  # pixels whose channels differ by less are grey: background or sole

# Official networks with the edges2shoes configuration (any image size): parameters.
OFFICIAL_COUNTS = {
    "AdaINGen": 15_026_187,
    "AdaINGen.enc_style": 2_764_936,
    "AdaINGen.enc_content": 5_385_856,
    "AdaINGen.dec": 5_754_627,
    "AdaINGen.mlp": 1_120_768,
    "MsImageDis": 8_271_171,
}


@dataclass(frozen=True)
class Config:
    dataset: str = "edges2shoes_drawn"
    image_size: int = 128
    load_size: int = 128  # the official configurations resize to the crop size: flips only
    channels: int = 3
    dim: int = 64  # filters of the first convolution of every encoder
    style_dim: int = 8
    n_downsample: int = 2  # the content code is image_size / 4 on a side
    n_res: int = 4  # residual blocks in the content encoder and in the decoder
    mlp_dim: int = 256
    dis_dim: int = 64
    n_layer: int = 4  # stride-2 convolutions per discriminator scale
    num_scales: int = 3
    gan_weight: float = 1.0
    recon_x_weight: float = 10.0  # images rebuilt from their own content and style
    recon_s_weight: float = 1.0  # a random style recovered from its translation
    recon_c_weight: float = 1.0  # a content recovered from its translation
    recon_x_cyc_weight: float = 0.0  # 0 in the edges2shoes configuration, 10 in summer2winter
    lr: float = 1e-4
    beta1: float = 0.5
    beta2: float = 0.999
    weight_decay: float = 1e-4
    lr_step_epochs: int = 2  # the learning rate halves every lr_step_epochs epochs
    batch_size: int = 1
    epochs: int = 4
    train_size: int | None = 400  # images of both domains, interleaved (half each)
    test_size: int | None = 100
    sample_count: int = 6

    @property
    def image_shape(self) -> tuple[int, int, int]:
        """(height, width, channels), the NHWC order of the dataset arrays."""
        return (self.image_size, self.image_size, self.channels)

    @property
    def loss_weights(self) -> dict[str, float]:
        """The weights the generators' step takes, keyed as the official configuration."""
        return {"gan": self.gan_weight, "recon_x": self.recon_x_weight,
                "recon_s": self.recon_s_weight, "recon_c": self.recon_c_weight,
                "recon_x_cyc": self.recon_x_cyc_weight}


PROFILES = {
    "full": Config(),
    "quick": Config(image_size=64, load_size=64, dim=16, mlp_dim=64, dis_dim=16,
                    n_layer=3, batch_size=4, epochs=6, lr_step_epochs=3, train_size=None,
                    test_size=None),
    "smoke": Config(image_size=32, load_size=32, dim=4, mlp_dim=16, n_res=2, dis_dim=4,
                    n_layer=2, num_scales=2, batch_size=4, epochs=2, lr_step_epochs=1,
                    train_size=32, test_size=16, sample_count=4),
}

DRY_RUN_CAPS = {"train_size": 2, "test_size": 4, "sample_count": 2, "epochs": 1}


def _conv(k: int, c_in: int, c_out: int) -> int:
    """A k x k convolution with a bias: every MUNIT convolution has one."""
    return k * k * c_in * c_out + c_out


def style_encoder_parameter_count(in_channels: int, dim: int = 64, style_dim: int = 8,
                                  n_downsample: int = 4) -> int:
    total = _conv(7, in_channels, dim) + _conv(4, dim, 2 * dim) + _conv(4, 2 * dim, 4 * dim)
    return total + (n_downsample - 2) * _conv(4, 4 * dim, 4 * dim) + _conv(1, 4 * dim, style_dim)


def content_encoder_parameter_count(in_channels: int, dim: int = 64, n_downsample: int = 2,
                                    n_res: int = 4) -> int:
    total = _conv(7, in_channels, dim)
    for _ in range(n_downsample):
        total, dim = total + _conv(4, dim, 2 * dim), 2 * dim
    return total + 2 * n_res * _conv(3, dim, dim)  # instance norm has no parameters


def decoder_parameter_count(out_channels: int, channels: int = 256, n_upsample: int = 2,
                            n_res: int = 4) -> int:
    total = 2 * n_res * _conv(3, channels, channels)  # AdaIN's parameters come from the MLP
    for _ in range(n_upsample):
        total += _conv(5, channels, channels // 2) + 2 * (channels // 2)  # + LayerNorm
        channels //= 2
    return total + _conv(7, channels, out_channels)


def mlp_parameter_count(style_dim: int, adain_params: int, mlp_dim: int = 256) -> int:
    return ((style_dim + 1) * mlp_dim + (mlp_dim + 1) * mlp_dim
            + (mlp_dim + 1) * adain_params)


def generator_parameter_count(in_channels: int, dim: int = 64, style_dim: int = 8,
                              n_downsample: int = 2, n_res: int = 4, mlp_dim: int = 256) -> int:
    channels = dim * 2 ** n_downsample
    return (style_encoder_parameter_count(in_channels, dim, style_dim)
            + content_encoder_parameter_count(in_channels, dim, n_downsample, n_res)
            + decoder_parameter_count(in_channels, channels, n_downsample, n_res)
            + mlp_parameter_count(style_dim, 4 * channels * n_res, mlp_dim))


def discriminator_parameter_count(in_channels: int, dim: int = 64, n_layer: int = 4,
                                  num_scales: int = 3) -> int:
    total = _conv(4, in_channels, dim)
    for _ in range(n_layer - 1):
        total, dim = total + _conv(4, dim, 2 * dim), 2 * dim
    return num_scales * (total + _conv(1, dim, 1))


# ------------------------------------------------------------------ measurements


def filled_outlines(outlines: np.ndarray) -> np.ndarray:
    """Where the shoe drawn by each outline is (NHWC images in [0, 1]): the lines and all
    they enclose. (N, H, W) booleans."""
    from scipy.ndimage import binary_fill_holes

    return np.stack([binary_fill_holes(lines) for lines in shoe_masks(outlines)])


def content_iou(translations: np.ndarray, outlines: np.ndarray) -> float:
    """How well translations keep their input's content: the mean intersection over union
    of each translated shoe (in [0, 1]) with the shoe its outline draws."""
    got, want = shoe_masks(translations), filled_outlines(outlines)
    union = np.maximum((got | want).sum(axis=(1, 2)), 1)
    return float(np.mean((got & want).sum(axis=(1, 2)) / union))


def style_statistics(images: np.ndarray) -> np.ndarray:
    """What a drawn shoe's style is made of, per NHWC image in [0, 1]: the mean colour of
    its upper (the shoe's pixels that are not grey) and the spread of their brightness (a
    pattern's contrast). (N, 4); an image with no coloured pixel gets white, no spread."""
    coloured = shoe_masks(images) & (images.max(axis=-1) - images.min(axis=-1) > GREY_SPREAD)
    result = np.tile(np.array([1.0, 1.0, 1.0, 0.0], np.float32), (len(images), 1))
    for i, (image, mask) in enumerate(zip(images, coloured, strict=True)):
        if mask.any():
            pixels = image[mask]
            result[i] = [*pixels.mean(axis=0), pixels.mean(axis=1).std()]
    return result


def style_distance(images: np.ndarray, style_images: np.ndarray) -> float:
    """The mean Euclidean distance between the style statistics of ``images`` and of
    ``style_images``, image by image: 0 when every translation wears its example's style."""
    difference = style_statistics(images) - style_statistics(style_images)
    return float(np.linalg.norm(difference, axis=1).mean())


def diversity(translations: np.ndarray) -> float:
    """How different the translations of one input under different styles are:
    ``translations`` is (K styles, N inputs, H, W, C) in [0, 1]; the mean distance between
    the style statistics of two styles' outputs, over all pairs and inputs. 0 for a
    deterministic translation such as CycleGAN's."""
    statistics = np.stack([style_statistics(images) for images in translations])  # (K, N, 4)
    k = len(statistics)
    pairs = [np.linalg.norm(statistics[i] - statistics[j], axis=1).mean()
             for i in range(k) for j in range(i + 1, k)]
    return float(np.mean(pairs))
