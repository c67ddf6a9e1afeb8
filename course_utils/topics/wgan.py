"""Topic 07, WGAN and WGAN-GP: hyperparameters and graders.

The graders run the learner's functions on tiny models whose answers NumPy can compute
exactly: a one-layer tanh critic for the gradient penalty (its input gradient depends on
the input, so the interpolates matter), a linear critic and a linear generator for the
critic step (the penalty of a linear critic is the same at every interpolate, so the
step is deterministic even though it draws epsilon at random).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import numpy as np

from ..grading import register

# --------------------------------------------------------------------------------- config


@dataclass(frozen=True)
class Config:
    dataset: str = "mnist"
    image_size: int = 32  # the DCGAN networks of topic 05 halve the size down to 4x4
    channels: int = 1
    latent_dim: int = 100
    width: float = 1.0  # the generator's filter multiplier (topic 05's `width`): 1 is the spec
    critic_width: float = 1.0  # the critic's; quick makes it wider than G's (see the lesson)
    batch_size: int = 64  # images per critic step (m in the papers)
    n_critic: int = 5  # critic steps per generator step (both papers)
    epochs: int = 20  # passes of the critic over the data
    train_size: int | None = None  # None keeps the whole training split
    clip_value: float = 0.01  # WGAN: weights clipped to [-c, c]
    rmsprop_lr: float = 5e-5  # WGAN: RMSprop, no momentum
    gp_weight: float = 10.0  # WGAN-GP: lambda
    adam_lr: float = 1e-4  # WGAN-GP: Adam(1e-4, beta1=0.5, beta2=0.9)
    adam_betas: tuple[float, float] = (0.5, 0.9)
    dcgan_lr: float = 2e-4  # the comparison DCGAN: topic 05's Adam settings
    dcgan_beta1: float = 0.5
    quality_count: int = 1000  # generated images measured by quality_report at the end
    monitor_count: int = 500  # generated images measured after every epoch (stability study)

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return (self.image_size, self.image_size, self.channels)


PROFILES = {
    "full": Config(),
    # On a CPU: 16x16 digits, G at a quarter of the spec's width and the critic at full width
    # (a critic as narrow as G let G collapse in our runs; see the lesson).
    "quick": Config(dataset="digits", image_size=16, width=0.25, critic_width=1.0, epochs=40,
                    quality_count=500, monitor_count=300),
    "smoke": Config(dataset="digits", image_size=16, width=0.0625, critic_width=0.0625,
                    batch_size=16, epochs=1, train_size=256, quality_count=128, monitor_count=64),
}

# ------------------------------------------------------------------------ tiny test models
# Weights are given in NumPy's (out, in) convention and images have one channel, so the
# flattened pixels are in the same order in NCHW and NHWC.


def _torch_models():
    import torch
    from torch import nn

    def dense(weights, bias):
        layer = nn.Linear(weights.shape[1], weights.shape[0])
        with torch.no_grad():
            layer.weight.copy_(torch.as_tensor(weights))
            layer.bias.copy_(torch.as_tensor(bias))
        return layer

    class Generator(nn.Module):
        def __init__(self, weights, bias, image_shape):
            super().__init__()
            self.image_shape, self.layer = image_shape, dense(weights, bias)

        def forward(self, z):
            return self.layer(z).view(-1, *self.image_shape)

    def critic(layers):
        modules = [nn.Flatten()]
        for i, (weights, bias) in enumerate(layers):
            modules += [dense(weights, bias)] + ([nn.Tanh()] if i < len(layers) - 1 else [])
        return nn.Sequential(*modules)

    return Generator, critic


def _keras_models():
    import keras

    def dense(weights, bias, activation=None):
        layer = keras.layers.Dense(weights.shape[0], activation=activation)
        layer.build((None, weights.shape[1]))
        layer.set_weights([weights.T, bias])
        return layer

    class Generator(keras.Model):
        def __init__(self, weights, bias, image_shape):
            super().__init__(name="tiny_generator")
            self.layer = dense(weights, bias)
            self.reshape = keras.layers.Reshape(image_shape)
            self(keras.Input((weights.shape[1],)))

        def call(self, z):
            return self.reshape(self.layer(z))

    def critic(layers, image_shape):
        stack = [keras.Input(image_shape), keras.layers.Flatten()]
        stack += [dense(w, b, "tanh" if i < len(layers) - 1 else None)
                  for i, (w, b) in enumerate(layers)]
        return keras.Sequential(stack, name="tiny_critic")

    return Generator, critic


def _chainer_models():
    from ..chainer_compat import import_chainer
    from ..frameworks.chainer_adapter import default_device

    chainer = import_chainer()
    F, L = chainer.functions, chainer.links

    def dense(weights, bias):
        return L.Linear(weights.shape[1], weights.shape[0],
                        initialW=weights.astype(np.float32), initial_bias=bias.astype(np.float32))

    class Generator(chainer.Chain):
        def __init__(self, weights, bias, image_shape):
            super().__init__()
            self.image_shape = image_shape
            with self.init_scope():
                self.layer = dense(weights, bias)

        def forward(self, z):
            return F.reshape(self.layer(z), (-1, *self.image_shape))

    class Critic(chainer.Chain):
        def __init__(self, layers):
            super().__init__()
            with self.init_scope():  # l1, l2: sorted parameter names keep the layer order
                for i, (weights, bias) in enumerate(layers):
                    setattr(self, f"l{i + 1}", dense(weights, bias))
            self.depth = len(layers)

        def forward(self, x):
            h = x
            for i in range(self.depth):
                h = getattr(self, f"l{i + 1}")(h)
                if i < self.depth - 1:
                    h = F.tanh(h)
            return h

    def place(model):
        model.cleargrads()  # Chainer fills new gradients with NaN; hold none, as in PyTorch
        return model.to_device(default_device())

    return (lambda *a: place(Generator(*a))), (lambda layers: place(Critic(layers)))


def tiny_generator(adapter, weights, bias, image_shape_nhwc):
    shape = adapter.image_shape(*image_shape_nhwc)
    if adapter.name == "pytorch":
        from ..frameworks.torch_adapter import default_device

        return _torch_models()[0](weights, bias, shape).to(default_device())
    if adapter.name == "keras":
        return _keras_models()[0](weights, bias, shape)
    return _chainer_models()[0](weights, bias, shape)


def tiny_critic(adapter, layers, image_shape_nhwc):
    """Flatten, then Dense layers with tanh between them (none after the last)."""
    if adapter.name == "pytorch":
        from ..frameworks.torch_adapter import default_device

        return _torch_models()[1](layers).to(default_device())
    if adapter.name == "keras":
        return _keras_models()[1](layers, adapter.image_shape(*image_shape_nhwc))
    return _chainer_models()[1](layers)


def as_numpy_layers(adapter, arrays):
    """The adapter's parameter (or gradient) list as [(W, b), ...] in the (out, in) convention."""
    arrays = [None if a is None else np.asarray(a, np.float64) for a in arrays]
    pairs = list(zip(arrays[0::2], arrays[1::2], strict=True))
    if adapter.name == "keras":
        pairs = [(None if w is None else w.T, b) for w, b in pairs]
    return pairs


