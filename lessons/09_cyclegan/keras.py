"""Topic 09, CycleGAN: Keras 3 reference (TensorFlow backend).

Zhu, Park, Isola & Efros, "Unpaired Image-to-Image Translation using Cycle-Consistent
Adversarial Networks", ICCV 2017 (arXiv:1703.10593), as implemented in
junyanz/pytorch-CycleGAN-and-pix2pix. Code vs. paper and official code: ``ResnetBlock`` and
``ResnetGenerator`` (the paper's appendix 7.2 generator, official ``ResnetBlock`` /
``ResnetGenerator``), topic 08's ``PatchDiscriminator`` with instance norm, ``lsgan_loss``
(official ``GANLoss`` in "lsgan" mode), ``cycle_loss`` and ``identity_loss`` (the paper's
eq. 2 and section 5.2), ``ImagePool`` (official ``ImagePool``), and the two steps (official
``CycleGANModel.optimize_parameters``). The course's G_AB, G_BA, D_A, D_B are the official
netG_A, netG_B, netD_B, netD_A: each discriminator is named after the domain it judges.

Images are NHWC. Keras has no reflection-padding layer (``ReflectionPad2d`` below is one),
and its "same" padding pads only the bottom and right of a stride-2 convolution, so the
stride-2 convolutions pad explicitly (``ZeroPadding2D``) and the transposed ones crop, as
PyTorch's padding and output_padding do: the networks compute exactly what the official
ones do. The steps are ``tf.function``s with a ``tf.GradientTape``, as in topic 08, except
the image pool, which draws with Python's ``random`` and runs eagerly.
The sections marked ``save`` are the building blocks that topics 10 and 11 import.
"""

# %% imports
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import random

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

