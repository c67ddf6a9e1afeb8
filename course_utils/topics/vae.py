"""Topic 03, variational autoencoder: hyperparameters and graders."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..grading import register
from . import checks


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

# The training grader compares epochs: a dry run trains two.
DRY_RUN_CAPS = {"epochs": 2}


def vae_parameter_count(pixels: int, latent_dim: int, hidden: int) -> int:
    encoder = pixels * hidden + hidden + 2 * (hidden * latent_dim + latent_dim)
    decoder = latent_dim * hidden + hidden + hidden * pixels + pixels
    return encoder + decoder


# ----------------------------------------------------------------------------- helpers


def _unit_images(probe, batch: int, height: int, width: int, channels: int, seed: int = 0):
    """Random images in [0, 1], NHWC, converted to the framework's layout."""
    return checks.sample_images(probe, batch, height, width, channels, seed, low=0.0, high=1.0)


def _outputs(probe, what: str, function, *arrays, like=None):
    """Call learner code on framework arrays; its output(s) as NumPy (a tuple if several)."""
    adapter = probe.adapter
    value = probe.run(what, function, *(adapter.tensor(a, like=like) for a in arrays))
    if isinstance(value, tuple):
        return tuple(checks.as_array(probe, v, what) for v in value)
    return checks.as_array(probe, value, what)


# ---------------------------------------------------------------------------- graders

NOISE_HINT = ("draw eps inside reparameterize with the shape of mu, from a standard normal: "
              "torch.randn_like(std), keras.random.normal(keras.ops.shape(std)), "
              "xp.random.standard_normal(std.shape) in Chainer")


@register("vae.reparameterize")
def check_reparameterize(reparameterize, probe, copies: int = 3001):
    """``reparameterize(mu, logvar)``: mu + exp(logvar / 2) * eps with eps ~ N(0, I) drawn inside.

    The grader draws many samples for 20 (mu, logvar) pairs (an odd number of rows, so noise
    mirrored between two halves of the batch shows) and checks their mean, spread, tails and
    independence, that a compiled training step draws new noise at every call (Keras's
    tf.function), then the gradients with respect to mu and logvar.
    """
    adapter = probe.adapter
    rng = np.random.default_rng(0)
    mu = rng.uniform(-2, 2, size=(5, 4)).astype(np.float32)
    logvar = rng.permutation(np.linspace(-3.0, 2.0, 20)).reshape(5, 4).astype(np.float32)
    what = "reparameterize(mu, logvar)"
    first = _outputs(probe, what, reparameterize, mu, logvar)
    probe.expect(isinstance(first, np.ndarray) and first.shape == mu.shape,
                 f"z has shape {np.shape(first)}, expected {mu.shape}, the shape of mu.",
                 "return one array, mu + sigma * eps, with one noise value per element of mu.")
    probe.expect(first.dtype == np.float32,
                 f"z is {first.dtype}, expected float32 like mu: the noise comes from NumPy, "
                 "or is cast to another type.", NOISE_HINT + ", with mu's type and device.")
    second = _outputs(probe, what, reparameterize, mu, logvar)
    probe.expect(not np.allclose(first, second),
                 "two calls with the same mu and logvar returned the same z: there is no noise, "
                 "or it is drawn once and reused.", "return mu + sigma * eps and " + NOISE_HINT + ".")
    compiled = adapter.compiled(reparameterize)
    inside = [_outputs(probe, f"{what} inside a compiled training step", compiled, mu, logvar)
              for _ in range(2)]
    probe.expect(not np.allclose(*inside),
                 "inside a compiled training step (tf.function) every call returns the same z: "
                 "the noise is drawn once, when the step is traced, and reused.",
                 "draw eps with the framework's random ops, not NumPy or Python: " + NOISE_HINT + ".")

    rows = copies * len(mu)  # odd
    z = _outputs(probe, what, reparameterize, np.tile(mu, (copies, 1)), np.tile(logvar, (copies, 1)))
    probe.expect(np.shape(z) == (rows, mu.shape[1]),
                 f"for {rows} rows z has shape {np.shape(z)}, expected {(rows, mu.shape[1])}.",
                 "draw eps with the shape of mu, whatever the batch size.")
    z = np.asarray(z, np.float64).reshape(copies, *mu.shape)  # copies of the same 5 x 4 inputs
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
    by_coordinate = np.corrcoef(standard.reshape(-1, mu.shape[1]), rowvar=False)
    by_row = np.corrcoef(standard.reshape(copies, -1), rowvar=False)
    off_diagonal = max(np.abs(by_coordinate - np.eye(mu.shape[1])).max(),
                       np.abs(by_row - np.eye(len(by_row))).max())
    probe.expect(off_diagonal < 0.1,
                 f"the noise of different elements is correlated ({off_diagonal:.2f}).",
                 "draw an independent eps for every element of mu: " + NOISE_HINT + ".")

    z, (grad_mu, grad_logvar) = probe.run(what, adapter.input_gradients, reparameterize, mu, logvar)
    z = checks.as_array(probe, z, what)
    probe.expect(grad_mu is not None and grad_logvar is not None,
                 f"no gradient reaches {'mu' if grad_mu is None else 'logvar'}.",
                 "compute z with the framework's operations on mu and logvar (no NumPy, no "
                 "detach): the point of the trick is that z stays differentiable.")
    probe.expect_close(grad_mu, np.ones_like(mu), "d z / d mu",
                       "z = mu + sigma * eps, so each z moves one for one with its mu.", rtol=1e-4)
    probe.expect_close(grad_logvar, 0.5 * (z.astype(np.float64) - mu), "d z / d logvar",
                       "with sigma = exp(0.5 * logvar), d z / d logvar = 0.5 * sigma * eps.",
                       rtol=1e-3, atol=1e-5)


