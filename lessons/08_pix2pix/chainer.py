"""Topic 08, pix2pix: Chainer 7.8.1 reference.

Isola, Zhu, Zhou & Efros, "Image-to-Image Translation with Conditional Adversarial
Networks", CVPR 2017 (arXiv:1611.07004), as implemented in junyanz/pytorch-CycleGAN-and-pix2pix.
Code vs. paper and official code: ``UnetSkipBlock`` and ``UnetGenerator`` (the U-Net
generator with skips, official ``UnetSkipConnectionBlock`` / ``UnetGenerator``),
``PatchDiscriminator`` (the 70x70 PatchGAN, official ``NLayerDiscriminator``),
``norm_layer`` (official ``get_norm_layer``), ``vanilla_loss`` (official ``GANLoss`` in
"vanilla" mode), ``pix2pix_generator_loss`` (the paper's objective, eq. 4),
``pix2pix_discriminator_step`` / ``pix2pix_generator_step`` (official
``Pix2PixModel.optimize_parameters``), ``jitter`` (the paper's random jitter) and
``linear_decay`` (the official "linear" learning-rate policy).

Chainer 7.8.1 has no instance normalization: ``InstanceNorm2d`` computes it with
``F.batch_normalization``. The sections marked ``save`` are the image-to-image building
blocks that topics 09-11 import.
"""

# %% imports
import numpy as np

import course_utils
from course_utils.chainer_compat import import_chainer
from course_utils.saved.chainer import dcgan_init, fit_gan, place

chainer = import_chainer()  # Chainer 7.8.1, with the repairs it needs on NumPy 2
import chainer.functions as F
import chainer.links as L


# %% norm_layer save
class InstanceNorm2d(chainer.Link):
    """Instance normalization as the official code uses it: each image and channel scaled
    to mean 0 and variance 1 over its pixels; no learnable scale or shift, no running
    statistics. It is batch norm of a batch of one image whose channels are every image's
    channels: one function node, where mean, variance and division take nine."""

    def __init__(self, eps=1e-5):
        super().__init__()
        self.eps = eps

    def forward(self, x):
        batch, channels, height, width = x.shape
        scale = self.xp.ones(batch * channels, x.dtype)
        shift = self.xp.zeros(batch * channels, x.dtype)
        y = F.batch_normalization(F.reshape(x, (1, batch * channels, height, width)), scale,
                                  shift, eps=self.eps)  # biased variance, as PyTorch
        return F.reshape(y, x.shape)


def norm_layer(kind, channels):
    """The normalization after a convolution: "batch", "instance" or "none".

    Batch norm as in PyTorch (decay 0.9, eps 1e-5); instance norm without parameters.
    """
    if kind == "batch":
        return L.BatchNormalization(channels, decay=0.9, eps=1e-5)
    if kind == "instance":
        return InstanceNorm2d()
    if kind == "none":
        return F.identity
    raise ValueError(f"norm must be 'batch', 'instance' or 'none', not {kind!r}.")


def leaky_relu(x):
    """LeakyReLU with slope 0.2, the pix2pix and CycleGAN discriminators' activation."""
    return F.leaky_relu(x, slope=0.2)


# %% skip_block save
class UnetSkipBlock(chainer.Chain):
    """One level of the U-Net: down-convolve, run the inner levels, up-convolve, concatenate.

    x -> [LeakyReLU 0.2] -> Conv 4x4/2 [+ norm] -> submodule -> ReLU -> Deconv 4x4/2
    [+ norm] [+ Dropout 0.5] -> concatenated after x along the channels (the skip). The
    outermost level has no activation or norm before its convolution, a bias and tanh
    after its deconvolution, and no skip; the innermost has no submodule and no norm after
    its down convolution. Convolutions followed by batch norm have no bias.
    """

    def __init__(self, outer_channels, inner_channels, in_channels=None, submodule=None,
                 outermost=False, innermost=False, norm="batch", dropout=False):
        super().__init__()
        self.outermost = outermost
        in_channels = in_channels or outer_channels
        ### BEGIN SOLUTION
        nobias = norm != "instance"  # as the official code: a bias only before instance norm
        down = L.Convolution2D(in_channels, inner_channels, 4, stride=2, pad=1, nobias=nobias)
        if outermost:
            up = L.Deconvolution2D(2 * inner_channels, outer_channels, 4, stride=2, pad=1)
            steps = [down, submodule, F.relu, up, F.tanh]
        elif innermost:
            up = L.Deconvolution2D(inner_channels, outer_channels, 4, stride=2, pad=1,
                                   nobias=nobias)
            steps = [leaky_relu, down, F.relu, up, norm_layer(norm, outer_channels)]
        else:
            up = L.Deconvolution2D(2 * inner_channels, outer_channels, 4, stride=2, pad=1,
                                   nobias=nobias)
            steps = [leaky_relu, down, norm_layer(norm, inner_channels), submodule, F.relu, up,
                     norm_layer(norm, outer_channels)]
            if dropout:
                steps.append(F.dropout)  # ratio 0.5; active while chainer.config.train
        with self.init_scope():
            self.model = chainer.Sequential(*steps)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        if self.outermost:
            return self.model(x)  # (B, outer, H, W)
        return F.concat([x, self.model(x)], axis=1)  # (B, in + outer, H, W): the skip
        ### END SOLUTION


