"""Topic 03, variational autoencoder: hyperparameters and graders."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..grading import register
from . import autoencoder_checks as checks


@dataclass(frozen=True)
class Config:
    dataset: str = "mnist"
    image_size: int = 28  # square images, side in pixels
    channels: int = 1
    latent_dim: int = 20  # as in pytorch/examples' vae
    hidden: int = 400  # units of the encoder's and the decoder's hidden layer
    lr: float = 1e-3  # Adam
    batch_size: int = 128
    epochs: int = 10
    train_size: int | None = None  # None keeps the whole training split
    test_size: int | None = None  # None: the whole test split, for the held-out nats
    manifold_epochs: int = 10  # training of the 2-D VAE drawn as a manifold
    manifold_grid: int = 20  # decoded images per side of the manifold figure
    samples: int = 1000  # images decoded from the prior for the Fréchet distance

    @property
    def image_shape(self) -> tuple[int, int, int]:
        """(height, width, channels), the NHWC order of the dataset arrays."""
        return (self.image_size, self.image_size, self.channels)


PROFILES = {
    "full": Config(),
    # 1,500 digits: 12 batches of 128 per epoch, so many more epochs than on MNIST.
    "quick": Config(dataset="digits", epochs=60, manifold_epochs=60, manifold_grid=15),
    "smoke": Config(dataset="digits", image_size=16, batch_size=64, epochs=3, train_size=256,
                    test_size=64, manifold_epochs=2, manifold_grid=8, samples=64),
}


def vae_parameter_count(pixels: int, latent_dim: int, hidden: int) -> int:
    encoder = pixels * hidden + hidden + 2 * (hidden * latent_dim + latent_dim)
    decoder = latent_dim * hidden + hidden + hidden * pixels + pixels
    return encoder + decoder


# ----------------------------------------------------------------------------- helpers


def _unit_images(probe, batch: int, height: int, width: int, channels: int, seed: int = 0):
    """Random images in [0, 1], NHWC, converted to the framework's layout."""
    rng = np.random.default_rng(seed)
    images = rng.uniform(0, 1, size=(batch, height, width, channels)).astype(np.float32)
    return probe.adapter.to_layout(images)


def _outputs(probe, what: str, function, *arrays, like=None):
    """Call learner code on framework arrays; its output(s) as NumPy (a tuple if several)."""
    adapter = probe.adapter
    value = probe.run(what, function, *(adapter.tensor(a, like=like) for a in arrays))
    return adapter.numpy_outputs(value)


def _input_gradients(probe, what: str, function, *arrays):
    """``function(*arrays)`` as NumPy and d sum(output) / d input for every input (None: none)."""
    adapter = probe.adapter
    if adapter.name == "pytorch":
        import torch

        leaves = [adapter.tensor(a).requires_grad_() for a in arrays]
        output = probe.run(what, function, *leaves)
        grads = [None] * len(leaves)
        if isinstance(output, torch.Tensor) and output.requires_grad:
            grads = torch.autograd.grad(output.sum(), leaves, allow_unused=True)
    elif adapter.name == "keras":
        import tensorflow as tf

        leaves = [tf.Variable(a) for a in arrays]
        with tf.GradientTape() as tape:
            output = probe.run(what, function, *leaves)
            total = tf.reduce_sum(output)
        grads = tape.gradient(total, leaves)
    else:
        from ..chainer_compat import import_chainer

        chainer = import_chainer()
        leaves = [chainer.Variable(adapter.tensor(a)) for a in arrays]
        output = probe.run(what, function, *leaves)
        if isinstance(output, chainer.Variable):
            chainer.functions.sum(output).backward()
        grads = [leaf.grad for leaf in leaves]
    return adapter.to_numpy(output), [None if g is None else adapter.to_numpy(g) for g in grads]


def _nonlinearity_gap(f, a, b) -> bool:
    """True when f is not affine: f(a + b) - f(a) - f(b) + f(0) is clearly non-zero."""
    gap = f(a + b) - f(a) - f(b) + f(np.zeros_like(a))
    return bool(np.abs(gap).mean() > 1e-3 * (np.abs(f(a)).mean() + 1e-8))


# ---------------------------------------------------------------------------- graders

NOISE_HINT = ("draw eps inside reparameterize with the shape of mu, from a standard normal: "
              "torch.randn_like(std), keras.random.normal(keras.ops.shape(std)), "
              "xp.random.standard_normal(std.shape) in Chainer")