# (height, width, channels, latent_dim, hidden)
MODEL_SETTINGS = ((6, 6, 1, 16, 32), (5, 4, 3, 7, 12))


@register("vae.model", answer="class")
def check_model(model_class, probe):
    """``VAE(image_shape, latent_dim, hidden)``: returns (reconstruction, mu, logvar)."""
    for height, width, channels, latent_dim, hidden in MODEL_SETTINGS:
        shape = probe.adapter.image_shape(height, width, channels)
        with probe.setting(f"VAE({shape}, latent_dim={latent_dim}, hidden={hidden})"):
            _check_model(probe, model_class, shape, (height, width, channels), latent_dim, hidden)


def _check_model(probe, model_class, shape, hwc, latent_dim, hidden):
    adapter = probe.adapter
    pixels = int(np.prod(shape))
    model = checks.build(probe, model_class, shape, latent_dim, hidden)
    images = _unit_images(probe, 8, *hwc)
    reconstruction, mu, logvar = checks.forward(probe, model, images, training=True, outputs=3)
    for name, value, expected in (("reconstruction", reconstruction, (8, *shape)),
                                  ("mu", mu, (8, latent_dim)), ("logvar", logvar, (8, latent_dim))):
        probe.expect(tuple(np.shape(value)) == expected,
                     f"{name} has shape {tuple(np.shape(value))}, expected {expected} "
                     f"({adapter.layout} images).",
                     "return (reconstruction, mu, logvar) in this order; the reconstruction "
                     "reshaped to the image shape, mu and logvar of shape (batch, latent_dim).")
    checks.check_parameter_count(
        probe, model, vae_parameter_count(pixels, latent_dim, hidden),
        f"Dense/Linear layers with bias: H*W*C pixels ({pixels}) -> hidden ({hidden}) -> mu and "
        f"logvar ({latent_dim} each, two heads or one layer of {2 * latent_dim} split in two); "
        "latent_dim -> hidden -> pixels. Use the arguments, not fixed numbers.")

    extreme = checks.forward(probe, model, images * 20 - 10, training=True, outputs=3)[0]
    probe.expect(bool(np.all((extreme >= 0) & (extreme <= 1))),
                 f"reconstructions range over [{extreme.min():.2f}, {extreme.max():.2f}]; Bernoulli "
                 "means must lie in [0, 1].", "apply a sigmoid to the decoder's last layer.")
    varied = _unit_images(probe, 8, *hwc, seed=1) * 6 - 3
    _, mu_v, logvar_v = checks.forward(probe, model, varied, training=True, outputs=3)
    probe.expect(mu_v.min() < -1 and mu_v.max() > 1 and logvar_v.min() < -1 and logvar_v.max() > 1,
                 "mu or logvar stays within [-1, 1] or has one sign for inputs of all sizes.",
                 "mu and logvar come from Dense/Linear layers without an activation: both can "
                 "take any real value (log sigma^2 < 0 means sigma < 1).")
    probe.expect(not np.allclose(mu, logvar),
                 "mu and logvar are the same numbers.",
                 "compute them with two separate layers (or split one layer's 2 * latent_dim outputs).")

    again = checks.forward(probe, model, images, training=True, outputs=3)
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
    _check_sampling(probe, model, varied)

    x = adapter.tensor(images, like=model)
    target = adapter.tensor(np.full(reconstruction.shape, 0.5), like=model)
    _, grads = probe.run("backpropagating through the model", adapter.gradients, model,
                         lambda m: adapter.mean_squared_error(
                             adapter.forward(m, x, training=True)[0], target))
    dead = sum(1 for g in grads if g is None or not np.any(g))
    probe.expect(dead == 0,
                 f"{dead} of {len(grads)} parameter tensors get no gradient from the reconstruction.",
                 "every layer must be used, and z = reparameterize(mu, logvar) must stay connected "
                 "to both heads: no detach, no NumPy inside the model.")

    checks.check_activations(
        probe, model, images,
        call=lambda v: _outputs(probe, "model.encode(images)", model.encode, v, like=model)[0],
        pattern=[0.0, None], where="the encoder's hidden layer only (mu is linear in it)")
    checks.check_activations(
        probe, model, codes,
        call=lambda v: _outputs(probe, "model.decode(z)", model.decode, v, like=model),
        pattern=[0.0, None], output="sigmoid",
        where="the decoder's hidden layer, and a sigmoid on its output")


