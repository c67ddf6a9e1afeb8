"""Topic 12, SinGAN: PyTorch reference.

Shaham, Dekel & Michaeli, "SinGAN: Learning a Generative Model from a Single Natural
Image", ICCV 2019 (arXiv:1905.01164), as implemented in tamarott/SinGAN. Code vs. paper
and official code: ``pyramid_shapes`` (official ``adjust_scales2image``),
``SinGANGenerator`` (official ``GeneratorConcatSkip2CleanAdd``: G_n of the paper's eq. 2
with its residual), ``SinGANDiscriminator`` (official ``WDiscriminator``), ``singan_init``
(official ``weights_init``), ``noise_amplitude`` (official ``noise_amp``),
``singan_scale_step`` (one iteration of the official ``train_single_scale``).

Sections (``# %% name``) become notebook cells; see course_utils/sources.py.
"""

# %% imports
import functools
import math
import time

import numpy as np
import torch
from torch import nn

import course_utils
import course_utils.pyramid
from course_utils.pyramid import resize_matrix
from course_utils.saved.pytorch import device, place


# %% pyramid_shapes
def pyramid_shapes(shape, min_size=25, max_size=250, scale_factor=0.75):
    """The scales of a photograph of ``shape`` (height, width), coarsest first, as the
    official code computes them. Returns ``(factor, shapes)``: the ratio between
    neighbouring scales, recomputed for this photograph, and every scale's (height, width)."""
    ### BEGIN SOLUTION
    short, long = min(shape), max(shape)
    steps_to_min = math.ceil(math.log(min_size / short, scale_factor))  # from the photo
    steps_to_max = math.ceil(math.log(min(max_size, long) / long, scale_factor))
    finest = steps_to_min + 1 - steps_to_max  # the finest scale's index N
    top = [math.ceil(side * min(max_size / long, 1)) for side in shape]
    factor = (min_size / min(top)) ** (1 / finest)
    shapes = [tuple(math.ceil(side * factor ** (finest - n)) for side in top)
              for n in range(finest + 1)]
    ### END SOLUTION
    return factor, shapes


# %% conv_block save
class ConvBlock(nn.Sequential):
    """A 3x3 convolution without padding, batch norm and LeakyReLU(0.2): 2 pixels smaller."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.add_module("conv", nn.Conv2d(in_channels, out_channels, 3))
        self.add_module("norm", nn.BatchNorm2d(out_channels))
        self.add_module("act", nn.LeakyReLU(0.2))


# %% generator save
class SinGANGenerator(nn.Module):
    """One scale's G_n: ``num_layer`` 3x3 convolutions (a ConvBlock head, ConvBlocks, a tanh
    tail) on noise + the upsampled image from the scale below, their output added back to
    that image (the residual).

    ``forward(noise, previous)``: both (B, C, H + 2L, W + 2L) for L = ``num_layer``,
    zero-padded; returns the (B, C, H, W) image: the convolutions' output plus the centre
    of ``previous``.
    """

    def __init__(self, channels=3, width=32, num_layer=5):
        super().__init__()
        ### BEGIN SOLUTION
        self.head = ConvBlock(channels, width)
        self.body = nn.Sequential(*[ConvBlock(width, width) for _ in range(num_layer - 2)])
        self.tail = nn.Sequential(nn.Conv2d(width, channels, 3), nn.Tanh())
        ### END SOLUTION

    def forward(self, noise, previous):
        ### BEGIN SOLUTION
        detail = self.tail(self.body(self.head(noise)))  # (B, C, H, W): 2 px lost per layer
        crop = (previous.shape[2] - detail.shape[2]) // 2
        return detail + previous[:, :, crop:previous.shape[2] - crop,
                                 crop:previous.shape[3] - crop]
        ### END SOLUTION


# %% discriminator save
class SinGANDiscriminator(nn.Module):
    """One scale's D_n, a patch critic: five 3x3 convolutions to a 1-channel score map whose
    every location judges one 11x11 patch."""

    def __init__(self, channels=3, width=32, num_layer=5):
        super().__init__()
        self.head = ConvBlock(channels, width)
        self.body = nn.Sequential(*[ConvBlock(width, width) for _ in range(num_layer - 2)])
        self.tail = nn.Conv2d(width, 1, 3)

    def forward(self, x):
        return self.tail(self.body(self.head(x)))


# %% init
def singan_init(module):
    """The official initialisation: convolutions N(0, 0.02), batch norm scale N(1, 0.02) and
    shift 0 (convolution biases keep PyTorch's default)."""
    if isinstance(module, nn.Conv2d):
        nn.init.normal_(module.weight, 0.0, 0.02)
    elif isinstance(module, nn.BatchNorm2d):
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)