@register("vae.reparameterize")
def check_reparameterize(reparameterize, probe, copies: int = 4000):
    """``reparameterize(mu, logvar)``: mu + exp(logvar / 2) * eps with eps ~ N(0, I) drawn inside.

    The grader draws many samples for 20 (mu, logvar) pairs and checks their mean, spread,
    tails and independence, then the gradients with respect to mu and logvar.
    """
    rng = np.random.default_rng(0)
    mu = rng.uniform(-2, 2, size=(4, 5)).astype(np.float32)
    logvar = rng.permutation(np.linspace(-3.0, 2.0, 20)).reshape(4, 5).astype(np.float32)
    what = "reparameterize(mu, logvar)"
    first = _outputs(probe, what, reparameterize, mu, logvar)
    probe.expect(isinstance(first, np.ndarray) and first.shape == mu.shape,
                 f"z has shape {np.shape(first)}, expected {mu.shape}, the shape of mu.",
                 "return one array, mu + sigma * eps, with one noise value per element of mu.")
    second = _outputs(probe, what, reparameterize, mu, logvar)
    probe.expect(not np.allclose(first, second),
                 "two calls with the same mu and logvar returned the same z: there is no noise, "
                 "or it is drawn once and reused.", "return mu + sigma * eps and " + NOISE_HINT + ".")

    z = _outputs(probe, what, reparameterize, np.tile(mu, (copies, 1)), np.tile(logvar, (copies, 1)))
    z = np.asarray(z, np.float64).reshape(copies, *mu.shape)  # copies of the same 4 x 5 inputs
    std = np.exp(0.5 * logvar.astype(np.float64))
    spread = z.std(axis=0)
    probe.expect(spread.min() > 1e-6,
                 "every row of a batch got the same noise: copies of the same (mu, logvar) give "
                 "the same z.", "draw one eps per element, with the shape of mu (batch, latent_dim), "
                 "not (latent_dim,); " + NOISE_HINT + ".")
    ratio = spread / std
    worst = np.unravel_index(np.argmax(np.abs(np.log(ratio))), mu.shape)
    probe.expect(np.all((ratio > 0.9) & (ratio < 1.1)),
                 f"for log sigma^2 = {logvar[worst]:.2f} the samples of z spread with a standard "
                 f"deviation of {spread[worst]:.3f}, expected sigma = exp(log sigma^2 / 2) = "
                 f"{std[worst]:.3f}.", "scale the noise by sigma = exp(0.5 * logvar): the 0.5 turns a "
                 "log-variance into a standard deviation, logvar itself is not sigma, and eps "
                 "has a standard deviation of 1.")
    error = np.abs(z.mean(axis=0) - mu) / (spread / np.sqrt(copies))  # in standard errors
    worst = np.unravel_index(np.argmax(error), mu.shape)
    probe.expect(error.max() < 6.0,
                 f"the mean of {copies} samples of z is {z.mean(axis=0)[worst]:.3f} where mu = "
                 f"{mu[worst]:.3f}.", "z = mu + sigma * eps is centred on mu only when eps has mean 0: "
                 + NOISE_HINT + ".")
    standard = (z - mu) / std  # should be N(0, 1) noise
    tails = float(np.mean(np.abs(standard) > 2.0))
    probe.expect(0.035 < tails < 0.058,
                 f"{100 * tails:.1f}% of the samples lie more than 2 sigma from mu; a normal "
                 "distribution puts 4.6% there, so eps is not Gaussian.",
                 "use a standard normal (randn / normal), not a uniform distribution: " + NOISE_HINT + ".")
    correlation = np.corrcoef(standard.reshape(-1, mu.shape[1]), rowvar=False)
    off_diagonal = np.abs(correlation - np.eye(mu.shape[1])).max()
    probe.expect(off_diagonal < 0.1,
                 f"the noise of different latent coordinates is correlated ({off_diagonal:.2f}).",
                 "draw an independent eps for every coordinate: " + NOISE_HINT + ".")

    z, (grad_mu, grad_logvar) = _input_gradients(probe, what, reparameterize, mu, logvar)
    probe.expect(grad_mu is not None and grad_logvar is not None,
                 f"no gradient reaches {'mu' if grad_mu is None else 'logvar'}.",
                 "compute z with the framework's operations on mu and logvar (no NumPy, no "
                 "detach): the point of the trick is that z stays differentiable.")
    probe.expect_close(grad_mu, np.ones_like(mu), "d z / d mu",
                       "z = mu + sigma * eps, so each z moves one for one with its mu.", rtol=1e-4)
    probe.expect_close(grad_logvar, 0.5 * (z.astype(np.float64) - mu), "d z / d logvar",
                       "with sigma = exp(0.5 * logvar), d z / d logvar = 0.5 * sigma * eps.",
                       rtol=1e-3, atol=1e-5)


