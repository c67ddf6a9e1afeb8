"""Topic 12, SinGAN: Chainer reference.

Shaham, Dekel & Michaeli, "SinGAN: Learning a Generative Model from a Single Natural
Image", ICCV 2019 (arXiv:1905.01164), as implemented in tamarott/SinGAN. Code vs. paper
and official code: ``ConvBlock`` (official ``ConvBlock``), ``SinGANGenerator`` (official
``GeneratorConcatSkip2CleanAdd``: G_n of the paper's eq. 2 with its residual),
``SinGANDiscriminator`` (official ``WDiscriminator``), ``singan_init`` (official
``weights_init``, with PyTorch's default convolution biases).

Images are NCHW. Batch norm follows PyTorch's (decay 0.9, epsilon 1e-5; Chainer's default
epsilon is 2e-5).
"""

# %% imports
import chainer
import chainer.functions as F
import chainer.links as L
import numpy as np

import course_utils


# %% conv_block
class ConvBlock(chainer.Sequential):
    """A 3x3 convolution without padding, batch norm and LeakyReLU(0.2): 2 pixels smaller."""

    def __init__(self, in_channels, out_channels):
        super().__init__(L.Convolution2D(in_channels, out_channels, 3),
                         L.BatchNormalization(out_channels, decay=0.9, eps=1e-5),
                         lambda x: F.leaky_relu(x, 0.2))


# %% generator
class SinGANGenerator(chainer.Chain):
    """One scale's G_n: five 3x3 convolutions on noise + the upsampled image from the scale
    below, whose output is added back to that image (the residual).

    ``forward(noise, previous)``: both (B, C, H + 10, W + 10), zero-padded by 5 pixels;
    returns the (B, C, H, W) image: the convolutions' output plus the centre of ``previous``.
    """

    def __init__(self, channels=3, width=32, num_layer=5):
        super().__init__()
        with self.init_scope():
            self.head = ConvBlock(channels, width)
            self.body = chainer.Sequential(*[ConvBlock(width, width)
                                             for _ in range(num_layer - 2)])
            self.tail = chainer.Sequential(L.Convolution2D(width, channels, 3), F.tanh)

    def forward(self, noise, previous):
        ### BEGIN SOLUTION
        detail = self.tail(self.body(self.head(noise)))  # (B, C, H, W): 2 px lost per layer
        crop = (previous.shape[2] - detail.shape[2]) // 2
        return detail + previous[:, :, crop:previous.shape[2] - crop,
                                 crop:previous.shape[3] - crop]
        ### END SOLUTION


# %% discriminator
class SinGANDiscriminator(chainer.Chain):
    """One scale's D_n, a patch critic: five 3x3 convolutions to a 1-channel score map whose
    every location judges one 11x11 patch."""

    def __init__(self, channels=3, width=32, num_layer=5):
        super().__init__()
        with self.init_scope():
            self.head = ConvBlock(channels, width)
            self.body = chainer.Sequential(*[ConvBlock(width, width)
                                             for _ in range(num_layer - 2)])
            self.tail = L.Convolution2D(width, 1, 3)

    def forward(self, x):
        return self.tail(self.body(self.head(x)))


# %% init
def singan_init(model, seed=None):
    """The official initialisation: convolution weights N(0, 0.02) and biases PyTorch's
    U(-1/sqrt(fan_in), 1/sqrt(fan_in)), batch norm scale N(1, 0.02) and shift 0."""
    rng = np.random.default_rng(seed)
    for link in model.links():
        if isinstance(link, L.Convolution2D):
            bound = 1 / np.sqrt(np.prod(link.W.shape[1:]))
            link.W.array[...] = rng.normal(0.0, 0.02, link.W.shape)
            link.b.array[...] = rng.uniform(-bound, bound, link.b.shape)
        elif isinstance(link, L.BatchNormalization):
            link.gamma.array[...] = rng.normal(1.0, 0.02, link.gamma.shape)
            link.beta.array[...] = 0.0
    return model
