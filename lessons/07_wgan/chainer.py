"""Topic 07, WGAN and WGAN-GP: Chainer 7.8.1 reference.

Arjovsky, Chintala & Bottou, "Wasserstein Generative Adversarial Networks", ICML 2017
(arXiv:1701.07875), and Gulrajani, Ahmed, Arjovsky, Dumoulin & Courville, "Improved
Training of Wasserstein GANs", NeurIPS 2017 (arXiv:1704.00028). The papers' critic
(f_w in WGAN, D in WGAN-GP) is topic 05's ``DCGANDiscriminator`` with
``batch_norm=False``, whose raw output is the score; ``critic_loss`` is the negated
Wasserstein estimate E[f(x)] - E[f(G(z))]; ``wgan_generator_loss`` is -E[f(G(z))];
``clip_weights`` is WGAN's clip(w, -c, c); ``gradient_penalty`` is WGAN-GP's
(||grad f(x_hat)||_2 - 1)^2 without lambda, through ``chainer.grad(...,
enable_double_backprop=True)`` (Convolution2D, LeakyReLU and Linear all support it);
``critic_step`` is one iteration of the inner loop of Algorithm 1 in either paper,
``make_wgan_step`` one outer iteration.
"""

# %% imports
import dataclasses

import matplotlib.pyplot as plt
import numpy as np

import course_utils
from course_utils.chainer_compat import import_chainer
from course_utils.saved.chainer import (
    DCGANDiscriminator,
    DCGANGenerator,
    fit_gan,
    generate,
    make_gan_step,
    place,
    sample_latent,
)

chainer = import_chainer()  # Chainer 7.8.1, with the repairs it needs on NumPy 2
import chainer.functions as F


# %% critic_loss
def critic_loss(real_scores, fake_scores):
    """The critic minimises mean(D(fake)) - mean(D(real)): the Wasserstein estimate, negated."""
    ### BEGIN SOLUTION
    return F.mean(fake_scores) - F.mean(real_scores)
    ### END SOLUTION


# %% generator_loss
def wgan_generator_loss(fake_scores):
    """The generator minimises -mean(D(G(z))): it wants its fakes scored like real images."""
    ### BEGIN SOLUTION
    return -F.mean(fake_scores)
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


def _setup(optimizer, model):
    optimizer.setup(model)
    return optimizer


def wgan_optimizers(generator, critic, config):
    """WGAN: RMSprop (no momentum) with learning rate 5e-5 for both networks."""
    return tuple(_setup(chainer.optimizers.RMSprop(lr=config.rmsprop_lr, alpha=0.99, eps=1e-8),
                        model) for model in (critic, generator))


def wgan_gp_optimizers(generator, critic, config):
    """WGAN-GP: Adam with learning rate 1e-4 and betas (0.5, 0.9) for both networks."""
    beta1, beta2 = config.adam_betas
    return tuple(_setup(chainer.optimizers.Adam(alpha=config.adam_lr, beta1=beta1, beta2=beta2),
                        model) for model in (critic, generator))


def dcgan_optimizers(generator, discriminator, config):
    """Topic 05's GAN, for comparison: Adam with learning rate 2e-4 and betas (0.5, 0.999)."""
    return tuple(_setup(chainer.optimizers.Adam(alpha=config.dcgan_lr, beta1=config.dcgan_beta1),
                        model) for model in (discriminator, generator))


# %% clip_weights
def clip_weights(critic, clip_value=0.01):
    """Clip every parameter of the critic, biases included, to [-clip_value, clip_value] in place."""
    ### BEGIN SOLUTION
    for param in critic.params():
        param.array[...] = critic.xp.clip(param.array, -clip_value, clip_value)
    ### END SOLUTION