# ------------------------------------------------------------------------ NumPy references


def critic_scores(layers, images):
    """The tiny critic in NumPy: scores (B, 1) and d sum(scores) / d images (B, pixels)."""
    x = images.reshape(len(images), -1).astype(np.float64)
    activations = [x]
    h = x
    for i, (w, b) in enumerate(layers):
        h = h @ w.T + b
        if i < len(layers) - 1:
            h = np.tanh(h)
        activations.append(h)
    grad = np.ones_like(h)
    for i in reversed(range(len(layers))):
        w = layers[i][0]
        if i < len(layers) - 1:
            grad = grad * (1.0 - activations[i + 1] ** 2)
        grad = grad @ w
    return h, grad


def penalty_reference(layers, real, fake, epsilon):
    """Mean over the batch of (||grad_x D(x_hat)||_2 - 1)^2, x_hat = eps real + (1 - eps) fake."""
    x_hat = epsilon * real + (1.0 - epsilon) * fake
    _, grad = critic_scores(layers, x_hat)
    norms = np.sqrt(np.sum(grad**2, axis=1))
    return float(np.mean((norms - 1.0) ** 2))


def penalty_parameter_gradients(layers, real, fake, epsilon, h=1e-6):
    """Central finite differences of ``penalty_reference`` w.r.t. every parameter."""
    layers = [(w.copy(), b.copy()) for w, b in layers]
    grads = []
    for pair in layers:
        pair_grads = []
        for array in pair:
            grad = np.zeros_like(array)
            for index in np.ndindex(array.shape):
                keep = array[index]
                array[index] = keep + h
                up = penalty_reference(layers, real, fake, epsilon)
                array[index] = keep - h
                down = penalty_reference(layers, real, fake, epsilon)
                array[index] = keep
                grad[index] = (up - down) / (2 * h)
            pair_grads.append(grad)
        grads.append(tuple(pair_grads))
    return grads


