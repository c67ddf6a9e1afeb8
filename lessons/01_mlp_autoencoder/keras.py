"""Topic 01, MLP autoencoder: Keras 3 reference (TensorFlow backend).

Hinton & Salakhutdinov, "Reducing the Dimensionality of Data with Neural Networks",
Science 313 (2006). Where the paper's symbols live here: the encoder f is
``model.encoder``, the decoder g is ``model.decoder``, and the squared reconstruction
error L(x, g(f(x))) is ``reconstruction_loss``.

Images are NHWC throughout, the layout of the course's NumPy arrays.
Sections (``# %% name``) become notebook cells; see course_utils/sources.py.
"""

# %% imports
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
import tensorflow as tf
from keras import layers

import course_utils


# %% device save
def place(model):
    """Return the model unchanged: TensorFlow already puts variables and ops on the GPU if any."""
    return model


# %% model save
class MLPAutoencoder(keras.Model):
    """Flatten -> Dense(latent_dim) + ReLU -> Dense(pixels) -> reshape; no output activation."""

    def __init__(self, image_shape, latent_dim=64):
        super().__init__()
        self.image_shape = tuple(image_shape)  # (H, W, C)
        ### BEGIN SOLUTION
        pixels = int(np.prod(image_shape))
        self.encoder = keras.Sequential([
            layers.Flatten(),  # (B, H*W*C)
            layers.Dense(latent_dim, activation="relu"),  # (B, latent_dim)
        ])
        self.decoder = keras.Sequential([
            layers.Dense(pixels),  # (B, H*W*C)
            layers.Reshape(self.image_shape),  # (B, H, W, C)
        ])
        ### END SOLUTION
        self(keras.Input(self.image_shape))  # a symbolic call creates the weights right away

    def call(self, x):
        ### BEGIN SOLUTION
        return self.decoder(self.encoder(x))
        ### END SOLUTION


# %% loss save
def reconstruction_loss(reconstructions, images):
    """Mean squared error over every pixel of every image in the batch."""
    ### BEGIN SOLUTION
    return keras.ops.mean(keras.ops.square(reconstructions - images))
    ### END SOLUTION


# %% train_step save
@tf.function
def train_step(model, optimizer, images):
    """One optimizer step on a batch of images; returns the loss before the step.

    The loss comes back as a scalar tensor: ``float(loss)`` turns it into a Python number.
    """
    ### BEGIN SOLUTION
    with tf.GradientTape() as tape:
        loss = reconstruction_loss(model(images, training=True), images)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return loss
    ### END SOLUTION


# %% fit save
def fit(model, images, config, checkpoint_dir=None, title="autoencoder"):
    """Train on NHWC ``images`` in [-1, 1] with Adam; resume from ``checkpoint_dir`` if saved.

    Returns the history: the mean training loss of every epoch.
    """
    optimizer = keras.optimizers.Adam(learning_rate=config.lr)
    # Adam's moment variables must exist before train_step is traced for a new model.
    optimizer.build(model.trainable_variables)
    checkpoint = course_utils.Checkpoint(checkpoint_dir, "keras") if checkpoint_dir else None
    start, history = (checkpoint.restore({"model": model}, {"model": optimizer})
                      if checkpoint else (0, {}))
    history = history or {"loss": []}
    loader = course_utils.get_adapter("keras").loader(  # tf.data of (B, H, W, C) batches
        images, config.batch_size, shuffle=True)
    plot = course_utils.LivePlot(title, name=f"{title}-loss")
    epochs = course_utils.progress(range(start, config.epochs), desc=title,
                                   initial=start, total=config.epochs)
    for epoch in epochs:
        total = 0.0
        for batch in loader:
            total += train_step(model, optimizer, batch) * len(batch)  # summed on the device
        history["loss"].append(float(total) / len(images))
        epochs.set_postfix(loss=f"{history['loss'][-1]:.4f}")
        plot.update(history)
        if checkpoint:
            checkpoint.save(epoch + 1, {"model": model}, {"model": optimizer}, history)
    return history


# %% reconstruct save
def reconstruct(model, images, batch_size=256):
    """Run the autoencoder on NHWC NumPy images; returns NHWC NumPy reconstructions."""
    outputs = []
    for start in range(0, len(images), batch_size):
        batch = images[start : start + batch_size]
        outputs.append(keras.ops.convert_to_numpy(model(batch, training=False)))
    return np.concatenate(outputs)