# %% gradient_penalty
def gradient_penalty(critic, real, fake, epsilon):
    """Mean over the batch of (||grad_x D(x_hat)||_2 - 1)^2, x_hat = eps * real + (1 - eps) * fake.

    ``real``, ``fake`` and ``epsilon`` are arrays; ``epsilon`` has shape (B, 1, 1, 1): one
    mixing weight per image. The norm is taken over each image's pixels. The result stays
    differentiable w.r.t. the critic's parameters (double backpropagation).
    """
    ### BEGIN SOLUTION
    x_hat = chainer.Variable(epsilon * real + (1 - epsilon) * fake)  # (B, C, H, W)
    scores = critic(x_hat)  # (B, 1); each score depends on its own image only
    gradients, = chainer.grad([F.sum(scores)], [x_hat],
                              enable_double_backprop=True)  # (B, C, H, W)
    norms = F.sqrt(F.sum(gradients ** 2, axis=(1, 2, 3)))  # (B,)
    return F.mean((norms - 1) ** 2)
    ### END SOLUTION


# %% critic_step
def critic_step(generator, critic, c_optimizer, real, z, gp_weight=0.0, clip_value=None):
    """One critic update on ``real`` and the fakes G(z); the generator does not change.

    Minimise critic_loss (+ gp_weight * gradient_penalty at random interpolates), then clip
    the critic's parameters if ``clip_value`` is given. Returns numbers measured before the
    update: loss_critic (what was minimised), wasserstein (mean score of real minus mean
    score of fake images) and, with a penalty, penalty (without gp_weight).
    """
    ### BEGIN SOLUTION
    with chainer.using_config("train", True):
        with chainer.no_backprop_mode():
            fake = generator(z).array  # (B, C, H, W); a plain array, no graph back to G
        loss = critic_loss(critic(real), critic(fake))
        stats = {"wasserstein": -float(loss.array)}
        if gp_weight:
            epsilon = critic.xp.random.uniform(size=(len(real), 1, 1, 1)).astype(real.dtype)
            penalty = gradient_penalty(critic, real, fake, epsilon)
            loss = loss + gp_weight * penalty
            stats["penalty"] = float(penalty.array)
    critic.cleargrads()
    loss.backward()
    c_optimizer.update()
    if clip_value is not None:
        clip_weights(critic, clip_value)  # after the step: the constraint holds for the next one
    stats["loss_critic"] = float(loss.array)
    return stats
    ### END SOLUTION


# %% generator_step
def wgan_generator_step(generator, critic, g_optimizer, z):
    """One generator update: minimise -mean(D(G(z))); returns loss_G before the update."""
    with chainer.using_config("train", True):
        loss = wgan_generator_loss(critic(generator(z)))
    generator.cleargrads()
    loss.backward()  # also fills the critic's grads; critic_step clears them first
    g_optimizer.update()  # only G's parameters move
    return float(loss.array)


# %% wgan_step
def make_wgan_step(generator, critic, c_optimizer, g_optimizer, latent_dim, n_critic=5,
                   gp_weight=0.0, clip_value=None):
    """The ``step(real, labels)`` fit_gan calls: one outer iteration of the papers' Algorithm 1.

    fit_gan hands it ``n_critic`` critic batches at once; each slice gets one critic step,
    then the generator takes one step. Returns the critic's numbers averaged over the
    n_critic steps, and loss_G.
    """

    def step(real, labels=None):
        size = len(real) // n_critic
        critic_stats = []
        for start in range(0, size * n_critic, size):
            chunk = real[start : start + size]  # (B, C, H, W)
            z = sample_latent(size, latent_dim)
            critic_stats.append(critic_step(generator, critic, c_optimizer, chunk, z,
                                            gp_weight=gp_weight, clip_value=clip_value))
        stats = {key: float(np.mean([s[key] for s in critic_stats])) for key in critic_stats[0]}
        z = sample_latent(size, latent_dim)
        stats["loss_G"] = wgan_generator_step(generator, critic, g_optimizer, z)
        return stats

    return step
