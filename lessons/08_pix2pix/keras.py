"""Topic 08, pix2pix: Keras 3 reference (TensorFlow backend).

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

Images are NHWC. Keras's "same" padding equals the official padding of 1 only for 4x4
stride-2 convolutions on even sides (the U-Net's); elsewhere this file pads explicitly
(``ZeroPadding2D``), so the networks compute exactly what the official ones do.
The sections marked ``save`` are the image-to-image building blocks that topics 09-11 import.
"""

# %% imports
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

import course_utils
from course_utils.saved.keras import dcgan_init, fit_gan, place


# %% norm_layer save
def norm_layer(kind, channels):
    """The normalization after a convolution: "batch", "instance" or "none".

    Batch norm as in PyTorch (momentum 0.9 in Keras's convention, epsilon 1e-5). Instance
    norm as in the official code: no learnable scale or shift, epsilon 1e-5 (Keras's
    GroupNormalization with one group per channel; its defaults would add a learnable
    scale and shift and use 1e-3). ``channels`` is unused: Keras infers it.
    """
    if kind == "batch":
        return layers.BatchNormalization(momentum=0.9, epsilon=1e-5)
    if kind == "instance":
        return layers.GroupNormalization(groups=-1, center=False, scale=False, epsilon=1e-5)
    if kind == "none":
        return layers.Identity()
    raise ValueError(f"norm must be 'batch', 'instance' or 'none', not {kind!r}.")


# %% skip_block save
class UnetSkipBlock(layers.Layer):
    """One level of the U-Net: down-convolve, run the inner levels, up-convolve, concatenate.

    x -> [LeakyReLU 0.2] -> Conv 4x4/2 [+ norm] -> submodule -> ReLU -> ConvTranspose 4x4/2
    [+ norm] [+ Dropout 0.5] -> concatenated after x along the channels (the skip). The
    outermost level has no activation or norm before its convolution, a bias and tanh
    after its transposed convolution, and no skip; the innermost has no submodule and no
    norm after its down convolution. Convolutions followed by batch norm have no bias.
    ``in_channels`` is unused: Keras infers it.
    """

    def __init__(self, outer_channels, inner_channels, in_channels=None, submodule=None,
                 outermost=False, innermost=False, norm="batch", dropout=False, **kwargs):
        super().__init__(**kwargs)
        self.outermost = outermost
        ### BEGIN SOLUTION
        bias = norm == "instance"  # as the official code: a bias only before instance norm
        down = layers.Conv2D(inner_channels, 4, strides=2, padding="same", use_bias=bias)
        if outermost:
            up = layers.Conv2DTranspose(outer_channels, 4, strides=2, padding="same")
            steps = [down, submodule, layers.ReLU(), up, layers.Activation("tanh")]
        elif innermost:
            up = layers.Conv2DTranspose(outer_channels, 4, strides=2, padding="same",
                                        use_bias=bias)
            steps = [layers.LeakyReLU(0.2), down, layers.ReLU(), up,
                     norm_layer(norm, outer_channels)]
        else:
            up = layers.Conv2DTranspose(outer_channels, 4, strides=2, padding="same",
                                        use_bias=bias)
            steps = [layers.LeakyReLU(0.2), down, norm_layer(norm, inner_channels), submodule,
                     layers.ReLU(), up, norm_layer(norm, outer_channels)]
            if dropout:
                steps.append(layers.Dropout(0.5))
        self.model = keras.Sequential(steps)
        ### END SOLUTION

    def call(self, x, training=False):
        ### BEGIN SOLUTION
        if self.outermost:
            return self.model(x, training=training)  # (B, H, W, outer)
        return ops.concatenate([x, self.model(x, training=training)], axis=-1)  # the skip
        ### END SOLUTION


