"""Topic 07, WGAN and WGAN-GP: hyperparameters and graders.

The graders run the learner's functions on tiny dense networks (``adapter.mlp``) whose
answers NumPy computes exactly: a tanh critic whose input gradients have norms on both
sides of 1 for the gradient penalty, and for the critic step a linear generator with a
tanh critic. How ``critic_step`` draws epsilon is read off its updates: on a critic with
one hidden unit, each update is an exact function of the two images' epsilons, which the
grader recovers (see :func:`check_critic_step`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..frameworks.base import random_layers
from ..grading import register
from . import checks, gan_checks, sample_checks, saved_module

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
    # (a critic as narrow as G let G collapse in our runs; see the lesson), and WGAN's
    # RMSprop at 10 times the paper's rate: at 5e-5 G still drew one image for every z after
    # 100 epochs (400 generator steps) in our runs. 60 epochs: at 40
    # the clipped WGAN's samples were only just past the grader's bar.
    "quick": Config(dataset="digits", image_size=16, width=0.25, critic_width=1.0, epochs=60,
                    rmsprop_lr=5e-4, quality_count=500, monitor_count=300),
    "smoke": Config(dataset="digits", image_size=16, width=0.0625, critic_width=0.0625,
                    batch_size=16, epochs=1, train_size=256, quality_count=128, monitor_count=64),
}

# ------------------------------------------------------------------------ NumPy references
# Images in the graders have one channel, so the flattened pixels are in the same order in
# NCHW and NHWC, and the probe networks' weights are given in NumPy's (out, in) convention.


def critic_scores(layers, images):
    """The tanh critic in NumPy: scores (B, 1) and d sum(scores) / d images (B, pixels)."""
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


def penalty_norms(layers, real, fake, epsilon):
    """||grad_x D(x_hat)||_2 per image, x_hat = eps real + (1 - eps) fake."""
    _, grad = critic_scores(layers, epsilon * real + (1.0 - epsilon) * fake)
    return np.sqrt(np.sum(grad**2, axis=1))


def penalty_reference(layers, real, fake, epsilon):
    """Mean over the batch of (||grad_x D(x_hat)||_2 - 1)^2."""
    return float(np.mean((penalty_norms(layers, real, fake, epsilon) - 1.0) ** 2))


def _with_arrays(layers, arrays):
    return [(arrays[2 * i], arrays[2 * i + 1]) for i in range(len(layers))]


def layer_gradients(function, layers):
    """Central finite differences of ``function(layers)`` w.r.t. every weight and bias."""
    flat = [np.array(a, np.float64) for pair in layers for a in pair]
    grads = checks.numerical_gradients(lambda *arrays: function(_with_arrays(layers, arrays)), flat)
    return _with_arrays(layers, grads)


def one_unit_gradients(layers, real, fake, epsilons, gp_weight):
    """d (critic_loss + gp_weight * penalty) / d (W1, b1, W2, b2) of a critic with one tanh
    hidden unit, f(x) = w2 tanh(w1 . x + b1) + b2, for each epsilon in ``epsilons`` (E, B).

    Returns (E, parameters) in the order W1 (pixels), b1, W2, b2; exact, vectorised over E.
    """
    (w1, b1), (w2, _) = layers
    w1, b1, w2 = w1[0], b1[0], w2[0, 0]
    batch = len(real)
    sech2 = lambda t: 1.0 - np.tanh(t) ** 2  # noqa: E731

    def score_grads(x):  # d f(x) / d (W1, b1, W2, b2), averaged over the batch
        t = x @ w1 + b1
        return np.concatenate([(w2 * sech2(t))[:, None] * x, (w2 * sech2(t))[:, None],
                               np.tanh(t)[:, None], np.ones((len(x), 1))], axis=1).mean(0)

    loss = score_grads(fake) - score_grads(real)
    x_hat = epsilons[..., None] * real + (1.0 - epsilons[..., None]) * fake  # (E, B, pixels)
    t = x_hat @ w1 + b1  # (E, B)
    norm_w1 = np.linalg.norm(w1)
    s = sech2(t)
    ds = -2.0 * np.tanh(t) * s
    norms = abs(w2) * s * norm_w1
    outer = gp_weight * 2.0 * (norms - 1.0) / batch  # (E, B): d penalty / d norm, batch mean
    d_w1 = abs(w2) * (ds[..., None] * norm_w1 * x_hat + s[..., None] * w1 / norm_w1)
    d_b1 = abs(w2) * norm_w1 * ds
    d_w2 = np.sign(w2) * s * norm_w1
    penalty = np.concatenate([(outer[..., None] * d_w1).sum(1), (outer * d_b1).sum(1)[:, None],
                              (outer * d_w2).sum(1)[:, None], np.zeros((len(epsilons), 1))], axis=1)
    return loss + penalty


# --------------------------------------------------------------------------------- graders


def _probe_critic(adapter, layers, image_hwc):
    """A tanh critic with the given layers: image -> score (B, 1)."""
    return adapter.mlp(layers, [adapter.image_shape(*image_hwc)], (1,), activation="tanh")


def _probe_generator(adapter, weights, bias, image_hwc):
    """A linear generator: z -> image."""
    return adapter.mlp([(weights, bias)], [(weights.shape[1],)], adapter.image_shape(*image_hwc),
                       activation=None)


def _scores(seed):
    rng = np.random.default_rng(seed)
    return (rng.normal(1.0, 2.0, size=(8, 1)).astype(np.float32),
            rng.normal(-0.5, 2.0, size=(6, 1)).astype(np.float32))


def _critic_loss(real, fake):
    return np.mean(np.asarray(fake, np.float64)) - np.mean(np.asarray(real, np.float64))


def _generator_loss(fake):
    return -np.mean(np.asarray(fake, np.float64))


@register("wgan.critic_loss")
def check_critic_loss(loss_fn, probe):
    """``critic_loss(real_scores, fake_scores)`` = mean(fake) - mean(real), raw scores."""
    for seed in (0, 1):
        real, fake = _scores(seed)
        value = checks.loss_value(probe, loss_fn, "critic_loss", [real, fake],
                                  ("real_scores", "fake_scores"),
                                  reference=_critic_loss if seed else None)
        expected = _critic_loss(real, fake)
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
    for seed in (0, 1):
        _, fake = _scores(seed)
        value = checks.loss_value(probe, loss_fn, "wgan_generator_loss", [fake], ("fake_scores",),
                                  reference=_generator_loss if seed else None)
        expected = _generator_loss(fake)
        if np.isclose(value, -expected, rtol=1e-4, atol=1e-5):
            probe.fail(f"the generator loss is {value:.4f}, expected {expected:.4f}: the sign is "
                       "flipped.", "the generator wants high critic scores, so it minimises "
                       "-mean(fake_scores).")
        probe.expect_close(value, expected, "the generator loss",
                           "use the raw scores, no sigmoid, no log, no cross-entropy: "
                           "-mean(fake_scores).")


def _check_clipped(probe, before, after, clip_value, label):
    for index, (a, b) in enumerate(zip(after, before, strict=True)):
        expected = np.clip(b, -clip_value, clip_value)
        if np.allclose(a, b) and not np.allclose(b, expected):
            probe.fail(f"in {label}, parameter tensor {index + 1} (shape {b.shape}) was not "
                       "clipped.", "clip every parameter of the critic, biases included and in "
                       "every nested layer, as the WGAN paper does.")
        if not np.allclose(a, expected, atol=1e-7):
            inside = np.abs(b) < clip_value
            if np.allclose(np.abs(a).max(), clip_value) and not np.allclose(a[inside], b[inside]):
                probe.fail("values already inside the clip range were changed.",
                           "clip, do not rescale: values in [-c, c] stay as they are, only "
                           "larger ones are cut to +-c.")
            probe.fail(f"after clip_weights(critic, {clip_value}) the parameters of {label} range "
                       f"over [{a.min():.3f}, {a.max():.3f}], expected the original values cut "
                       f"to [-{clip_value}, {clip_value}].",
                       "clip each parameter to [-clip_value, clip_value] with the argument, not "
                       "a fixed number.")


@register("wgan.clip_weights")
def check_clip_weights(clip_fn, probe):
    """``clip_weights(critic, clip_value)`` clips every parameter of the critic in place,
    on a tiny critic and on the course's own (nested) DCGAN critic."""
    adapter = probe.adapter
    layers = [(w * 4.0, b * 0.2 + np.sign(b) * 0.1)  # some weights beyond 1, biases beyond 0.05
              for w, b in random_layers((9, 6, 1), seed=2)]
    saved = saved_module(adapter)
    critics = {"a small critic": (_probe_critic(adapter, layers, (3, 3, 1)), 0.05),
               "the DCGAN critic": (saved.DCGANDiscriminator(1, 16, width=0.125, batch_norm=False),
                                    0.01)}
    for label, (critic, clip_value) in critics.items():
        if label == "the DCGAN critic":  # spread its weights beyond the clip value
            adapter.set_parameters(critic, [p * 20.0 + 0.02 for p in adapter.parameters(critic)])
        before = adapter.parameters(critic)
        probe.run(f"clip_weights(critic, {clip_value}) inside a compiled training step",
                  adapter.compiled(clip_fn), critic, clip_value)
        after = adapter.parameters(critic)
        probe.expect(any(np.abs(a - b).max() > 0 for a, b in zip(after, before, strict=True)),
                     f"the parameters of {label} did not change.",
                     "clip the parameters in place: assign the clipped values back to each "
                     "parameter (clamp_ under torch.no_grad(), variable.assign(...), "
                     "param.array[...] = ...); returning clipped copies changes nothing.")
        _check_clipped(probe, before, after, clip_value, label)


