"""Behavioural checks shared by the GAN topics (04 GAN, 05 DCGAN, 06 cGAN, 07 WGAN).

- Models: output ranges (tanh images, unbounded logits) and LeakyReLU (no dead units).
- Losses: compared with NumPy on random logits, then on large ones (+-20, +-120), where a
  loss computed as ``log(sigmoid(x))`` overflows and BCE-with-logits does not.
- Training steps run on tiny networks from ``adapter.small_net`` with plain SGD
  (``adapter.sgd``), so the expected effect of one step is exact: each parameter moves by
  ``-lr * gradient``, the gradient coming from ``adapter.gradients`` on the loss written
  with the adapter's own ops. A D step must match one SGD step on loss_D with the fakes
  held fixed and leave G alone (parameters and, in PyTorch and Chainer, ``.grad``); a G
  step must match one SGD step on loss_G through the current D and leave D's parameters
  alone. Each step is called twice, so gradients left over from a call show up.

Reuse in later topics:
- conditional models: ``condition_shapes`` lists the per-example shapes of the extra inputs
  (``[()]`` for a label), and ``conditions(adapter, batch, seed)`` returns them as framework
  arrays; they are passed after the step's usual arguments and to every call of G and D;
- other losses (a WGAN critic, a hinge loss): pass ``d_loss(adapter, D, real, fake, *c)`` or
  ``g_loss(adapter, D, fake, *c)`` written with adapter ops, and ``project(params)`` for what
  the step does to D's parameters after the update (weight clipping).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import autoencoder_checks as ae

RETURN_HINT = ("return the loss: loss.item() in PyTorch, float(loss.array) in Chainer, the "
               "scalar loss tensor in Keras.")


# ----------------------------------------------------------------------------- NumPy


def softplus(x):
    """log(1 + exp(x)), without overflow."""
    return np.logaddexp(0.0, np.asarray(x, np.float64))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, np.float64)))


def np_discriminator_loss(real_logits, fake_logits):
    """BCE(real -> 1) + BCE(fake -> 0), batch means.

    -log sigmoid(r) = softplus(-r) and -log(1 - sigmoid(f)) = softplus(f).
    """
    return softplus(-real_logits).mean() + softplus(fake_logits).mean()


def np_generator_loss(fake_logits):
    """Non-saturating: BCE(fake -> 1) = mean -log s(f)."""
    return softplus(-fake_logits).mean()


DISCRIMINATOR_LOSS_MISTAKES = [
    (lambda r, f: softplus(r).mean() + softplus(-f).mean(),
     "the targets are swapped: real images have target 1 (real), fakes target 0."),
    (lambda r, f: softplus(-r).sum() + softplus(f).sum(),
     "take the mean over the batch (the default reduction), not the sum."),
    (lambda r, f: softplus(-sigmoid(r)).mean() + softplus(sigmoid(f)).mean(),
     "the sigmoid is applied twice: the logits go straight into BCE-with-logits."),
    (lambda r, f: 0.5 * (softplus(-r).mean() + softplus(f).mean()),
     "add the two terms; do not average them."),
    (lambda r, f: softplus(-r).mean(), "add the fake term: BCE of the fake logits with target 0."),
    (lambda r, f: softplus(f).mean(), "add the real term: BCE of the real logits with target 1."),
]

GENERATOR_LOSS_MISTAKES = [
    (lambda f: -softplus(f).mean(),
     "this is the saturating loss log(1 - D(G(z))): its gradient vanishes when D rejects the "
     "fakes. Use the non-saturating -log D(G(z)): BCE of the fake logits with target 1."),
    (lambda f: softplus(f).mean(),
     "target 0 is the discriminator's goal for fakes; the generator wants them called real: "
     "target 1."),
    (lambda f: softplus(-sigmoid(f)).mean(),
     "the sigmoid is applied twice: the logits go straight into BCE-with-logits."),
    (lambda f: softplus(-f).sum(), "take the mean over the batch, not the sum."),
]

LARGE_LOGITS = np.array([[20.0], [-20.0], [120.0], [-120.0]], np.float32)
UNSTABLE_HINT = ("for large logits sigmoid(x) rounds to exactly 0 or 1 and log() overflows: use "
                 "the framework's BCE-with-logits (or softplus), which works on the logits.")


# ------------------------------------------------------------------------------ models


def latent(batch: int, latent_dim: int, seed: int = 0) -> np.ndarray:
    """A seeded batch of N(0, I) noise vectors, float32, shape (batch, latent_dim)."""
    return np.random.default_rng(seed).standard_normal((batch, latent_dim)).astype(np.float32)


def check_tanh_output(probe, model, inputs, hint: str) -> None:
    """Outputs stay in [-1, 1] and reach both signs when the inputs are huge (tanh saturates)."""
    output = ae.forward(probe, model, inputs * 50.0)
    probe.expect(np.abs(output).max() <= 1.0 + 1e-5,
                 f"outputs reach {np.abs(output).max():.3g} for large inputs: they are not "
                 "bounded to [-1, 1].", hint)
    probe.expect(output.min() < -0.5 and output.max() > 0.5,
                 f"for large inputs the outputs stay within [{output.min():.2f}, "
                 f"{output.max():.2f}], not spread over [-1, 1].", hint)


def check_no_dead_units(probe, model, inputs, hint: str, max_zero_fraction: float = 0.02) -> None:
    """For one input, (almost) every weight gets a non-zero gradient: LeakyReLU, not ReLU.

    A ReLU unit whose input is negative passes no gradient, so the weights into and out of
    it get exactly zero for that example; LeakyReLU always passes a fraction.
    """
    adapter = probe.adapter
    x = adapter.tensor(inputs[:1], like=model)
    target = adapter.tensor(np.full(ae.forward(probe, model, inputs[:1]).shape, 0.25), like=model)
    _, grads = probe.run("backpropagating through the model", adapter.gradients, model,
                         lambda m: adapter.mean_squared_error(m(x), target))
    total = sum(np.size(g) for g in grads if g is not None)
    zeros = sum(int(np.sum(g == 0)) for g in grads if g is not None)
    probe.expect(total > 0 and zeros <= max_zero_fraction * total,
                 f"for a single input, {zeros:,} of {total:,} weights get exactly zero gradient: "
                 "some units pass nothing back, as a ReLU does for negative inputs.", hint)


# ------------------------------------------------------------------------------ losses


def _loss_value(probe, loss_fn, name, arrays) -> float:
    adapter = probe.adapter
    value = probe.run(name, loss_fn, *(adapter.tensor(a) for a in arrays))
    value = np.asarray(adapter.to_numpy(value), np.float64)
    probe.expect(value.size == 1, f"{name} returned shape {value.shape}, expected a scalar.",
                 "average over the batch: the loss is one number.")
    return float(value.reshape(()))


def _close(a, b, rtol=1e-4, atol=1e-5) -> bool:
    return bool(np.isfinite(a) and np.isclose(a, b, rtol=rtol, atol=atol))


def check_loss(probe, loss_fn, name: str, reference: Callable, arity: int, hint: str,
               mistakes=()) -> None:
    """``loss_fn(*logits)`` equals ``reference(*logits)`` (NumPy) on moderate, then large logits.

    ``mistakes`` are ``(numpy function, hint)`` pairs: a typical wrong answer gets its own hint.
    """
    rng = np.random.default_rng(0)
    moderate = [rng.normal(0.0, 2.0, size=(16, 1)).astype(np.float32) for _ in range(arity)]
    got, want = _loss_value(probe, loss_fn, name, moderate), reference(*moderate)
    if not _close(got, want):
        for wrong, mistake_hint in mistakes:
            if _close(got, wrong(*moderate)):
                probe.fail(f"{name} is {got:.4f}, expected {want:.4f}.", mistake_hint)
        probe.fail(f"{name} is {got:.4f}, expected {want:.4f}.", hint)
    large = [LARGE_LOGITS * (-1.0) ** i for i in range(arity)]  # real and fake logits disagree
    got, want = _loss_value(probe, loss_fn, name, large), reference(*large)
    probe.expect(_close(got, want),
                 f"for large logits (+-20, +-120) {name} is {got:.4g}, expected {want:.4g}.",
                 UNSTABLE_HINT)


def check_discriminator_loss(probe, loss_fn) -> None:
    """``discriminator_loss(real_logits, fake_logits)``: BCE(real -> 1) + BCE(fake -> 0)."""
    check_loss(probe, loss_fn, "discriminator_loss", np_discriminator_loss, 2,
               "BCE-with-logits of the real logits with target 1, plus that of the fake logits "
               "with target 0, each averaged over the batch.", DISCRIMINATOR_LOSS_MISTAKES)


def check_generator_loss(probe, loss_fn) -> None:
    """``generator_loss(fake_logits)``: BCE(fake -> 1), the non-saturating loss."""
    check_loss(probe, loss_fn, "generator_loss", np_generator_loss, 1,
               "BCE-with-logits of the fake logits with target 1 (the non-saturating "
               "-log D(G(z))), averaged over the batch.", GENERATOR_LOSS_MISTAKES)


# ------------------------------------------------------------------------------- steps


def bce_discriminator_loss(adapter, discriminator, real, fake, *conditions):
    """loss_D in adapter ops: BCE(D(real) -> 1) + BCE(D(fake) -> 0)."""
    return (adapter.bce_with_logits(discriminator(real, *conditions), 1.0)
            + adapter.bce_with_logits(discriminator(fake, *conditions), 0.0))


def bce_generator_loss(adapter, discriminator, fake, *conditions):
    """loss_G in adapter ops: BCE(D(fake) -> 1)."""
    return adapter.bce_with_logits(discriminator(fake, *conditions), 1.0)


def tiny_gan(adapter, latent_dim: int, image_hwc: tuple[int, int, int], condition_shapes=()):
    """A tiny G (z, *conditions -> image) and D (image, *conditions -> logit) to probe steps."""
    image = adapter.image_shape(*image_hwc)
    generator = adapter.small_net([(latent_dim,), *condition_shapes], image)
    discriminator = adapter.small_net([image, *condition_shapes], (1,))
    return generator, discriminator


def _as_number(probe, value, name: str) -> float:
    try:
        return float(np.asarray(probe.adapter.to_numpy(value), np.float64).reshape(()))
    except (TypeError, ValueError):
        probe.fail(f"{name} returned {type(value).__name__}, expected the loss as a number.",
                   RETURN_HINT)


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return np.array_equal(a, b, equal_nan=True)


STILL_HINT = ("apply the gradients with the optimizer you were given (optimizer.step(), "
              "optimizer.apply_gradients(...) or optimizer.update()).")


def _check_sgd_update(probe, before, after, grads, lr, what, hint, previous=None, project=None,
                      still_hint=STILL_HINT):
    """``after`` is ``before - lr * grads`` (then ``project``); name the usual mistakes."""
    before = [np.asarray(p, np.float64) for p in before]
    grads = [np.zeros_like(b) if g is None else np.asarray(g, np.float64)
             for b, g in zip(before, grads, strict=True)]
    expected = [b - lr * g for b, g in zip(before, grads, strict=True)]
    if project is not None:
        expected = [np.asarray(e, np.float64) for e in project(expected)]
    moved = [np.asarray(a, np.float64) - b for a, b in zip(after, before, strict=True)]
    wanted = [e - b for e, b in zip(expected, before, strict=True)]
    scale = max(float(np.abs(w).max()) for w in wanted)

    def matches(candidate):
        error = max(float(np.abs(m - c).max()) for m, c in zip(moved, candidate, strict=True))
        return error <= 1e-3 * scale + 1e-6

    if matches(wanted):
        return
    if max(float(np.abs(m).max()) for m in moved) == 0.0:
        probe.fail(f"{what}: the parameters did not change.", still_hint)
    if matches([-w for w in wanted]):
        probe.fail(f"{what} moved the parameters uphill: the loss grows.",
                   "descend: apply the gradients of the loss, not of -loss.")
    if previous is not None and matches([w - lr * p for w, p in zip(wanted, previous, strict=True)]):
        probe.fail(f"{what} used the gradients of this call plus those left from the previous one.",
                   "clear the gradients before backward: optimizer.zero_grad() in PyTorch, "
                   "model.cleargrads() in Chainer.")
    probe.fail(f"{what} does not match one optimizer step on the expected loss.", hint)


def _batch(adapter, like_g, like_d, batch, latent_dim, image_hwc, seed):
    rng = np.random.default_rng(seed)
    real = rng.uniform(-1, 1, size=(batch, *image_hwc)).astype(np.float32)
    z = rng.normal(size=(batch, latent_dim)).astype(np.float32)
    return adapter.tensor(adapter.to_layout(real), like=like_d), adapter.tensor(z, like=like_g)


def check_discriminator_step(probe, step, *, d_loss=bce_discriminator_loss, lr: float = 0.5,
                             latent_dim: int = 3, image_hwc=(3, 3, 1), batch: int = 8,
                             condition_shapes=(), conditions=None, project=None,
                             name: str = "discriminator_step") -> None:
    """``step(generator, discriminator, d_optimizer, real, z, *conditions)``: one SGD step of D.

    Checks, on two calls with new batches: the returned loss is ``d_loss`` before the update,
    G's parameters and stored gradients are untouched, and D moved by ``-lr * grad d_loss``
    with the fakes ``G(z)`` held fixed.
    """
    adapter = probe.adapter
    generator, discriminator = tiny_gan(adapter, latent_dim, image_hwc, condition_shapes)
    optimizer = adapter.sgd(discriminator, lr)
    previous = None
    for call in (1, 2):
        real, z = _batch(adapter, generator, discriminator, batch, latent_dim, image_hwc, call)
        extra = list(conditions(adapter, batch, call)) if conditions else []
        fake = adapter.tensor(adapter.to_numpy(generator(z, *extra)), like=discriminator)
        loss, grads = adapter.gradients(
            discriminator, lambda d, r=real, f=fake, c=extra: d_loss(adapter, d, r, f, *c))
        d_before, g_before = adapter.parameters(discriminator), adapter.parameters(generator)
        g_held = adapter.held_gradients(generator)
        returned = probe.run(f"{name}(generator, discriminator, d_optimizer, real, z)", step,
                             generator, discriminator, optimizer, real, z, *extra)
        returned = _as_number(probe, returned, name)
        probe.expect_close(returned, loss, f"the loss returned by call {call}",
                           "return loss_D of this batch, computed before the update: D's loss "
                           "on the real images (target 1) plus on the fakes G(z) (target 0).",
                           rtol=1e-3, atol=1e-5)
        probe.expect(all(np.array_equal(a, b) for a, b in
                         zip(adapter.parameters(generator), g_before, strict=True)),
                     "the discriminator step changed the generator's parameters.",
                     "update only D: apply D's gradients with d_optimizer, to D's variables.")
        probe.expect(all(_same(a, b) for a, b in
                         zip(adapter.held_gradients(generator), g_held, strict=True)),
                     "the discriminator step left gradients on the generator: D's loss was "
                     "backpropagated through G.",
                     "detach the fakes before D sees them: generator(z).detach() in PyTorch, "
                     "generator(z).array in Chainer.")
        _check_sgd_update(probe, d_before, adapter.parameters(discriminator), grads, lr,
                          f"call {call} of {name}",
                          "compute D's loss on this real batch and on G(z) for the z you are "
                          "given, then take one step of d_optimizer on D's parameters.",
                          previous=previous, project=project)
        previous = [np.zeros(1) if g is None else np.asarray(g, np.float64) for g in grads]


def check_generator_step(probe, step, *, g_loss=bce_generator_loss, lr: float = 0.5,
                         latent_dim: int = 3, image_hwc=(3, 3, 1), batch: int = 8,
                         condition_shapes=(), conditions=None,
                         name: str = "generator_step") -> None:
    """``step(generator, discriminator, g_optimizer, z, *conditions)``: one SGD step of G.

    Checks, on two calls with new noise: the returned loss is ``g_loss`` before the update,
    D's parameters are untouched, and G moved by ``-lr * grad g_loss`` through the current D.
    """
    adapter = probe.adapter
    generator, discriminator = tiny_gan(adapter, latent_dim, image_hwc, condition_shapes)
    optimizer = adapter.sgd(generator, lr)
    previous = None
    for call in (1, 2):
        _, z = _batch(adapter, generator, discriminator, batch, latent_dim, image_hwc, call)
        extra = list(conditions(adapter, batch, call)) if conditions else []
        loss, grads = adapter.gradients(
            generator, lambda g, z=z, c=extra: g_loss(adapter, discriminator, g(z, *c), *c))
        g_before, d_before = adapter.parameters(generator), adapter.parameters(discriminator)
        returned = probe.run(f"{name}(generator, discriminator, g_optimizer, z)", step,
                             generator, discriminator, optimizer, z, *extra)
        returned = _as_number(probe, returned, name)
        probe.expect_close(returned, loss, f"the loss returned by call {call}",
                           "return loss_G computed before the update: the generator loss of "
                           "D's logits on G(z) (BCE with target 1).", rtol=1e-3, atol=1e-5)
        probe.expect(all(np.array_equal(a, b) for a, b in
                         zip(adapter.parameters(discriminator), d_before, strict=True)),
                     "the generator step changed the discriminator's parameters.",
                     "update only G: apply G's gradients with g_optimizer, to G's variables.")
        _check_sgd_update(probe, g_before, adapter.parameters(generator), grads, lr,
                          f"call {call} of {name}",
                          "compute generator_loss(D(G(z))) with G(z) not detached, so the "
                          "gradient flows through D into G, then take one step of g_optimizer.",
                          previous=previous,
                          still_hint="keep G(z) connected to G here (no detach, .array or "
                          "computing it outside the tape), so the gradient reaches G, and apply "
                          "it with g_optimizer.")
        previous = [np.zeros(1) if g is None else np.asarray(g, np.float64) for g in grads]


# ------------------------------------------------------------------------------ history


def check_training(history, probe, keys=("loss_D", "loss_G")) -> None:
    """The history has every key, >= 2 finite epochs, and D did not win outright."""
    probe.expect(isinstance(history, dict) and all(history.get(k) for k in keys),
                 f"the history needs the lists {', '.join(keys)}.",
                 "pass the history that fit_gan returns, with a step that returns these keys.")
    lengths = {len(history[k]) for k in keys}
    probe.expect(len(lengths) == 1 and lengths.pop() >= 2,
                 "the history needs at least two epochs of every loss.",
                 "train for at least two epochs.")
    values = np.array([history[k] for k in keys], np.float64)
    probe.expect(bool(np.all(np.isfinite(values))), "a loss became NaN or infinite.",
                 "compute the losses with BCE-with-logits and check the learning rate.")
    if "loss_D" in keys:
        probe.expect(history["loss_D"][-1] > 0.05,
                     f"loss_D fell to {history['loss_D'][-1]:.4f}: D wins outright, and G gets "
                     "no useful gradient.",
                     "check that G is trained with the non-saturating loss and that both steps run "
                     "once per batch.")
    print("final epoch: " + ", ".join(f"{k} {history[k][-1]:.3f}" for k in history))