def _check_sampling(probe, model, images, samples: int = 500):
    """z inside the model is reparameterize(mu, logvar): for an image whose mu and logvar are
    far from 0, the images decoded from the model's own draws must be distributed like those
    decoded from mu + exp(logvar / 2) * eps, eps ~ N(0, I) (mean and spread per pixel)."""
    _, mu, logvar = checks.forward(probe, model, images, training=True, outputs=3)
    pick = int(np.argmax(np.abs(mu).mean(1) + np.abs(logvar).mean(1)))
    batch = np.repeat(images[pick:pick + 1], samples, axis=0)
    drawn = checks.forward(probe, model, batch, training=True, outputs=3)[0].astype(np.float64)
    eps = np.random.default_rng(4).standard_normal((samples, mu.shape[1]))
    codes = (mu[pick] + np.exp(0.5 * logvar[pick].astype(np.float64)) * eps).astype(np.float32)
    decoded = _outputs(probe, "model.decode(z)", model.decode, codes, like=model).astype(np.float64)
    spread = decoded.std(axis=0).mean() + 1e-6
    shift = np.abs(drawn.mean(axis=0) - decoded.mean(axis=0)).mean() / spread
    ratio = drawn.std(axis=0).mean() / spread
    probe.expect(shift < 0.25 and abs(np.log(ratio)) < np.log(1.3),
                 "the images the model decodes from its own z are not distributed like decodings "
                 f"of mu + exp(logvar / 2) * eps (means apart by {shift:.2f} spreads, spread "
                 f"ratio {ratio:.2f}): z is not reparameterize(mu, logvar).",
                 "in forward/call: mu, logvar = self.encode(x); z = reparameterize(mu, logvar) "
                 "(mu first, then logvar); return self.decode(z), mu, logvar.")


def _vae_loss_reference(p, x, mu, logvar):
    p, x = np.asarray(p, np.float64), np.asarray(x, np.float64)
    mu, logvar = np.asarray(mu, np.float64), np.asarray(logvar, np.float64)
    nll = -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p))
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar))
    return (nll + kl) / len(p)


