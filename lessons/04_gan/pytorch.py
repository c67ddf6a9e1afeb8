"""Topic 04, generative adversarial network (GAN): PyTorch reference.

Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014. Code vs. paper:
``Generator`` (G), ``Discriminator`` (D, which returns the logit; the paper's D(x) is
its sigmoid), ``sample_latent`` (the noise prior p_z, a standard normal here),
``discriminator_loss`` (-V(D, G) on a minibatch: D minimises it), ``generator_loss``
(the non-saturating -log D(G(z)) of the paper's section 3), ``discriminator_step`` and
``generator_step`` (one iteration of Algorithm 1 with k = 1), ``fit_gan`` (the loop).

The sections marked ``save`` are the shared GAN machinery that topics 05-07 import.
"""

# %% imports
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

import course_utils
from course_utils.saved.pytorch import device, glorot_init, place


# %% generator
class Generator(nn.Module):
    """z -> Dense 128 -> 256 -> 512 (LeakyReLU 0.2 each) -> Dense(pixels) + tanh -> image."""

    def __init__(self, image_shape, latent_dim=100):
        super().__init__()
        self.image_shape = tuple(image_shape)  # (C, H, W)
        self.latent_dim = latent_dim
        ### BEGIN SOLUTION
        pixels = int(np.prod(image_shape))
        self.layers = nn.Sequential(
            nn.Linear(latent_dim, 128),  # (B, 128)
            nn.LeakyReLU(0.2),
            nn.Linear(128, 256),  # (B, 256)
            nn.LeakyReLU(0.2),
            nn.Linear(256, 512),  # (B, 512)
            nn.LeakyReLU(0.2),
            nn.Linear(512, pixels),  # (B, C*H*W)
            nn.Tanh(),  # pixels in [-1, 1], like the training images
        )
        ### END SOLUTION
        self.apply(glorot_init)

    def forward(self, z):
        ### BEGIN SOLUTION
        return self.layers(z).view(-1, *self.image_shape)  # (B, C, H, W)
        ### END SOLUTION


# %% discriminator
class Discriminator(nn.Module):
    """image -> flatten -> Dense 512 -> 256 (LeakyReLU 0.2 each) -> Dense 1: one logit per image."""

    def __init__(self, image_shape):
        super().__init__()
        self.image_shape = tuple(image_shape)  # (C, H, W)
        ### BEGIN SOLUTION
        pixels = int(np.prod(image_shape))
        self.layers = nn.Sequential(
            nn.Flatten(),  # (B, C*H*W)
            nn.Linear(pixels, 512),  # (B, 512)
            nn.LeakyReLU(0.2),
            nn.Linear(512, 256),  # (B, 256)
            nn.LeakyReLU(0.2),
            nn.Linear(256, 1),  # (B, 1): a logit, no sigmoid (it lives in the loss)
        )
        ### END SOLUTION
        self.apply(glorot_init)

    def forward(self, x):
        ### BEGIN SOLUTION
        return self.layers(x)
        ### END SOLUTION


# %% latent save
def sample_latent(batch_size, latent_dim):
    """A batch of noise vectors z ~ N(0, I), shape (batch_size, latent_dim), on the device."""
    return torch.randn(batch_size, latent_dim, device=device)


# %% discriminator_loss save
def discriminator_loss(real_logits, fake_logits):
    """BCE of D on real images (target 1) plus BCE on fakes (target 0), each a batch mean."""
    ### BEGIN SOLUTION
    real_loss = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real_loss + fake_loss
    ### END SOLUTION


# %% generator_loss save
def generator_loss(fake_logits):
    """Non-saturating generator loss: BCE of D on fakes with target 1, i.e. mean -log D(G(z))."""
    ### BEGIN SOLUTION
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
    ### END SOLUTION


# %% discriminator_step save
def discriminator_step(generator, discriminator, d_optimizer, real, z):
    """One update of D on a real batch and the fakes G(z); returns loss_D before the update.

    (1) Update D: maximise log D(x) + log(1 - D(G(z))), i.e. minimise discriminator_loss.
    """
    ### BEGIN SOLUTION
    generator.train()
    discriminator.train()
    fake = generator(z).detach()  # (B, C, H, W); detached: D's loss must not reach G
    d_optimizer.zero_grad()
    loss = discriminator_loss(discriminator(real), discriminator(fake))
    loss.backward()
    d_optimizer.step()
    return loss.item()
    ### END SOLUTION


