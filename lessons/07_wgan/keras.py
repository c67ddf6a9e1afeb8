"""Topic 07, WGAN and WGAN-GP: Keras 3 reference (TensorFlow backend).

Arjovsky, Chintala & Bottou, "Wasserstein Generative Adversarial Networks", ICML 2017
(arXiv:1701.07875), and Gulrajani, Ahmed, Arjovsky, Dumoulin & Courville, "Improved
Training of Wasserstein GANs", NeurIPS 2017 (arXiv:1704.00028). Where the papers' parts
live here: the critic (f_w in WGAN, D in WGAN-GP) is topic 05's ``DCGANDiscriminator``
with ``batch_norm=False``, whose raw output is the score; ``critic_loss`` is the negated
Wasserstein estimate E[f(x)] - E[f(G(z))]; ``wgan_generator_loss`` is -E[f(G(z))];
``clip_weights`` is WGAN's clip(w, -c, c); ``gradient_penalty`` is WGAN-GP's
(||grad f(x_hat)||_2 - 1)^2 without lambda, taken with a ``tf.GradientTape`` nested in
the step's tape; ``critic_step`` is one iteration of the inner loop of Algorithm 1 in
either paper and ``make_wgan_step`` one outer iteration (n_critic critic steps, one
generator step).

Images are NHWC throughout, the layout of the course's NumPy arrays.
"""

# %% imports
import dataclasses
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

import course_utils
from course_utils.saved.keras import (
    DCGANDiscriminator,
    DCGANGenerator,
    fit_gan,
    generate,
    make_gan_step,
    place,
    sample_latent,
)


# %% critic_loss
def critic_loss(real_scores, fake_scores):
    """The critic minimises mean(D(fake)) - mean(D(real)): the Wasserstein estimate, negated."""
    ### BEGIN SOLUTION
    return keras.ops.mean(fake_scores) - keras.ops.mean(real_scores)
    ### END SOLUTION


# %% generator_loss
def wgan_generator_loss(fake_scores):
    """The generator minimises -mean(D(G(z))): it wants its fakes scored like real images."""
    ### BEGIN SOLUTION
    return -keras.ops.mean(fake_scores)
    ### END SOLUTION


# %% models
def build_models(config):
    """Topic 05's DCGAN generator, and its discriminator without batch norm as the critic."""
    generator = place(DCGANGenerator(config.channels, config.image_size, config.latent_dim,
                                     width=config.width))
    critic = place(DCGANDiscriminator(config.channels, config.image_size,
                                      width=config.critic_width,
                                      batch_norm=False))  # raw scores, each from its own image
    return generator, critic


def _built(optimizer, model):
    # The optimizer's slots must exist before a @tf.function step first runs with it.
    optimizer.build(model.trainable_variables)
    return optimizer


def wgan_optimizers(generator, critic, config):
    """WGAN: RMSprop (no momentum) with learning rate 5e-5 for both networks.

    rho 0.99 and an epsilon of 1e-16 *inside* Keras's square root make the update the one
    PyTorch and Chainer take (decay 0.99, epsilon 1e-8 added to the root).
    """
    return tuple(_built(keras.optimizers.RMSprop(learning_rate=config.rmsprop_lr, rho=0.99,
                                                 epsilon=1e-16), model)
                 for model in (critic, generator))


def wgan_gp_optimizers(generator, critic, config):
    """WGAN-GP: Adam with learning rate 1e-4 and betas (0.5, 0.9) for both networks."""
    beta_1, beta_2 = config.adam_betas
    return tuple(_built(keras.optimizers.Adam(learning_rate=config.adam_lr, beta_1=beta_1,
                                              beta_2=beta_2, epsilon=1e-8), model)
                 for model in (critic, generator))


def dcgan_optimizers(generator, discriminator, config):
    """Topic 05's GAN, for comparison: Adam with learning rate 2e-4 and betas (0.5, 0.999)."""
    return tuple(_built(keras.optimizers.Adam(learning_rate=config.dcgan_lr,
                                              beta_1=config.dcgan_beta1), model)
                 for model in (discriminator, generator))


# %% clip_weights
def clip_weights(critic, clip_value=0.01):
    """Clip every weight of the critic, biases included, to [-clip_value, clip_value] in place."""
    ### BEGIN SOLUTION
    for variable in critic.trainable_variables:
        variable.assign(keras.ops.clip(variable, -clip_value, clip_value))
    ### END SOLUTION


