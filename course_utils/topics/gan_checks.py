"""Behavioural checks shared by the GAN topics (04 GAN, 05 DCGAN, 06 cGAN, 07 WGAN).

- Losses: compared with NumPy on random logits, then on large ones (+-20, +-120), where a
  loss computed as ``log(sigmoid(x))`` overflows and BCE-with-logits does not; they must be
  differentiable framework scalars with the right gradient (``checks.loss_value``).
- Training steps run on tiny networks with batch norm (``adapter.small_net``), so calling
  a network in the wrong mode changes the result, with momentum SGD (``adapter.momentum_sgd``),
  whose effect is exact, depends on the loss's scale and remembers the previous step, so
  an extra optimizer step or a left-over gradient shows. The expected update comes from
  ``adapter.gradients`` on the loss written with the adapter's own ops, both networks in
  training mode. A D step must match one step on loss_D with the fakes held fixed and
  leave G alone (parameters and, in PyTorch and Chainer, ``.grad``); a G step must match
  one step on loss_G through the current D and leave D's parameters alone. Each step is
  called twice, and after each call both networks must still be trainable (nothing
  frozen), as the next step needs them; both have an optimizer, as in training.

Reuse in later topics:
- conditional models: ``condition_shapes`` lists the per-example shapes of the extra inputs
  (``[()]`` for a label), and ``conditions(adapter, batch, seed)`` returns them as framework
  arrays; they are passed after the step's usual arguments and to every call of G and D;
- other losses (a hinge loss, an LSGAN loss): pass ``d_loss(adapter, D, real, fake, *c)`` or
  ``g_loss(adapter, D, fake, *c)`` written with adapter ops.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import checks

MOMENTUM = 0.9
RETURN_HINT = checks.RETURN_HINT


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


# ------------------------------------------------------------------------------ losses


def _close(a, b, rtol=1e-4, atol=1e-5) -> bool:
    return bool(np.isfinite(a) and np.isclose(a, b, rtol=rtol, atol=atol))


def check_loss(probe, loss_fn, name: str, reference: Callable, names, hint: str,
               mistakes=()) -> None:
    """``loss_fn(*logits)`` equals ``reference(*logits)`` (NumPy) on moderate, then large logits,
    and is a differentiable framework scalar with the reference's gradient.

    ``mistakes`` are ``(numpy function, hint)`` pairs: a typical wrong answer gets its own hint.
    Real and fake batches have different sizes, so a sum or a mean over the wrong set shows.
    """
    rng = np.random.default_rng(0)
    moderate = [rng.normal(0.0, 2.0, size=(16 - 6 * i, 1)).astype(np.float32)
                for i in range(len(names))]
    got, want = checks.loss_value(probe, loss_fn, name, moderate, names), reference(*moderate)
    if not _close(got, want):
        for wrong, mistake_hint in mistakes:
            if _close(got, wrong(*moderate)):
                probe.fail(f"{name} is {got:.4f}, expected {want:.4f}.", mistake_hint)
        probe.fail(f"{name} is {got:.4f}, expected {want:.4f}.", hint)
    large = [LARGE_LOGITS * (-1.0) ** i for i in range(len(names))]  # real and fake disagree
    got, want = checks.loss_value(probe, loss_fn, name, large, names), reference(*large)
    probe.expect(_close(got, want),
                 f"for large logits (+-20, +-120) {name} is {got:.4g}, expected {want:.4g}.",
                 UNSTABLE_HINT)
    small = [a[:3] for a in moderate]
    checks.loss_value(probe, loss_fn, name, small, names, reference=reference)


def check_discriminator_loss(probe, loss_fn) -> None:
    """``discriminator_loss(real_logits, fake_logits)``: BCE(real -> 1) + BCE(fake -> 0)."""
    check_loss(probe, loss_fn, "discriminator_loss", np_discriminator_loss,
               ("real_logits", "fake_logits"),
               "BCE-with-logits of the real logits with target 1, plus that of the fake logits "
               "with target 0, each averaged over the batch.", DISCRIMINATOR_LOSS_MISTAKES)


def check_generator_loss(probe, loss_fn) -> None:
    """``generator_loss(fake_logits)``: BCE(fake -> 1), the non-saturating loss."""
    check_loss(probe, loss_fn, "generator_loss", np_generator_loss, ("fake_logits",),
               "BCE-with-logits of the fake logits with target 1 (the non-saturating "
               "-log D(G(z))), averaged over the batch.", GENERATOR_LOSS_MISTAKES)


# ------------------------------------------------------------------------------- steps


def bce_discriminator_loss(adapter, discriminator, real, fake, *conditions):
    """loss_D in adapter ops: BCE(D(real) -> 1) + BCE(D(fake) -> 0), D in training mode."""
    return (adapter.bce_with_logits(adapter.forward(discriminator, real, *conditions, training=True), 1.0)
            + adapter.bce_with_logits(adapter.forward(discriminator, fake, *conditions, training=True),
                                      0.0))


def bce_generator_loss(adapter, discriminator, fake, *conditions):
    """loss_G in adapter ops: BCE(D(fake) -> 1), D in training mode."""
    return adapter.bce_with_logits(adapter.forward(discriminator, fake, *conditions, training=True), 1.0)


def tiny_gan(adapter, latent_dim: int, image_hwc: tuple[int, int, int], condition_shapes=()):
    """A tiny G (z, *conditions -> image) and D (image, *conditions -> logit), both with batch
    norm on their hidden layer: probes for the steps."""
    image = adapter.image_shape(*image_hwc)
    generator = adapter.small_net([(latent_dim,), *condition_shapes], image, batch_norm=True, seed=1)
    discriminator = adapter.small_net([image, *condition_shapes], (1,), batch_norm=True, seed=2)
    return generator, discriminator


def same_array(a, b) -> bool:
    """Equal arrays (NaN equal to NaN), or both None."""
    if a is None or b is None:
        return a is None and b is None
    return np.array_equal(a, b, equal_nan=True)


STALE = 0.5  # the gradient every parameter holds before a step, as an earlier step leaves it
CLEAR_HINT = ("clear the gradients before backward, not after the update: optimizer.zero_grad() "
              "in PyTorch, model.cleargrads() in Chainer. The other network's step leaves "
              "gradients on this one.")
STILL_HINT = ("apply the gradients with the optimizer you were given (optimizer.step(), "
              "optimizer.apply_gradients(...) or optimizer.update()).")


class MomentumUpdate:
    """The parameters that momentum SGD gives after each call, computed in NumPy."""

    def __init__(self, lr: float, momentum: float = MOMENTUM):
        self.lr, self.momentum, self.velocity = lr, momentum, None

    def expect(self, probe, before, after, grads, what: str, hint: str,
               still_hint: str = STILL_HINT) -> None:
        """``after`` is one momentum step from ``before`` with ``grads``; names the usual
        mistakes when it is not."""
        before = [np.asarray(p, np.float64) for p in before]
        grads = [np.zeros_like(b) if g is None else np.asarray(g, np.float64)
                 for b, g in zip(before, grads, strict=True)]
        previous = self.velocity or [np.zeros_like(b) for b in before]
        velocity = [self.momentum * v + g for v, g in zip(previous, grads, strict=True)]
        self.velocity = velocity
        expected = [b - self.lr * v for b, v in zip(before, velocity, strict=True)]
        moved = [np.asarray(a, np.float64) - b for a, b in zip(after, before, strict=True)]
        wanted = [e - b for e, b in zip(expected, before, strict=True)]
        scale = max(float(np.abs(w).max()) for w in wanted)

        def matches(candidate):
            error = max(float(np.abs(m - c).max()) for m, c in zip(moved, candidate, strict=True))
            return error <= 1e-3 * scale + 1e-6

        if matches(wanted):
            return
        if not all(np.all(np.isfinite(m)) for m in moved):
            probe.fail(f"{what}: the parameters became NaN or infinite.",
                       "clear the gradients before backward (Chainer fills a new parameter's "
                       "gradient with NaN, and backward adds to what is there).")
        if max(float(np.abs(m).max()) for m in moved) == 0.0:
            probe.fail(f"{what}: the parameters did not change.", still_hint)
        if matches([-w for w in wanted]):
            probe.fail(f"{what} moved the parameters uphill: the loss grows.",
                       "descend: apply the gradients of the loss, not of -loss.")
        if any(np.any(p) for p in previous) and matches(
                [w - self.lr * p for w, p in zip(wanted, previous, strict=True)]):
            probe.fail(f"{what} used the gradients of this call plus those left from the "
                       "previous one.", CLEAR_HINT)
        stale = [w - self.lr * np.full_like(w, STALE) for w in wanted]
        if matches(stale):
            probe.fail(f"{what} used the gradients of this call plus the stale ones the network "
                       "held before it.", CLEAR_HINT)
        probe.fail(f"{what} does not match one optimizer step on the expected loss.", hint)


def _batch(adapter, like_g, like_d, batch, latent_dim, image_hwc, seed):
    rng = np.random.default_rng(seed)
    real = rng.uniform(-1, 1, size=(batch, *image_hwc)).astype(np.float32)
    z = rng.normal(size=(batch, latent_dim)).astype(np.float32)
    return adapter.tensor(adapter.to_layout(real), like=like_d), adapter.tensor(z, like=like_g)


FROZEN_HINT = ("do not freeze networks in a step (requires_grad_(False), trainable = False, "
               "disable_update()): apply the gradients to one network's parameters with its own "
               "optimizer instead, so the other network stays trainable for its own step.")


def check_still_trainable(probe, networks: dict, counts: dict, after: str) -> None:
    """Every network is as trainable as before the step: the next step needs it."""
    for name, network in networks.items():
        probe.expect(probe.adapter.trainable_count(network) == counts[name],
                     f"after {after}, {name} is frozen: its next update would change nothing "
                     "(or fail).", FROZEN_HINT)


def check_discriminator_step(probe, step, *, d_loss=bce_discriminator_loss, lr: float = 0.2,
                             latent_dim: int = 3, image_hwc=(3, 2, 2), batch: int = 8,
                             condition_shapes=(), conditions=None,
                             name: str = "discriminator_step") -> None:
    """``step(generator, discriminator, d_optimizer, real, z, *conditions)``: one step of D.

    Checks, on two calls with new batches: the returned loss is ``d_loss`` before the update,
    G's parameters and stored gradients are untouched, D moved by one momentum-SGD step on
    ``d_loss`` with the fakes ``G(z)`` (G in training mode) held fixed, and both networks
    are still trainable.
    """
    adapter = probe.adapter
    generator, discriminator = tiny_gan(adapter, latent_dim, image_hwc, condition_shapes)
    optimizer = adapter.momentum_sgd(discriminator, lr, MOMENTUM)
    adapter.momentum_sgd(generator, lr, MOMENTUM)  # as in training: G has its own optimizer
    networks = {"the generator": generator, "the discriminator": discriminator}
    counts = {key: adapter.trainable_count(network) for key, network in networks.items()}
    update = MomentumUpdate(lr)
    for call in (1, 2):
        real, z = _batch(adapter, generator, discriminator, batch, latent_dim, image_hwc, call)
        extra = list(conditions(adapter, batch, call)) if conditions else []
        g_before = adapter.parameters(generator)
        fake = adapter.tensor(adapter.to_numpy(adapter.forward(generator, z, *extra, training=True)),
                              like=discriminator)
        loss, grads = adapter.gradients(
            discriminator, lambda d, r=real, f=fake, c=extra: d_loss(adapter, d, r, f, *c))
        d_before = adapter.parameters(discriminator)
        for network in (generator, discriminator):  # as the generator step before this one left them
            adapter.fill_gradients(network, STALE)
        g_held = adapter.held_gradients(generator)
        returned = probe.run(f"{name}(generator, discriminator, d_optimizer, "
                                       "real, z)", step, generator, discriminator, optimizer,
                                       real, z, *extra)
        check_still_trainable(probe, networks, counts, name)
        returned = checks.as_number(probe, returned, name, RETURN_HINT)
        probe.expect_close(returned, loss, f"the loss returned by call {call}",
                           "return loss_D of this batch, computed before the update: D's loss "
                           "on the real images (target 1) plus on the fakes G(z) (target 0), "
                           "both networks in training mode, real and fake images in separate "
                           "calls of D.", rtol=1e-3, atol=1e-5)
        probe.expect(all(np.array_equal(a, b) for a, b in
                         zip(adapter.parameters(generator), g_before, strict=True)),
                     "the discriminator step changed the generator's parameters.",
                     "update only D: apply D's gradients with d_optimizer, to D's variables.")
        probe.expect(all(same_array(a, b) for a, b in
                         zip(adapter.held_gradients(generator), g_held, strict=True)),
                     "the discriminator step left gradients on the generator: D's loss was "
                     "backpropagated through G.",
                     "detach the fakes before D sees them: generator(z).detach() in PyTorch, "
                     "generator(z).array in Chainer.")
        update.expect(probe, d_before, adapter.parameters(discriminator), grads,
                      f"call {call} of {name}",
                      "compute D's loss on this real batch and on G(z) for the z you are given "
                      "(both networks in training mode: model.train(), training=True, "
                      "chainer.config.train), then take exactly one step of d_optimizer on D's "
                      "parameters.")


def check_generator_step(probe, step, *, g_loss=bce_generator_loss, lr: float = 0.2,
                         latent_dim: int = 3, image_hwc=(3, 2, 2), batch: int = 8,
                         condition_shapes=(), conditions=None,
                         name: str = "generator_step") -> None:
    """``step(generator, discriminator, g_optimizer, z, *conditions)``: one step of G.

    Checks, on two calls with new noise: the returned loss is ``g_loss`` before the update,
    D's parameters are untouched, G moved by one momentum-SGD step on ``g_loss`` through the
    current D (both in training mode), and both networks are still trainable.
    """
    adapter = probe.adapter
    generator, discriminator = tiny_gan(adapter, latent_dim, image_hwc, condition_shapes)
    optimizer = adapter.momentum_sgd(generator, lr, MOMENTUM)
    adapter.momentum_sgd(discriminator, lr, MOMENTUM)  # as in training: D has its own optimizer
    networks = {"the generator": generator, "the discriminator": discriminator}
    counts = {key: adapter.trainable_count(network) for key, network in networks.items()}
    update = MomentumUpdate(lr)
    for call in (1, 2):
        _, z = _batch(adapter, generator, discriminator, batch, latent_dim, image_hwc, call)
        extra = list(conditions(adapter, batch, call)) if conditions else []
        loss, grads = adapter.gradients(
            generator, lambda g, z=z, c=extra: g_loss(
                adapter, discriminator, adapter.forward(g, z, *c, training=True), *c))
        g_before, d_before = adapter.parameters(generator), adapter.parameters(discriminator)
        returned = probe.run(f"{name}(generator, discriminator, g_optimizer, z)",
                                       step, generator, discriminator, optimizer, z, *extra)
        check_still_trainable(probe, networks, counts, name)
        returned = checks.as_number(probe, returned, name, RETURN_HINT)
        probe.expect_close(returned, loss, f"the loss returned by call {call}",
                           "return loss_G computed before the update: the generator loss of "
                           "D's logits on G(z) (BCE with target 1), both networks in training "
                           "mode.", rtol=1e-3, atol=1e-5)
        probe.expect(all(np.array_equal(a, b) for a, b in
                         zip(adapter.parameters(discriminator), d_before, strict=True)),
                     "the generator step changed the discriminator's parameters.",
                     "update only G: apply G's gradients with g_optimizer, to G's variables.")
        update.expect(probe, g_before, adapter.parameters(generator), grads,
                      f"call {call} of {name}",
                      "compute generator_loss(D(G(z))) with G(z) not detached, so the gradient "
                      "flows through D into G (both networks in training mode: model.train(), "
                      "training=True, chainer.config.train), then take exactly one step of "
                      "g_optimizer.",
                      still_hint="keep G(z) connected to G here (no detach, .array or computing "
                      "it outside the tape), so the gradient reaches G, and apply it with "
                      "g_optimizer.")


# ------------------------------------------------------------------------------ history


def check_history(history, probe, keys=("loss_D", "loss_G")) -> None:
    """The history has every key, >= 2 finite epochs, and D did not win outright."""
    probe.expect(all(isinstance(history.get(k), (list, tuple)) and len(history[k]) for k in keys),
                 f"the history needs the lists {', '.join(keys)}.",
                 "pass the history that fit_gan returns, with a step that returns these keys.")
    lengths = {len(history[k]) for k in keys}
    least = 1 if probe.dry_run else 2  # a dry run of a full-size topic may train one epoch
    probe.expect(len(lengths) == 1 and lengths.pop() >= least,
                 f"the history needs at least {least} epoch(s) of every loss.",
                 f"train for at least {least} epoch(s).")
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