# %% upsample
def upsample(image, shape, scale_factor):
    """``image`` (B, C, h, w) enlarged by 1 / scale_factor with the official resizer and
    cropped to ``shape`` (H, W): two matrix products, on the image's device."""
    rows, columns = (torch.as_tensor(resize_matrix(image.shape[axis], size, 1 / scale_factor),
                                     dtype=image.dtype, device=image.device)
                     for axis, size in ((2, shape[0]), (3, shape[1])))
    return torch.einsum("oh,bchw,pw->bcop", rows, image, columns)


# %% pad save
def pad(image, padding=5):
    """Zero padding on every side: the generator's five valid convolutions take 10 pixels."""
    return nn.functional.pad(image, [padding] * 4)


# %% noise
def noise_like(image, coarsest, padding=5):
    """N(0, 1) noise shaped like ``image`` (B, C, H, W) plus ``padding`` zeros on each side;
    at the coarsest scale one grey channel repeated (the official code's choice)."""
    batch, channels, height, width = image.shape
    noise = torch.randn(batch, 1 if coarsest else channels, height, width, device=image.device)
    return pad(noise.expand(batch, channels, height, width), padding)


# %% noise_amplitude
def noise_amplitude(real, upsampled, noise_amp=0.1):
    """The standard deviation of a scale's noise: ``noise_amp`` times the root mean square
    error between the real image and the upsampled reconstruction from the scale below
    (both (B, C, H, W)). Returns a Python float."""
    ### BEGIN SOLUTION
    return noise_amp * torch.sqrt(torch.mean((real - upsampled) ** 2)).item()
    ### END SOLUTION


# %% reconstruction_loss save
def singan_reconstruction_loss(G, real, fixed_noise, upsampled, amplitude):
    """The reconstruction term: the mean squared error between ``real`` (B, C, H, W) and G_n's
    image from the fixed noise ``fixed_noise`` (padded) times ``amplitude`` and the upsampled
    reconstruction from the scale below, ``upsampled`` (B, C, H, W, not padded)."""
    ### BEGIN SOLUTION
    previous = pad(upsampled)
    return nn.functional.mse_loss(G(amplitude * fixed_noise + previous, previous), real)
    ### END SOLUTION


# %% generate
@torch.no_grad()
def generate(generators, amplitudes, fixed_noises, shapes, scale_factor, start=0):
    """An image from the trained scales, coarse to fine: the fixed noises below scale
    ``start`` (the path that reconstructs the photograph), new noise from ``start`` on.
    ``start=0`` draws a random sample; ``start=len(generators)`` reconstructs.
    ``shapes`` are every scale's (H, W), coarsest first: the trained ones, or (with
    ``start=0``) others, for a sample of another size; ``fixed_noises[n]`` is padded."""
    image = torch.zeros(1, fixed_noises[0].shape[1], *shapes[0], device=fixed_noises[0].device)
    for n, (G, amplitude, fixed) in enumerate(zip(generators, amplitudes, fixed_noises,
                                                   strict=True)):
        if n > 0:
            image = upsample(image, shapes[n], scale_factor)
        noise = fixed if n < start else noise_like(image, coarsest=n == 0)
        previous = pad(image)
        image = G(amplitude * noise + previous, previous)
    return image


# %% inject
@torch.no_grad()
def inject(generators, amplitudes, shapes, scale_factor, image, start):
    """Scales ``start`` to the finest run on ``image`` (a (1, C, H, W) tensor of scale
    ``start``'s shape) with new noise: paint-to-image, editing and harmonization."""
    for n in range(start, len(generators)):
        if n > start:
            image = upsample(image, shapes[n], scale_factor)
        previous = pad(image)
        noise = noise_like(image, coarsest=n == 0)
        image = generators[n](amplitudes[n] * noise + previous, previous)
    return image


# %% super_resolve
@torch.no_grad()
def super_resolve(generators, amplitudes, image, factor, steps):
    """``image`` (1, C, H, W) enlarged ``factor`` times in ``steps`` steps, each an upsampling
    by ``factor ** (1 / steps)`` and a pass of the finest generator, which adds the details
    it learned to add between two scales (the official SR mode)."""
    for _ in range(steps):
        shape = tuple(math.ceil(side * factor ** (1 / steps)) for side in image.shape[2:])
        image = upsample(image, shape, factor ** (-1 / steps))
        previous = pad(image)
        noise = noise_like(image, coarsest=False)
        image = generators[-1](amplitudes[-1] * noise + previous, previous)
    return image


