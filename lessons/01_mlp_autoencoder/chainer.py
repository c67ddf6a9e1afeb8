"""Topic 01, MLP autoencoder: Chainer 7.8.1 reference.

Hinton & Salakhutdinov, "Reducing the Dimensionality of Data with Neural Networks",
Science 313 (2006). The paper's encoder f is ``F.relu(model.encoder(x))``, its decoder g
is ``model.decoder`` reshaped back to an image, and ``reconstruction_loss`` is the squared
error L(x, g(f(x))) averaged over pixels and images.

Sections (``# %% name``) become notebook cells; see course_utils/sources.py.
"""

# %% imports
import numpy as np

import course_utils
from course_utils.chainer_compat import import_chainer

chainer = import_chainer()  # Chainer 7.8.1, with the repairs it needs on NumPy 2
import chainer.functions as F
import chainer.links as L

# %% device save
if chainer.backends.cuda.available:
    device = chainer.get_device("@cupy:0")
else:
    device = chainer.get_device("@numpy")


def place(model):
    """Move a model's parameters to the training device and return it."""
    model.to_device(device)
    return model


def glorot_init(chain):
    """Glorot-uniform weights and zero biases: Keras's default, used in all three frameworks.

    Chainer's own default (LeCun normal) trains the MLP decoder of topic 01 far more slowly.
    """
    initializer = chainer.initializers.GlorotUniform()
    for link in chain.links():
        if isinstance(link, (L.Linear, L.Convolution2D, L.Deconvolution2D)):
            initializer(link.W.array)
            link.b.array[...] = 0


# %% model save
class MLPAutoencoder(chainer.Chain):
    """Flatten -> Linear(latent_dim) + ReLU -> Linear(pixels) -> reshape; no output activation."""

    def __init__(self, image_shape, latent_dim=64):
        super().__init__()
        self.image_shape = tuple(image_shape)  # (C, H, W)
        ### BEGIN SOLUTION
        pixels = int(np.prod(image_shape))
        with self.init_scope():
            self.encoder = L.Linear(pixels, latent_dim)
            self.decoder = L.Linear(latent_dim, pixels)
        ### END SOLUTION
        glorot_init(self)

    def forward(self, x):
        ### BEGIN SOLUTION
        h = F.relu(self.encoder(x))  # (B, latent_dim); L.Linear flattens (B, C, H, W) itself
        h = self.decoder(h)  # (B, C*H*W)
        return F.reshape(h, (-1, *self.image_shape))  # (B, C, H, W)
        ### END SOLUTION


# %% loss save
def reconstruction_loss(reconstructions, images):
    """Mean squared error over every pixel of every image in the batch."""
    ### BEGIN SOLUTION
    return F.mean_squared_error(reconstructions, images)
    ### END SOLUTION


# %% train_step save
def train_step(model, optimizer, images):
    """One optimizer step on a batch of images; returns the loss before the step."""
    ### BEGIN SOLUTION
    with chainer.using_config("train", True):
        loss = reconstruction_loss(model(images), images)
    optimizer.update(lambda: loss)  # cleargrads(), loss.backward(), then the Adam step
    return float(loss.array)
    ### END SOLUTION


# %% fit save
def fit(model, images, config, checkpoint_dir=None, title="autoencoder"):
    """Train on NHWC ``images`` in [-1, 1] with Adam; resume from ``checkpoint_dir`` if saved.

    Returns the history: the mean training loss of every epoch.
    """
    optimizer = chainer.optimizers.Adam(alpha=config.lr)
    optimizer.setup(model)
    checkpoint = course_utils.Checkpoint(checkpoint_dir, "chainer") if checkpoint_dir else None
    start, history = (checkpoint.restore({"model": model}, {"model": optimizer})
                      if checkpoint else (0, {}))
    history = history or {"loss": []}
    loader = course_utils.get_adapter("chainer").loader(  # SerialIterator over (C, H, W) images
        images.transpose(0, 3, 1, 2), config.batch_size, shuffle=True)
    plot = course_utils.LivePlot(title, name=f"{title}-loss")
    epochs = course_utils.progress(range(start, config.epochs), desc=title,
                                   initial=start, total=config.epochs)
    for epoch in epochs:
        total = 0.0
        for batch in loader:  # one pass over the data, as a list of arrays per batch
            batch = chainer.dataset.concat_examples(batch, device)  # (B, C, H, W) on the device
            total += train_step(model, optimizer, batch) * len(batch)
        loader.reset()  # a new shuffle for the next epoch
        history["loss"].append(total / len(images))
        epochs.set_postfix(loss=f"{history['loss'][-1]:.4f}")
        plot.update(history)
        if checkpoint:
            checkpoint.save(epoch + 1, {"model": model}, {"model": optimizer}, history)
    return history


# %% reconstruct save
def reconstruct(model, images, batch_size=256):
    """Run the autoencoder on NHWC NumPy images; returns NHWC NumPy reconstructions."""
    outputs = []
    with chainer.using_config("train", False), chainer.no_backprop_mode():
        for start in range(0, len(images), batch_size):
            batch = device.send(images[start : start + batch_size].transpose(0, 3, 1, 2))
            output = chainer.backends.cuda.to_cpu(model(batch).array)  # (B, C, H, W)
            outputs.append(output.transpose(0, 2, 3, 1))
    return np.concatenate(outputs)
