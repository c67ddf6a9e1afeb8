"""Topic 07, WGAN and WGAN-GP: PyTorch reference.

Arjovsky, Chintala & Bottou, "Wasserstein Generative Adversarial Networks", ICML 2017
(arXiv:1701.07875), and Gulrajani, Ahmed, Arjovsky, Dumoulin & Courville, "Improved
Training of Wasserstein GANs", NeurIPS 2017 (arXiv:1704.00028). Code vs. papers:
``critic`` (f_w in WGAN, D in WGAN-GP: topic 05's ``DCGANDiscriminator`` with
``batch_norm=False``, whose raw output is the score), ``critic_loss`` (the negative of
the Wasserstein estimate E[f(x)] - E[f(G(z))]), ``wgan_generator_loss`` (-E[f(G(z))]),
``clip_weights`` (WGAN's clip(w, -c, c)), ``gradient_penalty`` (WGAN-GP's
(||grad f(x_hat)||_2 - 1)^2, without lambda), ``critic_step`` (one iteration of the
inner loop of Algorithm 1 in either paper), ``make_wgan_step`` (one outer iteration:
n_critic critic steps, one G step).

Sections (``# %% name``) become notebook cells; see course_utils/sources.py.
"""

# %% imports
import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import torch

import course_utils
from course_utils.saved.pytorch import (
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
    return fake_scores.mean() - real_scores.mean()
    ### END SOLUTION


# %% generator_loss
def wgan_generator_loss(fake_scores):
    """The generator minimises -mean(D(G(z))): it wants its fakes scored like real images."""
    ### BEGIN SOLUTION
    return -fake_scores.mean()
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


def wgan_optimizers(generator, critic, config):
    """WGAN: RMSprop (no momentum) with learning rate 5e-5 for both networks."""
    return (torch.optim.RMSprop(critic.parameters(), lr=config.rmsprop_lr),
            torch.optim.RMSprop(generator.parameters(), lr=config.rmsprop_lr))


def wgan_gp_optimizers(generator, critic, config):
    """WGAN-GP: Adam with learning rate 1e-4 and betas (0.5, 0.9) for both networks."""
    return (torch.optim.Adam(critic.parameters(), lr=config.adam_lr, betas=config.adam_betas),
            torch.optim.Adam(generator.parameters(), lr=config.adam_lr, betas=config.adam_betas))


def dcgan_optimizers(generator, discriminator, config):
    """Topic 05's GAN, for comparison: Adam with learning rate 2e-4 and betas (0.5, 0.999)."""
    betas = (config.dcgan_beta1, 0.999)
    return (torch.optim.Adam(discriminator.parameters(), lr=config.dcgan_lr, betas=betas),
            torch.optim.Adam(generator.parameters(), lr=config.dcgan_lr, betas=betas))


# %% clip_weights
@torch.no_grad()
def clip_weights(critic, clip_value=0.01):
    """Clip every parameter of the critic, biases included, to [-clip_value, clip_value] in place."""
    ### BEGIN SOLUTION
    for parameter in critic.parameters():
        parameter.clamp_(-clip_value, clip_value)
    ### END SOLUTION


# %% gradient_penalty
def gradient_penalty(critic, real, fake, epsilon):
    """Mean over the batch of (||grad_x D(x_hat)||_2 - 1)^2, x_hat = eps * real + (1 - eps) * fake.

    ``epsilon`` has shape (B, 1, 1, 1): one mixing weight per image. The norm is taken over
    each image's pixels. The result stays differentiable w.r.t. the critic's parameters.
    """
    ### BEGIN SOLUTION
    x_hat = (epsilon * real + (1 - epsilon) * fake).requires_grad_(True)  # (B, C, H, W)
    scores = critic(x_hat)  # (B, 1); each score depends on its own image only
    gradients, = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)  # (B, C, H, W)
    norms = gradients.flatten(1).norm(2, dim=1)  # (B,)
    return ((norms - 1) ** 2).mean()
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
    generator.train()
    critic.train()
    with torch.no_grad():
        fake = generator(z)  # (B, C, H, W); no graph back to G
    loss = critic_loss(critic(real), critic(fake))
    stats = {"wasserstein": -loss.item()}
    if gp_weight:
        epsilon = torch.rand(len(real), 1, 1, 1, device=real.device)  # one mix per image
        penalty = gradient_penalty(critic, real, fake, epsilon)
        loss = loss + gp_weight * penalty
        stats["penalty"] = penalty.item()
    c_optimizer.zero_grad()
    loss.backward()
    c_optimizer.step()
    if clip_value is not None:
        clip_weights(critic, clip_value)  # after the step: the constraint holds for the next one
    stats["loss_critic"] = loss.item()
    return stats
    ### END SOLUTION


# %% generator_step
def wgan_generator_step(generator, critic, g_optimizer, z):
    """One generator update: minimise -mean(D(G(z))); returns loss_G before the update."""
    generator.train()
    critic.train()
    g_optimizer.zero_grad()
    loss = wgan_generator_loss(critic(generator(z)))
    loss.backward()  # also fills the critic's .grad; critic_step clears them first
    g_optimizer.step()  # only G's parameters move
    return loss.item()


# %% wgan_step
def make_wgan_step(generator, critic, c_optimizer, g_optimizer, latent_dim, n_critic=5,
                   gp_weight=0.0, clip_value=None):
    """The ``step(real, labels)`` fit_gan calls: one outer iteration of the papers' Algorithm 1.

    fit_gan hands it ``n_critic`` critic batches at once; each slice gets one critic step,
    then the generator takes one step. Returns the critic's numbers averaged over the
    n_critic steps, and loss_G.
    """

    def step(real, labels=None):
        critic_stats = []
        for chunk in real.chunk(n_critic):  # n_critic batches of (B, C, H, W)
            z = sample_latent(len(chunk), latent_dim)
            critic_stats.append(critic_step(generator, critic, c_optimizer, chunk, z,
                                            gp_weight=gp_weight, clip_value=clip_value))
        stats = {key: float(np.mean([s[key] for s in critic_stats])) for key in critic_stats[0]}
        z = sample_latent(len(real) // n_critic, latent_dim)
        stats["loss_G"] = wgan_generator_step(generator, critic, g_optimizer, z)
        return stats

    return step
