"""Topic 02, convolutional autoencoder: Keras 3 reference (TensorFlow backend).

Masci et al., "Stacked Convolutional Auto-Encoders for Hierarchical Feature
Extraction", ICANN 2011. Where the paper's parts live here: the convolution and
max-pooling stack is ``ConvEncoder``; the layers that rebuild the image are
``ConvDecoder``, written with transposed convolutions as most current code does.

Images are NHWC throughout, the layout of the course's NumPy arrays.
"""


# %% imports
import dataclasses
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import matplotlib.pyplot as plt
from keras import layers

import course_utils
from course_utils.saved.keras import MLPAutoencoder, fit, place, reconstruct


# %% encoder
class ConvEncoder(keras.Model):
    """Two 3x3 convolutions with ReLU, each followed by 2x2 max-pooling."""

    def __init__(self, channels, latent_channels=16):
        super().__init__()
        ### BEGIN SOLUTION
        self.net = keras.Sequential([
            layers.Conv2D(32, 3, padding="same", activation="relu"),  # (B, H, W, 32)
            layers.MaxPooling2D(2),  # (B, H/2, W/2, 32)
            layers.Conv2D(latent_channels, 3, padding="same",
                          activation="relu"),  # (B, H/2, W/2, 16)
            layers.MaxPooling2D(2),  # (B, H/4, W/4, 16)
        ])
        ### END SOLUTION

    def call(self, x):
        ### BEGIN SOLUTION
        return self.net(x)
        ### END SOLUTION


# %% decoder
class ConvDecoder(keras.Model):
    """Two 2x2 transposed convolutions with stride 2; ReLU between, none at the output."""

    def __init__(self, channels, latent_channels=16):
        super().__init__()
        ### BEGIN SOLUTION
        self.net = keras.Sequential([
            layers.Conv2DTranspose(32, 2, strides=2, activation="relu"),  # (B, H/2, W/2, 32)
            layers.Conv2DTranspose(channels, 2, strides=2),  # (B, H, W, C)
        ])
        ### END SOLUTION

    def call(self, z):
        ### BEGIN SOLUTION
        return self.net(z)
        ### END SOLUTION


# %% autoencoder
class ConvAutoencoder(keras.Model):
    """ConvEncoder followed by ConvDecoder."""

    def __init__(self, channels, latent_channels=16):
        super().__init__()
        self.encoder = ConvEncoder(channels, latent_channels)
        self.decoder = ConvDecoder(channels, latent_channels)
        self(keras.Input((None, None, channels)))  # a symbolic call creates the weights right away

    def call(self, x):
        return self.decoder(self.encoder(x))
