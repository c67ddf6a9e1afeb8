"""Behavioural checks shared by the autoencoder topics (01 and 02)."""

from __future__ import annotations

import numpy as np

ADAM_BETAS = (0.9, 0.999)


def sample_images(probe, batch: int, height: int, width: int, channels: int, seed: int = 0):
    """Random images in [-1, 1], NHWC, converted to the framework's layout."""
    rng = np.random.default_rng(seed)
    images = rng.uniform(-1, 1, size=(batch, height, width, channels)).astype(np.float32)
    return probe.adapter.to_layout(images)


def build(probe, model_class, *args, **kwargs):
    """Instantiate the learner's model class and check it is a framework model."""
    if not isinstance(model_class, type):
        probe.fail(f"expected a class, got {type(model_class).__name__}.",
                   "pass the class itself, as defined by `class ...:`, not an instance of it.")
    shown = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
    model = probe.run(f"{model_class.__name__}({shown})", model_class, *args, **kwargs)
    probe.expect(probe.adapter.is_model(model),
                 f"{model_class.__name__} is not a {probe.adapter.name} model.",
                 "subclass nn.Module (PyTorch), keras.Model (Keras) or chainer.Chain (Chainer).")
    return model


def forward(probe, model, *inputs, training=False):
    """Run the learner's model on NumPy inputs (one or more), reporting its errors."""
    return probe.run("calling the model", probe.adapter.call, model, *inputs, training=training)


def expect_shape(probe, output, expected_shape, hint) -> None:
    probe.expect(tuple(output.shape) == tuple(expected_shape),
                 f"output shape is {tuple(output.shape)}, expected {tuple(expected_shape)} "
                 f"({probe.adapter.layout}).", hint)


def check_output_shape(probe, model, inputs, expected_shape, hint):
    output = forward(probe, model, inputs)
    expect_shape(probe, output, expected_shape, hint)
    return output


def check_parameter_count(probe, model, expected: int, hint: str) -> None:
    got = probe.adapter.count_parameters(model)
    probe.expect(got == expected, f"the model has {got:,} trainable parameters, the spec gives "
                 f"{expected:,}.", hint)


def check_nonlinear(probe, model, a, b, hint: str) -> None:
    """A network with biases and no activation satisfies f(a+b) = f(a) + f(b) - f(0)."""
    f = lambda x: forward(probe, model, x).astype(np.float64)  # noqa: E731
    gap = f(a + b) - f(a) - f(b) + f(np.zeros_like(a))
    scale = np.abs(f(a)).mean() + 1e-8
    probe.expect(np.abs(gap).mean() > 1e-3 * scale,
                 "the model is linear: its output for a+b equals the outputs for a and b added.",
                 hint)


def check_unbounded_output(probe, model, inputs, hint: str) -> None:
    """Large inputs must give outputs beyond [-1, 1] when there is no output activation."""
    output = forward(probe, model, inputs * 50.0)
    probe.expect(np.abs(output).max() > 1.0,
                 "every output stays inside [-1, 1] even for huge inputs, so the last layer "
                 "squashes its output.", hint)


def check_gradients_reach_all(probe, model, *inputs) -> None:
    adapter = probe.adapter
    tensors = [adapter.tensor(x, like=model) for x in inputs]
    target = adapter.tensor(np.full(forward(probe, model, *inputs).shape, 0.5), like=model)
    _, grads = probe.run("backpropagating through the model", adapter.gradients, model,
                         lambda m: adapter.mean_squared_error(m(*tensors), target))
    dead = sum(1 for g in grads if g is None or not np.any(g))
    probe.expect(dead == 0, f"{dead} of {len(grads)} parameter tensors get no gradient.",
                 "every layer must be used in the forward pass; do not detach or convert "
                 "tensors to NumPy inside the model.")


def check_mse_loss(probe, loss_fn, shape) -> None:
    """``loss_fn(reconstructions, images)`` must be the mean squared error over all elements."""
    adapter = probe.adapter
    rng = np.random.default_rng(1)
    recon = rng.uniform(-1, 1, size=shape).astype(np.float32)
    images = rng.uniform(-1, 1, size=shape).astype(np.float32)
    value = probe.run("reconstruction_loss", loss_fn, adapter.tensor(recon), adapter.tensor(images))
    value = adapter.to_numpy(value)
    probe.expect(np.size(value) == 1, f"the loss has shape {np.shape(value)}, expected a scalar.",
                 "average over the batch and every pixel, so the loss is one number.")
    expected = np.mean((recon.astype(np.float64) - images) ** 2)
    probe.expect_close(np.reshape(value, ()), expected, "the loss",
                       "use the mean of the squared differences over every element: "
                       "not a sum, not absolute values, not a square root.", rtol=1e-4)


