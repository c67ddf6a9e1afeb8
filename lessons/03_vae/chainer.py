"""Topic 03, variational autoencoder: Chainer 7.8.1 reference.

Kingma & Welling, "Auto-Encoding Variational Bayes", arXiv:1312.6114 (2013), ICLR 2014.
The architecture is the one of pytorch/examples' ``vae`` (784 -> 400 -> 20 + 20, ReLU);
the paper used 500 tanh units. Code vs. paper: ``VAE.encode`` is the recognition model
q_phi(z|x) (its outputs mu and log sigma^2, Appendix C.2), ``reparameterize`` is
z = mu + sigma * epsilon (Section 2.4; Chainer's built-in is ``F.gaussian``), ``VAE.decode``
is the Bernoulli decoder p_theta(x|z) (Appendix C.1), ``vae_loss`` is minus the lower bound
L(theta, phi; x) with the closed-form KL of Appendix B (``F.gaussian_kl_divergence``),
averaged over the minibatch.

Sections (``# %% name``) become notebook cells; see course_utils/sources.py.
"""

# %% imports
import dataclasses
from statistics import NormalDist

import matplotlib.pyplot as plt
import numpy as np

import course_utils
from course_utils.chainer_compat import import_chainer
from course_utils.saved.chainer import device, glorot_init, place

chainer = import_chainer()  # Chainer 7.8.1, with the repairs it needs on NumPy 2
import chainer.functions as F
import chainer.links as L


# %% reparameterize
def reparameterize(mu, logvar):
    """Draw z ~ N(mu, diag(exp(logvar))) as mu + sigma * eps, eps ~ N(0, I) drawn here."""
    ### BEGIN SOLUTION
    std = F.exp(0.5 * logvar)  # sigma = exp(log(sigma^2) / 2)
    xp = chainer.backend.get_array_module(std)  # NumPy on the CPU, CuPy on a GPU
    eps = xp.random.standard_normal(std.shape).astype(std.dtype)  # new noise on every call
    return mu + std * eps
    ### END SOLUTION


# %% model
class VAE(chainer.Chain):
    """Encoder pixels -> hidden (ReLU) -> mu, logvar; decoder latent -> hidden (ReLU) -> pixels (sigmoid)."""

    def __init__(self, image_shape, latent_dim=20, hidden=400):
        super().__init__()
        self.image_shape = tuple(image_shape)  # (C, H, W)
        self.latent_dim = latent_dim
        ### BEGIN SOLUTION
        pixels = int(np.prod(image_shape))
        with self.init_scope():
            self.encoder_fc = L.Linear(pixels, hidden)
            self.fc_mu = L.Linear(hidden, latent_dim)
            self.fc_logvar = L.Linear(hidden, latent_dim)
            self.decoder_fc = L.Linear(latent_dim, hidden)
            self.decoder_out = L.Linear(hidden, pixels)
        ### END SOLUTION
        glorot_init(self)

    def encode(self, x):
        """Images (B, C, H, W) -> mu and logvar of q(z|x), each (B, latent_dim)."""
        ### BEGIN SOLUTION
        h = F.relu(self.encoder_fc(x))  # (B, hidden); L.Linear flattens (B, C, H, W) itself
        return self.fc_mu(h), self.fc_logvar(h)  # no activation: both can take any value
        ### END SOLUTION

    def decode(self, z):
        """Codes (B, latent_dim) -> Bernoulli means (B, C, H, W) in (0, 1)."""
        ### BEGIN SOLUTION
        h = F.relu(self.decoder_fc(z))  # (B, hidden)
        return F.reshape(F.sigmoid(self.decoder_out(h)), (-1, *self.image_shape))  # (B, C, H, W)
        ### END SOLUTION

    def forward(self, x):
        """Returns (reconstruction, mu, logvar); the reconstruction decodes a sampled z."""
        ### BEGIN SOLUTION
        mu, logvar = self.encode(x)
        z = reparameterize(mu, logvar)  # (B, latent_dim)
        return self.decode(z), mu, logvar
        ### END SOLUTION


# %% loss
def vae_loss(reconstruction, images, mu, logvar):
    """Negative ELBO in nats per image: Bernoulli NLL summed over pixels + KL, batch mean."""
    ### BEGIN SOLUTION
    p = F.clip(reconstruction, 1e-7, 1 - 1e-7)  # as Keras does: a saturated pixel stays finite
    reconstruction_nll = -F.sum(images * F.log(p) + (1 - images) * F.log(1 - p))
    kl = -0.5 * F.sum(1 + logvar - mu**2 - F.exp(logvar))  # KL(q(z|x) || N(0, I))
    return (reconstruction_nll + kl) / len(images)
    ### END SOLUTION


