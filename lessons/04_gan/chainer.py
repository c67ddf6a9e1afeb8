"""Topic 04, generative adversarial network (GAN): Chainer 7.8.1 reference.

Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014. Code vs. paper:
``Generator`` (G), ``Discriminator`` (D, which returns the logit; the paper's D(x) is
its sigmoid), ``sample_latent`` (the noise prior p_z, a standard normal here),
``discriminator_loss`` (-V(D, G) on a minibatch: D minimises it), ``generator_loss``
(the non-saturating -log D(G(z)) of the paper's section 3), ``discriminator_step`` and
``generator_step`` (one iteration of Algorithm 1 with k = 1), ``fit_gan`` (the loop).

The losses use softplus, as Chainer's own DCGAN example does: -log sigmoid(x) is
softplus(-x) and -log(1 - sigmoid(x)) is softplus(x). The sections marked ``save`` are
the shared GAN machinery that topics 05-07 import.
"""

# %% imports
import matplotlib.pyplot as plt
import numpy as np

import course_utils
from course_utils.chainer_compat import import_chainer
from course_utils.saved.chainer import device, glorot_init, place

chainer = import_chainer()  # Chainer 7.8.1, with the repairs it needs on NumPy 2
import chainer.functions as F
import chainer.links as L


# %% generator
class Generator(chainer.Chain):
    """z -> Dense 128 -> 256 -> 512 (LeakyReLU 0.2 each) -> Dense(pixels) + tanh -> image."""

    def __init__(self, image_shape, latent_dim=100):
        super().__init__()
        self.image_shape = tuple(image_shape)  # (C, H, W)
        self.latent_dim = latent_dim
        ### BEGIN SOLUTION
        pixels = int(np.prod(image_shape))
        with self.init_scope():
            self.fc1 = L.Linear(latent_dim, 128)
            self.fc2 = L.Linear(128, 256)
            self.fc3 = L.Linear(256, 512)
            self.fc4 = L.Linear(512, pixels)
        ### END SOLUTION
        glorot_init(self)

    def forward(self, z):
        ### BEGIN SOLUTION
        h = F.leaky_relu(self.fc1(z), slope=0.2)  # (B, 128)
        h = F.leaky_relu(self.fc2(h), slope=0.2)  # (B, 256)
        h = F.leaky_relu(self.fc3(h), slope=0.2)  # (B, 512)
        h = F.tanh(self.fc4(h))  # (B, C*H*W) in [-1, 1], like the training images
        return F.reshape(h, (-1, *self.image_shape))  # (B, C, H, W)
        ### END SOLUTION


# %% discriminator
class Discriminator(chainer.Chain):
    """image -> flatten -> Dense 512 -> 256 (LeakyReLU 0.2 each) -> Dense 1: one logit per image."""

    def __init__(self, image_shape):
        super().__init__()
        self.image_shape = tuple(image_shape)  # (C, H, W)
        ### BEGIN SOLUTION
        pixels = int(np.prod(image_shape))
        with self.init_scope():
            self.fc1 = L.Linear(pixels, 512)
            self.fc2 = L.Linear(512, 256)
            self.fc3 = L.Linear(256, 1)
        ### END SOLUTION
        glorot_init(self)

    def forward(self, x):
        ### BEGIN SOLUTION
        h = F.leaky_relu(self.fc1(x), slope=0.2)  # (B, 512); L.Linear flattens (B, C, H, W)
        h = F.leaky_relu(self.fc2(h), slope=0.2)  # (B, 256)
        return self.fc3(h)  # (B, 1): a logit, no sigmoid (it lives in the loss)
        ### END SOLUTION


# %% latent save
def sample_latent(batch_size, latent_dim):
    """A batch of noise vectors z ~ N(0, I), shape (batch_size, latent_dim), on the device."""
    return device.xp.random.standard_normal((batch_size, latent_dim)).astype(np.float32)


# %% discriminator_loss save
def discriminator_loss(real_logits, fake_logits):
    """BCE of D on real images (target 1) plus BCE on fakes (target 0), each a batch mean."""
    ### BEGIN SOLUTION
    return F.mean(F.softplus(-real_logits)) + F.mean(F.softplus(fake_logits))
    ### END SOLUTION