# (pixels as a (H, W, 1) image, hidden units), weights chosen so the input-gradient norms
# at the interpolates fall on both sides of 1 (a one-sided penalty then differs)
PENALTY_CRITIC = ((3, 3, 1), 6)
PENALTY_EPSILON = np.array([0.0, 1.0, 0.25, 0.5, 0.9, 0.6]).reshape(6, 1, 1, 1)


def penalty_probe(seed: int = 9):
    """Critic layers, real and fake images (NHWC) for the gradient-penalty grader."""
    rng = np.random.default_rng(seed)
    shape, hidden = PENALTY_CRITIC
    layers = random_layers((int(np.prod(shape)), hidden, 1), seed=seed, scale=1.0)
    layers = [(w.astype(np.float64), b.astype(np.float64)) for w, b in layers]
    real = rng.uniform(-1, 1, size=(len(PENALTY_EPSILON), *shape))
    fake = rng.uniform(-1, 1, size=(len(PENALTY_EPSILON), *shape))
    return layers, real, fake


@register("wgan.gradient_penalty")
def check_gradient_penalty(penalty_fn, probe):
    """``gradient_penalty(critic, real, fake, epsilon)``: the WGAN-GP penalty, without lambda.

    mean over the batch of (||grad_x D(x_hat)||_2 - 1)^2 at x_hat = epsilon real + (1 -
    epsilon) fake, where the norm is over each image's pixels; it must stay differentiable
    with respect to the critic's parameters (double backpropagation).
    """
    adapter = probe.adapter
    layers, real, fake = penalty_probe()
    batch = len(real)
    critic = _probe_critic(adapter, layers, PENALTY_CRITIC[0])
    args = [adapter.tensor(adapter.to_layout(a), like=critic) for a in (real, fake)]
    args.append(adapter.tensor(PENALTY_EPSILON, like=critic))

    value = probe.run("gradient_penalty(critic, real, fake, epsilon)",
                                penalty_fn, critic, *args)
    probe.expect(adapter.is_tensor(value) and not isinstance(value, (tuple, list)),
                 f"gradient_penalty returned a {type(value).__name__}, not a {adapter.name} tensor: "
                 "the critic step cannot differentiate it.", checks.TENSOR_HINT)
    value = checks.as_array(probe, value, "gradient_penalty")
    probe.expect(value.ndim == 0, f"the penalty has shape {value.shape}, expected a scalar "
                 "(shape ()).", "average the per-image terms over the batch.")
    value = float(value.reshape(()))
    inside = probe.run("gradient_penalty inside a compiled training step (Keras's tf.function)",
                       adapter.compiled(penalty_fn), critic, *args)
    probe.expect_close(checks.as_array(probe, inside, "gradient_penalty").reshape(()), value,
                       "the penalty inside a compiled training step",
                       "compute it with the framework's operations on the tensors it is given, "
                       "without Python-side state (no new variables, no NumPy).", rtol=1e-4)
    flat = [a.reshape(batch, -1) for a in (real, fake)]
    eps = PENALTY_EPSILON.reshape(batch, 1)
    expected = penalty_reference(layers, *flat, eps)
    norms = penalty_norms(layers, *flat, eps)
    variants = {
        "the penalty is not taken at the interpolates of the real and fake images with the "
        "epsilon given":
            (penalty_reference(layers, flat[0], flat[1], 1.0),
             penalty_reference(layers, flat[0], flat[1], 0.0),
             penalty_reference(layers, flat[0], flat[1], 0.5)),
        "epsilon weights the fakes instead of the real images":
            (penalty_reference(layers, flat[1], flat[0], eps),),
        "only norms above 1 are penalised (a one-sided penalty); WGAN-GP penalises both sides":
            (float(np.mean(np.maximum(norms - 1.0, 0.0) ** 2)),),
    }
    for message, candidates in variants.items():
        if any(np.isclose(value, c, rtol=1e-4) for c in candidates):
            probe.fail(f"{message} (penalty {value:.4f}, expected {expected:.4f}).",
                       "interpolate x_hat = epsilon * real + (1 - epsilon) * fake, with the "
                       "epsilon given, take the critic's gradient there, and penalise "
                       "(norm - 1)^2.")
    probe.expect_close(value, expected, "the penalty",
                       "per image: the L2 norm of the critic's gradient over all its pixels "
                       "(not per pixel, not squared), minus 1, squared; then the mean over the "
                       "batch. Do not multiply by lambda here.", rtol=1e-3)

    try:
        _, grads = adapter.gradients(critic, lambda m: penalty_fn(m, *args))
    except Exception:  # noqa: BLE001 - the penalty is not connected to the parameters at all
        grads = [None] * len(layers) * 2
    got = adapter.dense_layers(grads)
    want = layer_gradients(lambda ls: penalty_reference(ls, *flat, eps), layers)
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


