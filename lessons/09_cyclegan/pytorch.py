"""Topic 09, CycleGAN: PyTorch reference.

Zhu, Park, Isola & Efros, "Unpaired Image-to-Image Translation using Cycle-Consistent
Adversarial Networks", ICCV 2017 (arXiv:1703.10593), as implemented in
junyanz/pytorch-CycleGAN-and-pix2pix. Code vs. paper and official code: ``ResnetBlock`` and
``ResnetGenerator`` (the paper's appendix 7.2 generator, official ``ResnetBlock`` /
``ResnetGenerator``), topic 08's ``PatchDiscriminator`` with instance norm, ``lsgan_loss``
(official ``GANLoss`` in "lsgan" mode), ``cycle_loss`` and ``identity_loss`` (the paper's
eq. 2 and section 5.2), ``ImagePool`` (official ``ImagePool``), and the two steps (official
``CycleGANModel.optimize_parameters``). The course's G_AB, G_BA, D_A, D_B are the official
netG_A, netG_B, netD_B, netD_A: each discriminator is named after the domain it judges.

The sections marked ``save`` are the building blocks that topics 10 and 11 import.
"""

# %% imports
import random

import numpy as np
import torch
from torch import nn

import course_utils
from course_utils.saved.pytorch import (
    PatchDiscriminator,
    dcgan_init,
    decay_schedule,
    fit_gan,
    jitter,
    norm_layer,
    place,
    translate,
)

# %% reflection_pad save
ReflectionPad2d = nn.ReflectionPad2d  # pads by mirroring the border, without repeating it


# %% resnet_block save
class ResnetBlock(nn.Module):
    """x + (ReflectionPad 1 -> Conv 3x3 -> norm -> ReLU -> ReflectionPad 1 -> Conv 3x3 ->
    norm): the residual block of the CycleGAN generator, same shape out."""

    def __init__(self, channels, norm="instance"):
        super().__init__()
        ### BEGIN SOLUTION
        bias = norm == "instance"  # as the official code: a bias only before instance norm
        layers = [ReflectionPad2d(1), nn.Conv2d(channels, channels, 3, bias=bias),
                  norm_layer(norm, channels), nn.ReLU(),
                  ReflectionPad2d(1), nn.Conv2d(channels, channels, 3, bias=bias),
                  norm_layer(norm, channels)]  # no ReLU after the sum
        self.block = nn.Sequential(*layers)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        return x + self.block(x)  # (B, C, H, W)
        ### END SOLUTION


