"""Topic 09, CycleGAN: Chainer 7.8.1 reference.

Zhu, Park, Isola & Efros, "Unpaired Image-to-Image Translation using Cycle-Consistent
Adversarial Networks", ICCV 2017 (arXiv:1703.10593), as implemented in
junyanz/pytorch-CycleGAN-and-pix2pix. Code vs. paper and official code: ``ResnetBlock`` and
``ResnetGenerator`` (the paper's appendix 7.2 generator, official ``ResnetBlock`` /
``ResnetGenerator``), topic 08's ``PatchDiscriminator`` with instance norm, ``lsgan_loss``
(official ``GANLoss`` in "lsgan" mode), ``cycle_loss`` and ``identity_loss`` (the paper's
eq. 2 and section 5.2), ``ImagePool`` (official ``ImagePool``), and the two steps (official
``CycleGANModel.optimize_parameters``). The course's G_AB, G_BA, D_A, D_B are the official
netG_A, netG_B, netD_B, netD_A: each discriminator is named after the domain it judges.

Chainer's ``F.pad(x, ..., mode="reflect")`` pads correctly but its backward drops the
gradient of the mirrored border: ``ReflectionPad2d`` is a function node whose backward
folds it back.
The sections marked ``save`` are the building blocks that topics 10 and 11 import.
"""

# %% imports
import random

import numpy as np

import course_utils
from course_utils.chainer_compat import import_chainer
from course_utils.saved.chainer import (
    PatchDiscriminator,
    dcgan_init,
    decay_schedule,
    fit_gan,
    jitter,
    norm_layer,
    place,
    translate,
)

chainer = import_chainer()  # Chainer 7.8.1, with the repairs it needs on NumPy 2
import chainer.functions as F
import chainer.links as L


# %% reflection_pad save
class ReflectionPad(chainer.FunctionNode):
    """Pads H and W by ``padding`` pixels mirrored about the border, without repeating it
    (NumPy's "reflect" mode). Its backward is :class:`ReflectionFold`, so that the mirrored
    pixels' gradients flow back to the pixels they copy."""

    def __init__(self, padding):
        self.padding = padding

    def forward(self, inputs):
        x, = inputs
        p = self.padding
        xp = chainer.backend.get_array_module(x)
        return xp.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), mode="reflect"),

    def backward(self, indexes, grad_outputs):
        return ReflectionFold(self.padding).apply(grad_outputs)


class ReflectionFold(chainer.FunctionNode):
    """The padding's transpose, its backward: the gradient of each mirrored pixel added to
    that of the pixel it copies, then the border cut off. (B, C, H + 2p, W + 2p) ->
    (B, C, H, W)."""

    def __init__(self, padding):
        self.padding = padding

    def forward(self, inputs):
        p, g = self.padding, inputs[0].copy()
        height, width = g.shape[2] - 2 * p, g.shape[3] - 2 * p
        g[:, :, p + 1:2 * p + 1] += g[:, :, :p][:, :, ::-1]  # the top border onto its rows
        g[:, :, height - 1:height + p - 1] += g[:, :, height + p:][:, :, ::-1]  # the bottom
        g[:, :, :, p + 1:2 * p + 1] += g[:, :, :, :p][:, :, :, ::-1]  # then the columns
        g[:, :, :, width - 1:width + p - 1] += g[:, :, :, width + p:][:, :, :, ::-1]
        return g[:, :, p:p + height, p:p + width].copy(),

    def backward(self, indexes, grad_outputs):
        return ReflectionPad(self.padding).apply(grad_outputs)


class ReflectionPad2d(chainer.Link):
    """The layer: ``ReflectionPad2d(p)(x)`` is (B, C, H + 2p, W + 2p), as PyTorch's
    ``nn.ReflectionPad2d``."""

    def __init__(self, padding):
        super().__init__()
        self.padding = padding

    def forward(self, x):
        return ReflectionPad(self.padding).apply((x,))[0]