def _call_step(probe, step_fn, generator, critic, optimizer, real, z, **options):
    adapter = probe.adapter
    call = "critic_step(generator, critic, c_optimizer, real, z" + "".join(
        f", {k}={v}" for k, v in options.items()) + ")"
    return probe.run(call, step_fn, generator, critic, optimizer,
                               adapter.tensor(adapter.to_layout(real), like=critic),
                               adapter.tensor(z, like=generator), **options)


def _stats(probe, stats, keys):
    probe.expect(isinstance(stats, dict), f"critic_step returned {type(stats).__name__}, "
                 "expected a dict.", 'return {"loss_critic": ..., "wasserstein": ...}.')
    probe.expect(keys <= set(stats), f"critic_step returned the keys {sorted(stats)}, "
                 f"expected {sorted(keys)}.",
                 'return {"loss_critic": loss, "wasserstein": mean(real) - mean(fake)}, '
                 'and "penalty" (without lambda) when gp_weight is set.')
    return {key: checks.as_number(probe, stats[key], f'stats["{key}"]', "return numbers (plain "
                                  "floats in PyTorch and Chainer).") for key in keys}


STEP_SHAPE, STEP_LATENT, STEP_BATCH, STEP_LR = (2, 3, 1), 4, 6, 0.05


def _step_probe(adapter, seed, real_is_fake=False):
    """A generator with batch norm, a tanh critic, z, real images (NHWC) and the fakes G(z)
    (G in training mode, flattened) for one critic-step case."""
    rng = np.random.default_rng(seed)
    pixels = int(np.prod(STEP_SHAPE))
    generator = adapter.small_net([(STEP_LATENT,)], adapter.image_shape(*STEP_SHAPE),
                                  batch_norm=True, seed=seed)
    z = rng.normal(size=(STEP_BATCH, STEP_LATENT)).astype(np.float32)
    fake = adapter.to_numpy(adapter.forward(generator, adapter.tensor(z, like=generator),
                                            training=True))
    fake = adapter.from_layout(fake).reshape(STEP_BATCH, pixels).astype(np.float64)
    real = fake if real_is_fake else rng.uniform(-1, 1, size=(STEP_BATCH, pixels))
    layers = [(w.astype(np.float64) * 1.5, b.astype(np.float64))
              for w, b in random_layers((pixels, 4, 1), seed=seed)]
    critic = _probe_critic(adapter, layers, STEP_SHAPE)
    return generator, critic, layers, real.reshape(STEP_BATCH, *STEP_SHAPE), fake, z


