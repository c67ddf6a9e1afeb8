"""Topic 02, convolutional autoencoder: PyTorch reference.

Masci et al., "Stacked Convolutional Auto-Encoders for Hierarchical Feature
Extraction", ICANN 2011. Code vs. paper: ``ConvEncoder`` (the convolution and
max-pooling layers), ``ConvDecoder`` (the reconstruction layers; transposed
convolutions here, as in most modern code).
"""

# %% imports
import dataclasses

import matplotlib.pyplot as plt
from torch import nn

import course_utils
from course_utils.saved.pytorch import MLPAutoencoder, fit, glorot_init, place, reconstruct


# %% encoder
class ConvEncoder(nn.Module):
    """Two 3x3 convolutions with ReLU, each followed by 2x2 max-pooling."""

    def __init__(self, channels, latent_channels=16):
        super().__init__()
        ### BEGIN SOLUTION
        self.layers = nn.Sequential(
            nn.Conv2d(channels, 32, kernel_size=3, padding=1),  # (B, 32, H, W)
            nn.ReLU(),
            nn.MaxPool2d(2),  # (B, 32, H/2, W/2)
            nn.Conv2d(32, latent_channels, kernel_size=3, padding=1),  # (B, 16, H/2, W/2)
            nn.ReLU(),
            nn.MaxPool2d(2),  # (B, 16, H/4, W/4)
        )
        ### END SOLUTION
        self.apply(glorot_init)

    def forward(self, x):
        ### BEGIN SOLUTION
        return self.layers(x)
        ### END SOLUTION


# %% decoder
class ConvDecoder(nn.Module):
    """Two 2x2 transposed convolutions with stride 2; ReLU between, none at the output."""

    def __init__(self, channels, latent_channels=16):
        super().__init__()
        ### BEGIN SOLUTION
        self.layers = nn.Sequential(
            nn.ConvTranspose2d(latent_channels, 32, kernel_size=2, stride=2),  # (B, 32, H/2, W/2)
            nn.ReLU(),
            nn.ConvTranspose2d(32, channels, kernel_size=2, stride=2),  # (B, C, H, W)
        )
        ### END SOLUTION
        self.apply(glorot_init)

    def forward(self, z):
        ### BEGIN SOLUTION
        return self.layers(z)
        ### END SOLUTION


# %% autoencoder
class ConvAutoencoder(nn.Module):
    """ConvEncoder followed by ConvDecoder."""

    def __init__(self, channels, latent_channels=16):
        super().__init__()
        self.encoder = ConvEncoder(channels, latent_channels)
        self.decoder = ConvDecoder(channels, latent_channels)

    def forward(self, x):
        return self.decoder(self.encoder(x))
