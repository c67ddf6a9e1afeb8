"""Topic 04, generative adversarial network (GAN): Keras 3 reference (TensorFlow backend).

Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014. Code vs. paper:
``Generator`` (G), ``Discriminator`` (D, which returns the logit; the paper's D(x) is
its sigmoid), ``sample_latent`` (the noise prior p_z, a standard normal here),
``discriminator_loss`` (-V(D, G) on a minibatch: D minimises it), ``generator_loss``
(the non-saturating -log D(G(z)) of the paper's section 3), ``discriminator_step`` and
``generator_step`` (one iteration of Algorithm 1 with k = 1), ``fit_gan`` (the loop).

Images are NHWC throughout. The steps are ``tf.function``s with a ``tf.GradientTape``, as
in TensorFlow's DCGAN tutorial. The sections marked ``save`` are the shared GAN machinery
that topics 05-07 import.
"""

# %% imports
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers

import course_utils
from course_utils.saved.keras import place


# %% generator
class Generator(keras.Model):
    """z -> Dense 128 -> 256 -> 512 (LeakyReLU 0.2 each) -> Dense(pixels) + tanh -> image."""

    def __init__(self, image_shape, latent_dim=100):
        super().__init__()
        self.image_shape = tuple(image_shape)  # (H, W, C)
        self.latent_dim = latent_dim
        ### BEGIN SOLUTION
        pixels = int(np.prod(image_shape))
        self.net = keras.Sequential([
            layers.Dense(128),  # (B, 128)
            layers.LeakyReLU(negative_slope=0.2),  # Keras's default slope is 0.3
            layers.Dense(256),  # (B, 256)
            layers.LeakyReLU(negative_slope=0.2),
            layers.Dense(512),  # (B, 512)
            layers.LeakyReLU(negative_slope=0.2),
            layers.Dense(pixels, activation="tanh"),  # (B, H*W*C) in [-1, 1], like the images
            layers.Reshape(self.image_shape),  # (B, H, W, C)
        ])
        ### END SOLUTION
        self(keras.Input((latent_dim,)))  # a symbolic call creates the weights right away

    def call(self, z):
        ### BEGIN SOLUTION
        return self.net(z)
        ### END SOLUTION


# %% discriminator
class Discriminator(keras.Model):
    """image -> flatten -> Dense 512 -> 256 (LeakyReLU 0.2 each) -> Dense 1: one logit per image."""

    def __init__(self, image_shape):
        super().__init__()
        self.image_shape = tuple(image_shape)  # (H, W, C)
        ### BEGIN SOLUTION
        self.net = keras.Sequential([
            layers.Flatten(),  # (B, H*W*C)
            layers.Dense(512),  # (B, 512)
            layers.LeakyReLU(negative_slope=0.2),
            layers.Dense(256),  # (B, 256)
            layers.LeakyReLU(negative_slope=0.2),
            layers.Dense(1),  # (B, 1): a logit, no sigmoid (it lives in the loss)
        ])
        ### END SOLUTION
        self(keras.Input(self.image_shape))

    def call(self, x):
        ### BEGIN SOLUTION
        return self.net(x)
        ### END SOLUTION


# %% latent save
def sample_latent(batch_size, latent_dim):
    """A batch of noise vectors z ~ N(0, I), shape (batch_size, latent_dim)."""
    return keras.random.normal((batch_size, latent_dim))


# %% discriminator_loss save
def discriminator_loss(real_logits, fake_logits):
    """BCE of D on real images (target 1) plus BCE on fakes (target 0), each a batch mean."""
    ### BEGIN SOLUTION
    real_loss = keras.losses.binary_crossentropy(keras.ops.ones_like(real_logits), real_logits,
                                                 from_logits=True)  # (B,)
    fake_loss = keras.losses.binary_crossentropy(keras.ops.zeros_like(fake_logits), fake_logits,
                                                 from_logits=True)  # (B,)
    return keras.ops.mean(real_loss) + keras.ops.mean(fake_loss)
    ### END SOLUTION


# %% generator_loss save
def generator_loss(fake_logits):
    """Non-saturating generator loss: BCE of D on fakes with target 1, i.e. mean -log D(G(z))."""
    ### BEGIN SOLUTION
    return keras.ops.mean(keras.losses.binary_crossentropy(
        keras.ops.ones_like(fake_logits), fake_logits, from_logits=True))
    ### END SOLUTION


# %% discriminator_step save
@tf.function
def discriminator_step(generator, discriminator, d_optimizer, real, z):
    """One update of D on a real batch and the fakes G(z); returns loss_D before the update.

    (1) Update D: maximise log D(x) + log(1 - D(G(z))), i.e. minimise discriminator_loss.
    """
    ### BEGIN SOLUTION
    fake = generator(z, training=True)  # (B, H, W, C), made outside the tape: G is not trained
    with tf.GradientTape() as tape:
        loss = discriminator_loss(discriminator(real, training=True),
                                  discriminator(fake, training=True))
    gradients = tape.gradient(loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))
    return loss
    ### END SOLUTION


