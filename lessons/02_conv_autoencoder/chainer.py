"""Topic 02, convolutional autoencoder: Chainer 7.8.1 reference.

Masci et al., "Stacked Convolutional Auto-Encoders for Hierarchical Feature
Extraction", ICANN 2011. The paper's convolution and max-pooling layers are
``ConvEncoder``; its reconstruction layers are ``ConvDecoder``, built here from
transposed convolutions (``L.Deconvolution2D``), as most current code does.
"""

# %% imports
import dataclasses

import matplotlib.pyplot as plt

import course_utils
from course_utils.chainer_compat import import_chainer
from course_utils.saved.chainer import MLPAutoencoder, fit, glorot_init, place, reconstruct

chainer = import_chainer()  # Chainer 7.8.1, with the repairs it needs on NumPy 2
import chainer.functions as F
import chainer.links as L


# %% encoder
class ConvEncoder(chainer.Chain):
    """Two 3x3 convolutions with ReLU, each followed by 2x2 max-pooling."""

    def __init__(self, channels, latent_channels=16):
        super().__init__()
        ### BEGIN SOLUTION
        with self.init_scope():
            self.conv1 = L.Convolution2D(channels, 32, ksize=3, pad=1)
            self.conv2 = L.Convolution2D(32, latent_channels, ksize=3, pad=1)
        ### END SOLUTION
        glorot_init(self)

    def forward(self, x):
        ### BEGIN SOLUTION
        h = F.relu(self.conv1(x))  # (B, 32, H, W)
        h = F.max_pooling_2d(h, 2, cover_all=False)  # (B, 32, H/2, W/2), rounding down
        h = F.relu(self.conv2(h))  # (B, 16, H/2, W/2)
        return F.max_pooling_2d(h, 2, cover_all=False)  # (B, 16, H/4, W/4)
        ### END SOLUTION


# %% decoder
class ConvDecoder(chainer.Chain):
    """Two 2x2 transposed convolutions with stride 2; ReLU between, none at the output."""

    def __init__(self, channels, latent_channels=16):
        super().__init__()
        ### BEGIN SOLUTION
        with self.init_scope():
            self.deconv1 = L.Deconvolution2D(latent_channels, 32, ksize=2, stride=2)
            self.deconv2 = L.Deconvolution2D(32, channels, ksize=2, stride=2)
        ### END SOLUTION
        glorot_init(self)

    def forward(self, z):
        ### BEGIN SOLUTION
        h = F.relu(self.deconv1(z))  # (B, 32, H/2, W/2)
        return self.deconv2(h)  # (B, C, H, W)
        ### END SOLUTION


# %% autoencoder
class ConvAutoencoder(chainer.Chain):
    """ConvEncoder followed by ConvDecoder."""

    def __init__(self, channels, latent_channels=16):
        super().__init__()
        with self.init_scope():
            self.encoder = ConvEncoder(channels, latent_channels)
            self.decoder = ConvDecoder(channels, latent_channels)

    def forward(self, x):
        return self.decoder(self.encoder(x))
