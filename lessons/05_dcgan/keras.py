"""Topic 05, DCGAN: Keras 3 reference (TensorFlow backend).

Radford, Metz & Chintala, "Unsupervised Representation Learning with Deep Convolutional
Generative Adversarial Networks", ICLR 2016 (arXiv:1511.06434). Where the paper's parts
live here: G is ``DCGANGenerator`` ("project and reshape", then fractionally-strided
convolutions, i.e. ``Conv2DTranspose``), D is ``DCGANDiscriminator`` (strided convolutions
with LeakyReLU; it returns the logit, the sigmoid of the paper's D lives in topic 04's
loss), and the paper's N(0, 0.02) initialisation is ``dcgan_init``. Training uses topic
04's ``discriminator_step`` / ``generator_step`` / ``fit_gan``.

Images are NHWC throughout, the layout of the course's NumPy arrays.
"""

# %% imports
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
from keras import layers

import course_utils
from course_utils.saved.keras import fit_gan, generate, make_gan_step, place, sample_latent


# %% init save
def dcgan_init(model):
    """Redraw a built model's weights the DCGAN way, in place.

    Kernels of convolutions, transposed convolutions and dense layers ~ N(0, 0.02), biases 0;
    batch-norm scales (gamma) ~ N(1, 0.02), shifts (beta) 0. (Per layer, the same is
    ``kernel_initializer=keras.initializers.RandomNormal(stddev=0.02)``.)
    """
    ### BEGIN SOLUTION
    kernels = keras.initializers.RandomNormal(mean=0.0, stddev=0.02)
    scales = keras.initializers.RandomNormal(mean=1.0, stddev=0.02)
    for variable in model.trainable_variables:
        if variable.name == "kernel":
            variable.assign(kernels(variable.shape))
        elif variable.name == "gamma":
            variable.assign(scales(variable.shape))
        else:  # "bias" and "beta"
            variable.assign(keras.ops.zeros(variable.shape))
    ### END SOLUTION


# %% generator save
class DCGANGenerator(keras.Model):
    """z -> Dense + BN + ReLU -> reshape -> 3 x (Conv2DTranspose 5x5/2 + BN + ReLU) -> Conv2DTranspose + tanh.

    Filters 256 (projection), 512, 256, 128, then ``channels``, each multiplied by ``width``.
    ``image_size`` must be a multiple of 16: four stride-2 layers double H/16 four times.
    Batch norm as in PyTorch: ``momentum=0.9`` (Keras's convention) and ``epsilon=1e-5``.
    """

    def __init__(self, channels, image_size, latent_dim=100, width=1.0):
        super().__init__()
        if image_size % 16:
            raise ValueError(f"image_size must be a multiple of 16, got {image_size}.")
        self.latent_dim = latent_dim
        f0, f1, f2, f3 = (max(1, round(n * width)) for n in (256, 512, 256, 128))
        ### BEGIN SOLUTION
        start = (image_size // 16, image_size // 16, f0)  # (H/16, W/16, 256)
        self.net = keras.Sequential([
            layers.Dense(start[0] * start[1] * f0, use_bias=False),  # (B, H/16 * W/16 * 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-5),
            layers.ReLU(),
            layers.Reshape(start),  # (B, H/16, W/16, 256)
            layers.Conv2DTranspose(f1, 5, strides=2, padding="same",
                                   use_bias=False),  # (B, H/8, W/8, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-5),
            layers.ReLU(),
            layers.Conv2DTranspose(f2, 5, strides=2, padding="same",
                                   use_bias=False),  # (B, H/4, W/4, 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-5),
            layers.ReLU(),
            layers.Conv2DTranspose(f3, 5, strides=2, padding="same",
                                   use_bias=False),  # (B, H/2, W/2, 128)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-5),
            layers.ReLU(),
            layers.Conv2DTranspose(channels, 5, strides=2, padding="same",
                                   activation="tanh"),  # (B, H, W, C) in [-1, 1]
        ])
        ### END SOLUTION
        self(keras.Input((latent_dim,)))  # a symbolic call creates the weights right away
        dcgan_init(self)

    def call(self, z, training=False):
        ### BEGIN SOLUTION
        return self.net(z, training=training)
        ### END SOLUTION


# %% discriminator save
class DCGANDiscriminator(keras.Model):
    """4 x (Conv2D 5x5/2 [+ BN] + LeakyReLU(0.2)) with 32, 64, 128, 256 filters -> flatten -> Dense(1).

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
        def block(filters, norm):  # a conv followed by BN needs no bias
            conv = layers.Conv2D(filters, 5, strides=2, padding="same", use_bias=not norm)
            bn = [layers.BatchNormalization(momentum=0.9, epsilon=1e-5)] if norm else []
            return [conv, *bn, layers.LeakyReLU(negative_slope=0.2)]

        self.net = keras.Sequential([
            *block(f0, False),  # (B, H/2, W/2, 32): no BN on the input layer
            *block(f1, batch_norm),  # (B, H/4, W/4, 64)
            *block(f2, batch_norm),  # (B, H/8, W/8, 128)
            *block(f3, batch_norm),  # (B, H/16, W/16, 256)
            layers.Flatten(),  # (B, H/16 * W/16 * 256)
            layers.Dense(1),  # (B, 1) logits
        ])
        ### END SOLUTION
        self(keras.Input((image_size, image_size, channels)))  # creates the weights
        dcgan_init(self)

    def call(self, x, training=False):
        ### BEGIN SOLUTION
        return self.net(x, training=training)
        ### END SOLUTION