# %% animate
@torch.no_grad()
def animate(generators, amplitudes, fixed_noises, shapes, scale_factor, frames=100, start=2,
            alpha=0.1, beta=0.9):
    """``frames`` images of a walk in noise space (the official ``generate_gif``): at every
    scale from ``start`` on, each frame's noise moves on from the last one's with momentum
    ``beta`` and is pulled back towards the reconstruction's noise by ``alpha``; below
    ``start`` the frames keep the reconstruction's noise. Returns (frames, C, H, W)."""
    images = [torch.zeros(1, fixed_noises[0].shape[1], *shapes[0],
                          device=fixed_noises[0].device)] * frames
    for n, (G, amplitude, fixed) in enumerate(zip(generators, amplitudes, fixed_noises,
                                                   strict=True)):
        walk = [fixed, 0.95 * fixed + 0.05 * noise_like(fixed[:, :, 5:-5, 5:-5], n == 0)]
        for i in range(frames):
            step = beta * (walk[-1] - walk[-2]) + (1 - beta) * noise_like(
                fixed[:, :, 5:-5, 5:-5], coarsest=n == 0)
            walk.append(alpha * fixed + (1 - alpha) * (walk[-1] + step))
            image = upsample(images[i], shapes[n], scale_factor) if n > 0 else images[i]
            previous = pad(image)
            noise = fixed if n < start else walk[-1]
            images[i] = G(amplitude * noise + previous, previous)
    return torch.cat(images)


# %% gradient_penalty save
def singan_gradient_penalty(critic, real, fake, epsilon):
    """SinGAN's WGAN-GP term: the mean over every location of (||grad||_2 - 1)^2, the norm
    taken over the channels at that location (topic 07 takes it over the whole image)."""
    x_hat = (epsilon * real + (1 - epsilon) * fake).requires_grad_(True)
    gradients, = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return ((gradients.norm(2, dim=1) - 1) ** 2).mean()


# %% critic_step save
def singan_critic_step(G, D, d_optimizer, real, noise, previous, epsilon, gp_weight=0.1):
    """One step of D_n: score ``real`` high and G_n's image from ``noise`` (padded, times the
    amplitude) and ``previous`` (the padded, upsampled image from below) low, plus the
    gradient penalty at the mix ``epsilon`` (a (1,) tensor). Returns the critic's loss."""
    fake = G(noise + previous, previous).detach()
    penalty = singan_gradient_penalty(D, real, fake, epsilon)
    loss = -D(real).mean() + D(fake).mean() + gp_weight * penalty
    d_optimizer.zero_grad()
    loss.backward()
    d_optimizer.step()
    return loss.item()


# %% generator_step save
def singan_generator_step(G, D, g_optimizer, real, noise, previous, reconstruction, alpha=10.0):
    """One step of G_n: fool D_n with the image from ``noise`` and ``previous``, and give back
    ``real`` from ``reconstruction`` = (fixed noise, upsampled reconstruction, amplitude)
    (see singan_reconstruction_loss). Returns (adversarial loss, reconstruction MSE)."""
    loss_adv = -D(G(noise + previous, previous)).mean()
    loss_rec = singan_reconstruction_loss(G, real, *reconstruction)
    g_optimizer.zero_grad()
    (loss_adv + alpha * loss_rec).backward()
    g_optimizer.step()
    return loss_adv.item(), loss_rec.item()


# %% scale_step save
def singan_scale_step(G, D, g_optimizer, d_optimizer, real, noise, draw_previous,
                      reconstruction, config):
    """One iteration at a scale: ``config.d_steps`` critic steps, each on a new image from the
    scales below (``draw_previous()``, upsampled, not padded) and a new mix ``epsilon`` drawn
    with ``torch.rand(1)``, then ``config.g_steps`` generator steps on the last of those
    images. ``noise`` is the iteration's padded noise times the amplitude. Returns the last
    losses: ``{"loss_D": .., "loss_G": .., "rec": ..}``."""
    ### BEGIN SOLUTION
    for _ in range(config.d_steps):
        previous = pad(draw_previous())
        epsilon = torch.rand(1, device=real.device)
        loss_d = singan_critic_step(G, D, d_optimizer, real, noise, previous, epsilon,
                                    config.gp_weight)
    for _ in range(config.g_steps):  # the official code reuses one graph: each step remakes it
        loss_adv, loss_rec = singan_generator_step(G, D, g_optimizer, real, noise, previous,
                                                   reconstruction, config.alpha)
    return {"loss_D": loss_d, "loss_G": loss_adv, "rec": loss_rec}
    ### END SOLUTION