# %% unet save
class UnetGenerator(chainer.Chain):
    """The pix2pix generator: log2(image_size) nested UnetSkipBlocks, 1x1 at the bottom.

    Filters ngf, 2 ngf, 4 ngf, then 8 ngf for every deeper level; dropout in the levels
    between the 8 ngf ones (three for 256x256 images: unet_256). (B, C, H, W) -> (B, C', H, W).
    """

    def __init__(self, in_channels, out_channels, image_size, ngf=64, norm="batch",
                 dropout=True):
        super().__init__()
        depth = int(np.log2(image_size))  # 8 for 256: 256 -> 1 by halving
        if 2 ** depth != image_size or depth < 5:
            raise ValueError(f"image_size must be a power of two of at least 32, got {image_size}.")
        block = UnetSkipBlock(8 * ngf, 8 * ngf, norm=norm, innermost=True)
        for _ in range(depth - 5):
            block = UnetSkipBlock(8 * ngf, 8 * ngf, submodule=block, norm=norm, dropout=dropout)
        for multiple in (4, 2, 1):
            block = UnetSkipBlock(multiple * ngf, 2 * multiple * ngf, submodule=block, norm=norm)
        with self.init_scope():
            self.model = UnetSkipBlock(out_channels, ngf, in_channels, submodule=block,
                                       outermost=True, norm=norm)
        dcgan_init(self)  # N(0, 0.02), as the official init_weights

    def forward(self, x):
        return self.model(x)


# %% patch save
class PatchDiscriminator(chainer.Chain):
    """The PatchGAN: one logit per overlapping patch (70x70 for n_layers=3).

    Conv 4x4/2 (ndf, bias) + LeakyReLU 0.2, then n_layers - 1 x (Conv 4x4/2 + norm +
    LeakyReLU) with 2 ndf, 4 ndf, ... filters (at most 8 ndf), one Conv 4x4/1 + norm +
    LeakyReLU, and a Conv 4x4/1 to one channel: the logits, no sigmoid. Every convolution
    pads 1 with zeros, so a 256x256 input gives a 30x30 map.
    """

    def __init__(self, in_channels, ndf=64, n_layers=3, norm="batch"):
        super().__init__()
        ### BEGIN SOLUTION
        nobias = norm != "instance"
        steps = [L.Convolution2D(in_channels, ndf, 4, stride=2, pad=1), leaky_relu]
        channels = ndf
        for n in range(1, n_layers + 1):
            filters = ndf * min(2 ** n, 8)
            stride = 2 if n < n_layers else 1  # the last one keeps the size
            steps += [L.Convolution2D(channels, filters, 4, stride=stride, pad=1, nobias=nobias),
                      norm_layer(norm, filters), leaky_relu]
            channels = filters
        steps.append(L.Convolution2D(channels, 1, 4, stride=1, pad=1))  # (B, 1, H', W') logits
        with self.init_scope():
            self.model = chainer.Sequential(*steps)
        ### END SOLUTION
        dcgan_init(self)

    def forward(self, x):
        ### BEGIN SOLUTION
        return self.model(x)
        ### END SOLUTION


# %% vanilla_loss save
def vanilla_loss(logits, is_real):
    """The original GAN loss on a map of logits: binary cross-entropy with logits against
    all ones (``is_real``) or all zeros, averaged over every patch of every image.
    (-log sigmoid(x) is softplus(-x), -log(1 - sigmoid(x)) is softplus(x).)"""
    return F.mean(F.softplus(-logits if is_real else logits))


# %% generator_loss save
def pix2pix_generator_loss(fake_logits, fakes, targets, l1_weight=100.0, gan_weight=1.0):
    """gan_weight x (D's BCE on the fakes against "real") + l1_weight x mean |fakes - targets|."""
    ### BEGIN SOLUTION
    adversarial = vanilla_loss(fake_logits, True)  # G wants D to call its outputs real
    l1 = F.mean(F.absolute(fakes - targets))  # every pixel of every image
    return gan_weight * adversarial + l1_weight * l1
    ### END SOLUTION