# %% generator_step save
def generator_step(generator, discriminator, g_optimizer, z):
    """One update of G through the current D; returns loss_G before the update.

    (2) Update G: maximise log D(G(z)) (non-saturating), i.e. minimise generator_loss.
    """
    ### BEGIN SOLUTION
    generator.train()
    discriminator.train()
    g_optimizer.zero_grad()
    loss = generator_loss(discriminator(generator(z)))
    loss.backward()  # also fills D's .grad; the next discriminator_step clears them first
    g_optimizer.step()  # only G's parameters move
    return loss.item()
    ### END SOLUTION


# %% gan_step save
def make_gan_step(generator, discriminator, d_optimizer, g_optimizer, latent_dim):
    """The ``step(real, labels)`` that fit_gan calls for every batch: a D step, then a G step.

    It returns the two losses and D's mean verdicts, as probabilities: D_real on the real
    batch and D_fake on the new fakes, both measured after the two updates.
    """

    def step(real, labels=None):
        z = sample_latent(len(real), latent_dim)  # (B, latent_dim)
        loss_D = discriminator_step(generator, discriminator, d_optimizer, real, z)
        loss_G = generator_step(generator, discriminator, g_optimizer, z)
        with torch.no_grad():
            d_real = torch.sigmoid(discriminator(real)).mean().item()
            d_fake = torch.sigmoid(discriminator(generator(z))).mean().item()
        return {"loss_D": loss_D, "loss_G": loss_G, "D_real": d_real, "D_fake": d_fake}

    return step


# %% fit_gan save
def fit_gan(step, models, optimizers, images, config, checkpoint_dir=None, title="GAN",
            labels=None, sample=None, on_epoch=None):
    """Train a GAN for ``config.epochs`` epochs in batches of ``config.batch_size``.

    Parameters:
        step: ``step(real, labels)`` trains on one batch (NCHW tensor, labels or None) and
            returns a dict of numbers, e.g. ``{"loss_D": 1.3, "loss_G": 0.7}``.
        models, optimizers: dicts keyed alike, e.g. ``{"G": G, "D": D}``; checkpointed after
            every epoch and restored from ``checkpoint_dir`` when it holds a checkpoint.
        images: NHWC NumPy images in [-1, 1]; labels: one int per image, or None.
        sample: optional ``sample()`` -> NHWC images in [-1, 1], shown after every epoch.
        on_epoch: optional ``on_epoch(epoch)``, called before every epoch (from 0), e.g. a
            learning-rate schedule.

    Returns the history: for each key of the step's dict, its mean over every epoch.
    """
    checkpoint = course_utils.Checkpoint(checkpoint_dir, "pytorch") if checkpoint_dir else None
    start, history = checkpoint.restore(models, optimizers) if checkpoint else (0, {})
    arrays = [torch.from_numpy(np.asarray(images, np.float32).transpose(0, 3, 1, 2))]  # (N, C, H, W)
    if labels is not None:
        arrays.append(torch.from_numpy(np.asarray(labels, np.int64)))
    loader = torch.utils.data.DataLoader(  # full batches only, so every step sees the same size
        torch.utils.data.TensorDataset(*arrays), batch_size=min(config.batch_size, len(images)),
        shuffle=True, drop_last=True)
    plot = course_utils.LivePlot(title, name=f"{title}-history")
    grid = course_utils.LiveImages(name=f"{title}-samples") if sample else None
    if history:
        plot.update(history)  # resumed: show what the earlier epochs did
    epochs = course_utils.progress(range(start, config.epochs), desc=title,
                                   initial=start, total=config.epochs)
    for epoch in epochs:
        if on_epoch:
            on_epoch(epoch)
        totals = {}
        for batch in loader:
            real = batch[0].to(device)  # (B, C, H, W)
            batch_labels = batch[1].to(device) if labels is not None else None
            for key, value in step(real, batch_labels).items():
                totals[key] = totals.get(key, 0.0) + value
        for key, total in totals.items():
            history.setdefault(key, []).append(float(total) / len(loader))
        epochs.set_postfix({key: f"{values[-1]:.3f}" for key, values in history.items()})
        plot.update(history)
        if grid:
            grid.update(sample(), title=f"{title}: samples after epoch {epoch + 1}")
        if checkpoint:
            checkpoint.save(epoch + 1, models, optimizers, history)
    return history


# %% generate save
@torch.no_grad()
def generate(generator, *inputs):
    """Run G on framework inputs (z, and labels for a conditional G) in eval mode.

    Returns NHWC NumPy images in [-1, 1]; G's train/eval mode is restored afterwards.
    """
    was_training = generator.training
    generator.eval()
    images = generator(*inputs)  # (B, C, H, W)
    generator.train(was_training)
    return images.permute(0, 2, 3, 1).cpu().numpy()