@register("vae.model")
def check_model(model_class, probe, height=6, width=6, channels=1, latent_dim=16, hidden=32):
    """``VAE(image_shape, latent_dim, hidden)``: returns (reconstruction, mu, logvar)."""
    adapter = probe.adapter
    shape = adapter.image_shape(height, width, channels)
    pixels = height * width * channels
    model = checks.build(probe, model_class, shape, latent_dim, hidden)
    images = _unit_images(probe, 8, height, width, channels)
    outputs = probe.run("calling the model", adapter.call, model, images, training=True)
    probe.expect(isinstance(outputs, tuple) and len(outputs) == 3,
                 f"the model returned {type(outputs).__name__}"
                 f"{f' of {len(outputs)} values' if isinstance(outputs, tuple) else ''}, "
                 "expected a tuple (reconstruction, mu, logvar).",
                 "return self.decode(z), mu, logvar from forward/call.")
    reconstruction, mu, logvar = outputs
    for name, value, expected in (("reconstruction", reconstruction, (8, *shape)),
                                  ("mu", mu, (8, latent_dim)), ("logvar", logvar, (8, latent_dim))):
        probe.expect(tuple(np.shape(value)) == expected,
                     f"{name} has shape {tuple(np.shape(value))}, expected {expected} "
                     f"({adapter.layout} images).",
                     "return (reconstruction, mu, logvar) in this order; the reconstruction "
                     "reshaped to the image shape, mu and logvar of shape (batch, latent_dim).")
    checks.check_parameter_count(
        probe, model, vae_parameter_count(pixels, latent_dim, hidden),
        f"Dense/Linear layers with bias: pixels -> hidden ({hidden}) -> mu and logvar "
        f"({latent_dim} each, two heads or one layer of {2 * latent_dim} split in two); "
        f"latent_dim -> hidden -> pixels.")

    extreme = probe.run("calling the model", adapter.call, model, images * 20 - 10, training=True)[0]
    probe.expect(bool(np.all((extreme >= 0) & (extreme <= 1))),
                 f"reconstructions range over [{extreme.min():.2f}, {extreme.max():.2f}]; Bernoulli "
                 "means must lie in [0, 1].", "apply a sigmoid to the decoder's last layer.")
    varied = _unit_images(probe, 8, height, width, channels, seed=1) * 6 - 3
    _, mu_v, logvar_v = probe.run("calling the model", adapter.call, model, varied, training=True)
    probe.expect(mu_v.min() < 0 and logvar_v.min() < 0,
                 f"{'mu' if mu_v.min() >= 0 else 'logvar'} is never negative.",
                 "mu and logvar come from Dense/Linear layers without an activation: both can "
                 "take any real value (log sigma^2 < 0 means sigma < 1).")
    probe.expect(not np.allclose(mu, logvar),
                 "mu and logvar are the same numbers.",
                 "compute them with two separate layers (or split one layer's 2 * latent_dim outputs).")

    again = probe.run("calling the model", adapter.call, model, images, training=True)
    probe.expect(np.allclose(again[1], mu, atol=1e-5) and np.allclose(again[2], logvar, atol=1e-5),
                 "mu and logvar change between two calls on the same images.",
                 "the encoder is deterministic: only z is random.")
    probe.expect(not np.allclose(again[0], reconstruction),
                 "two calls on the same images give the same reconstruction: the decoder "
                 "does not receive a random sample.", "decode z = reparameterize(mu, logvar), not mu.")

    encoded = _outputs(probe, "model.encode(images)", model.encode, images, like=model)
    probe.expect(isinstance(encoded, tuple) and len(encoded) == 2
                 and np.allclose(encoded[0], mu, atol=1e-5) and np.allclose(encoded[1], logvar, atol=1e-5),
                 "model.encode(images) does not return the (mu, logvar) that the model returns.",
                 "encode returns (mu, logvar); forward/call uses encode, reparameterize and decode.")
    rng = np.random.default_rng(2)
    codes = rng.standard_normal((8, latent_dim)).astype(np.float32)
    decoded = _outputs(probe, "model.decode(z)", model.decode, codes, like=model)
    probe.expect(isinstance(decoded, np.ndarray) and decoded.shape == (8, *shape)
                 and np.all((decoded >= 0) & (decoded <= 1)),
                 f"model.decode(z) returned shape {np.shape(decoded)}, expected {(8, *shape)} "
                 "with values in [0, 1].", "decode maps (batch, latent_dim) codes to images: "
                 "Dense/Linear + ReLU, Dense/Linear + sigmoid, reshape.")

    def mu_of(x):
        return np.asarray(_outputs(probe, "model.encode(images)", model.encode, x, like=model)[0],
                          np.float64)

    other = _unit_images(probe, 8, height, width, channels, seed=3)
    probe.expect(_nonlinearity_gap(mu_of, images, other),
                 "mu is an affine function of the image: the encoder has no non-linearity.",
                 "apply a ReLU to the encoder's hidden layer.")

    def logits_of(z):
        p = np.asarray(_outputs(probe, "model.decode(z)", model.decode, z, like=model), np.float64)
        p = np.clip(p, 1e-6, 1 - 1e-6)
        return np.log(p) - np.log1p(-p)  # the sigmoid undone

    probe.expect(_nonlinearity_gap(logits_of, codes * 0.5, rng.standard_normal(codes.shape).astype(
        np.float32) * 0.5), "before its sigmoid the decoder is an affine function of z: its "
                 "hidden layer has no non-linearity.", "apply a ReLU to the decoder's hidden layer.")

    x = adapter.tensor(images, like=model)
    target = adapter.tensor(np.full(reconstruction.shape, 0.5), like=model)
    _, grads = probe.run("backpropagating through the model", adapter.gradients, model,
                         lambda m: adapter.mean_squared_error(m(x)[0], target))
    dead = sum(1 for g in grads if g is None or not np.any(g))
    probe.expect(dead == 0,
                 f"{dead} of {len(grads)} parameter tensors get no gradient from the reconstruction.",
                 "every layer must be used, and z = reparameterize(mu, logvar) must stay connected "
                 "to both heads: no detach, no NumPy inside the model.")


