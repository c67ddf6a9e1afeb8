"""Topic 06, conditional GAN: Chainer 7.8.1 reference.

Mirza & Osindero, "Conditional Generative Adversarial Nets", arXiv:1411.1784 (2014).
The paper's G(z|y) is ``ConditionalGenerator`` (z and the one-hot label y are
concatenated, its "combined in joint hidden representation"), its D(x|y) is
``ConditionalDiscriminator`` (it returns the logit; y enters as ``label_planes``, one
constant image plane per class stacked onto x), and the two updates of its minimax game
(eq. 2) are ``conditional_discriminator_step`` and ``conditional_generator_step``. The
networks are topic 05's DCGAN with wider inputs, not the paper's MLPs.
"""

# %% imports
import matplotlib.pyplot as plt
import numpy as np

import course_utils
from course_utils.chainer_compat import import_chainer
from course_utils.saved.chainer import (
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

chainer = import_chainer()  # Chainer 7.8.1, with the repairs it needs on NumPy 2
import chainer.functions as F


# %% label_planes
def label_planes(one_hot, height, width):
    """One-hot labels (B, K) -> (B, K, height, width): plane k is filled with one_hot[:, k]."""
    ### BEGIN SOLUTION
    batch, classes = one_hot.shape
    planes = F.reshape(one_hot, (batch, classes, 1, 1))  # (B, K, 1, 1)
    return F.broadcast_to(planes, (batch, classes, height, width))  # (B, K, H, W)
    ### END SOLUTION


# %% generator
class ConditionalGenerator(chainer.Chain):
    """G(z|y): topic 05's DCGAN generator fed the concatenation [z, one_hot]."""

    def __init__(self, channels, image_size, num_classes, latent_dim=100, width=1.0):
        super().__init__()
        self.num_classes, self.latent_dim = num_classes, latent_dim
        ### BEGIN SOLUTION
        with self.init_scope():
            self.dcgan = DCGANGenerator(channels, image_size, latent_dim + num_classes, width)
        ### END SOLUTION

    def forward(self, z, one_hot):
        ### BEGIN SOLUTION
        zy = F.concat([z, one_hot], axis=1)  # (B, latent_dim + K)
        return self.dcgan(zy)  # (B, C, H, W) in [-1, 1]
        ### END SOLUTION


# %% discriminator
class ConditionalDiscriminator(chainer.Chain):
    """D(x|y): topic 05's DCGAN discriminator on the images stacked with K label planes."""

    def __init__(self, channels, image_size, num_classes, width=1.0):
        super().__init__()
        self.num_classes = num_classes
        ### BEGIN SOLUTION
        with self.init_scope():
            self.dcgan = DCGANDiscriminator(channels + num_classes, image_size, width)
        ### END SOLUTION

    def forward(self, images, one_hot):
        ### BEGIN SOLUTION
        planes = label_planes(one_hot, images.shape[2], images.shape[3])  # (B, K, H, W)
        xy = F.concat([images, planes], axis=1)  # (B, C + K, H, W)
        return self.dcgan(xy)  # (B, 1) logits
        ### END SOLUTION


# %% discriminator_step
def conditional_discriminator_step(generator, discriminator, d_optimizer, real, z, one_hot):
    """One update of D on real images with their labels and on fakes G(z|y) with the same labels.

    (1) Update D: maximise log D(x|y) + log(1 - D(G(z|y)|y)); returns loss_D before the update.
    """
    ### BEGIN SOLUTION
    with chainer.using_config("train", True):
        fake = generator(z, one_hot).array  # (B, C, H, W), a plain array: D's loss cannot reach G
        loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, one_hot))
    discriminator.cleargrads()
    loss.backward()
    d_optimizer.update()
    return float(loss.array)
    ### END SOLUTION


# %% generator_step
def conditional_generator_step(generator, discriminator, g_optimizer, z, one_hot):
    """One update of G through the current D, judged under the labels it was asked for.

    (2) Update G: maximise log D(G(z|y)|y) (non-saturating); returns loss_G before the update.
    """
    ### BEGIN SOLUTION
    with chainer.using_config("train", True):
        loss = generator_loss(discriminator(generator(z, one_hot), one_hot))
    generator.cleargrads()
    loss.backward()  # also fills D's gradients; the next discriminator step clears them first
    g_optimizer.update()  # only G's parameters move
    return float(loss.array)
    ### END SOLUTION


# %% cgan_step
def make_conditional_step(generator, discriminator, d_optimizer, g_optimizer):
    """The ``step(real, labels)`` that fit_gan calls for every batch: a D step, then a G step.

    The fakes get the labels of the real batch, so real and fake class frequencies match;
    the G step reuses the same z and labels. It also returns D's mean verdicts (as
    probabilities) on the real batch and on the new fakes, measured after both updates.
    """

    def step(real, labels):
        one_hot = device.xp.eye(generator.num_classes, dtype=np.float32)[labels]  # (B, K)
        z = sample_latent(len(real), generator.latent_dim)  # (B, latent_dim)
        loss_D = conditional_discriminator_step(generator, discriminator, d_optimizer, real, z,
                                                one_hot)
        loss_G = conditional_generator_step(generator, discriminator, g_optimizer, z, one_hot)
        with chainer.no_backprop_mode():
            d_real = float(F.mean(F.sigmoid(discriminator(real, one_hot))).array)
            d_fake = float(F.mean(F.sigmoid(discriminator(generator(z, one_hot), one_hot))).array)
        return {"loss_D": loss_D, "loss_G": loss_G, "D_real": d_real, "D_fake": d_fake}

    return step


# %% samples
def conditional_samples(generator, labels, z=None):
    """Images of the classes ``labels`` (NumPy ints), one per label, as NHWC NumPy in [-1, 1].

    ``z`` (NumPy, (len(labels), latent_dim)) fixes the noise; by default it is drawn afresh.
    """
    labels = device.send(np.asarray(labels, np.int32))
    one_hot = device.xp.eye(generator.num_classes, dtype=np.float32)[labels]  # (N, K)
    if z is None:
        z = sample_latent(len(labels), generator.latent_dim)  # (N, latent_dim)
    else:
        z = device.send(np.asarray(z, np.float32))
    return generate(generator, z, one_hot)  # (N, H, W, C)