# %% train_step
def train_step(model, optimizer, images):
    """One optimizer step on the negative ELBO of a batch; returns the loss before the step."""
    ### BEGIN SOLUTION
    with chainer.using_config("train", True):
        reconstruction, mu, logvar = model(images)
        loss = vae_loss(reconstruction, images, mu, logvar)
    model.cleargrads()
    loss.backward()
    optimizer.update()
    return float(loss.array)
    ### END SOLUTION


# %% evaluate
def evaluate(model, images, batch_size=500, seed=0):
    """Negative ELBO and its KL part, in nats per image, on NHWC NumPy images in [0, 1].

    One z per image, as in training, but the noise comes from a seeded NumPy generator:
    the number is reproducible and every framework uses the same noise.
    """
    rng = np.random.default_rng(seed)
    loss = kl = 0.0
    with chainer.using_config("train", False), chainer.no_backprop_mode():
        for start in range(0, len(images), batch_size):
            x = device.send(images[start : start + batch_size].transpose(0, 3, 1, 2))
            mu, logvar = model.encode(x)  # (B, latent_dim) each
            eps = device.send(rng.standard_normal(mu.shape, dtype=np.float32))
            reconstruction = model.decode(mu + F.exp(0.5 * logvar) * eps)
            loss += float(vae_loss(reconstruction, x, mu, logvar).array) * len(x)
            kl += float((-0.5 * F.sum(1 + logvar - mu**2 - F.exp(logvar))).array)
    return {"loss": loss / len(images), "kl": kl / len(images),
            "reconstruction": (loss - kl) / len(images)}


def encode_images(model, images, batch_size=500):
    """Means and log-variances of q(z|x) for NHWC NumPy images, as (N, latent_dim) arrays."""
    mus, logvars = [], []
    with chainer.using_config("train", False), chainer.no_backprop_mode():
        for start in range(0, len(images), batch_size):
            x = device.send(images[start : start + batch_size].transpose(0, 3, 1, 2))
            mu, logvar = model.encode(x)
            mus.append(chainer.backends.cuda.to_cpu(mu.array))
            logvars.append(chainer.backends.cuda.to_cpu(logvar.array))
    return np.concatenate(mus), np.concatenate(logvars)


def decode_latents(model, z):
    """Decode (N, latent_dim) NumPy codes into NHWC NumPy images in [0, 1]."""
    with chainer.using_config("train", False), chainer.no_backprop_mode():
        images = model.decode(device.send(np.asarray(z, np.float32)))  # (N, C, H, W)
    return chainer.backends.cuda.to_cpu(images.array).transpose(0, 2, 3, 1)


# %% fit
def fit_vae(model, train_images, test_images, config, checkpoint_dir=None, title="VAE"):
    """Train with Adam on NHWC images in [0, 1]; resume from ``checkpoint_dir`` if saved.

    Returns the history per epoch: the mean training loss ("loss") and the held-out
    negative ELBO and KL ("test_loss", "test_kl"), all in nats per image.
    """
    optimizer = chainer.optimizers.Adam(alpha=config.lr)
    optimizer.setup(model)
    checkpoint = course_utils.Checkpoint(checkpoint_dir, "chainer") if checkpoint_dir else None
    start, history = (checkpoint.restore({"model": model}, {"model": optimizer})
                      if checkpoint else (0, {}))
    history = history or {"loss": [], "test_loss": [], "test_kl": []}
    loader = course_utils.get_adapter("chainer").loader(  # SerialIterator over (C, H, W) images
        train_images.transpose(0, 3, 1, 2), config.batch_size, shuffle=True)
    plot = course_utils.LivePlot(title, name=f"{title}-loss")
    epochs = course_utils.progress(range(start, config.epochs), desc=title,
                                   initial=start, total=config.epochs)
    for epoch in epochs:
        total = 0.0
        for batch in loader:  # one pass over the data, as a list of arrays per batch
            batch = chainer.dataset.concat_examples(batch, device)  # (B, C, H, W) on the device
            total += train_step(model, optimizer, batch) * len(batch)
        loader.reset()  # a new shuffle for the next epoch
        held_out = evaluate(model, test_images)
        history["loss"].append(total / len(train_images))
        history["test_loss"].append(held_out["loss"])
        history["test_kl"].append(held_out["kl"])
        epochs.set_postfix(loss=f"{history['loss'][-1]:.2f}", test=f"{held_out['loss']:.2f}")
        plot.update(history)
        if checkpoint:
            checkpoint.save(epoch + 1, {"model": model}, {"model": optimizer}, history)
    return history