def _expected_update(layers, real, fake, gp_weight, clip_value):
    """The loss, Wasserstein estimate, penalty and the critic after one SGD step (NumPy).

    With ``gp_weight`` the cases use real == fake, so the interpolates are the real images
    whatever epsilon is, and the step is deterministic."""
    real = real.reshape(len(real), -1)

    def loss(ls):
        total = np.mean(critic_scores(ls, fake)[0]) - np.mean(critic_scores(ls, real)[0])
        return total + (gp_weight * penalty_reference(ls, real, fake, 1.0) if gp_weight else 0.0)

    wasserstein = -(np.mean(critic_scores(layers, fake)[0]) - np.mean(critic_scores(layers, real)[0]))
    penalty = penalty_reference(layers, real, fake, 1.0)
    grads = layer_gradients(loss, layers)
    stepped = [(w - STEP_LR * gw, b - STEP_LR * gb) for (w, b), (gw, gb) in zip(layers, grads,
                                                                            strict=True)]
    if clip_value is not None:
        stepped = [(np.clip(w, -clip_value, clip_value), np.clip(b, -clip_value, clip_value))
                   for w, b in stepped]
    return loss(layers), wasserstein, penalty, stepped


@register("wgan.critic_step")
def check_critic_step(step_fn, probe):
    """``critic_step(generator, critic, c_optimizer, real, z, gp_weight=0.0, clip_value=None)``.

    One optimizer step on critic_loss (+ gp_weight * penalty), then clipping if asked; the
    generator must not change. Returns {"loss_critic", "wasserstein"[, "penalty"]}.
    Deterministic cases first (no penalty; clipping; a penalty with real == fake and
    gp_weight 3.7, so a hard-coded lambda shows), then the epsilon check.
    """
    adapter = probe.adapter
    cases = (({}, False), ({"clip_value": 0.3}, False), ({"gp_weight": 3.7}, True))
    for case, (options, real_is_fake) in enumerate(cases):
        gp_weight, clip_value = options.get("gp_weight", 0.0), options.get("clip_value")
        generator, critic, layers, real, fake, z = _step_probe(adapter, 10 + case,
                                                              real_is_fake=real_is_fake)
        optimizer = adapter.momentum_sgd(critic, STEP_LR, 0.0)
        adapter.momentum_sgd(generator, STEP_LR, 0.0)  # as in training: G has its own optimizer
        adapter.fill_gradients(critic, 0.5)  # left by an earlier generator step
        networks = {"the generator": generator, "the critic": critic}
        counts = {key: adapter.trainable_count(network) for key, network in networks.items()}
        g_before, g_held = adapter.parameters(generator), adapter.held_gradients(generator)
        stats = _call_step(probe, step_fn, generator, critic, optimizer, real, z, **options)
        gan_checks.check_still_trainable(probe, networks, counts, "critic_step")
        loss, wasserstein, penalty, stepped = _expected_update(layers, real, fake, gp_weight,
                                                               clip_value)
        probe.expect(all(np.array_equal(a, b) for a, b in
                         zip(adapter.parameters(generator), g_before, strict=True)),
                     "the generator's parameters changed during the critic step.",
                     "only the critic's optimizer steps here; compute the fakes without "
                     "gradient (torch.no_grad(), outside the tape, chainer.no_backprop_mode()).")
        probe.expect(all(gan_checks.same_array(a, b) for a, b in
                         zip(adapter.held_gradients(generator), g_held, strict=True)),
                     "the critic step left gradients on the generator's parameters.",
                     "the fakes must not carry the generator's graph into the critic loss or the "
                     "penalty: compute them under torch.no_grad() / chainer.no_backprop_mode(), "
                     "or detach them.")
        got = adapter.dense_layers(adapter.parameters(critic))
        moved = max(float(np.abs(g - w).max()) for pair_g, pair_w in zip(got, layers, strict=True)
                    for g, w in zip(pair_g, pair_w, strict=True))
        probe.expect(moved > 0, "the critic's parameters did not change.",
                     "take one step with c_optimizer after computing the gradients.")
        if clip_value is not None:
            largest = max(np.abs(a).max() for pair in got for a in pair)
            probe.expect(largest <= clip_value + 1e-6,
                         f"after critic_step(..., clip_value={clip_value}) some parameters lie "
                         f"outside [-{clip_value}, {clip_value}].",
                         "clip the critic's parameters after the optimizer step, not before it.")
        if not all(np.allclose(g, w, rtol=1e-3, atol=1e-5) for pair_g, pair_w in
                   zip(got, stepped, strict=True) for g, w in zip(pair_g, pair_w, strict=True)):
            uphill = [(2 * w0 - w, 2 * b0 - b) for (w0, b0), (w, b) in zip(layers, stepped,
                                                                          strict=True)]
            if clip_value is None and all(np.allclose(g, w, rtol=1e-3, atol=1e-5) for pair_g, pair_w
                                          in zip(got, uphill, strict=True)
                                          for g, w in zip(pair_g, pair_w, strict=True)):
                probe.fail("the critic step went uphill on the critic loss.",
                           "minimise critic_loss(real_scores, fake_scores) = mean(fake) - "
                           "mean(real) (plus the penalty).")
            if gp_weight:
                probe.fail("the critic step does not match one optimizer step on critic_loss + "
                           f"gp_weight * penalty (gp_weight={gp_weight}).",
                           "add gp_weight * gradient_penalty(critic, real, fake, epsilon) to the "
                           "loss you differentiate (the argument, not a fixed 10), penalising "
                           "(norm - 1)^2 on both sides of 1; in Keras compute it inside the "
                           "outer GradientTape; take one optimizer step on the total.")
            probe.fail("the critic step does not match one optimizer step on critic_loss"
                       + (", then clipping." if clip_value is not None else "."),
                       "score real and fake images with the critic, minimise critic_loss, "
                       "step once with c_optimizer (reset gradients first in PyTorch/Chainer)"
                       + (", then clip every parameter to the clip_value given." if clip_value
                          is not None else "."))
        keys = {"loss_critic", "wasserstein"} | ({"penalty"} if gp_weight else set())
        numbers = _stats(probe, stats, keys)
        for key, expected, hint in (
            ("wasserstein", wasserstein, "the Wasserstein estimate is mean(real_scores) - "
             "mean(fake_scores), the negative critic loss without the penalty, before the step."),
            ("loss_critic", loss, "loss_critic is the loss you minimised, penalty term "
             "included, computed before the step."),
            ("penalty", penalty, "penalty is gradient_penalty(...) without the weight lambda."),
        ):
            if key in keys:
                probe.expect_close(numbers[key], expected, f'stats["{key}"]', hint, rtol=1e-3,
                                   atol=1e-5)
    check_epsilon(probe, step_fn)