@register("vae.loss")
def check_loss(loss_fn, probe, batch=4, size=5, channels=3, latent_dim=3):
    """``vae_loss(reconstruction, images, mu, logvar)``: (summed BCE + KL) / batch size."""
    adapter = probe.adapter
    rng = np.random.default_rng(2)
    nhwc = (batch, size, size, channels)
    reconstruction = rng.uniform(0.02, 0.98, nhwc).astype(np.float32)
    images = rng.uniform(0, 1, nhwc)
    images = np.where(rng.random(nhwc) < 0.5, np.round(images), images).astype(np.float32)
    mu = rng.normal(0, 1, (batch, latent_dim)).astype(np.float32)
    logvar = rng.uniform(-2, 1, (batch, latent_dim)).astype(np.float32)
    names = ("reconstruction", "images", "mu", "logvar")

    def run(p, x, m, v, reference=None, wrt=(0, 2, 3)):
        return checks.loss_value(probe, loss_fn, "vae_loss",
                                 [adapter.to_layout(p), adapter.to_layout(x), m, v], names,
                                 reference=reference, wrt=wrt)

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
            (nll / (size * size * channels) + kl) / batch,
        "the cross-entropy is averaged over the channels (keras.losses.binary_crossentropy "
        "averages over the last axis); sum it over every pixel and channel":
            (nll / channels + kl) / batch,
        "the reconstruction term is a squared error; use the binary cross-entropy":
            (np.sum((p - x) ** 2) + kl) / batch,
    }
    if not np.isclose(value, expected, rtol=1e-4, atol=1e-4):
        hint = next((h for h, v in wrong.items() if np.isclose(value, v, rtol=1e-4)),
                    "the loss is sum(BCE(reconstruction, images)) + KL, divided by the batch size, "
                    "with KL = -0.5 * sum(1 + logvar - mu^2 - exp(logvar)).")
        probe.fail(f"the loss is {value:.4f}, expected {expected:.4f} nats per image.", hint)

    small = [a[:2, :2, :2] for a in (reconstruction, images)] + [mu[:2], logvar[:2]]
    run(*small, reference=lambda p, x, m, v: _vae_loss_reference(
        adapter.from_layout(p), adapter.from_layout(x), m, v))

    binary = (images > 0.5).astype(np.float32)  # the decoder predicting every pixel exactly
    zeros = np.zeros_like(mu)
    saturated = run(binary, binary, zeros, zeros, wrt=())  # clipped: no gradient to ask for
    probe.expect(np.isfinite(saturated) and abs(saturated) < 0.01,
                 f"the loss is {saturated} when the decoder outputs exactly 0 or 1 and gets every "
                 "pixel right (and q(z|x) = N(0, I)); expected about 0.",
                 "0 * log(0) is NaN: clip the probabilities to [1e-7, 1 - 1e-7] before taking logs, "
                 "or use the framework's binary cross-entropy, which does it for you.")


@register("vae.train_step")
def check_train_step(train_step, probe, lr: float = 1e-3, batch: int = 16):
    """``train_step(model, optimizer, images)``: one Adam step on vae_loss, returns the loss.

    The grader runs it on a tiny VAE whose noise is fixed, two steps on two batches, and
    compares the parameters with Adam computed in NumPy from the framework's gradients.
    """
    adapter = probe.adapter
    h, w, c, latent_dim = 4, 3, 2, 2
    eps = np.random.default_rng(3).standard_normal((batch, latent_dim)).astype(np.float32)
    model = adapter.fixed_noise_vae(adapter.image_shape(h, w, c), latent_dim, eps)
    batches = [_unit_images(probe, batch, h, w, c, seed=s) for s in (10, 11)]
    checks.check_adam_steps(
        probe, train_step, model, batches, lambda m, x: m.reference_loss(x), lr,
        "the negative ELBO",
        "return vae_loss(reconstruction, images, mu, logvar) computed before the update from "
        "(reconstruction, mu, logvar) = model(images): the grader's model uses fixed noise, so "
        "call it, not encode/decode yourself.")


@register("vae.training", answer="history")
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