import course_utils
from course_utils.saved.keras import (
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
class ReflectionPad2d(layers.Layer):
    """Pads H and W of an NHWC batch by ``padding`` on every side by mirroring the border,
    without repeating it (PyTorch's ``nn.ReflectionPad2d``); ``padding`` < H and W."""

    def __init__(self, padding, **kwargs):
        super().__init__(**kwargs)
        self.padding = padding

    def call(self, x):
        p = self.padding
        return ops.pad(x, [[0, 0], [p, p], [p, p], [0, 0]], mode="reflect")  # (B, H+2p, W+2p, C)


# %% resnet_block save
class ResnetBlock(layers.Layer):
    """x + (ReflectionPad 1 -> Conv 3x3 -> norm -> ReLU -> ReflectionPad 1 -> Conv 3x3 ->
    norm): the residual block of the CycleGAN generator, same shape out. ``channels`` must
    be the input's: the sum needs the same shape."""

    def __init__(self, channels, norm="instance", **kwargs):
        super().__init__(**kwargs)
        ### BEGIN SOLUTION
        bias = norm == "instance"  # as the official code: a bias only before instance norm
        steps = [ReflectionPad2d(1), layers.Conv2D(channels, 3, use_bias=bias),  # "valid"
                 norm_layer(norm, channels), layers.ReLU(),
                 ReflectionPad2d(1), layers.Conv2D(channels, 3, use_bias=bias),
                 norm_layer(norm, channels)]  # no ReLU after the sum
        self.block = keras.Sequential(steps)
        ### END SOLUTION

    def call(self, x, training=False):
        ### BEGIN SOLUTION
        return x + self.block(x, training=training)  # (B, H, W, C)
        ### END SOLUTION


# %% resnet_generator save
class ResnetGenerator(keras.Model):
    """c7s1-64, d128, d256, n_blocks x R256, u128, u64, c7s1-3 (the paper's notation, for
    ngf = 64): reflection padding before every stride-1 convolution, norm and ReLU after
    every convolution but the last, tanh at the end. (B, H, W, C) -> (B, H, W, C'), H and W
    multiples of 4.

    The stride-2 convolutions pad 1 with zeros on every side (``ZeroPadding2D``, then
    "valid"); the transposed ones run "valid" (2H + 1 out) and drop the first row and
    column: PyTorch's padding=1 with output_padding=1, exactly 2H.
    """

    def __init__(self, in_channels, out_channels, ngf=64, n_blocks=9, norm="instance"):
        super().__init__()
        bias = norm == "instance"
        steps = [ReflectionPad2d(3), layers.Conv2D(ngf, 7, use_bias=bias),
                 norm_layer(norm, ngf), layers.ReLU()]  # c7s1-64
        for multiple in (1, 2):  # d128, d256: 3x3 stride 2, zero padding 1
            steps += [layers.ZeroPadding2D(1),
                      layers.Conv2D(2 * multiple * ngf, 3, strides=2, use_bias=bias),
                      norm_layer(norm, 2 * multiple * ngf), layers.ReLU()]
        steps += [ResnetBlock(4 * ngf, norm) for _ in range(n_blocks)]  # R256 x n_blocks
        for multiple in (4, 2):  # u128, u64: 3x3 transposed, stride 2, doubling the side
            steps += [layers.Conv2DTranspose(multiple * ngf // 2, 3, strides=2, use_bias=bias),
                      layers.Cropping2D(((1, 0), (1, 0))),  # (B, 2H + 1, ...) -> (B, 2H, ...)
                      norm_layer(norm, multiple * ngf // 2), layers.ReLU()]
        steps += [ReflectionPad2d(3), layers.Conv2D(out_channels, 7),
                  layers.Activation("tanh")]  # c7s1-3
        self.model = keras.Sequential(steps)
        self(keras.Input((None, None, in_channels)))  # creates the weights, for any image size
        dcgan_init(self)  # N(0, 0.02), as the official init_weights

    def call(self, x, training=False):
        return self.model(x, training=training)


# %% lsgan_loss save
def lsgan_loss(predictions, is_real):
    """The least-squares GAN loss: the mean squared distance of D's outputs to 1
    (``is_real``) or to 0, over every patch of every image."""
    target = 1.0 if is_real else 0.0
    return ops.mean(ops.square(predictions - target))


# %% cycle_loss save
def cycle_loss(reconstructed, real, cycle_weight=10.0):
    """cycle_weight x the mean absolute difference between F(G(x)) and x."""
    ### BEGIN SOLUTION
    return cycle_weight * ops.mean(ops.abs(reconstructed - real))
    ### END SOLUTION


# %% identity_loss save
def identity_loss(same, real, cycle_weight=10.0, identity_weight=0.5):
    """identity_weight x cycle_weight x the mean absolute difference between G(y) and y, for
    y already in G's target domain."""
    ### BEGIN SOLUTION
    return identity_weight * cycle_weight * ops.mean(ops.abs(same - real))
    ### END SOLUTION


# %% image_pool save
class ImagePool:
    """A history of up to ``size`` generated images (Shrivastava et al. 2017).

    ``query(images)`` returns a batch of the same size, detached (``ops.stop_gradient``):
    while the pool fills, the new images themselves (each one is stored); once it is full,
    for each new image, with probability 1/2 a stored one picked at random, which the new
    image replaces, else the new image. ``size=0`` turns the pool off. It draws with
    Python's ``random``: call it eagerly, outside a ``tf.function``.
    """

    def __init__(self, size=50):
        self.size = size
        self.images = []

    def query(self, images):
        ### BEGIN SOLUTION
        images = ops.stop_gradient(images)  # (B, H, W, C)
        if self.size == 0:
            return images
        out = []
        for image in ops.unstack(images):  # (H, W, C) each
            if len(self.images) < self.size:
                self.images.append(image)
                out.append(image)
            elif random.random() < 0.5:
                index = random.randrange(self.size)
                out.append(self.images[index])
                self.images[index] = image
            else:
                out.append(image)
        return ops.stop_gradient(ops.stack(out))  # (B, H, W, C)
        ### END SOLUTION


# %% generator_step save
@tf.function
def cyclegan_generator_step(G_AB, G_BA, D_A, D_B, g_optimizers, real_a, real_b,
                            cycle_weight=10.0, identity_weight=0.5):
    """One update of both generators on the sum of their losses; returns the loss before
    the update and the fakes (fake_a = G_BA(real_b), fake_b = G_AB(real_a)), detached."""
    ### BEGIN SOLUTION
    ab_variables, ba_variables = G_AB.trainable_variables, G_BA.trainable_variables
    with tf.GradientTape() as tape:  # D's variables stay put: only G's are differentiated
        fake_b = G_AB(real_a, training=True)  # (B, H, W, C)
        fake_a = G_BA(real_b, training=True)
        loss = (lsgan_loss(D_B(fake_b, training=True), True)  # fool both D
                + lsgan_loss(D_A(fake_a, training=True), True))
        loss = loss + cycle_loss(G_BA(fake_b, training=True), real_a, cycle_weight)  # A -> B -> A
        loss = loss + cycle_loss(G_AB(fake_a, training=True), real_b, cycle_weight)  # B -> A -> B
        if identity_weight > 0:  # a target-domain image should pass unchanged
            loss = loss + identity_loss(G_AB(real_b, training=True), real_b, cycle_weight,
                                        identity_weight)
            loss = loss + identity_loss(G_BA(real_a, training=True), real_a, cycle_weight,
                                        identity_weight)
    gradients = tape.gradient(loss, ab_variables + ba_variables)
    g_optimizers[0].apply_gradients(zip(gradients[:len(ab_variables)], ab_variables, strict=True))
    g_optimizers[1].apply_gradients(zip(gradients[len(ab_variables):], ba_variables, strict=True))
    return loss, ops.stop_gradient(fake_a), ops.stop_gradient(fake_b)
    ### END SOLUTION


# %% discriminator_step save
@tf.function
def lsgan_discriminator_update(D, d_optimizer, real, fake):
    """The compiled half of the step below: one update of D on half the sum of the LSGAN
    losses on ``real`` (target 1) and ``fake`` (target 0); returns the loss before it."""
    ### BEGIN SOLUTION
    with tf.GradientTape() as tape:
        loss = 0.5 * (lsgan_loss(D(real, training=True), True)
                      + lsgan_loss(D(fake, training=True), False))
    gradients = tape.gradient(loss, D.trainable_variables)
    d_optimizer.apply_gradients(zip(gradients, D.trainable_variables, strict=True))
    return loss
    ### END SOLUTION


def cyclegan_discriminator_step(D, d_optimizer, real, fake, pool):
    """One update of D on real images and on what ``pool`` returns for the new fakes;
    returns its loss before the update. Not compiled itself: the pool draws with Python's
    ``random``, which a ``tf.function`` would run once, when it traces."""
    ### BEGIN SOLUTION
    fake = pool.query(fake)  # some of this batch's fakes, some older ones, detached
    return lsgan_discriminator_update(D, d_optimizer, real, fake)
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
        real_a, real_b = pairs[..., :channels], pairs[..., channels:]
        loss_g, fake_a, fake_b = cyclegan_generator_step(
            G_AB, G_BA, D_A, D_B, g_optimizers, real_a, real_b, cycle_weight, identity_weight)
        return {"loss_G": loss_g,
                "loss_D_A": cyclegan_discriminator_step(D_A, optimizers["D_A"], real_a, fake_a,
                                                        pool_a),
                "loss_D_B": cyclegan_discriminator_step(D_B, optimizers["D_B"], real_b, fake_b,
                                                        pool_b)}

    return step