# %% gradient_penalty
def gradient_penalty(critic, real, fake, epsilon):
    """Mean over the batch of (||grad_x D(x_hat)||_2 - 1)^2, x_hat = eps * real + (1 - eps) * fake.

    ``epsilon`` has shape (B, 1, 1, 1): one mixing weight per image. The norm is taken over
    each image's pixels. Call it inside the step's GradientTape: the outer tape then records
    this inner gradient, and the penalty can be differentiated w.r.t. the critic's weights.
    """
    ### BEGIN SOLUTION
    x_hat = epsilon * real + (1.0 - epsilon) * fake  # (B, H, W, C)
    with tf.GradientTape() as tape:
        tape.watch(x_hat)  # a plain tensor, not a variable: ask the tape to follow it
        scores = critic(x_hat, training=True)  # (B, 1); each score depends on its own image
    gradients = tape.gradient(scores, x_hat)  # (B, H, W, C)
    norms = keras.ops.sqrt(keras.ops.sum(keras.ops.square(gradients), axis=(1, 2, 3)))  # (B,)
    return keras.ops.mean(keras.ops.square(norms - 1.0))
    ### END SOLUTION


# %% critic_step
@tf.function
def critic_step(generator, critic, c_optimizer, real, z, gp_weight=0.0, clip_value=None):
    """One critic update on ``real`` and the fakes G(z); the generator does not change.

    Minimise critic_loss (+ gp_weight * gradient_penalty at random interpolates), then clip
    the critic's weights if ``clip_value`` is given. Returns scalar tensors measured before
    the update: loss_critic (what was minimised), wasserstein (mean score of real minus
    mean score of fake images) and, with a penalty, penalty (without gp_weight).
    """
    ### BEGIN SOLUTION
    fake = generator(z, training=True)  # (B, H, W, C); outside the tape: no gradient to G
    stats = {}
    with tf.GradientTape() as tape:
        loss = critic_loss(critic(real, training=True), critic(fake, training=True))
        stats["wasserstein"] = -loss
        if gp_weight:
            epsilon = tf.random.uniform((tf.shape(real)[0], 1, 1, 1))  # one mix per image
            penalty = gradient_penalty(critic, real, fake, epsilon)
            loss = loss + gp_weight * penalty
            stats["penalty"] = penalty
    gradients = tape.gradient(loss, critic.trainable_variables)
    c_optimizer.apply_gradients(zip(gradients, critic.trainable_variables, strict=True))
    if clip_value is not None:
        clip_weights(critic, clip_value)  # after the step: the constraint holds for the next one
    stats["loss_critic"] = loss
    return stats
    ### END SOLUTION


# %% generator_step
@tf.function
def wgan_generator_step(generator, critic, g_optimizer, z):
    """One generator update: minimise -mean(D(G(z))); returns loss_G before the update."""
    with tf.GradientTape() as tape:
        loss = wgan_generator_loss(critic(generator(z, training=True), training=True))
    gradients = tape.gradient(loss, generator.trainable_variables)  # only G's weights move
    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))
    return loss


# %% wgan_step
def make_wgan_step(generator, critic, c_optimizer, g_optimizer, latent_dim, n_critic=5,
                   gp_weight=0.0, clip_value=None):
    """The ``step(real, labels)`` fit_gan calls: one outer iteration of the papers' Algorithm 1.

    fit_gan hands it ``n_critic`` critic batches at once; each slice gets one critic step,
    then the generator takes one step. Returns the critic's numbers averaged over the
    n_critic steps, and loss_G, as scalar tensors.
    """

    def step(real, labels=None):
        critic_stats = []
        for chunk in tf.split(real, n_critic):  # n_critic batches of (B, H, W, C)
            z = sample_latent(chunk.shape[0], latent_dim)
            critic_stats.append(critic_step(generator, critic, c_optimizer, chunk, z,
                                            gp_weight=gp_weight, clip_value=clip_value))
        stats = {key: keras.ops.mean(keras.ops.stack([s[key] for s in critic_stats]))
                 for key in critic_stats[0]}  # scalar tensors: fit_gan sums them on the device
        z = sample_latent(real.shape[0] // n_critic, latent_dim)
        stats["loss_G"] = wgan_generator_step(generator, critic, g_optimizer, z)
        return stats

    return step
