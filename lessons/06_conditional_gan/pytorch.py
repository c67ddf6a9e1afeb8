"""Topic 06, conditional GAN: PyTorch reference.

Mirza & Osindero, "Conditional Generative Adversarial Nets", arXiv:1411.1784 (2014).
Code vs. paper: ``ConditionalGenerator`` (G(z|y): z and the one-hot label y are
concatenated, the paper's "combined in joint hidden representation"),
``ConditionalDiscriminator`` (D(x|y), returning the logit; y enters as ``label_planes``,
one constant image plane per class stacked onto x), ``conditional_discriminator_step`` and
``conditional_generator_step`` (the two updates of the minimax game of the paper's eq. 2).
The networks are topic 05's DCGAN with wider inputs, not the paper's MLPs.

Sections (``# %% name``) become notebook cells; see course_utils/sources.py.
"""

# %% imports
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

import course_utils
from course_utils.saved.pytorch import (
    DCGANDiscriminator,
    DCGANGenerator,
    device,
    discriminator_loss,
    fit_gan,
    generate,
    generator_loss,
    place,
    sample_latent,
)


# %% label_planes
def label_planes(one_hot, height, width):
    """One-hot labels (B, K) -> (B, K, height, width): plane k is filled with one_hot[:, k]."""
    ### BEGIN SOLUTION
    return one_hot[:, :, None, None].expand(-1, -1, height, width)  # (B, K, H, W), no copy
    ### END SOLUTION


# %% generator
class ConditionalGenerator(nn.Module):
    """G(z|y): topic 05's DCGAN generator fed the concatenation [z, one_hot]."""

    def __init__(self, channels, image_size, num_classes, latent_dim=100, width=1.0):
        super().__init__()
        self.num_classes, self.latent_dim = num_classes, latent_dim
        ### BEGIN SOLUTION
        self.dcgan = DCGANGenerator(channels, image_size, latent_dim + num_classes, width)
        ### END SOLUTION

    def forward(self, z, one_hot):
        ### BEGIN SOLUTION
        zy = torch.cat([z, one_hot], dim=1)  # (B, latent_dim + K)
        return self.dcgan(zy)  # (B, C, H, W) in [-1, 1]
        ### END SOLUTION


# %% discriminator
class ConditionalDiscriminator(nn.Module):
    """D(x|y): topic 05's DCGAN discriminator on the images stacked with K label planes."""

    def __init__(self, channels, image_size, num_classes, width=1.0):
        super().__init__()
        self.num_classes = num_classes
        ### BEGIN SOLUTION
        self.dcgan = DCGANDiscriminator(channels + num_classes, image_size, width)
        ### END SOLUTION

    def forward(self, images, one_hot):
        ### BEGIN SOLUTION
        planes = label_planes(one_hot, images.shape[2], images.shape[3])  # (B, K, H, W)
        xy = torch.cat([images, planes], dim=1)  # (B, C + K, H, W)
        return self.dcgan(xy)  # (B, 1) logits
        ### END SOLUTION


# %% discriminator_step
def conditional_discriminator_step(generator, discriminator, d_optimizer, real, z, one_hot):
    """One update of D on real images with their labels and on fakes G(z|y) with the same labels.

    (1) Update D: maximise log D(x|y) + log(1 - D(G(z|y)|y)); returns loss_D before the update.
    """
    ### BEGIN SOLUTION
    generator.train()
    discriminator.train()
    fake = generator(z, one_hot).detach()  # (B, C, H, W); detached: D's loss must not reach G
    d_optimizer.zero_grad()
    loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, one_hot))
    loss.backward()
    d_optimizer.step()
    return loss.item()
    ### END SOLUTION


# %% generator_step
def conditional_generator_step(generator, discriminator, g_optimizer, z, one_hot):
    """One update of G through the current D, judged under the labels it was asked for.

    (2) Update G: maximise log D(G(z|y)|y) (non-saturating); returns loss_G before the update.
    """
    ### BEGIN SOLUTION
    generator.train()
    discriminator.train()
    g_optimizer.zero_grad()
    loss = generator_loss(discriminator(generator(z, one_hot), one_hot))
    loss.backward()  # also fills D's .grad; the next discriminator step clears them first
    g_optimizer.step()  # only G's parameters move
    return loss.item()
    ### END SOLUTION


# %% cgan_step
def make_conditional_step(generator, discriminator, d_optimizer, g_optimizer):
    """The ``step(real, labels)`` that fit_gan calls for every batch: a D step, then a G step.

    The fakes get the labels of the real batch, so real and fake class frequencies match;
    the G step reuses the same z and labels. It also returns D's mean verdicts (as
    probabilities) on the real batch and on the new fakes, measured after both updates.
    """

    def step(real, labels):
        one_hot = F.one_hot(labels, generator.num_classes).float()  # (B, K)
        z = sample_latent(len(real), generator.latent_dim)  # (B, latent_dim)
        loss_D = conditional_discriminator_step(generator, discriminator, d_optimizer, real, z,
                                                one_hot)
        loss_G = conditional_generator_step(generator, discriminator, g_optimizer, z, one_hot)
        with torch.no_grad():
            d_real = torch.sigmoid(discriminator(real, one_hot)).mean().item()
            d_fake = torch.sigmoid(discriminator(generator(z, one_hot), one_hot)).mean().item()
        return {"loss_D": loss_D, "loss_G": loss_G, "D_real": d_real, "D_fake": d_fake}

    return step


# %% samples
def conditional_samples(generator, labels, z=None):
    """Images of the classes ``labels`` (NumPy ints), one per label, as NHWC NumPy in [-1, 1].

    ``z`` (NumPy, (len(labels), latent_dim)) fixes the noise; by default it is drawn afresh.
    """
    labels = torch.as_tensor(np.asarray(labels), dtype=torch.int64, device=device)
    one_hot = F.one_hot(labels, generator.num_classes).float()  # (N, K)
    if z is None:
        z = sample_latent(len(labels), generator.latent_dim)  # (N, latent_dim)
    else:
        z = torch.as_tensor(np.asarray(z, np.float32), device=device)
    return generate(generator, z, one_hot)  # (N, H, W, C)