# %% train_singan
def train_scale(G, D, real, amplitude, coarsest, draw_previous, reconstruction, config, title):
    """``config.iterations`` iterations of one scale with Adam (the learning rate / 10 after
    ``config.lr_drop`` of them), each on new noise times ``amplitude`` (grey if
    ``coarsest``); returns the last losses and the seconds it took."""
    optimizers = [torch.optim.Adam(net.parameters(), config.lr, betas=(config.beta1, 0.999))
                  for net in (G, D)]
    schedulers = [torch.optim.lr_scheduler.MultiStepLR(opt, [config.lr_drop], 0.1)
                  for opt in optimizers]
    G.train()
    D.train()
    start = time.perf_counter()
    progress = course_utils.progress(range(config.iterations), desc=title)
    for _ in progress:
        noise = amplitude * noise_like(real, coarsest)
        stats = singan_scale_step(G, D, *optimizers, real, noise, draw_previous,
                                  reconstruction, config)
        for scheduler in schedulers:
            scheduler.step()
        progress.set_postfix({key: f"{value:.3f}" for key, value in stats.items()})
    return {**stats, "seconds": time.perf_counter() - start}


def train_singan(reals, scale_factor, config, checkpoint_dir=None):
    """Train the scales coarse to fine on ``reals`` ((1, C, H, W) tensors, coarsest first).

    Each scale starts from the previous one's weights when their widths match, is trained
    (``train_scale``), then frozen, and saved in ``checkpoint_dir`` if given: a new run
    loads the scales saved there and trains the rest. Returns the generators, their noise
    amplitudes and fixed noises, and the history: for each of loss_D, loss_G, rec and
    seconds, one value per scale (its last iteration's).
    """
    generators, amplitudes, fixed_noises, history = [], [], [], {}
    shapes = [tuple(real.shape[2:]) for real in reals]
    previous_width, previous_D = None, None
    for n, real in enumerate(reals):
        width = course_utils.pyramid.channel_width(n, config.nfc)
        G = place(SinGANGenerator(real.shape[1], width).apply(singan_init))
        D = place(SinGANDiscriminator(real.shape[1], width).apply(singan_init))
        if width == previous_width:  # start from the scale below
            G.load_state_dict(generators[-1].state_dict())
            D.load_state_dict(previous_D.state_dict())
        if n == 0:  # purely generative: noise alone, of amplitude 1
            fixed = noise_like(real, coarsest=True)  # z*: the noise that must give the photo
            amplitude, upsampled = 1.0, torch.zeros_like(real)
            draw_previous = functools.partial(torch.zeros_like, real)
        else:  # no noise on the reconstruction path above the coarsest scale
            fixed = pad(torch.zeros_like(real))
            frozen = (list(generators), list(amplitudes), list(fixed_noises), shapes,
                      scale_factor)
            upsampled = upsample(generate(*frozen, start=n), shapes[n], scale_factor)
            amplitude = noise_amplitude(real, upsampled, config.noise_amp)

            def draw_previous(frozen=frozen, shape=shapes[n]):  # a new random image each call
                return upsample(generate(*frozen), shape, scale_factor)
        checkpoint = (course_utils.Checkpoint(checkpoint_dir / f"scale{n}", "pytorch")
                      if checkpoint_dir else None)
        if checkpoint is not None and checkpoint.exists():  # trained in an earlier run
            _, record = checkpoint.restore({"G": G, "D": D}, {})
            if n == 0:
                fixed = torch.tensor(record.pop("fixed_noise"), device=real.device)
        else:
            record = train_scale(G, D, real, amplitude, n == 0, draw_previous,
                                 (fixed, upsampled, amplitude), config, f"scale {n} {shapes[n]}")
            if checkpoint is not None:
                checkpoint.save(config.iterations, {"G": G, "D": D}, {},
                                {**record, "fixed_noise": fixed.tolist()} if n == 0 else record)
        G.eval()  # frozen: batch norm uses its running statistics, as in the official code
        G.requires_grad_(False)
        generators.append(G)
        amplitudes.append(amplitude)
        fixed_noises.append(fixed)
        for key, value in record.items():
            history.setdefault(key, []).append(float(value))
        previous_width, previous_D = width, D
    return generators, amplitudes, fixed_noises, history


# %% to_tensor
def to_tensor(image):
    """An (H, W, C) NumPy image in [0, 1] -> a (1, C, H, W) tensor in [-1, 1] on the device."""
    return torch.as_tensor(course_utils.to_signed(image).transpose(2, 0, 1)[None],
                           dtype=torch.float32, device=device)


def to_images(tensor):
    """(B, C, H, W) tensor in [-1, 1] -> (B, H, W, C) NumPy images in [0, 1]."""
    return course_utils.to_unit(tensor.detach().cpu().numpy().transpose(0, 2, 3, 1))