# %% generator_step save
@tf.function
def generator_step(generator, discriminator, g_optimizer, z):
    """One update of G through the current D; returns loss_G before the update.

    (2) Update G: maximise log D(G(z)) (non-saturating), i.e. minimise generator_loss.
    """
    ### BEGIN SOLUTION
    with tf.GradientTape() as tape:
        loss = generator_loss(discriminator(generator(z, training=True), training=True))
    gradients = tape.gradient(loss, generator.trainable_variables)  # D's variables stay put
    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))
    return loss
    ### END SOLUTION


# %% gan_step save
def make_gan_step(generator, discriminator, d_optimizer, g_optimizer, latent_dim):
    """The ``step(real, labels)`` that fit_gan calls for every batch: a D step, then a G step.

    It returns the two losses and D's mean verdicts, as probabilities: D_real on the real
    batch and D_fake on the new fakes, both measured after the two updates. The values are
    scalar tensors; fit_gan converts them to numbers once per epoch.
    """

    @tf.function  # compiled: eager Keras calls would cost more than the two steps
    def verdicts(real, z):
        fake = generator(z, training=True)  # (B, H, W, C)
        return (keras.ops.mean(keras.ops.sigmoid(discriminator(real, training=True))),
                keras.ops.mean(keras.ops.sigmoid(discriminator(fake, training=True))))

    def step(real, labels=None):
        z = sample_latent(len(real), latent_dim)  # (B, latent_dim)
        loss_D = discriminator_step(generator, discriminator, d_optimizer, real, z)
        loss_G = generator_step(generator, discriminator, g_optimizer, z)
        d_real, d_fake = verdicts(real, z)
        return {"loss_D": loss_D, "loss_G": loss_G, "D_real": d_real, "D_fake": d_fake}

    return step


# %% fit_gan save
def fit_gan(step, models, optimizers, images, config, checkpoint_dir=None, title="GAN",
            labels=None, sample=None, on_epoch=None):
    """Train a GAN for ``config.epochs`` epochs in batches of ``config.batch_size``.

    Parameters:
        step: ``step(real, labels)`` trains on one batch (NHWC tensor, labels or None) and
            returns a dict of numbers or scalar tensors, e.g. ``{"loss_D": .., "loss_G": ..}``.
        models, optimizers: dicts keyed alike, e.g. ``{"G": G, "D": D}``; checkpointed after
            every epoch and restored from ``checkpoint_dir`` when it holds a checkpoint.
        images: NHWC NumPy images in [-1, 1]; labels: one int per image, or None.
        sample: optional ``sample()`` -> NHWC images in [-1, 1], shown after every epoch.
        on_epoch: optional ``on_epoch(epoch)``, called before every epoch (from 0), e.g. a
            learning-rate schedule.

    Returns the history: for each key of the step's dict, its mean over every epoch.
    """
    checkpoint = course_utils.Checkpoint(checkpoint_dir, "keras") if checkpoint_dir else None
    start, history = checkpoint.restore(models, optimizers) if checkpoint else (0, {})
    data = np.asarray(images, np.float32)  # (N, H, W, C)
    if labels is not None:
        data = (data, np.asarray(labels, np.int32))
    dataset = (tf.data.Dataset.from_tensor_slices(data).shuffle(len(images))
               .batch(min(config.batch_size, len(images)), drop_remainder=True)  # same size each step
               .prefetch(tf.data.AUTOTUNE))
    plot = course_utils.LivePlot(title, name=f"{title}-history")
    grid = course_utils.LiveImages(name=f"{title}-samples") if sample else None
    if history:
        plot.update(history)  # resumed: show what the earlier epochs did
    epochs = course_utils.progress(range(start, config.epochs), desc=title,
                                   initial=start, total=config.epochs)
    for epoch in epochs:
        if on_epoch:
            on_epoch(epoch)
        totals, batches = {}, 0
        for batch in dataset:
            real, batch_labels = batch if labels is not None else (batch, None)  # (B, H, W, C)
            for key, value in step(real, batch_labels).items():
                totals[key] = totals.get(key, 0.0) + value  # summed on the device
            batches += 1
        for key, total in totals.items():
            history.setdefault(key, []).append(float(total) / batches)
        epochs.set_postfix({key: f"{values[-1]:.3f}" for key, values in history.items()})
        plot.update(history)
        if grid:
            grid.update(sample(), title=f"{title}: samples after epoch {epoch + 1}")
        if checkpoint:
            checkpoint.save(epoch + 1, models, optimizers, history)
    return history


# %% generate save
def generate(generator, *inputs):
    """Run G on framework inputs (z, and labels for a conditional G) in inference mode.

    Returns NHWC NumPy images in [-1, 1].
    """
    return keras.ops.convert_to_numpy(generator(*inputs, training=False))
