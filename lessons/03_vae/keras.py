"""Topic 03, variational autoencoder: Keras 3 reference (TensorFlow backend).

Kingma & Welling, "Auto-Encoding Variational Bayes", arXiv:1312.6114 (2013), ICLR 2014.
The architecture is the one of pytorch/examples' ``vae`` (784 -> 400 -> 20 + 20, ReLU);
the paper used 500 tanh units. Code vs. paper: ``VAE.encode`` is the recognition model
q_phi(z|x) (its outputs mu and log sigma^2, Appendix C.2), ``reparameterize`` is
z = mu + sigma * epsilon (Section 2.4), ``VAE.decode`` is the Bernoulli decoder p_theta(x|z)
(Appendix C.1), ``vae_loss`` is minus the lower bound L(theta, phi; x) with the closed-form
KL of Appendix B, averaged over the minibatch.

Images are NHWC throughout, the layout of the course's NumPy arrays.
Sections (``# %% name``) become notebook cells; see course_utils/sources.py.
"""

# %% imports
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import dataclasses
from statistics import NormalDist

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers

import course_utils
from course_utils.saved.keras import place


# %% reparameterize
def reparameterize(mu, logvar):
    """Draw z ~ N(mu, diag(exp(logvar))) as mu + sigma * eps, eps ~ N(0, I) drawn here."""
    ### BEGIN SOLUTION
    std = keras.ops.exp(0.5 * logvar)  # sigma = exp(log(sigma^2) / 2)
    eps = keras.random.normal(keras.ops.shape(std))  # (B, latent_dim), new noise on every call
    return mu + std * eps
    ### END SOLUTION


# %% model
class VAE(keras.Model):
    """Encoder pixels -> hidden (ReLU) -> mu, logvar; decoder latent -> hidden (ReLU) -> pixels (sigmoid)."""

    def __init__(self, image_shape, latent_dim=20, hidden=400):
        super().__init__()
        self.image_shape = tuple(image_shape)  # (H, W, C)
        self.latent_dim = latent_dim
        ### BEGIN SOLUTION
        pixels = int(np.prod(image_shape))
        self.flatten = layers.Flatten()
        self.encoder_fc = layers.Dense(hidden, activation="relu")
        self.fc_mu = layers.Dense(latent_dim)
        self.fc_logvar = layers.Dense(latent_dim)
        self.decoder_fc = layers.Dense(hidden, activation="relu")
        self.decoder_out = layers.Dense(pixels, activation="sigmoid")
        self.unflatten = layers.Reshape(self.image_shape)
        ### END SOLUTION
        self(keras.Input(self.image_shape))  # a symbolic call creates the weights right away

    def encode(self, x):
        """Images (B, H, W, C) -> mu and logvar of q(z|x), each (B, latent_dim)."""
        ### BEGIN SOLUTION
        h = self.encoder_fc(self.flatten(x))  # (B, hidden)
        return self.fc_mu(h), self.fc_logvar(h)  # no activation: both can take any value
        ### END SOLUTION

    def decode(self, z):
        """Codes (B, latent_dim) -> Bernoulli means (B, H, W, C) in (0, 1)."""
        ### BEGIN SOLUTION
        return self.unflatten(self.decoder_out(self.decoder_fc(z)))  # (B, H, W, C)
        ### END SOLUTION

    def call(self, x):
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
    # keras.ops.binary_crossentropy clips the probabilities to [1e-7, 1 - 1e-7]: no log(0).
    reconstruction_nll = keras.ops.sum(keras.ops.binary_crossentropy(images, reconstruction))
    kl = -0.5 * keras.ops.sum(1 + logvar - keras.ops.square(mu) - keras.ops.exp(logvar))
    batch = keras.ops.cast(keras.ops.shape(images)[0], reconstruction_nll.dtype)
    return (reconstruction_nll + kl) / batch
    ### END SOLUTION