def _adam_steps(grads_per_step, lr):
    """Parameter changes that Adam makes for a sequence of gradients (NumPy, float64)."""
    b1, b2 = ADAM_BETAS
    m = [np.zeros_like(g, np.float64) for g in grads_per_step[0]]
    v = [np.zeros_like(g, np.float64) for g in grads_per_step[0]]
    deltas = []
    for t, grads in enumerate(grads_per_step, start=1):
        step = []
        for i, g in enumerate(grads):
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            m_hat, v_hat = m[i] / (1 - b1**t), v[i] / (1 - b2**t)
            step.append(-lr * m_hat / (np.sqrt(v_hat) + 1e-8))
        deltas.append(step)
    return deltas


def check_train_step(probe, train_step, image_shape_nhwc, lr: float = 1e-3) -> None:
    """``train_step(model, optimizer, images)`` takes one Adam step on the MSE and returns the loss.

    The grader runs it on a tiny linear autoencoder and compares with Adam computed in
    NumPy from the framework's own gradients, two steps on two different batches.
    """
    adapter = probe.adapter
    h, w, c = image_shape_nhwc
    model = adapter.linear_autoencoder(adapter.image_shape(h, w, c), 8)
    batches = [sample_images(probe, 16, h, w, c, seed=s) for s in (10, 11)]
    check_adam_steps(probe, train_step, model, batches,
                     lambda m, x: adapter.mean_squared_error(m(x), x), lr, "the MSE loss",
                     "return the reconstruction loss computed before the update: the MSE "
                     "between model(images) and images.")


def check_adam_steps(probe, train_step, model, batches, loss_fn, lr, loss_name, loss_hint) -> None:
    """``train_step(model, optimizer, images)`` must take one Adam step on ``loss_fn(model, x)``.

    Two steps on two batches are compared with Adam computed in NumPy from the framework's
    own gradients, which catches a missing gradient reset, a wrong loss and a wrong sign.
    """
    adapter = probe.adapter
    optimizer = adapter.adam(model, lr)
    grads_seen, deltas_seen = [], []
    for step, batch in enumerate(batches, start=1):
        x = adapter.tensor(batch, like=model)
        loss_before, grads = adapter.gradients(model, lambda m, x=x: loss_fn(m, x))
        before = adapter.parameters(model)
        returned = probe.run("train_step(model, optimizer, images)", train_step, model, optimizer, x)
        try:
            returned = float(adapter.to_numpy(returned))
        except (TypeError, ValueError):
            probe.fail(f"train_step returned {type(returned).__name__}, expected the loss as a number.",
                       "return the loss: loss.item() in PyTorch, float(loss.array) in Chainer, "
                       "the scalar loss tensor in Keras.")
        probe.expect_close(returned, loss_before, f"the loss returned at step {step}", loss_hint,
                           rtol=1e-3)
        after = adapter.parameters(model)
        moved = sum(float(np.abs(a - b).max()) for a, b in zip(after, before, strict=True))
        probe.expect(moved > 0, "the parameters did not change.",
                     "call the optimizer after computing gradients (optimizer.step(), "
                     "optimizer.apply_gradients(...) or optimizer.update()).")
        grads_seen.append([np.asarray(g, np.float64) for g in grads])
        deltas_seen.append([a.astype(np.float64) - b for a, b in zip(after, before, strict=True)])

    expected = _adam_steps(grads_seen, lr)
    for step in range(len(batches)):
        for got, want, g in zip(deltas_seen[step], expected[step], grads_seen[step], strict=True):
            reliable = np.abs(g) > 1e-3  # below this, epsilon placement differs by framework
            error = np.abs(got - want)[reliable].max(initial=0.0)
            if error > 0.01 * lr:
                if step == 0 and np.all(np.sign(got[reliable]) == -np.sign(want[reliable])):
                    probe.fail("the first step moved every parameter uphill: the loss grows.",
                               "descend: apply the gradients of the loss, not of -loss.")
                probe.fail(f"step {step + 1} does not match one Adam step on {loss_name} "
                           f"(parameters off by up to {error:.2e}).",
                           f"compute the gradients of {loss_name} of this batch only: reset "
                           "gradients before backward (optimizer.zero_grad() / model.cleargrads()),"
                           " and take exactly one optimizer step.")


def check_training(history: dict, probe) -> None:
    """Training must lower the loss: the last epoch's mean loss below the first's."""
    losses = history.get("loss") if isinstance(history, dict) else None
    probe.expect(bool(losses) and len(losses) >= 2,
                 "the history needs a 'loss' list with at least two epochs.",
                 "train for at least two epochs and pass the history that fit() returns.")
    probe.expect(losses[-1] < losses[0],
                 f"the loss went from {losses[0]:.4f} to {losses[-1]:.4f}: it did not go down.",
                 "check the learning rate and that train_step updates the model.")
    print(f"training lowered the loss from {losses[0]:.4f} to {losses[-1]:.4f}")


def benchmark_step(model, adapter, config, train_step):
    """A zero-argument callable running ``train_step`` on one random full-size batch."""
    optimizer = adapter.adam(model, config.lr)
    rng = np.random.default_rng(0)
    batch = rng.uniform(-1, 1, size=(config.batch_size, *config.image_shape)).astype(np.float32)
    images = adapter.tensor(adapter.to_layout(batch), like=model)
    return lambda: train_step(model, optimizer, images)