EPSILON_RUNS, EPSILON_GRID = 30, np.linspace(-0.5, 1.5, 201)


def gradient_table(layers, real, fake, gp_weight: float, grids=(EPSILON_GRID, EPSILON_GRID)):
    """The one-unit probe's gradient (:func:`one_unit_gradients`) of the batch of two images
    for every pair of epsilons on ``grids``: (E0, E1, parameters)."""
    per_image = [one_unit_gradients(layers, real[i:i + 1], fake[i:i + 1], grid[:, None],
                                    gp_weight / 2) for i, grid in enumerate(grids)]
    loss_part = one_unit_gradients(layers, real, fake, np.zeros((1, 2)), 0.0)[0]
    return per_image[0][:, None, :] + per_image[1][None, :, :] - loss_part  # loss counted once


def fit_epsilons(observed, layers, real, fake, gp_weight: float, coarse=None):
    """The two images' epsilons that best explain an observed gradient of critic_loss +
    gp_weight * penalty on the one-unit probe: a search on a grid of step 0.01 (``coarse``,
    its :func:`gradient_table` if already computed), refined to 0.001 around the best point.
    Returns (epsilons, misfit), the misfit relative to the gradient's size."""
    def closest(table, grids):  # the grid point whose gradient is nearest the observed one
        errors = np.abs(table - observed).max(axis=2)
        i, j = np.unravel_index(np.argmin(errors), errors.shape)
        return (grids[0][i], grids[1][j]), errors[i, j]

    table = gradient_table(layers, real, fake, gp_weight) if coarse is None else coarse
    best, _ = closest(table, (EPSILON_GRID, EPSILON_GRID))
    grids = tuple(np.linspace(b - 0.01, b + 0.01, 21) for b in best)
    best, error = closest(gradient_table(layers, real, fake, gp_weight, grids), grids)
    return np.array(best), error / (np.abs(observed).max() + 1e-12)