# %% discriminator_step save
def pix2pix_discriminator_step(generator, discriminator, d_optimizer, inputs, targets):
    """One update of the conditional D; returns its loss before the update.

    D sees each input stacked with its real target (label 1) and with G's output (label 0,
    a plain array: this step must not train G); the loss is half their sum, as in the
    official code.
    """
    ### BEGIN SOLUTION
    with chainer.using_config("train", True):
        fakes = generator(inputs).array  # (B, C, H, W)
        real_loss = vanilla_loss(discriminator(F.concat([inputs, targets], axis=1)), True)
        fake_loss = vanilla_loss(discriminator(F.concat([inputs, fakes], axis=1)), False)
        loss = 0.5 * (real_loss + fake_loss)  # halved: D learns at half G's pace
    discriminator.cleargrads()
    loss.backward()
    d_optimizer.update()
    return float(loss.array)
    ### END SOLUTION


# %% generator_step save
def pix2pix_generator_step(generator, discriminator, g_optimizer, inputs, targets,
                           l1_weight=100.0, gan_weight=1.0):
    """One update of G through the current D; returns loss_G before the update."""
    with chainer.using_config("train", True):
        fakes = generator(inputs)  # (B, C, H, W)
        fake_logits = discriminator(F.concat([inputs, fakes], axis=1))  # conditioned on the input
        loss = pix2pix_generator_loss(fake_logits, fakes, targets, l1_weight, gan_weight)
    generator.cleargrads()
    loss.backward()  # also fills D's gradients; the next discriminator step clears them first
    g_optimizer.update()  # only G's parameters move
    return float(loss.array)


# %% jitter save
def jitter(images, load_size):
    """The paper's random jitter on a (B, C, H, W) batch: resize to load_size x load_size,
    crop a random H x W window back out, and mirror it left-right half of the time, each
    image on its own draw. Stack a pair along the channels to jitter both alike."""
    xp = chainer.backend.get_array_module(images)
    size = images.shape[-1]
    images = F.resize_images(images, (load_size, load_size), align_corners=False).array
    out = []
    for image in images:
        top, left = np.random.randint(0, load_size - size + 1, size=2)
        crop = image[:, top:top + size, left:left + size]  # (C, H, W)
        out.append(crop[:, :, ::-1] if np.random.rand() < 0.5 else crop)
    return xp.stack(out)


# %% linear_decay save
def linear_decay(epoch, constant_epochs, decay_epochs):
    """The official "linear" policy: the learning-rate factor for ``epoch`` (from 0), 1 for
    ``constant_epochs`` epochs, then falling by 1 / (decay_epochs + 1) per epoch."""
    return 1.0 - max(0, epoch + 1 - constant_epochs) / (decay_epochs + 1)


# %% pix2pix_step save
def make_pix2pix_step(generator, discriminator, g_optimizer, d_optimizer, config,
                      l1_weight=100.0, gan_weight=1.0):
    """The ``step(pairs, labels)`` fit_gan calls for every batch of (input | target) pairs
    stacked along the channels: jitter, a D step (none for L1 alone), then a G step."""
    channels = config.channels

    def step(pairs, labels=None):
        pairs = jitter(pairs, config.load_size)  # the same crop and flip for both halves
        inputs, targets = pairs[:, :channels], pairs[:, channels:]
        losses = {}
        if gan_weight:
            losses["loss_D"] = pix2pix_discriminator_step(generator, discriminator, d_optimizer,
                                                          inputs, targets)
        losses["loss_G"] = pix2pix_generator_step(generator, discriminator, g_optimizer, inputs,
                                                  targets, l1_weight, gan_weight)
        return losses

    return step


# %% schedule save
def decay_schedule(optimizers, config):
    """The ``on_epoch(epoch)`` fit_gan calls before each epoch: every optimizer's learning
    rate (Adam's alpha) set to config.lr x linear_decay(epoch, config.constant_epochs,
    config.decay_epochs)."""

    def on_epoch(epoch):
        lr = config.lr * linear_decay(epoch, config.constant_epochs, config.decay_epochs)
        for optimizer in optimizers:
            optimizer.alpha = lr

    return on_epoch


# %% translate save
def translate(generator, images):
    """G's outputs for NHWC NumPy images in [-1, 1], as NHWC NumPy images in [-1, 1].

    As in the paper, G runs at test time as in training: dropout on, and batch norm with the
    statistics of the image itself (one image at a time), not the running averages.
    """
    batch = generator.xp.asarray(np.asarray(images, np.float32).transpose(0, 3, 1, 2))
    with chainer.using_config("train", True), chainer.no_backprop_mode():
        outputs = [generator(image[None]).array for image in batch]  # (1, C, H, W) each
    return chainer.backends.cuda.to_cpu(generator.xp.concatenate(outputs)).transpose(0, 2, 3, 1)
