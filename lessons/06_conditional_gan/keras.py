"""Topic 06, conditional GAN: Keras 3 reference (TensorFlow backend).

Mirza & Osindero, "Conditional Generative Adversarial Nets", arXiv:1411.1784 (2014).
Where the paper's parts live here: G(z|y) is ``ConditionalGenerator`` (z and the one-hot
label y are concatenated, the paper's "combined in joint hidden representation"), D(x|y)
is ``ConditionalDiscriminator`` (it returns the logit; y enters as ``label_planes``, one
constant image plane per class stacked onto x), and the two updates of the minimax game
(the paper's eq. 2) are ``conditional_discriminator_step`` and
``conditional_generator_step``. The networks are topic 05's DCGAN with wider inputs, not
the paper's MLPs.

Images are NHWC throughout, the layout of the course's NumPy arrays.
"""

# %% imports
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import ops

import course_utils
from course_utils.saved.keras import (
    DCGANDiscriminator,
    DCGANGenerator,
    discriminator_loss,
    fit_gan,
    generate,
    generator_loss,
    place,
    sample_latent,
)


# %% label_planes
def label_planes(one_hot, height, width):
    """One-hot labels (B, K) -> (B, height, width, K): plane k is filled with one_hot[:, k]."""
    ### BEGIN SOLUTION
    planes = ops.expand_dims(ops.expand_dims(one_hot, 1), 1)  # (B, 1, 1, K)
    return ops.tile(planes, (1, height, width, 1))  # (B, H, W, K)
    ### END SOLUTION


# %% generator
class ConditionalGenerator(keras.Model):
    """G(z|y): topic 05's DCGAN generator fed the concatenation [z, one_hot]."""

    def __init__(self, channels, image_size, num_classes, latent_dim=100, width=1.0):
        super().__init__()
        self.num_classes, self.latent_dim = num_classes, latent_dim
        ### BEGIN SOLUTION
        self.dcgan = DCGANGenerator(channels, image_size, latent_dim + num_classes, width)
        ### END SOLUTION
        self(keras.Input((latent_dim,)), keras.Input((num_classes,)))  # creates the weights

    def call(self, z, one_hot, training=False):
        ### BEGIN SOLUTION
        zy = ops.concatenate([z, one_hot], axis=1)  # (B, latent_dim + K)
        return self.dcgan(zy, training=training)  # (B, H, W, C) in [-1, 1]
        ### END SOLUTION


# %% discriminator
class ConditionalDiscriminator(keras.Model):
    """D(x|y): topic 05's DCGAN discriminator on the images stacked with K label planes."""

    def __init__(self, channels, image_size, num_classes, width=1.0):
        super().__init__()
        self.num_classes = num_classes
        ### BEGIN SOLUTION
        self.dcgan = DCGANDiscriminator(channels + num_classes, image_size, width)
        ### END SOLUTION
        self(keras.Input((image_size, image_size, channels)), keras.Input((num_classes,)))

    def call(self, images, one_hot, training=False):
        ### BEGIN SOLUTION
        planes = label_planes(one_hot, images.shape[1], images.shape[2])  # (B, H, W, K)
        xy = ops.concatenate([images, planes], axis=-1)  # (B, H, W, C + K)
        return self.dcgan(xy, training=training)  # (B, 1) logits
        ### END SOLUTION


# %% discriminator_step
@tf.function
def conditional_discriminator_step(generator, discriminator, d_optimizer, real, z, one_hot):
    """One update of D on real images with their labels and on fakes G(z|y) with the same labels.

    (1) Update D: maximise log D(x|y) + log(1 - D(G(z|y)|y)); returns loss_D before the update.
    """
    ### BEGIN SOLUTION
    fake = generator(z, one_hot, training=True)  # (B, H, W, C), made outside the tape
    with tf.GradientTape() as tape:
        loss = discriminator_loss(discriminator(real, one_hot, training=True),
                                  discriminator(fake, one_hot, training=True))
    gradients = tape.gradient(loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))
    return loss
    ### END SOLUTION


# %% generator_step
@tf.function
def conditional_generator_step(generator, discriminator, g_optimizer, z, one_hot):
    """One update of G through the current D, judged under the labels it was asked for.

    (2) Update G: maximise log D(G(z|y)|y) (non-saturating); returns loss_G before the update.
    """
    ### BEGIN SOLUTION
    with tf.GradientTape() as tape:
        fake = generator(z, one_hot, training=True)  # (B, H, W, C)
        loss = generator_loss(discriminator(fake, one_hot, training=True))
    gradients = tape.gradient(loss, generator.trainable_variables)  # D's variables stay put
    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))
    return loss
    ### END SOLUTION


# %% cgan_step
def make_conditional_step(generator, discriminator, d_optimizer, g_optimizer):
    """The ``step(real, labels)`` that fit_gan calls for every batch: a D step, then a G step.

    The fakes get the labels of the real batch, so real and fake class frequencies match;
    the G step reuses the same z and labels. It also returns D's mean verdicts (as
    probabilities) on the real batch and on the new fakes, measured after both updates.
    """

    def step(real, labels):
        one_hot = ops.one_hot(labels, generator.num_classes)  # (B, K)
        z = sample_latent(len(real), generator.latent_dim)  # (B, latent_dim)
        loss_D = conditional_discriminator_step(generator, discriminator, d_optimizer, real, z,
                                                one_hot)
        loss_G = conditional_generator_step(generator, discriminator, g_optimizer, z, one_hot)
        fake = generator(z, one_hot, training=True)
        d_real = ops.mean(ops.sigmoid(discriminator(real, one_hot, training=True)))
        d_fake = ops.mean(ops.sigmoid(discriminator(fake, one_hot, training=True)))
        return {"loss_D": loss_D, "loss_G": loss_G, "D_real": d_real, "D_fake": d_fake}

    return step


# %% samples
def conditional_samples(generator, labels, z=None):
    """Images of the classes ``labels`` (NumPy ints), one per label, as NHWC NumPy in [-1, 1].

    ``z`` (NumPy, (len(labels), latent_dim)) fixes the noise; by default it is drawn afresh.
    """
    one_hot = ops.one_hot(np.asarray(labels, np.int32), generator.num_classes)  # (N, K)
    if z is None:
        z = sample_latent(len(labels), generator.latent_dim)  # (N, latent_dim)
    else:
        z = ops.convert_to_tensor(np.asarray(z, np.float32))
    return generate(generator, z, one_hot)  # (N, H, W, C)