def random_layers(rng, sizes, scale=1.0):
    """[(W, b), ...] for layer sizes like (9, 6, 1), W ~ N(0, scale^2 / fan_in)."""
    return [(rng.normal(0, scale / np.sqrt(n_in), size=(n_out, n_in)),
             rng.normal(0, 0.5, size=n_out)) for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]


# --------------------------------------------------------------------------------- graders


def _scalar(probe, value, what, hint):
    value = probe.adapter.to_numpy(value)
    probe.expect(np.size(value) == 1, f"{what} has shape {np.shape(value)}, expected a scalar.", hint)
    return float(np.reshape(value, ()))


def _scores(probe, seed):
    rng = np.random.default_rng(seed)
    return (rng.normal(1.0, 2.0, size=(8, 1)).astype(np.float32),
            rng.normal(-0.5, 2.0, size=(6, 1)).astype(np.float32))


@register("wgan.critic_loss")
def check_critic_loss(loss_fn, probe):
    """``critic_loss(real_scores, fake_scores)`` = mean(fake) - mean(real), raw scores."""
    adapter = probe.adapter
    for seed in (0, 1):
        real, fake = _scores(probe, seed)
        value = probe.run("critic_loss(real_scores, fake_scores)", loss_fn,
                          adapter.tensor(real), adapter.tensor(fake))
        value = _scalar(probe, value, "the critic loss", "average each batch of scores to one number.")
        expected = fake.astype(np.float64).mean() - real.mean()
        if np.isclose(value, -expected, rtol=1e-4, atol=1e-5):
            probe.fail(f"the critic loss is {value:.4f}, expected {expected:.4f}: the sign is flipped.",
                       "the critic *maximises* mean(real) - mean(fake); as a loss to minimise that "
                       "is mean(fake_scores) - mean(real_scores).")
        probe.expect_close(value, expected, "the critic loss",
                           "use the raw scores, no sigmoid, no log, no cross-entropy: "
                           "mean(fake_scores) - mean(real_scores). Real and fake batches may "
                           "have different sizes, so average each one separately.")


@register("wgan.generator_loss")
def check_generator_loss(loss_fn, probe):
    """``wgan_generator_loss(fake_scores)`` = -mean(fake)."""
    adapter = probe.adapter
    for seed in (0, 1):
        _, fake = _scores(probe, seed)
        value = probe.run("wgan_generator_loss(fake_scores)", loss_fn, adapter.tensor(fake))
        value = _scalar(probe, value, "the generator loss", "average the scores to one number.")
        expected = -fake.astype(np.float64).mean()
        if np.isclose(value, -expected, rtol=1e-4, atol=1e-5):
            probe.fail(f"the generator loss is {value:.4f}, expected {expected:.4f}: the sign is "
                       "flipped.", "the generator wants high critic scores, so it minimises "
                       "-mean(fake_scores).")
        probe.expect_close(value, expected, "the generator loss",
                           "use the raw scores, no sigmoid, no log, no cross-entropy: "
                           "-mean(fake_scores).")