# %% unet save
class UnetGenerator(keras.Model):
    """The pix2pix generator: log2(image_size) nested UnetSkipBlocks, 1x1 at the bottom.

    Filters ngf, 2 ngf, 4 ngf, then 8 ngf for every deeper level; dropout in the levels
    between the 8 ngf ones (three for 256x256 images: unet_256). (B, H, W, C) -> (B, H, W, C').
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
        self.model = UnetSkipBlock(out_channels, ngf, in_channels, submodule=block,
                                   outermost=True, norm=norm)
        self(keras.Input((image_size, image_size, in_channels)))  # creates the weights
        dcgan_init(self)  # N(0, 0.02), as the official init_weights

    def call(self, x, training=False):
        return self.model(x, training=training)


# %% patch save
class PatchDiscriminator(keras.Model):
    """The PatchGAN: one logit per overlapping patch (70x70 for n_layers=3).

    Conv 4x4/2 (ndf, bias) + LeakyReLU 0.2, then n_layers - 1 x (Conv 4x4/2 + norm +
    LeakyReLU) with 2 ndf, 4 ndf, ... filters (at most 8 ndf), one Conv 4x4/1 + norm +
    LeakyReLU, and a Conv 4x4/1 to one channel: the logits, no sigmoid. Every convolution
    pads 1 with zeros, so a 256x256 input gives a 30x30 map: ``ZeroPadding2D(1)`` and a
    "valid" convolution, as "same" would pad otherwise (at stride 1, or on odd sides).
    """

    def __init__(self, in_channels, ndf=64, n_layers=3, norm="batch"):
        super().__init__()
        ### BEGIN SOLUTION
        bias = norm == "instance"
        steps = [layers.ZeroPadding2D(1), layers.Conv2D(ndf, 4, strides=2), layers.LeakyReLU(0.2)]
        for n in range(1, n_layers + 1):
            filters = ndf * min(2 ** n, 8)
            stride = 2 if n < n_layers else 1  # the last one shrinks the side by one only
            steps += [layers.ZeroPadding2D(1),
                      layers.Conv2D(filters, 4, strides=stride, use_bias=bias),
                      norm_layer(norm, filters), layers.LeakyReLU(0.2)]
        steps += [layers.ZeroPadding2D(1), layers.Conv2D(1, 4)]  # (B, H', W', 1) logits
        self.model = keras.Sequential(steps)
        ### END SOLUTION
        self(keras.Input((None, None, in_channels)))  # creates the weights, for any image size
        dcgan_init(self)

    def call(self, x, training=False):
        ### BEGIN SOLUTION
        return self.model(x, training=training)
        ### END SOLUTION


# %% vanilla_loss save
def vanilla_loss(logits, is_real):
    """The original GAN loss on a map of logits: binary cross-entropy with logits against
    all ones (``is_real``) or all zeros, averaged over every patch of every image."""
    target = ops.ones_like(logits) if is_real else ops.zeros_like(logits)
    return ops.mean(keras.losses.binary_crossentropy(target, logits, from_logits=True))


# %% generator_loss save
def pix2pix_generator_loss(fake_logits, fakes, targets, l1_weight=100.0, gan_weight=1.0):
    """gan_weight x (D's BCE on the fakes against "real") + l1_weight x mean |fakes - targets|."""
    ### BEGIN SOLUTION
    adversarial = vanilla_loss(fake_logits, True)  # G wants D to call its outputs real
    l1 = ops.mean(ops.abs(fakes - targets))  # every pixel of every image
    return gan_weight * adversarial + l1_weight * l1
    ### END SOLUTION


# %% discriminator_step save
@tf.function
def pix2pix_discriminator_step(generator, discriminator, d_optimizer, inputs, targets):
    """One update of the conditional D; returns its loss before the update.

    D sees each input stacked with its real target (label 1) and with G's output (label 0,
    made outside the tape: this step must not train G); the loss is half their sum, as in
    the official code.
    """
    ### BEGIN SOLUTION
    fakes = generator(inputs, training=True)  # (B, H, W, C)
    with tf.GradientTape() as tape:
        real_loss = vanilla_loss(
            discriminator(ops.concatenate([inputs, targets], axis=-1), training=True), True)
        fake_loss = vanilla_loss(
            discriminator(ops.concatenate([inputs, fakes], axis=-1), training=True), False)
        loss = 0.5 * (real_loss + fake_loss)  # halved: D learns at half G's pace
    gradients = tape.gradient(loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))
    return loss
    ### END SOLUTION


# %% generator_step save
@tf.function
def pix2pix_generator_step(generator, discriminator, g_optimizer, inputs, targets,
                           l1_weight=100.0, gan_weight=1.0):
    """One update of G through the current D; returns loss_G before the update."""
    with tf.GradientTape() as tape:
        fakes = generator(inputs, training=True)  # (B, H, W, C)
        fake_logits = discriminator(ops.concatenate([inputs, fakes], axis=-1), training=True)
        loss = pix2pix_generator_loss(fake_logits, fakes, targets, l1_weight, gan_weight)
    gradients = tape.gradient(loss, generator.trainable_variables)  # D's variables stay put
    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))
    return loss


# %% jitter save
@tf.function
def jitter(images, load_size):
    """The paper's random jitter on a (B, H, W, C) batch: resize to load_size x load_size,
    crop a random H x W window back out, and mirror it left-right half of the time, each
    image on its own draw. Stack a pair along the channels to jitter both alike."""
    size = images.shape[1]
    images = tf.image.resize(images, (load_size, load_size))  # bilinear, half-pixel centres
    out = []
    for image in tf.unstack(images):
        top, left = tf.unstack(tf.random.uniform((2,), 0, load_size - size + 1, tf.int32))
        crop = image[top:top + size, left:left + size]  # (H, W, C)
        out.append(tf.cond(tf.random.uniform(()) < 0.5, lambda c=crop: c[:, ::-1], lambda c=crop: c))
    return tf.stack(out)


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
        inputs, targets = pairs[..., :channels], pairs[..., channels:]
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
    rate set to config.lr x linear_decay(epoch, config.constant_epochs, config.decay_epochs)."""

    def on_epoch(epoch):
        lr = config.lr * linear_decay(epoch, config.constant_epochs, config.decay_epochs)
        for optimizer in optimizers:
            optimizer.learning_rate.assign(lr)

    return on_epoch


# %% translate save
def translate(generator, images):
    """G's outputs for NHWC NumPy images in [-1, 1], as NHWC NumPy images in [-1, 1].

    As in the paper, G runs at test time as in training: dropout on, and batch norm with the
    statistics of the image itself (one image at a time), not the moving averages.
    """
    images = np.asarray(images, np.float32)
    return np.concatenate([keras.ops.convert_to_numpy(generator(image[None], training=True))
                           for image in images])
