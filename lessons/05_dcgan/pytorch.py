"""Topic 05, DCGAN: PyTorch reference.

Radford, Metz & Chintala, "Unsupervised Representation Learning with Deep Convolutional
Generative Adversarial Networks", ICLR 2016 (arXiv:1511.06434). Code vs. paper:
``DCGANGenerator`` (G: "project and reshape", then fractionally-strided convolutions),
``DCGANDiscriminator`` (D: strided convolutions with LeakyReLU; it returns the logit, the
sigmoid of the paper's D lives in topic 04's loss), ``dcgan_init`` (the paper's
"zero-centered Normal distribution with standard deviation 0.02"). Training uses topic 04's
``discriminator_step`` / ``generator_step`` / ``fit_gan``.

Sections (``# %% name``) become notebook cells; see course_utils/sources.py.
"""

# %% imports
import numpy as np
import torch
from torch import nn

import course_utils
from course_utils.saved.pytorch import fit_gan, generate, make_gan_step, place, sample_latent


# %% init save
def dcgan_init(module):
    """DCGAN initialisation of one layer; use it as ``model.apply(dcgan_init)``.

    Convolution, transposed-convolution and linear weights ~ N(0, 0.02), their biases 0;
    batch-norm scales (gamma) ~ N(1, 0.02), shifts (beta) 0.
    """
    ### BEGIN SOLUTION
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
        nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
        nn.init.normal_(module.weight, mean=1.0, std=0.02)
        nn.init.zeros_(module.bias)
    ### END SOLUTION


# %% generator save
class DCGANGenerator(nn.Module):
    """z -> Linear + BN + ReLU -> reshape -> 3 x (ConvTranspose 5x5/2 + BN + ReLU) -> ConvTranspose + tanh.

    Filters 256 (projection), 512, 256, 128, then ``channels``, each multiplied by ``width``.
    ``image_size`` must be a multiple of 16: four stride-2 layers double H/16 four times.
    """

    def __init__(self, channels, image_size, latent_dim=100, width=1.0):
        super().__init__()
        if image_size % 16:
            raise ValueError(f"image_size must be a multiple of 16, got {image_size}.")
        self.latent_dim = latent_dim
        f0, f1, f2, f3 = (max(1, round(n * width)) for n in (256, 512, 256, 128))
        self.start = (f0, image_size // 16, image_size // 16)  # (256, H/16, W/16)
        ### BEGIN SOLUTION
        units = f0 * (image_size // 16) ** 2
        self.project = nn.Sequential(
            nn.Linear(latent_dim, units, bias=False),  # (B, 256 * H/16 * W/16)
            nn.BatchNorm1d(units),
            nn.ReLU(),
        )
        self.layers = nn.Sequential(
            nn.ConvTranspose2d(f0, f1, 5, stride=2, padding=2, output_padding=1,
                               bias=False),  # (B, 512, H/8, W/8)
            nn.BatchNorm2d(f1),
            nn.ReLU(),
            nn.ConvTranspose2d(f1, f2, 5, stride=2, padding=2, output_padding=1,
                               bias=False),  # (B, 256, H/4, W/4)
            nn.BatchNorm2d(f2),
            nn.ReLU(),
            nn.ConvTranspose2d(f2, f3, 5, stride=2, padding=2, output_padding=1,
                               bias=False),  # (B, 128, H/2, W/2)
            nn.BatchNorm2d(f3),
            nn.ReLU(),
            nn.ConvTranspose2d(f3, channels, 5, stride=2, padding=2,
                               output_padding=1),  # (B, C, H, W)
            nn.Tanh(),
        )
        ### END SOLUTION
        self.apply(dcgan_init)

    def forward(self, z):
        ### BEGIN SOLUTION
        h = self.project(z).view(-1, *self.start)  # (B, 256, H/16, W/16)
        return self.layers(h)  # (B, C, H, W) in [-1, 1]
        ### END SOLUTION


# %% discriminator save
class DCGANDiscriminator(nn.Module):
    """4 x (Conv 5x5/2 [+ BN] + LeakyReLU(0.2)) with 32, 64, 128, 256 filters -> flatten -> Linear(1).

    Batch norm after convolutions 2-4 (never on the input layer); ``batch_norm=False``
    leaves it out (topic 07's critic). Returns one logit per image, (B, 1): no sigmoid.
    Filters are multiplied by ``width``.
    """

    def __init__(self, channels, image_size, width=1.0, batch_norm=True):
        super().__init__()
        if image_size % 16:
            raise ValueError(f"image_size must be a multiple of 16, got {image_size}.")
        f0, f1, f2, f3 = (max(1, round(n * width)) for n in (32, 64, 128, 256))
        ### BEGIN SOLUTION
        def block(c_in, c_out, norm):  # a conv followed by BN needs no bias
            layers = [nn.Conv2d(c_in, c_out, 5, stride=2, padding=2, bias=not norm)]
            if norm:
                layers.append(nn.BatchNorm2d(c_out))
            return [*layers, nn.LeakyReLU(0.2)]

        self.layers = nn.Sequential(
            *block(channels, f0, False),  # (B, 32, H/2, W/2): no BN on the input layer
            *block(f0, f1, batch_norm),  # (B, 64, H/4, W/4)
            *block(f1, f2, batch_norm),  # (B, 128, H/8, W/8)
            *block(f2, f3, batch_norm),  # (B, 256, H/16, W/16)
            nn.Flatten(),  # (B, 256 * H/16 * W/16)
            nn.Linear(f3 * (image_size // 16) ** 2, 1),  # (B, 1) logits
        )
        ### END SOLUTION
        self.apply(dcgan_init)

    def forward(self, x):
        ### BEGIN SOLUTION
        return self.layers(x)
        ### END SOLUTION