# %% train_step
@tf.function
def train_step(model, optimizer, images):
    """One optimizer step on the negative ELBO of a batch; returns the loss before the step.

    The loss comes back as a scalar tensor: ``float(loss)`` turns it into a Python number.
    """
    ### BEGIN SOLUTION
    with tf.GradientTape() as tape:
        reconstruction, mu, logvar = model(images, training=True)
        loss = vae_loss(reconstruction, images, mu, logvar)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return loss
    ### END SOLUTION


# %% evaluate
def evaluate(model, images, batch_size=500, seed=0):
    """Negative ELBO and its KL part, in nats per image, on NHWC NumPy images in [0, 1].

    One z per image, as in training, but the noise comes from a seeded NumPy generator:
    the number is reproducible and every framework uses the same noise.
    """
    rng = np.random.default_rng(seed)
    loss = kl = 0.0
    for start in range(0, len(images), batch_size):
        x = tf.convert_to_tensor(images[start : start + batch_size])
        mu, logvar = model.encode(x)  # (B, latent_dim) each
        eps = rng.standard_normal(tuple(mu.shape), dtype=np.float32)
        reconstruction = model.decode(mu + keras.ops.exp(0.5 * logvar) * eps)
        loss += float(vae_loss(reconstruction, x, mu, logvar)) * len(x)
        kl += float(-0.5 * keras.ops.sum(1 + logvar - keras.ops.square(mu) - keras.ops.exp(logvar)))
    return {"loss": loss / len(images), "kl": kl / len(images),
            "reconstruction": (loss - kl) / len(images)}


def encode_images(model, images, batch_size=500):
    """Means and log-variances of q(z|x) for NHWC NumPy images, as (N, latent_dim) arrays."""
    mus, logvars = [], []
    for start in range(0, len(images), batch_size):
        mu, logvar = model.encode(tf.convert_to_tensor(images[start : start + batch_size]))
        mus.append(keras.ops.convert_to_numpy(mu))
        logvars.append(keras.ops.convert_to_numpy(logvar))
    return np.concatenate(mus), np.concatenate(logvars)


def decode_latents(model, z):
    """Decode (N, latent_dim) NumPy codes into NHWC NumPy images in [0, 1]."""
    return keras.ops.convert_to_numpy(model.decode(tf.convert_to_tensor(np.asarray(z, np.float32))))


# %% fit
def fit_vae(model, train_images, test_images, config, checkpoint_dir=None, title="VAE"):
    """Train with Adam on NHWC images in [0, 1]; resume from ``checkpoint_dir`` if saved.

    Returns the history per epoch: the mean training loss ("loss") and the held-out
    negative ELBO and KL ("test_loss", "test_kl"), all in nats per image.
    """
    optimizer = keras.optimizers.Adam(learning_rate=config.lr)
    # Adam's moment variables must exist before train_step is traced for a new model.
    optimizer.build(model.trainable_variables)
    checkpoint = course_utils.Checkpoint(checkpoint_dir, "keras") if checkpoint_dir else None
    start, history = (checkpoint.restore({"model": model}, {"model": optimizer})
                      if checkpoint else (0, {}))
    history = history or {"loss": [], "test_loss": [], "test_kl": []}
    loader = course_utils.get_adapter("keras").loader(  # tf.data of (B, H, W, C) batches
        train_images, config.batch_size, shuffle=True)
    plot = course_utils.LivePlot(title, name=f"{title}-loss")
    epochs = course_utils.progress(range(start, config.epochs), desc=title,
                                   initial=start, total=config.epochs)
    for epoch in epochs:
        total = 0.0
        for batch in loader:
            total += train_step(model, optimizer, batch) * len(batch)  # summed on the device
        held_out = evaluate(model, test_images)
        history["loss"].append(float(total) / len(train_images))
        history["test_loss"].append(held_out["loss"])
        history["test_kl"].append(held_out["kl"])
        epochs.set_postfix(loss=f"{history['loss'][-1]:.2f}", test=f"{held_out['loss']:.2f}")
        plot.update(history)
        if checkpoint:
            checkpoint.save(epoch + 1, {"model": model}, {"model": optimizer}, history)
    return history