@register("wgan.clip_weights")
def check_clip_weights(clip_fn, probe, clip_value=0.05):
    """``clip_weights(critic, clip_value)`` clips every parameter of the critic in place."""
    adapter = probe.adapter
    rng = np.random.default_rng(2)
    layers = random_layers(rng, (9, 6, 1), scale=4.0)  # some weights beyond 1
    layers = [(w, b * 0.2 + np.sign(b) * 0.1) for w, b in layers]  # biases beyond the clip value
    critic = tiny_critic(adapter, layers, (3, 3, 1))
    before = adapter.parameters(critic)
    probe.run(f"clip_weights(critic, {clip_value})", clip_fn, critic, clip_value)
    after = adapter.parameters(critic)
    probe.expect(any(np.abs(a - b).max() > 0 for a, b in zip(after, before, strict=True)),
                 "the critic's parameters did not change.",
                 "clip the parameters in place: assign the clipped values back to each "
                 "parameter (clamp_ under torch.no_grad(), variable.assign(...), "
                 "param.array[...] = ...); returning clipped copies changes nothing.")
    for index, (a, b) in enumerate(zip(after, before, strict=True)):
        expected = np.clip(b, -clip_value, clip_value)
        if np.allclose(a, b) and not np.allclose(b, expected):
            probe.fail(f"parameter tensor {index} (shape {b.shape}) was not clipped.",
                       "clip every parameter of the critic, biases included, as the WGAN paper "
                       "does.")
        if not np.allclose(a, expected, atol=1e-7):
            if np.allclose(np.abs(a).max(), clip_value) and not np.allclose(
                    a[np.abs(b) < clip_value], b[np.abs(b) < clip_value]):
                probe.fail("values already inside the clip range were changed.",
                           "clip, do not rescale: values in [-c, c] stay as they are, only "
                           "larger ones are cut to +-c.")
            probe.fail(f"after clip_weights(critic, {clip_value}) the parameters range over "
                       f"[{a.min():.3f}, {a.max():.3f}], expected the original values cut to "
                       f"[-{clip_value}, {clip_value}].",
                       "clip each parameter to [-clip_value, clip_value] with the argument, not "
                       "a fixed number.")


