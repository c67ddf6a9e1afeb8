"""Topic 03, variational autoencoder: PyTorch reference.

Kingma & Welling, "Auto-Encoding Variational Bayes", arXiv:1312.6114 (2013), ICLR 2014.
The architecture is the one of pytorch/examples' ``vae`` (784 -> 400 -> 20 + 20, ReLU);
the paper used 500 tanh units. Code vs. paper: ``VAE.encode`` is the recognition model
q_phi(z|x) (its outputs mu and log sigma^2, Appendix C.2), ``reparameterize`` is
z = mu + sigma * epsilon (Section 2.4), ``VAE.decode`` is the Bernoulli decoder p_theta(x|z)
(Appendix C.1), ``vae_loss`` is minus the lower bound L(theta, phi; x) with the closed-form
KL of Appendix B, averaged over the minibatch.

Sections (``# %% name``) become notebook cells; see course_utils/sources.py.
"""

# %% imports
import dataclasses
from statistics import NormalDist

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

import course_utils
from course_utils.saved.pytorch import device, glorot_init, place


# %% reparameterize
def reparameterize(mu, logvar):
    """Draw z ~ N(mu, diag(exp(logvar))) as mu + sigma * eps, eps ~ N(0, I) drawn here."""
    ### BEGIN SOLUTION
    std = torch.exp(0.5 * logvar)  # sigma = exp(log(sigma^2) / 2)
    eps = torch.randn_like(std)  # (B, latent_dim): new noise for every element and every call
    return mu + std * eps
    ### END SOLUTION


# %% model
class VAE(nn.Module):
    """Encoder pixels -> hidden (ReLU) -> mu, logvar; decoder latent -> hidden (ReLU) -> pixels (sigmoid)."""

    def __init__(self, image_shape, latent_dim=20, hidden=400):
        super().__init__()
        self.image_shape = tuple(image_shape)  # (C, H, W)
        self.latent_dim = latent_dim
        ### BEGIN SOLUTION
        pixels = int(np.prod(image_shape))
        self.encoder_fc = nn.Linear(pixels, hidden)
        self.fc_mu = nn.Linear(hidden, latent_dim)
        self.fc_logvar = nn.Linear(hidden, latent_dim)
        self.decoder_fc = nn.Linear(latent_dim, hidden)
        self.decoder_out = nn.Linear(hidden, pixels)
        ### END SOLUTION
        self.apply(glorot_init)

    def encode(self, x):
        """Images (B, C, H, W) -> mu and logvar of q(z|x), each (B, latent_dim)."""
        ### BEGIN SOLUTION
        h = F.relu(self.encoder_fc(x.flatten(1)))  # (B, hidden)
        return self.fc_mu(h), self.fc_logvar(h)  # no activation: both can take any value
        ### END SOLUTION

    def decode(self, z):
        """Codes (B, latent_dim) -> Bernoulli means (B, C, H, W) in (0, 1)."""
        ### BEGIN SOLUTION
        h = F.relu(self.decoder_fc(z))  # (B, hidden)
        return torch.sigmoid(self.decoder_out(h)).view(-1, *self.image_shape)  # (B, C, H, W)
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
    # F.binary_cross_entropy clamps its logarithms at -100: a saturated pixel stays finite.
    reconstruction_nll = F.binary_cross_entropy(reconstruction, images, reduction="sum")
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())  # KL(q(z|x) || N(0, I))
    return (reconstruction_nll + kl) / images.shape[0]
    ### END SOLUTION


# %% train_step
def train_step(model, optimizer, images):
    """One optimizer step on the negative ELBO of a batch; returns the loss before the step."""
    ### BEGIN SOLUTION
    model.train()
    optimizer.zero_grad()
    reconstruction, mu, logvar = model(images)
    loss = vae_loss(reconstruction, images, mu, logvar)
    loss.backward()
    optimizer.step()
    return loss.item()
    ### END SOLUTION


# %% evaluate
@torch.no_grad()
def evaluate(model, images, batch_size=500, seed=0):
    """Negative ELBO and its KL part, in nats per image, on NHWC NumPy images in [0, 1].

    One z per image, as in training, but the noise comes from a seeded NumPy generator:
    the number is reproducible and every framework uses the same noise.
    """
    model.eval()
    rng = np.random.default_rng(seed)
    loss = kl = 0.0
    for start in range(0, len(images), batch_size):
        x = torch.from_numpy(images[start : start + batch_size]).permute(0, 3, 1, 2).to(device)
        mu, logvar = model.encode(x)  # (B, latent_dim) each
        eps = torch.from_numpy(rng.standard_normal(mu.shape, dtype=np.float32)).to(device)
        reconstruction = model.decode(mu + torch.exp(0.5 * logvar) * eps)
        loss += vae_loss(reconstruction, x, mu, logvar).item() * len(x)
        kl += (-0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())).item()
    return {"loss": loss / len(images), "kl": kl / len(images),
            "reconstruction": (loss - kl) / len(images)}


@torch.no_grad()
def encode_images(model, images, batch_size=500):
    """Means and log-variances of q(z|x) for NHWC NumPy images, as (N, latent_dim) arrays."""
    model.eval()
    mus, logvars = [], []
    for start in range(0, len(images), batch_size):
        x = torch.from_numpy(images[start : start + batch_size]).permute(0, 3, 1, 2).to(device)
        mu, logvar = model.encode(x)
        mus.append(mu.cpu().numpy())
        logvars.append(logvar.cpu().numpy())
    return np.concatenate(mus), np.concatenate(logvars)


@torch.no_grad()
def decode_latents(model, z):
    """Decode (N, latent_dim) NumPy codes into NHWC NumPy images in [0, 1]."""
    model.eval()
    images = model.decode(torch.as_tensor(np.asarray(z, np.float32), device=device))
    return images.permute(0, 2, 3, 1).cpu().numpy()  # (N, H, W, C)


# %% fit
def fit_vae(model, train_images, test_images, config, checkpoint_dir=None, title="VAE"):
    """Train with Adam on NHWC images in [0, 1]; resume from ``checkpoint_dir`` if saved.

    Returns the history per epoch: the mean training loss ("loss") and the held-out
    negative ELBO and KL ("test_loss", "test_kl"), all in nats per image.
    """
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    checkpoint = course_utils.Checkpoint(checkpoint_dir, "pytorch") if checkpoint_dir else None
    start, history = (checkpoint.restore({"model": model}, {"model": optimizer})
                      if checkpoint else (0, {}))
    history = history or {"loss": [], "test_loss": [], "test_kl": []}
    loader = course_utils.get_adapter("pytorch").loader(  # DataLoader of (B, C, H, W) batches
        train_images.transpose(0, 3, 1, 2), config.batch_size, shuffle=True)
    plot = course_utils.LivePlot(title, name=f"{title}-loss")
    epochs = course_utils.progress(range(start, config.epochs), desc=title,
                                   initial=start, total=config.epochs)
    for epoch in epochs:
        total = 0.0
        for (batch,) in loader:
            total += train_step(model, optimizer, batch.to(device)) * len(batch)
        held_out = evaluate(model, test_images)
        history["loss"].append(total / len(train_images))
        history["test_loss"].append(held_out["loss"])
        history["test_kl"].append(held_out["kl"])
        epochs.set_postfix(loss=f"{history['loss'][-1]:.2f}", test=f"{held_out['loss']:.2f}")
        plot.update(history)
        if checkpoint:
            checkpoint.save(epoch + 1, {"model": model}, {"model": optimizer}, history)
    return history