# %% generator_loss save
def generator_loss(fake_logits):
    """Non-saturating generator loss: BCE of D on fakes with target 1, i.e. mean -log D(G(z))."""
    ### BEGIN SOLUTION
    return F.mean(F.softplus(-fake_logits))
    ### END SOLUTION


# %% discriminator_step save
def discriminator_step(generator, discriminator, d_optimizer, real, z):
    """One update of D on a real batch and the fakes G(z); returns loss_D before the update.

    (1) Update D: maximise log D(x) + log(1 - D(G(z))), i.e. minimise discriminator_loss.
    """
    ### BEGIN SOLUTION
    with chainer.using_config("train", True):
        fake = generator(z).array  # (B, C, H, W), a plain array: D's loss cannot reach G
        loss = discriminator_loss(discriminator(real), discriminator(fake))
    discriminator.cleargrads()
    loss.backward()
    d_optimizer.update()
    return float(loss.array)
    ### END SOLUTION


# %% generator_step save
def generator_step(generator, discriminator, g_optimizer, z):
    """One update of G through the current D; returns loss_G before the update.

    (2) Update G: maximise log D(G(z)) (non-saturating), i.e. minimise generator_loss.
    """
    ### BEGIN SOLUTION
    with chainer.using_config("train", True):
        loss = generator_loss(discriminator(generator(z)))
    generator.cleargrads()
    loss.backward()  # also fills D's gradients; the next discriminator_step clears them first
    g_optimizer.update()  # only G's parameters move
    return float(loss.array)
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
        with chainer.no_backprop_mode():
            d_real = float(F.mean(F.sigmoid(discriminator(real))).array)
            d_fake = float(F.mean(F.sigmoid(discriminator(generator(z)))).array)
        return {"loss_D": loss_D, "loss_G": loss_G, "D_real": d_real, "D_fake": d_fake}

    return step


# %% fit_gan save
def fit_gan(step, models, optimizers, images, config, checkpoint_dir=None, title="GAN",
            labels=None, sample=None, on_epoch=None):
    """Train a GAN for ``config.epochs`` epochs in batches of ``config.batch_size``.

    Parameters:
        step: ``step(real, labels)`` trains on one batch (NCHW array on the device, labels
            or None) and returns a dict of numbers, e.g. ``{"loss_D": 1.3, "loss_G": 0.7}``.
        models, optimizers: dicts keyed alike, e.g. ``{"G": G, "D": D}``; checkpointed after
            every epoch and restored from ``checkpoint_dir`` when it holds a checkpoint.
        images: NHWC NumPy images in [-1, 1]; labels: one int per image, or None.
        sample: optional ``sample()`` -> NHWC images in [-1, 1], shown after every epoch.
        on_epoch: optional ``on_epoch(epoch)``, called before every epoch (from 0), e.g. a
            learning-rate schedule.

    Returns the history: for each key of the step's dict, its mean over every epoch.
    """
    checkpoint = course_utils.Checkpoint(checkpoint_dir, "chainer") if checkpoint_dir else None
    start, history = checkpoint.restore(models, optimizers) if checkpoint else (0, {})
    dataset = np.asarray(images, np.float32).transpose(0, 3, 1, 2)  # (N, C, H, W)
    if labels is not None:
        dataset = chainer.datasets.TupleDataset(dataset, np.asarray(labels, np.int32))
    batch_size = min(config.batch_size, len(images))
    loader = chainer.iterators.SerialIterator(dataset, batch_size, repeat=False, shuffle=True)
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
        for batch in loader:  # one pass over the data, as a list of examples per batch
            if len(batch) < batch_size:
                continue  # full batches only, so every step sees the same size
            arrays = chainer.dataset.concat_examples(batch, device)
            real, batch_labels = arrays if labels is not None else (arrays, None)  # (B, C, H, W)
            for key, value in step(real, batch_labels).items():
                totals[key] = totals.get(key, 0.0) + value
            batches += 1
        loader.reset()  # a new shuffle for the next epoch
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
    """Run G on framework inputs (z, and labels for a conditional G) in test mode.

    Returns NHWC NumPy images in [-1, 1].
    """
    with chainer.using_config("train", False), chainer.no_backprop_mode():
        images = generator(*inputs).array  # (B, C, H, W)
    return chainer.backends.cuda.to_cpu(images).transpose(0, 2, 3, 1)