@register("wgan.gradient_penalty")
def check_gradient_penalty(penalty_fn, probe):
    """``gradient_penalty(critic, real, fake, epsilon)``: the WGAN-GP penalty, without lambda.

    mean over the batch of (||grad_x D(x_hat)||_2 - 1)^2 at x_hat = epsilon real + (1 -
    epsilon) fake, where the norm is over each image's pixels; it must stay differentiable
    with respect to the critic's parameters (double backpropagation).
    """
    adapter = probe.adapter
    rng = np.random.default_rng(3)
    shape = (3, 3, 1)
    layers = random_layers(rng, (9, 6, 1), scale=2.0)
    critic = tiny_critic(adapter, layers, shape)
    real = rng.uniform(-1, 1, size=(5, *shape))
    fake = rng.uniform(-1, 1, size=(5, *shape))
    epsilon = np.array([0.0, 1.0, 0.25, 0.5, 0.9]).reshape(5, 1, 1, 1)
    args = [adapter.tensor(adapter.to_layout(a), like=critic) for a in (real, fake)]
    args.append(adapter.tensor(epsilon, like=critic))

    value = probe.run("gradient_penalty(critic, real, fake, epsilon)", penalty_fn, critic, *args)
    value = _scalar(probe, value, "the penalty", "average the per-image terms over the batch.")
    flat = [a.reshape(5, -1) for a in (real, fake)]
    eps = epsilon.reshape(5, 1)
    expected = penalty_reference(layers, *flat, eps)
    variants = {
        "the penalty is not taken at the interpolates of the real and fake images with the "
        "epsilon given":
            (penalty_reference(layers, flat[0], flat[1], 1.0),
             penalty_reference(layers, flat[0], flat[1], 0.0),
             penalty_reference(layers, flat[0], flat[1], 0.5)),
        "epsilon weights the fakes instead of the real images":
            (penalty_reference(layers, flat[1], flat[0], eps),),
    }
    for message, candidates in variants.items():
        if any(np.isclose(value, c, rtol=1e-4) for c in candidates):
            probe.fail(f"{message} (penalty {value:.4f}, expected {expected:.4f}).",
                       "interpolate x_hat = epsilon * real + (1 - epsilon) * fake, with the "
                       "epsilon given, and take the critic's gradient there.")
    probe.expect_close(value, expected, "the penalty",
                       "per image: the L2 norm of the critic's gradient over all its pixels "
                       "(not per pixel, not squared), minus 1, squared; then the mean over the "
                       "batch. Do not multiply by lambda here.", rtol=1e-3)

    try:
        _, grads = adapter.gradients(critic, lambda m: penalty_fn(m, *args))
    except Exception:  # the penalty is not connected to the parameters at all
        grads = [None] * len(layers) * 2
    got = as_numpy_layers(adapter, grads)
    want = penalty_parameter_gradients(layers, *flat, eps)
    if all(g is None or not np.any(g) for pair in got for g in pair):
        probe.fail("the penalty has no gradient with respect to the critic's parameters, so "
                   "training cannot lower it.",
                   "keep the input gradient differentiable: torch.autograd.grad(..., "
                   "create_graph=True), the inner tape inside the outer one in Keras (no "
                   "tf.stop_gradient), chainer.grad(..., enable_double_backprop=True).")
    for (gw, gb), (ww, wb) in zip(got, want, strict=True):
        for g, w in ((gw, ww), (gb, wb)):
            g = np.zeros_like(w) if g is None else g
            probe.expect(np.allclose(g, w, rtol=2e-3, atol=1e-4),
                         "the penalty's gradient with respect to the critic's parameters is "
                         "wrong.",
                         "compute the penalty only from framework operations on the critic's "
                         "input gradient, kept differentiable (double backpropagation).")