@register("vae.loss")
def check_loss(loss_fn, probe, batch=4, size=6, latent_dim=3):
    """``vae_loss(reconstruction, images, mu, logvar)``: (summed BCE + KL) / batch size."""
    adapter = probe.adapter
    rng = np.random.default_rng(2)
    nhwc = (batch, size, size, 1)
    reconstruction = rng.uniform(0.02, 0.98, nhwc).astype(np.float32)
    images = rng.uniform(0, 1, nhwc)
    images = np.where(rng.random(nhwc) < 0.5, np.round(images), images).astype(np.float32)
    mu = rng.normal(0, 1, (batch, latent_dim)).astype(np.float32)
    logvar = rng.uniform(-2, 1, (batch, latent_dim)).astype(np.float32)
    what = "vae_loss(reconstruction, images, mu, logvar)"

    def run(p, x, m, v):
        value = _outputs(probe, what, loss_fn, adapter.to_layout(p), adapter.to_layout(x), m, v)
        probe.expect(np.size(value) == 1, f"the loss has shape {np.shape(value)}, expected a scalar.",
                     "sum over pixels and latent coordinates, then divide by the batch size.")
        return float(np.reshape(value, ()))

    value = run(reconstruction, images, mu, logvar)
    p, x = reconstruction.astype(np.float64), images.astype(np.float64)
    nll = -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p))
    kl = -0.5 * np.sum(1 + logvar - mu.astype(np.float64) ** 2 - np.exp(logvar.astype(np.float64)))
    expected = (nll + kl) / batch
    wrong = {
        "the KL term is missing": nll / batch,
        "the KL term has the wrong sign: KL = -0.5 * sum(1 + logvar - mu^2 - exp(logvar)) >= 0":
            (nll - kl) / batch,
        "the loss is summed over the batch; divide by the batch size to get nats per image": nll + kl,
        "the cross-entropy is averaged over pixels; sum it over the pixels of each image":
            (nll / (size * size) + kl) / batch,
        "the reconstruction term is a squared error; use the binary cross-entropy":
            (np.sum((p - x) ** 2) + kl) / batch,
    }
    if not np.isclose(value, expected, rtol=1e-4, atol=1e-4):
        hint = next((h for h, v in wrong.items() if np.isclose(value, v, rtol=1e-4)),
                    "the loss is sum(BCE(reconstruction, images)) + KL, divided by the batch size, "
                    "with KL = -0.5 * sum(1 + logvar - mu^2 - exp(logvar)).")
        probe.fail(f"the loss is {value:.4f}, expected {expected:.4f} nats per image.", hint)

    binary = (images > 0.5).astype(np.float32)  # the decoder predicting every pixel exactly
    zeros = np.zeros_like(mu)
    saturated = run(binary, binary, zeros, zeros)
    probe.expect(np.isfinite(saturated) and abs(saturated) < 0.01,
                 f"the loss is {saturated} when the decoder outputs exactly 0 or 1 and gets every "
                 "pixel right (and q(z|x) = N(0, I)); expected about 0.",
                 "0 * log(0) is NaN: clip the probabilities to [1e-7, 1 - 1e-7] before taking logs, "
                 "or use the framework's binary cross-entropy, which does it for you.")