# %% resnet_block save
class ResnetBlock(chainer.Chain):
    """x + (ReflectionPad 1 -> Conv 3x3 -> norm -> ReLU -> ReflectionPad 1 -> Conv 3x3 ->
    norm): the residual block of the CycleGAN generator, same shape out."""

    def __init__(self, channels, norm="instance"):
        super().__init__()
        ### BEGIN SOLUTION
        nobias = norm != "instance"  # as the official code: a bias only before instance norm
        layers = [ReflectionPad2d(1), L.Convolution2D(channels, channels, 3, nobias=nobias),
                  norm_layer(norm, channels), F.relu,
                  ReflectionPad2d(1), L.Convolution2D(channels, channels, 3, nobias=nobias),
                  norm_layer(norm, channels)]  # no ReLU after the sum
        with self.init_scope():
            self.block = chainer.Sequential(*layers)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        return x + self.block(x)  # (B, C, H, W)
        ### END SOLUTION


# %% resnet_generator save
def crop_first_row_and_column(x):
    """A 3x3 stride-2 deconvolution without padding gives 2H + 1 rows; dropping the first
    row and column gives PyTorch's ``padding=1, output_padding=1``: 2H, for any H."""
    return x[:, :, 1:, 1:]


class ResnetGenerator(chainer.Chain):
    """c7s1-64, d128, d256, n_blocks x R256, u128, u64, c7s1-3 (the paper's notation, for
    ngf = 64): reflection padding before every stride-1 convolution, norm and ReLU after
    every convolution but the last, tanh at the end. (B, C, H, W) -> (B, C', H, W)."""

    def __init__(self, in_channels, out_channels, ngf=64, n_blocks=9, norm="instance"):
        super().__init__()
        nobias = norm != "instance"
        layers = [ReflectionPad2d(3), L.Convolution2D(in_channels, ngf, 7, nobias=nobias),
                  norm_layer(norm, ngf), F.relu]  # c7s1-64
        for multiple in (1, 2):  # d128, d256: 3x3 stride 2, zero padding 1
            layers += [L.Convolution2D(multiple * ngf, 2 * multiple * ngf, 3, stride=2, pad=1,
                                       nobias=nobias), norm_layer(norm, 2 * multiple * ngf), F.relu]
        layers += [ResnetBlock(4 * ngf, norm) for _ in range(n_blocks)]  # R256 x n_blocks
        for multiple in (4, 2):  # u128, u64: 3x3 transposed, stride 2, doubling the side
            layers += [L.Deconvolution2D(multiple * ngf, multiple * ngf // 2, 3, stride=2,
                                         nobias=nobias), crop_first_row_and_column,
                       norm_layer(norm, multiple * ngf // 2), F.relu]
        layers += [ReflectionPad2d(3), L.Convolution2D(ngf, out_channels, 7), F.tanh]  # c7s1-3
        with self.init_scope():
            self.model = chainer.Sequential(*layers)
        dcgan_init(self)  # N(0, 0.02), as the official init_weights

    def forward(self, x):
        return self.model(x)


# %% lsgan_loss save
def lsgan_loss(predictions, is_real):
    """The least-squares GAN loss: the mean squared distance of D's outputs to 1
    (``is_real``) or to 0, over every patch of every image."""
    target = 1.0 if is_real else 0.0
    return F.mean(F.square(predictions - target))


# %% cycle_loss save
def cycle_loss(reconstructed, real, cycle_weight=10.0):
    """cycle_weight x the mean absolute difference between F(G(x)) and x."""
    ### BEGIN SOLUTION
    return cycle_weight * F.mean(F.absolute(reconstructed - real))
    ### END SOLUTION


# %% identity_loss save
def identity_loss(same, real, cycle_weight=10.0, identity_weight=0.5):
    """identity_weight x cycle_weight x the mean absolute difference between G(y) and y, for
    y already in G's target domain."""
    ### BEGIN SOLUTION
    return identity_weight * cycle_weight * F.mean(F.absolute(same - real))
    ### END SOLUTION


# %% image_pool save
class ImagePool:
    """A history of up to ``size`` generated images (Shrivastava et al. 2017).

    ``query(images)`` returns a batch of the same size, detached (a plain array): while the
    pool fills, the new images themselves (each one is stored); once it is full, for each
    new image, with probability 1/2 a stored one picked at random, which the new image
    replaces, else the new image. ``size=0`` turns the pool off.
    """

    def __init__(self, size=50):
        self.size = size
        self.images = []

    def query(self, images):
        ### BEGIN SOLUTION
        if isinstance(images, chainer.Variable):
            images = images.array  # detached: no graph back to the generator
        if self.size == 0:
            return images
        out = []
        for image in images:  # (C, H, W) each
            if len(self.images) < self.size:
                self.images.append(image)
                out.append(image)
            elif random.random() < 0.5:
                index = random.randrange(self.size)
                out.append(self.images[index])
                self.images[index] = image
            else:
                out.append(image)
        return chainer.backend.get_array_module(images).stack(out)  # (B, C, H, W)
        ### END SOLUTION


# %% generator_step save
def cyclegan_generator_step(G_AB, G_BA, D_A, D_B, g_optimizers, real_a, real_b,
                            cycle_weight=10.0, identity_weight=0.5):
    """One update of both generators on the sum of their losses; returns the loss before
    the update and the fakes (fake_a = G_BA(real_b), fake_b = G_AB(real_a)), detached."""
    ### BEGIN SOLUTION
    with chainer.using_config("train", True):
        fake_b, fake_a = G_AB(real_a), G_BA(real_b)  # (B, C, H, W) each
        loss = lsgan_loss(D_B(fake_b), True) + lsgan_loss(D_A(fake_a), True)  # fool both D
        loss = loss + cycle_loss(G_BA(fake_b), real_a, cycle_weight)  # A -> B -> A
        loss = loss + cycle_loss(G_AB(fake_a), real_b, cycle_weight)  # B -> A -> B
        if identity_weight > 0:  # a target-domain image should pass unchanged
            loss = loss + identity_loss(G_AB(real_b), real_b, cycle_weight, identity_weight)
            loss = loss + identity_loss(G_BA(real_a), real_a, cycle_weight, identity_weight)
    G_AB.cleargrads()
    G_BA.cleargrads()
    loss.backward()  # also adds to D_A's and D_B's gradients; their step clears them first
    g_optimizers[0].update()
    g_optimizers[1].update()
    return float(loss.array), fake_a.array, fake_b.array
    ### END SOLUTION


# %% discriminator_step save
def cyclegan_discriminator_step(D, d_optimizer, real, fake, pool):
    """One update of D on real images and on what ``pool`` returns for the new fakes;
    returns its loss before the update."""
    ### BEGIN SOLUTION
    D.cleargrads()
    fake = pool.query(fake)  # some of this batch's fakes, some older ones, detached
    with chainer.using_config("train", True):
        loss = 0.5 * (lsgan_loss(D(real), True) + lsgan_loss(D(fake), False))
    loss.backward()
    d_optimizer.update()
    return float(loss.array)
    ### END SOLUTION


# %% cyclegan_step save
def make_cyclegan_step(networks, optimizers, config, cycle_weight=10.0, identity_weight=0.5,
                       pool_size=50):
    """The ``step(pairs, labels)`` fit_gan calls for every batch of unpaired images, domain
    A then domain B stacked along the channels: jitter, one step of both generators, then
    one step of each discriminator on its pooled fakes. ``networks`` and ``optimizers`` are
    dicts keyed G_AB, G_BA, D_A, D_B."""
    channels = config.channels
    G_AB, G_BA, D_A, D_B = (networks[key] for key in ("G_AB", "G_BA", "D_A", "D_B"))
    g_optimizers = (optimizers["G_AB"], optimizers["G_BA"])
    pool_a, pool_b = ImagePool(pool_size), ImagePool(pool_size)

    def step(pairs, labels=None):
        pairs = jitter(pairs, config.load_size)
        real_a, real_b = pairs[:, :channels], pairs[:, channels:]  # (B, C, H, W) each
        loss_g, fake_a, fake_b = cyclegan_generator_step(
            G_AB, G_BA, D_A, D_B, g_optimizers, real_a, real_b, cycle_weight, identity_weight)
        return {"loss_G": loss_g,
                "loss_D_A": cyclegan_discriminator_step(D_A, optimizers["D_A"], real_a, fake_a,
                                                        pool_a),
                "loss_D_B": cyclegan_discriminator_step(D_B, optimizers["D_B"], real_b, fake_b,
                                                        pool_b)}

    return step
