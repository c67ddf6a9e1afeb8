"""Topic 12, SinGAN: Keras 3 reference (TensorFlow backend).

Shaham, Dekel & Michaeli, "SinGAN: Learning a Generative Model from a Single Natural
Image", ICCV 2019 (arXiv:1905.01164), as implemented in tamarott/SinGAN. Code vs. paper
and official code: ``ConvBlock`` (official ``ConvBlock``), ``SinGANGenerator`` (official
``GeneratorConcatSkip2CleanAdd``: G_n of the paper's eq. 2 with its residual),
``SinGANDiscriminator`` (official ``WDiscriminator``), ``singan_init`` (official
``weights_init``, with PyTorch's default convolution biases).

Images are NHWC. Every convolution is "valid", as the official ones (no padding inside the
networks); batch norm follows PyTorch's (momentum 0.9 in Keras's convention, epsilon 1e-5).
"""

# %% imports
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
from keras import layers

import course_utils


# %% conv_block
class ConvBlock(keras.Sequential):
    """A 3x3 convolution without padding, batch norm and LeakyReLU(0.2): 2 pixels smaller."""

    def __init__(self, out_channels, **kwargs):
        super().__init__([layers.Conv2D(out_channels, 3),
                          layers.BatchNormalization(momentum=0.9, epsilon=1e-5),
                          layers.LeakyReLU(0.2)], **kwargs)


# %% generator
class SinGANGenerator(keras.Model):
    """One scale's G_n: five 3x3 convolutions on noise + the upsampled image from the scale
    below, whose output is added back to that image (the residual).

    ``call(noise, previous)``: both (B, H + 10, W + 10, C), zero-padded by 5 pixels;
    returns the (B, H, W, C) image: the convolutions' output plus the centre of ``previous``.
    """

    def __init__(self, channels=3, width=32, num_layer=5, **kwargs):
        super().__init__(**kwargs)
        self.head = ConvBlock(width)
        self.body = keras.Sequential([ConvBlock(width) for _ in range(num_layer - 2)])
        self.tail = keras.Sequential([layers.Conv2D(channels, 3), layers.Activation("tanh")])

    def call(self, noise, previous, training=None):
        ### BEGIN SOLUTION
        detail = self.tail(self.body(self.head(noise, training=training), training=training))
        crop = (previous.shape[1] - detail.shape[1]) // 2  # (B, H, W, C): 2 px lost per layer
        return detail + previous[:, crop:previous.shape[1] - crop,
                                 crop:previous.shape[2] - crop, :]
        ### END SOLUTION


# %% discriminator
class SinGANDiscriminator(keras.Model):
    """One scale's D_n, a patch critic: five 3x3 convolutions to a 1-channel score map whose
    every location judges one 11x11 patch."""

    def __init__(self, channels=3, width=32, num_layer=5, **kwargs):
        super().__init__(**kwargs)
        self.head = ConvBlock(width)
        self.body = keras.Sequential([ConvBlock(width) for _ in range(num_layer - 2)])
        self.tail = layers.Conv2D(1, 3)

    def call(self, x, training=None):
        return self.tail(self.body(self.head(x, training=training), training=training))


# %% init
def singan_init(model, channels=3, seed=None):
    """Build ``model`` on a 21x21 input and set the official initialisation: convolution
    kernels N(0, 0.02) and biases PyTorch's U(-1/sqrt(fan_in), 1/sqrt(fan_in)), batch norm
    scale N(1, 0.02) and shift 0."""
    rng = np.random.default_rng(seed)
    example = np.zeros((1, 21, 21, channels), np.float32)
    model(example, example) if isinstance(model, SinGANGenerator) else model(example)
    for layer in model._flatten_layers(include_self=False):
        if isinstance(layer, layers.Conv2D):
            kernel, bias = layer.kernel, layer.bias
            bound = 1 / np.sqrt(np.prod(kernel.shape[:3]))
            kernel.assign(rng.normal(0.0, 0.02, kernel.shape).astype(np.float32))
            bias.assign(rng.uniform(-bound, bound, bias.shape).astype(np.float32))
        elif isinstance(layer, layers.BatchNormalization):
            layer.gamma.assign(rng.normal(1.0, 0.02, layer.gamma.shape).astype(np.float32))
            layer.beta.assign(np.zeros(layer.beta.shape, np.float32))
    return model