# %% resnet_generator save
class ResnetGenerator(nn.Module):
    """c7s1-64, d128, d256, n_blocks x R256, u128, u64, c7s1-3 (the paper's notation, for
    ngf = 64): reflection padding before every stride-1 convolution, norm and ReLU after
    every convolution but the last, tanh at the end. (B, C, H, W) -> (B, C', H, W)."""

    def __init__(self, in_channels, out_channels, ngf=64, n_blocks=9, norm="instance"):
        super().__init__()
        bias = norm == "instance"
        layers = [ReflectionPad2d(3), nn.Conv2d(in_channels, ngf, 7, bias=bias),
                  norm_layer(norm, ngf), nn.ReLU()]  # c7s1-64
        for multiple in (1, 2):  # d128, d256: 3x3 stride 2, zero padding 1
            layers += [nn.Conv2d(multiple * ngf, 2 * multiple * ngf, 3, stride=2, padding=1,
                                 bias=bias), norm_layer(norm, 2 * multiple * ngf), nn.ReLU()]
        layers += [ResnetBlock(4 * ngf, norm) for _ in range(n_blocks)]  # R256 x n_blocks
        for multiple in (4, 2):  # u128, u64: 3x3 transposed, stride 2, doubling the side
            layers += [nn.ConvTranspose2d(multiple * ngf, multiple * ngf // 2, 3, stride=2,
                                          padding=1, output_padding=1, bias=bias),
                       norm_layer(norm, multiple * ngf // 2), nn.ReLU()]
        layers += [ReflectionPad2d(3), nn.Conv2d(ngf, out_channels, 7), nn.Tanh()]  # c7s1-3
        self.model = nn.Sequential(*layers)
        self.apply(dcgan_init)  # N(0, 0.02), as the official init_weights

    def forward(self, x):
        return self.model(x)


# %% lsgan_loss save
def lsgan_loss(predictions, is_real):
    """The least-squares GAN loss: the mean squared distance of D's outputs to 1
    (``is_real``) or to 0, over every patch of every image."""
    target = 1.0 if is_real else 0.0
    return ((predictions - target) ** 2).mean()


# %% cycle_loss save
def cycle_loss(reconstructed, real, cycle_weight=10.0):
    """cycle_weight x the mean absolute difference between F(G(x)) and x."""
    ### BEGIN SOLUTION
    return cycle_weight * (reconstructed - real).abs().mean()
    ### END SOLUTION


# %% identity_loss save
def identity_loss(same, real, cycle_weight=10.0, identity_weight=0.5):
    """identity_weight x cycle_weight x the mean absolute difference between G(y) and y, for
    y already in G's target domain."""
    ### BEGIN SOLUTION
    return identity_weight * cycle_weight * (same - real).abs().mean()
    ### END SOLUTION


# %% image_pool save
class ImagePool:
    """A history of up to ``size`` generated images (Shrivastava et al. 2017).

    ``query(images)`` returns a batch of the same size, detached: while the pool fills, the
    new images themselves (each one is stored); once it is full, for each new image, with
    probability 1/2 a stored one picked at random, which the new image replaces, else the
    new image. ``size=0`` turns the pool off.
    """

    def __init__(self, size=50):
        self.size = size
        self.images = []

    def query(self, images):
        ### BEGIN SOLUTION
        if self.size == 0:
            return images.detach()
        out = []
        for image in images.detach():  # (C, H, W) each
            if len(self.images) < self.size:
                self.images.append(image)
                out.append(image)
            elif random.random() < 0.5:
                index = random.randrange(self.size)
                out.append(self.images[index])
                self.images[index] = image
            else:
                out.append(image)
        return torch.stack(out)  # (B, C, H, W)
        ### END SOLUTION


# %% generator_step save
def cyclegan_generator_step(G_AB, G_BA, D_A, D_B, g_optimizers, real_a, real_b,
                            cycle_weight=10.0, identity_weight=0.5):
    """One update of both generators on the sum of their losses; returns the loss before
    the update and the fakes (fake_a = G_BA(real_b), fake_b = G_AB(real_a)), detached."""
    ### BEGIN SOLUTION
    for network in (G_AB, G_BA, D_A, D_B):
        network.train()
    for optimizer in g_optimizers:
        optimizer.zero_grad()
    fake_b, fake_a = G_AB(real_a), G_BA(real_b)  # (B, C, H, W) each
    loss = lsgan_loss(D_B(fake_b), True) + lsgan_loss(D_A(fake_a), True)  # fool both D
    loss = loss + cycle_loss(G_BA(fake_b), real_a, cycle_weight)  # A -> B -> A
    loss = loss + cycle_loss(G_AB(fake_a), real_b, cycle_weight)  # B -> A -> B
    if identity_weight > 0:  # a target-domain image should pass unchanged
        loss = loss + identity_loss(G_AB(real_b), real_b, cycle_weight, identity_weight)
        loss = loss + identity_loss(G_BA(real_a), real_a, cycle_weight, identity_weight)
    loss.backward()  # also fills D_A's and D_B's .grad; their step clears them first
    for optimizer in g_optimizers:
        optimizer.step()
    return loss.item(), fake_a.detach(), fake_b.detach()
    ### END SOLUTION


# %% discriminator_step save
def cyclegan_discriminator_step(D, d_optimizer, real, fake, pool):
    """One update of D on real images and on what ``pool`` returns for the new fakes;
    returns its loss before the update."""
    ### BEGIN SOLUTION
    D.train()
    d_optimizer.zero_grad()
    fake = pool.query(fake)  # some of this batch's fakes, some older ones, detached
    loss = 0.5 * (lsgan_loss(D(real), True) + lsgan_loss(D(fake), False))
    loss.backward()
    d_optimizer.step()
    return loss.item()
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
        real_a, real_b = pairs[:, :channels], pairs[:, channels:]
        loss_g, fake_a, fake_b = cyclegan_generator_step(
            G_AB, G_BA, D_A, D_B, g_optimizers, real_a, real_b, cycle_weight, identity_weight)
        return {"loss_G": loss_g,
                "loss_D_A": cyclegan_discriminator_step(D_A, optimizers["D_A"], real_a, fake_a,
                                                        pool_a),
                "loss_D_B": cyclegan_discriminator_step(D_B, optimizers["D_B"], real_b, fake_b,
                                                        pool_b)}

    return step