def _probe_vae(adapter, image_shape, latent_dim: int, eps: np.ndarray):
    """A tiny VAE whose noise is fixed, so that one training step is deterministic.

    Linear heads from the pixels to mu and logvar, z = mu + exp(logvar / 2) * eps with the
    given eps, then Linear + sigmoid back to the pixels. ``model.reference_loss(x)`` is the
    negative ELBO per image built with the framework's operations.
    """
    pixels = int(np.prod(image_shape))
    if adapter.name == "pytorch":
        import torch
        from torch import nn

        from ..frameworks.torch_adapter import default_device

        class ProbeVAE(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc_mu, self.fc_logvar = nn.Linear(pixels, latent_dim), nn.Linear(pixels, latent_dim)
                self.out = nn.Linear(latent_dim, pixels)
                self.register_buffer("eps", torch.as_tensor(eps))

            def forward(self, x):
                h = x.flatten(1)
                mu, logvar = self.fc_mu(h), self.fc_logvar(h)
                z = mu + torch.exp(0.5 * logvar) * self.eps
                return torch.sigmoid(self.out(z)).view(-1, *image_shape), mu, logvar

            def reference_loss(self, x):
                p, mu, logvar = self(x)
                nll = nn.functional.binary_cross_entropy(p, x, reduction="sum")
                return (nll - 0.5 * torch.sum(1 + logvar - mu**2 - logvar.exp())) / len(x)

        return ProbeVAE().to(default_device())
    if adapter.name == "keras":
        import keras

        class ProbeVAE(keras.Model):
            def __init__(self):
                super().__init__(name="probe_vae")  # a name starting with "_" breaks tf.function
                self.fc_mu, self.fc_logvar = keras.layers.Dense(latent_dim), keras.layers.Dense(latent_dim)
                self.out = keras.layers.Dense(pixels, activation="sigmoid")
                for layer, inputs in ((self.fc_mu, pixels), (self.fc_logvar, pixels), (self.out, latent_dim)):
                    layer.build((None, inputs))
                self.noise = eps

            def call(self, x, training=None):
                h = keras.ops.reshape(x, (keras.ops.shape(x)[0], pixels))
                mu, logvar = self.fc_mu(h), self.fc_logvar(h)
                z = mu + keras.ops.exp(0.5 * logvar) * keras.ops.convert_to_tensor(self.noise)
                return keras.ops.reshape(self.out(z), (-1, *image_shape)), mu, logvar

            def reference_loss(self, x):
                p, mu, logvar = self(x)
                nll = keras.ops.sum(keras.ops.binary_crossentropy(x, p))
                kl = -0.5 * keras.ops.sum(1 + logvar - mu**2 - keras.ops.exp(logvar))
                return (nll + kl) / keras.ops.cast(keras.ops.shape(x)[0], "float32")

        return ProbeVAE()
    from ..chainer_compat import import_chainer
    from ..frameworks.chainer_adapter import default_device

    chainer = import_chainer()
    F, L = chainer.functions, chainer.links

    class ProbeVAE(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.fc_mu, self.fc_logvar = L.Linear(pixels, latent_dim), L.Linear(pixels, latent_dim)
                self.out = L.Linear(latent_dim, pixels)
            self.cleargrads()  # hold no gradients until a step computes them

        def forward(self, x):
            mu, logvar = self.fc_mu(x), self.fc_logvar(x)
            z = mu + F.exp(0.5 * logvar) * self.xp.asarray(eps)
            return F.reshape(F.sigmoid(self.out(z)), (-1, *image_shape)), mu, logvar

        def reference_loss(self, x):
            p, mu, logvar = self(x)
            p = F.clip(p, 1e-7, 1 - 1e-7)
            nll = -F.sum(x * F.log(p) + (1 - x) * F.log(1 - p))
            return (nll - 0.5 * F.sum(1 + logvar - mu**2 - F.exp(logvar))) / len(x)

    return ProbeVAE().to_device(default_device())


@register("vae.train_step")
def check_train_step(train_step, probe, lr: float = 1e-3, batch: int = 16):
    """``train_step(model, optimizer, images)``: one Adam step on vae_loss, returns the loss.

    The grader runs it on a tiny VAE whose noise is fixed, two steps on two batches, and
    compares the parameters with Adam computed in NumPy from the framework's gradients.
    """
    adapter = probe.adapter
    h, w, c, latent_dim = 4, 4, 1, 2
    eps = np.random.default_rng(3).standard_normal((batch, latent_dim)).astype(np.float32)
    model = _probe_vae(adapter, adapter.image_shape(h, w, c), latent_dim, eps)
    batches = [_unit_images(probe, batch, h, w, c, seed=s) for s in (10, 11)]
    checks.check_adam_steps(
        probe, train_step, model, batches, lambda m, x: m.reference_loss(x), lr,
        "the negative ELBO",
        "return vae_loss(reconstruction, images, mu, logvar) computed before the update from "
        "(reconstruction, mu, logvar) = model(images): the grader's model uses fixed noise, so "
        "call it, not encode/decode yourself.")


@register("vae.training")
def check_training(history: dict, probe) -> None:
    """Training must lower the training loss and the held-out negative ELBO, without collapse."""
    losses = history.get("loss") if isinstance(history, dict) else None
    tests = history.get("test_loss") if isinstance(history, dict) else None
    probe.expect(bool(losses) and bool(tests) and len(losses) >= 2 and len(tests) == len(losses),
                 "the history needs 'loss' and 'test_loss' lists with at least two epochs.",
                 "train for at least two epochs and pass the history that fit_vae() returns.")
    values = np.asarray([*losses, *tests, *history.get("test_kl", [])], np.float64)
    probe.expect(bool(np.all(np.isfinite(values))), "the loss became NaN or infinite.",
                 "a log-variance that blows up overflows exp(logvar), and log(0) is -inf: "
                 "check reparameterize and the clipping in vae_loss, or lower the learning rate.")
    probe.expect(losses[-1] < losses[0],
                 f"the training loss went from {losses[0]:.2f} to {losses[-1]:.2f}: it did not go down.",
                 "check the learning rate and that train_step updates the model.")
    probe.expect(tests[-1] < tests[0],
                 f"the held-out negative ELBO went from {tests[0]:.2f} to {tests[-1]:.2f} nats: "
                 "it did not go down.", "the model overfits or diverges: train on more images, "
                 "or for fewer epochs.")
    kl = history.get("test_kl", [None])[-1]
    if kl is not None:
        probe.expect(kl > 0.1, f"the KL term is {kl:.3f} nats: q(z|x) equals the prior for every "
                     "image, so the code carries no information (posterior collapse).",
                     "check the KL's sign and the 0.5 in reparameterize; a decoder strong enough "
                     "to ignore z also causes this.")
    kl_text = f" (KL part {kl:.1f})" if kl is not None else ""
    print(f"training lowered the held-out negative ELBO from {tests[0]:.1f} to {tests[-1]:.1f} "
          f"nats per image{kl_text}")


def benchmark_step(reference, config, adapter):
    """One training step of the full-size VAE on a random batch in [0, 1]."""
    shape = adapter.image_shape(*config.image_shape)
    model = reference.place(reference.VAE(shape, config.latent_dim, config.hidden))
    optimizer = adapter.adam(model, config.lr)
    rng = np.random.default_rng(0)
    batch = rng.uniform(0, 1, size=(config.batch_size, *config.image_shape)).astype(np.float32)
    images = adapter.tensor(adapter.to_layout(batch), like=model)
    return lambda: reference.train_step(model, optimizer, images)
