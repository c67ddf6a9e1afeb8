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
from course_utils.pyramid import resize_matrix


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


# %% upsample
def upsample(image, shape, scale_factor):
    """``image`` (B, C, h, w) enlarged by 1 / scale_factor with the official resizer and
    cropped to ``shape`` (H, W): two matrix products."""
    xp = chainer.backend.get_array_module(image)
    rows = xp.asarray(resize_matrix(image.shape[2], shape[0], 1 / scale_factor), np.float32)
    columns = xp.asarray(resize_matrix(image.shape[3], shape[1], 1 / scale_factor), np.float32)
    batch, channels = image.shape[:2]
    tall = F.matmul(F.broadcast_to(rows, (batch * channels, *rows.shape)),
                    F.reshape(image, (batch * channels, *image.shape[2:])))
    wide = F.matmul(tall, F.broadcast_to(columns.T, (batch * channels, *columns.T.shape)))
    return F.reshape(wide, (batch, channels, *shape))


# %% noise
def noise_like(image, coarsest, padding=5):
    """N(0, 1) noise shaped like ``image`` (B, C, H, W) plus ``padding`` zeros on each side;
    at the coarsest scale one grey channel repeated (the official code's choice)."""
    xp = chainer.backend.get_array_module(image)
    batch, channels, height, width = image.shape
    noise = xp.random.standard_normal((batch, 1 if coarsest else channels, height, width))
    noise = xp.broadcast_to(noise, image.shape).astype(np.float32)
    return xp.pad(noise, ((0, 0), (0, 0), (padding, padding), (padding, padding)))


# %% pad
def pad(image, padding=5):
    """Zero padding on every side: the generator's five valid convolutions take 10 pixels."""
    return F.pad(image, ((0, 0), (0, 0), (padding, padding), (padding, padding)), "constant")


# %% generate
def generate(generators, amplitudes, fixed_noises, shapes, scale_factor, start=0):
    """An image from the trained scales, coarse to fine: the fixed noises below scale
    ``start`` (the path that reconstructs the photograph), new noise from ``start`` on.
    ``start=0`` draws a random sample; ``start=len(generators)`` reconstructs."""
    with chainer.no_backprop_mode(), chainer.using_config("train", False):
        image = chainer.Variable(fixed_noises[0][:, :, 5:-5, 5:-5] * 0)
        for n, (G, amplitude, fixed) in enumerate(zip(generators, amplitudes, fixed_noises,
                                                       strict=True)):
            if n > 0:
                image = upsample(image, shapes[n], scale_factor)
            noise = fixed if n < start else noise_like(image, coarsest=n == 0)
            previous = pad(image)
            image = G(amplitude * noise + previous, previous)
    return image.array


# %% gradient_penalty
def gradient_penalty(critic, real, fake, epsilon):
    """SinGAN's WGAN-GP term: the mean over every location of (||grad||_2 - 1)^2, the norm
    taken over the channels at that location (topic 07 takes it over the whole image)."""
    x_hat = chainer.Variable(epsilon * real + (1 - epsilon) * fake)
    gradients, = chainer.grad([F.sum(critic(x_hat))], [x_hat], enable_double_backprop=True)
    norms = F.sqrt(F.sum(gradients ** 2, axis=1))
    return F.mean((norms - 1) ** 2)


# %% critic_step
def critic_step(G, D, d_optimizer, real, noise, previous, epsilon, gp_weight=0.1):
    """One step of D_n: score ``real`` high and G_n's image from ``noise`` (padded, times the
    amplitude) and ``previous`` (the padded, upsampled image from below) low, plus the
    gradient penalty at the mix ``epsilon`` (a (1,) array). Returns the critic's loss."""
    fake = G(noise + previous, previous).array
    penalty = gradient_penalty(D, real, fake, epsilon)
    loss = -F.mean(D(real)) + F.mean(D(fake)) + gp_weight * penalty
    D.cleargrads()
    loss.backward()
    d_optimizer.update()
    return float(loss.array)


# %% generator_step
def generator_step(G, D, g_optimizer, real, noise, previous, reconstruction, alpha=10.0):
    """One step of G_n: fool D_n with the image from ``noise`` and ``previous``, and give back
    ``real`` from ``reconstruction`` = (fixed noise x amplitude + upsampled reconstruction,
    upsampled reconstruction), both padded. Returns (adversarial loss, reconstruction MSE)."""
    fixed_input, upsampled = reconstruction
    loss_adv = -F.mean(D(G(noise + previous, previous)))
    loss_rec = F.mean_squared_error(G(fixed_input, upsampled), real)
    G.cleargrads()
    D.cleargrads()
    (loss_adv + alpha * loss_rec).backward()
    g_optimizer.update()
    return float(loss_adv.array), float(loss_rec.array)


# %% scale_step
def scale_step(G, D, g_optimizer, d_optimizer, real, noise, draw_previous, reconstruction,
               config):
    """One iteration at a scale: ``config.d_steps`` critic steps, each on a new image from the
    scales below (``draw_previous()``, upsampled), then ``config.g_steps`` generator steps on
    the last one, each making the image again with the updated G."""
    xp = chainer.backend.get_array_module(real)
    for _ in range(config.d_steps):
        previous = pad(draw_previous()).array
        epsilon = xp.random.uniform(size=1).astype(np.float32)
        loss_d = critic_step(G, D, d_optimizer, real, noise, previous, epsilon, config.gp_weight)
    for _ in range(config.g_steps):
        loss_adv, loss_rec = generator_step(G, D, g_optimizer, real, noise, previous,
                                            reconstruction, config.alpha)
    return {"loss_D": loss_d, "loss_G": loss_adv, "rec": loss_rec}