@register("wgan.critic_step")
def check_critic_step(step_fn, probe, lr=0.1):
    """``critic_step(generator, critic, c_optimizer, real, z, gp_weight=0.0, clip_value=None)``.

    One optimizer step on critic_loss (+ gp_weight * penalty), then clipping if asked;
    the generator must not change. Returns {"loss_critic", "wasserstein"[, "penalty"]}.
    """
    adapter = probe.adapter
    shape, latent, batch = (2, 3, 1), 4, 6
    pixels = int(np.prod(shape))
    for case, (gp_weight, clip_value) in enumerate(((0.0, None), (10.0, None), (0.0, 0.3))):
        rng = np.random.default_rng(10 + case)
        g_weights, g_bias = rng.normal(0, 0.5, size=(pixels, latent)), rng.normal(0, 0.2, size=pixels)
        w = rng.normal(0, 1.0, size=(1, pixels))
        w *= 2.0 / np.linalg.norm(w)  # ||w|| = 2: the penalty (||w|| - 1)^2 is not zero
        b = np.array([0.4])
        generator = tiny_generator(adapter, g_weights, g_bias, shape)
        critic = tiny_critic(adapter, [(w, b)], shape)
        optimizer = adapter.sgd(critic, lr)
        _stale_gradients(adapter, critic)
        real = rng.uniform(-1, 1, size=(batch, *shape))
        z = rng.normal(size=(batch, latent))
        g_before = adapter.parameters(generator)

        kwargs = {}
        if gp_weight:
            kwargs["gp_weight"] = gp_weight
        if clip_value is not None:
            kwargs["clip_value"] = clip_value
        call = "critic_step(generator, critic, c_optimizer, real, z" + "".join(
            f", {k}={v}" for k, v in kwargs.items()) + ")"
        stats = probe.run(call, step_fn, generator, critic, optimizer,
                          adapter.tensor(adapter.to_layout(real), like=critic),
                          adapter.tensor(z, like=generator), **kwargs)

        # NumPy reference, before the step
        fake = z @ g_weights.T + g_bias  # (B, pixels)
        real_flat = real.reshape(batch, -1)
        norm = np.linalg.norm(w)
        wasserstein = float((real_flat @ w.T).mean() - (fake @ w.T).mean())
        penalty = (norm - 1.0) ** 2  # the same at every interpolate for a linear critic
        loss = -wasserstein + gp_weight * penalty
        grad_w = fake.mean(0, keepdims=True) - real_flat.mean(0, keepdims=True)
        grad_w = grad_w + gp_weight * 2.0 * (norm - 1.0) * w / norm
        want_w, want_b = w - lr * grad_w, b.copy()
        if clip_value is not None:
            want_w, want_b = np.clip(want_w, -clip_value, clip_value), np.clip(want_b, -clip_value,
                                                                                clip_value)

        g_after = adapter.parameters(generator)
        probe.expect(all(np.array_equal(a, b_) for a, b_ in zip(g_after, g_before, strict=True)),
                     "the generator's parameters changed during the critic step.",
                     "only the critic's optimizer steps here; compute the fakes without "
                     "gradient (torch.no_grad(), outside the tape, chainer.no_backprop_mode()).")
        _check_no_generator_gradient(probe, generator)
        (got_w, got_b), = as_numpy_layers(adapter, adapter.parameters(critic))
        probe.expect(not (np.allclose(got_w, w) and np.allclose(got_b, b)),
                     "the critic's parameters did not change.",
                     "take one step with c_optimizer after computing the gradients.")
        if clip_value is not None:
            largest = max(np.abs(got_w).max(), np.abs(got_b).max())
            probe.expect(largest <= clip_value + 1e-6,
                         f"after critic_step(..., clip_value={clip_value}) some parameters lie "
                         f"outside [-{clip_value}, {clip_value}].",
                         "clip the critic's parameters after the optimizer step, not before it.")
        if not np.allclose(got_w, want_w, rtol=1e-3, atol=1e-5):
            step = got_w - w
            if np.allclose(step, lr * grad_w, rtol=1e-3, atol=1e-5):
                probe.fail("the critic step went uphill on the critic loss.",
                           "minimise critic_loss(real_scores, fake_scores) = mean(fake) - "
                           "mean(real) (plus the penalty).")
            if gp_weight:
                probe.fail("the critic step does not match one optimizer step on critic_loss + "
                           f"gp_weight * penalty (gp_weight={gp_weight}).",
                           "add gp_weight * gradient_penalty(critic, real, fake, epsilon) to the "
                           "loss you differentiate, with epsilon ~ U[0, 1] of shape (B, 1, 1, 1); "
                           "in Keras compute it inside the outer GradientTape.")
            probe.fail("the critic step does not match one optimizer step on critic_loss.",
                       "score real and fake images with the critic, minimise critic_loss, and "
                       "step once with c_optimizer (reset gradients first in PyTorch/Chainer).")
        probe.expect(np.allclose(got_b, want_b, rtol=1e-3, atol=1e-5),
                     "the critic's bias did not end where one optimizer step (and clipping) puts it.",
                     "step once with c_optimizer, then clip every parameter if clip_value is given.")

        probe.expect(isinstance(stats, dict), f"critic_step returned {type(stats).__name__}, "
                     "expected a dict.", 'return {"loss_critic": ..., "wasserstein": ...}.')
        keys = {"loss_critic", "wasserstein"} | ({"penalty"} if gp_weight else set())
        probe.expect(keys <= set(stats), f"critic_step returned the keys {sorted(stats)}, "
                     f"expected {sorted(keys)}.",
                     'return {"loss_critic": loss, "wasserstein": mean(real) - mean(fake)}, '
                     'and "penalty" (without lambda) when gp_weight is set.')
        for key, expected, hint in (
            ("wasserstein", wasserstein, "the Wasserstein estimate is mean(real_scores) - "
             "mean(fake_scores), the negative critic loss without the penalty, before the step."),
            ("loss_critic", loss, "loss_critic is the loss you minimised, penalty term "
             "included, computed before the step."),
            ("penalty", penalty, "penalty is gradient_penalty(...) without the weight lambda."),
        ):
            if key in keys:
                got = _scalar(probe, stats[key], f'stats["{key}"]', "return plain numbers.")
                probe.expect_close(got, expected, f'stats["{key}"]', hint, rtol=1e-3, atol=1e-5)


