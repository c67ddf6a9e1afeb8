"""Topic 01, MLP autoencoder: PyTorch reference.

Hinton & Salakhutdinov, "Reducing the Dimensionality of Data with Neural Networks",
Science 313 (2006). Code vs. paper: ``model.encoder`` (f), ``model.decoder`` (g),
``reconstruction_loss`` (the squared error L(x, g(f(x)))).

Sections (``# %% name``) become notebook cells; see course_utils/sources.py.
"""

# %% imports
import numpy as np
import torch
from torch import nn

import course_utils

# %% device save
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def place(model):
    """Move a model's parameters to the training device and return it."""
    return model.to(device)


def glorot_init(module):
    """Glorot-uniform weights and zero biases: Keras's default, used in all three frameworks.

    PyTorch and Chainer have other defaults, and they change how fast these models train.
    Use it as ``model.apply(glorot_init)``.
    """
    if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.xavier_uniform_(module.weight)
        nn.init.zeros_(module.bias)


# %% model save
class MLPAutoencoder(nn.Module):
    """Flatten -> Linear(latent_dim) + ReLU -> Linear(pixels) -> reshape; no output activation."""

    def __init__(self, image_shape, latent_dim=64):
        super().__init__()
        self.image_shape = tuple(image_shape)  # (C, H, W)
        ### BEGIN SOLUTION
        pixels = int(np.prod(image_shape))
        self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(pixels, latent_dim), nn.ReLU())
        self.decoder = nn.Linear(latent_dim, pixels)
        ### END SOLUTION
        self.apply(glorot_init)

    def forward(self, x):
        ### BEGIN SOLUTION
        code = self.encoder(x)  # (B, latent_dim)
        return self.decoder(code).view(-1, *self.image_shape)  # (B, C, H, W)
        ### END SOLUTION


# %% loss save
def reconstruction_loss(reconstructions, images):
    """Mean squared error over every pixel of every image in the batch."""
    ### BEGIN SOLUTION
    return ((reconstructions - images) ** 2).mean()
    ### END SOLUTION


# %% train_step save
def train_step(model, optimizer, images):
    """One optimizer step on a batch of images; returns the loss before the step."""
    ### BEGIN SOLUTION
    model.train()
    optimizer.zero_grad()
    loss = reconstruction_loss(model(images), images)
    loss.backward()
    optimizer.step()
    return loss.item()
    ### END SOLUTION


# %% fit save
def fit(model, images, config, checkpoint_dir=None, title="autoencoder"):
    """Train on NHWC ``images`` in [-1, 1] with Adam; resume from ``checkpoint_dir`` if saved.

    Returns the history: the mean training loss of every epoch.
    """
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    checkpoint = course_utils.Checkpoint(checkpoint_dir, "pytorch") if checkpoint_dir else None
    start, history = (checkpoint.restore({"model": model}, {"model": optimizer})
                      if checkpoint else (0, {}))
    history = history or {"loss": []}
    loader = course_utils.get_adapter("pytorch").loader(  # DataLoader of (B, C, H, W) batches
        images.transpose(0, 3, 1, 2), config.batch_size, shuffle=True)
    plot = course_utils.LivePlot(title, name=f"{title}-loss")
    epochs = course_utils.progress(range(start, config.epochs), desc=title,
                                   initial=start, total=config.epochs)
    for epoch in epochs:
        total = 0.0
        for (batch,) in loader:
            total += train_step(model, optimizer, batch.to(device)) * len(batch)
        history["loss"].append(total / len(images))
        epochs.set_postfix(loss=f"{history['loss'][-1]:.4f}")
        plot.update(history)
        if checkpoint:
            checkpoint.save(epoch + 1, {"model": model}, {"model": optimizer}, history)
    return history


# %% reconstruct save
@torch.no_grad()
def reconstruct(model, images, batch_size=256):
    """Run the autoencoder on NHWC NumPy images; returns NHWC NumPy reconstructions."""
    model.eval()
    outputs = []
    for start in range(0, len(images), batch_size):
        batch = torch.from_numpy(images[start : start + batch_size]).permute(0, 3, 1, 2)
        outputs.append(model(batch.to(device)).permute(0, 2, 3, 1).cpu().numpy())
    return np.concatenate(outputs)