def _epsilon_probe(adapter):
    """Two real images, one fake (G(z) is its bias, whatever z) and a critic with one tanh
    hidden unit whose update reveals each image's epsilon."""
    rng = np.random.default_rng(20)
    pixels = int(np.prod(STEP_SHAPE))
    real = rng.uniform(-1, 1, size=(2, pixels))
    fake = rng.uniform(-1, 1, size=pixels)
    w1 = (real - fake).sum(axis=0, keepdims=True)  # both interpolation lines cross the unit
    projections = np.concatenate([real, fake[None]]) @ w1[0]
    w1 *= 1.4 / np.ptp(projections)
    b1 = 0.2 - projections.min() * 1.4 / np.ptp(projections)  # t in [0.2, 1.6]: the slope of
    layers = [(w1, np.array([b1])), (np.array([[1.3]]), np.array([0.2]))]  # tanh is monotone
    generator = _probe_generator(adapter, np.zeros((pixels, STEP_LATENT), np.float32),
                                 fake.astype(np.float32), STEP_SHAPE)
    return generator, layers, real, np.stack([fake, fake])


def check_epsilon(probe, step_fn, gp_weight: float = 2.0) -> None:
    """``critic_step`` draws epsilon ~ U[0, 1], one per image, anew at every call.

    The probe critic has one hidden unit, so an update is an exact function of the two
    images' epsilons (:func:`one_unit_gradients`): the grader finds them from the update,
    over several calls from the same state, and checks how they are distributed.
    """
    adapter = probe.adapter
    generator, layers, real, fake = _epsilon_probe(adapter)
    critic = _probe_critic(adapter, layers, STEP_SHAPE)
    start = adapter.parameters(critic)
    optimizer = adapter.momentum_sgd(critic, STEP_LR, 0.0)  # plain SGD: each step from scratch
    coarse = gradient_table(layers, real, fake, gp_weight)  # the same for every run
    rng = np.random.default_rng(21)
    found, misfit = [], []
    for _ in range(EPSILON_RUNS):
        adapter.set_parameters(critic, start)
        z = rng.normal(size=(2, STEP_LATENT))
        _call_step(probe, step_fn, generator, critic, optimizer, real.reshape(2, *STEP_SHAPE), z,
                   gp_weight=gp_weight)
        after = adapter.dense_layers(adapter.parameters(critic))
        observed = -np.concatenate([(a - b).ravel() for pair_a, pair_b in zip(after, layers,
                                                                               strict=True)
                                    for a, b in zip(pair_a, pair_b, strict=True)]) / STEP_LR
        epsilons, error = fit_epsilons(observed, layers, real, fake, gp_weight, coarse)
        found.append(epsilons)
        misfit.append(error)
    found = np.array(found)
    probe.expect(max(misfit) < 0.02,
                 "with gp_weight set, the critic's update is not one optimizer step on "
                 "critic_loss + gp_weight * penalty at x_hat = eps * real + (1 - eps) * fake for "
                 "any epsilon per image: epsilon is drawn per pixel, or the penalty is off.",
                 "draw one epsilon per image, of shape (B, 1, 1, 1), and broadcast it over the "
                 "pixels.")
    probe.expect(found.std() > 0.1,
                 f"epsilon is the same at every call ({found.mean():.2f}): it must be random.",
                 "draw epsilon ~ U[0, 1] anew at every call: torch.rand(...), "
                 "tf.random.uniform(...) / keras.random.uniform(...), xp.random.uniform(...).")
    probe.expect(np.mean(np.abs(found[:, 0] - found[:, 1]) > 0.05) > 0.5,  # 0.9 for U[0, 1]
                 "both images of a batch get the same epsilon.",
                 "draw one epsilon per image: shape (B, 1, 1, 1), not (1, 1, 1, 1).")
    probe.expect(found.min() > -0.02 and found.max() < 1.02
                 and abs(found.mean() - 0.5) < 0.15 and 0.18 < found.std() < 0.4,
                 f"the epsilons drawn range over [{found.min():.2f}, {found.max():.2f}] with mean "
                 f"{found.mean():.2f} and standard deviation {found.std():.2f}; U[0, 1] has mean "
                 "0.5 and standard deviation 0.29.",
                 "draw epsilon from the uniform distribution on [0, 1] (not a normal one).")


@register("wgan.training", answer="history")
def check_training(history: dict, probe, samples=None, dataset=None) -> None:
    """A WGAN history: every key, finite numbers, and (after 2+ epochs) a critic that has
    told real from fake in some epoch (a positive Wasserstein estimate); outside the smoke
    profile, real-like ``samples`` (:mod:`.sample_checks`)."""
    keys = ("loss_critic", "loss_G", "wasserstein")
    probe.expect(all(isinstance(history.get(k), (list, tuple)) and len(history[k]) for k in keys),
                 f"the history needs the keys {', '.join(keys)}, one value per epoch.",
                 "pass the history that fit_gan returns for the WGAN training step.")
    for key, values in history.items():
        probe.expect(bool(np.all(np.isfinite(np.asarray(values, np.float64)))),
                     f"{key} is not finite: training diverged.",
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
    sample_checks.judge_if_trained(probe, samples, dataset)


# ------------------------------------------------------------------------------- benchmark


def benchmark_step(reference, config, adapter):
    """One WGAN-GP iteration at full size: a critic step with the penalty, then a G step."""
    saved = saved_module(adapter)
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