def _stale_gradients(adapter, model):
    """Leave old gradients on the model, as an earlier generator step does (not in Keras)."""
    if adapter.name == "pytorch":
        for parameter in model.parameters():
            parameter.grad = parameter.detach().clone().fill_(0.5)
    elif adapter.name == "chainer":
        for parameter in model.params():
            parameter.grad = parameter.array * 0 + 0.5


def _check_no_generator_gradient(probe, generator):
    held = probe.adapter.held_gradients(generator)  # always None in Keras
    left = any(g is not None and bool(np.any(g)) for g in held)
    probe.expect(not left, "the critic step left gradients on the generator's parameters.",
                 "the fakes must not carry the generator's graph into the critic loss: compute "
                 "them under torch.no_grad() / chainer.no_backprop_mode(), or detach them.")


@register("wgan.training")
def check_training(history: dict, probe) -> None:
    """A WGAN history: every key, finite numbers, and (after 2+ epochs) a critic that has
    told real from fake in some epoch (a positive Wasserstein estimate)."""
    keys = ("loss_critic", "loss_G", "wasserstein")
    probe.expect(isinstance(history, dict) and all(history.get(k) for k in keys),
                 f"the history needs the keys {', '.join(keys)}, one value per epoch.",
                 "pass the history that fit_gan returns for the WGAN training step.")
    for key, values in history.items():
        probe.expect(bool(np.all(np.isfinite(values))), f"{key} is not finite: training diverged.",
                     "check the signs of the losses, the learning rates, and that the weights "
                     "are clipped or penalised.")
    estimates = history["wasserstein"]
    if len(estimates) >= 2:  # a freshly initialised critic scores everything about 0
        probe.expect(max(estimates) > 0,
                     f"the Wasserstein estimate stayed at or below 0 (best {max(estimates):.3g}): "
                     "the critic never scored real images above the fakes.",
                     "the critic must maximise mean(real) - mean(fake): check critic_loss's sign "
                     "and that critic_step updates the critic.")
    print("last epoch: " + ", ".join(f"{k} {v[-1]:.4g}" for k, v in history.items()))


# ------------------------------------------------------------------------------- benchmark


def benchmark_step(reference, config, adapter):
    """One WGAN-GP iteration at full size: a critic step with the penalty, then a G step."""
    saved = importlib.import_module(f"course_utils.saved.{adapter.name}")
    generator, critic = reference.build_models(config)
    c_optimizer, g_optimizer = reference.wgan_gp_optimizers(generator, critic, config)
    rng = np.random.default_rng(0)
    batch = rng.uniform(-1, 1, size=(config.batch_size, *config.image_shape)).astype(np.float32)
    real = adapter.tensor(adapter.to_layout(batch), like=critic)

    def step():
        z = saved.sample_latent(config.batch_size, config.latent_dim)
        reference.critic_step(generator, critic, c_optimizer, real, z, gp_weight=config.gp_weight)
        z = saved.sample_latent(config.batch_size, config.latent_dim)
        return reference.wgan_generator_step(generator, critic, g_optimizer, z)

    return step
