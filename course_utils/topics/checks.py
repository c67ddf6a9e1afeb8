"""The grader toolkit: behavioural checks that every topic's graders are built from.

Grader principles (every grader of every topic follows them; topics 08-12 too):

1. **Behaviour, not source.** A grader runs the learner's code on probes whose right answer
   is known (NumPy, or a framework computation written with adapter ops) and compares.
2. **Losses stay differentiable.** :func:`loss_value` checks the value against NumPy *and*
   that the loss is a framework scalar whose gradient reaches its inputs and equals the
   NumPy reference's gradient: a Python float (``.item()``, ``float()``), a NumPy result or
   a detached term fails here, not two cells later in a training step.
3. **Several arguments, several channels.** Models are built at more than one value of
   every constructor argument the spec names, with C = 1 and C = 3, so a hard-coded or
   ignored argument fails; :meth:`Probe.setting` names the arguments in the message.
4. **Activations by behaviour.** Where the spec fixes an activation, check it exactly:
   :func:`check_activations` sets every weight to +|w| or -|w| and every bias to 0
   (:func:`make_positive`), so that each pre-activation has one sign and each activation
   multiplies by a known factor (1, 0 for ReLU, a for LeakyReLU(a)): the response to x and
   -x then tells ReLU from LeakyReLU, a default slope, a missing activation, and (by
   homogeneity) a smooth one; :func:`check_output_range` checks the output activation;
   :func:`check_norm_then_activation` the order batch norm -> activation.
5. **Steps on probes that can tell.** Training steps run on probe networks with batch
   norm (so train/eval mode shows) and optimizers whose effect is exact and remembers the
   previous step (momentum SGD, Adam), twice (so left-over gradients and extra optimizer
   steps show), and the state a step leaves (nothing frozen, no gradients on the other
   network) is checked for the next step (:mod:`.gan_checks`, :func:`check_adam_steps`).
6. **Probes like the real thing.** Where structure matters (nested models, layers without
   bias), graders also probe the course's own networks from ``course_utils.saved``.
7. **Training graders judge the result**, not only the losses: outside the smoke profile
   they measure samples with the course's quality measure (:mod:`.sample_checks`).
8. **Messages, never tracebacks.** Every failure is a ``GradingError`` about the learner's
   code with a hint; :func:`course_utils.grading.register` declares the kind of answer so a
   class, a function or a history of the wrong kind is named before anything runs; a
   tuple, a dict or a NumPy array where a tensor is expected is named too (:func:`as_array`).
9. **Framework-free.** Topic modules never branch on the framework: what differs lives in
   the adapters (``course_utils.frameworks``), including every probe network.
10. **Tested.** For every grader and framework: the reference passes, at least three
    realistic mistakes are rejected with hints, correct variants pass, and odd inputs get
    messages (``tests/cases``, ``tests/test_graders.py``).
"""

from __future__ import annotations

import contextlib

import numpy as np

from ..grading import signature_problem

ADAM_BETAS = (0.9, 0.999)
DEFAULT_SLOPES = {0.01: "PyTorch's and Chainer's default", 0.3: "Keras's default"}
TENSOR_HINT = ("return the framework's tensor, computed with its operations: no .item(), "
               "float() or .numpy() (PyTorch), no .numpy() or float() (Keras), no .array or "
               "float() (Chainer), and no NumPy functions on it.")


# ------------------------------------------------------------------------------- inputs


def sample_images(probe, batch: int, height: int, width: int, channels: int, seed: int = 0,
                  low: float = -1.0, high: float = 1.0):
    """Random images in [low, high], NHWC, converted to the framework's layout."""
    rng = np.random.default_rng(seed)
    images = rng.uniform(low, high, size=(batch, height, width, channels)).astype(np.float32)
    return probe.adapter.to_layout(images)


def latent(batch: int, latent_dim: int, seed: int = 0) -> np.ndarray:
    """A seeded batch of N(0, I) noise vectors, float32, shape (batch, latent_dim)."""
    return np.random.default_rng(seed).standard_normal((batch, latent_dim)).astype(np.float32)


def traced_once(probe, settings):
    """Iterate ``settings``; from the second on, the learner's compiled steps (Keras's
    ``tf.function``) run eagerly: the first setting shows that the step compiles, and
    tracing it again for each setting, seconds each, would show nothing more."""
    for index, setting in enumerate(settings):
        with probe.adapter.eagerly() if index else contextlib.nullcontext():
            yield setting


# ------------------------------------------------------------------------------- models


def build(probe, model_class, *args, **kwargs):
    """Instantiate the learner's model class and check it is a framework model."""
    shown = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
    model = probe.run(f"{model_class.__name__}({shown})", model_class, *args, **kwargs)
    probe.expect(probe.adapter.is_model(model),
                 f"{model_class.__name__} is not a {probe.adapter.name} model.",
                 "subclass nn.Module (PyTorch), keras.Model (Keras) or chainer.Chain (Chainer).")
    return model


def as_array(probe, value, what: str) -> np.ndarray:
    """A framework array (or NumPy) as NumPy; a clear failure for tuples, dicts, None..."""
    if isinstance(value, (tuple, list, dict)) or value is None:
        kind = ("None" if value is None else
                f"a {type(value).__name__} of {len(value)} values")
        probe.fail(f"{what} returned {kind}, expected one array.",
                   "return a single tensor (not a tuple with extra values, not a dict).")
    try:
        array = np.asarray(probe.adapter.to_numpy(value))
    except Exception:  # noqa: BLE001 - an object the framework cannot convert
        probe.fail(f"{what} returned a {type(value).__name__}, expected an array.",
                   "return the framework's tensor.")
    if array.dtype == object or not np.issubdtype(array.dtype, np.number):
        probe.fail(f"{what} returned a {type(value).__name__}, expected an array of numbers.",
                   "return the framework's tensor.")
    return array


def forward(probe, model, *inputs, training=False, outputs: int = 1):
    """Run the learner's model on NumPy inputs; one array (or a tuple of ``outputs`` arrays)."""
    result = probe.run("calling the model", probe.adapter.call, model, *inputs, training=training)
    if outputs == 1:
        return as_array(probe, result, "the model")
    probe.expect(isinstance(result, tuple) and len(result) == outputs,
                 f"the model returned {_count(result)}, expected a tuple of {outputs} arrays.",
                 f"return the {outputs} values the exercise lists, in a tuple.")
    return tuple(as_array(probe, r, "the model") for r in result)


def _count(value) -> str:
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} values"
    return "one array" if isinstance(value, np.ndarray) else f"a {type(value).__name__}"


def expect_shape(probe, output, expected_shape, hint) -> None:
    probe.expect(tuple(np.shape(output)) == tuple(expected_shape),
                 f"output shape is {tuple(np.shape(output))}, expected {tuple(expected_shape)} "
                 f"({probe.adapter.layout}).", hint)


def check_output_shape(probe, model, inputs, expected_shape, hint, *more_inputs):
    output = forward(probe, model, inputs, *more_inputs)
    expect_shape(probe, output, expected_shape, hint)
    return output


def check_parameter_count(probe, model, expected: int, hint: str) -> None:
    got = probe.adapter.count_parameters(model)
    probe.expect(got == expected, f"the model has {got:,} trainable parameters, the spec gives "
                 f"{expected:,}.", hint)


def check_output_range(probe, model, inputs, kind: str, hint: str, *more_inputs) -> None:
    """The output activation, from huge inputs (``inputs * 1e4``).

    ``kind``: "linear" (no activation: outputs go beyond -1 and 1 on both sides),
    "unbounded" (not squashed: some output beyond -1 or 1, for a logit whose sign may not
    vary), "tanh" (bounded to [-1, 1], reaching both ends) or "sigmoid" (bounded to [0, 1],
    reaching both).
    """
    output = forward(probe, model, inputs * 1e4, *more_inputs).astype(np.float64)
    low, high = output.min(), output.max()
    shown = f"[{low:.3g}, {high:.3g}]"
    if kind == "unbounded":
        probe.expect(max(-low, high) > 1.0, f"for large inputs the outputs stay within {shown}: "
                     "the last layer squashes them.", hint)
        return
    if kind == "linear":
        probe.expect(low < -1.0 and high > 1.0,
                     f"for large inputs the outputs range over {shown}: they never go beyond "
                     f"{'-1' if low >= -1.0 else '1'}, so the last layer squashes or cuts them.",
                     hint)
        return
    bottom, top = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}[kind]
    middle = (bottom + top) / 2
    probe.expect(bottom - 1e-5 <= low and high <= top + 1e-5,
                 f"for large inputs the outputs range over {shown}: they are not bounded to "
                 f"[{bottom:g}, {top:g}].", hint)
    probe.expect(low < middle - 0.25 * (top - bottom) and high > middle + 0.25 * (top - bottom),
                 f"for large inputs the outputs stay within {shown}, not spread over "
                 f"[{bottom:g}, {top:g}].", hint)


def check_gradients_reach_all(probe, model, *inputs, to_input: bool = False) -> None:
    """Training-mode passes: the same output twice (no dropout or noise the spec does not
    have), and every parameter tensor gets a gradient from a loss on it; with ``to_input``,
    the first input gets one too (a discriminator that cuts it leaves G untrained)."""
    adapter = probe.adapter
    first = forward(probe, model, *inputs, training=True)
    second = forward(probe, model, *inputs, training=True)
    probe.expect(np.allclose(first, second, rtol=1e-5, atol=1e-6),
                 "two training-mode passes on the same input give different outputs.",
                 "the spec has no dropout or noise inside this model: remove them.")
    tensors = [adapter.tensor(x, like=model) for x in inputs]
    target = adapter.tensor(np.full(first.shape, 0.5), like=model)
    _, grads = probe.run("backpropagating through the model", adapter.gradients, model,
                         lambda m: adapter.mean_squared_error(
                             adapter.forward(m, *tensors, training=True), target))
    dead = sum(1 for g in grads if g is None or not np.any(g))
    probe.expect(dead == 0, f"{dead} of {len(grads)} parameter tensors get no gradient.",
                 "every layer must be used in the forward pass; do not detach or convert "
                 "tensors to NumPy inside the model.")
    if to_input:
        _, (grad, *_) = probe.run(
            "backpropagating to the input images", adapter.input_gradients,
            lambda x: adapter.forward(model, x, *tensors[1:], training=True), inputs[0])
        probe.expect(grad is not None and np.any(grad),
                     "no gradient reaches the input images, so the generator's step, which "
                     "trains G through this network, would get none.",
                     "use the images as they come: do not detach them, wrap them in "
                     "stop_gradient or take their NumPy / .array values.")


def check_batch_dependence(probe, model, inputs, others, depends: bool, message: str, hint: str,
                           *more_inputs) -> None:
    """Training-mode outputs for ``inputs`` alone vs. inside a bigger batch (with ``others``).

    With batch norm in training mode they differ (``depends``); without it they must not.
    ``more_inputs`` are pairs ``(for inputs, for others)`` of extra inputs (labels).
    """
    alone = forward(probe, model, inputs, *(a for a, _ in more_inputs), training=True)
    together = forward(probe, model, np.concatenate([inputs, others]),
                       *(np.concatenate([a, b]) for a, b in more_inputs), training=True)
    gap = float(np.abs(alone - together[: len(inputs)]).max())
    probe.expect((gap > 1e-4 * (np.abs(alone).max() + 1e-6)) == depends, message, hint)


def check_matches_reference(probe, model, reference, inputs, hint: str, passes: int = 3) -> None:
    """The learner's model computes what the course's own ``reference`` computes.

    The reference's weights are copied into the model, kernel by kernel, matched by shape
    (the probes are chosen so that most kernels and biases have their own shape; kernels of
    one shape are copied in the order the models create them); normalization
    scales and shifts are set to 1 and 0 in both. Then both run ``passes`` training-mode
    calls on ``inputs`` (updating batch norm's running statistics) and one inference-mode
    call, and must give the same outputs: batch-norm settings (epsilon, momentum), the
    kind of layer (a transposed convolution, not upsampling + convolution), the order of
    the operations and the padding all show.
    """
    adapter = probe.adapter
    forward(probe, model, inputs)  # builds a lazily built (Keras) model
    forward(probe, reference, inputs)
    source = {}
    for array, role in zip(adapter.parameters(reference), adapter.parameter_roles(reference),
                           strict=True):
        source.setdefault((role, array.shape), []).append(array)
    arrays = []
    for array, role in zip(adapter.parameters(model), adapter.parameter_roles(model), strict=True):
        if role in ("gamma", "beta"):
            arrays.append(np.full_like(array, 1.0 if role == "gamma" else 0.0))
            continue
        matches = source.get((role, array.shape), [])
        probe.expect(len(matches) > 0,
                     f"the model has a {role} of shape {array.shape} that the spec's network does "
                     "not have (or more of them).", hint)
        arrays.append(matches.pop(0))  # kernels of one shape: in the order the layers run
    adapter.set_parameters(model, arrays)
    adapter.set_parameters(reference, [np.full_like(a, 1.0) if r == "gamma" else
                                       np.zeros_like(a) if r == "beta" else a
                                       for a, r in zip(adapter.parameters(reference),
                                                       adapter.parameter_roles(reference),
                                                       strict=True)])
    for call in range(passes + 1):
        training = call < passes
        got = forward(probe, model, inputs, training=training).astype(np.float64)
        want = forward(probe, reference, inputs, training=training).astype(np.float64)
        gap = float(np.abs(got - want).max() / (np.abs(want).max() + 1e-12))
        probe.expect(gap < 1e-4,
                     "with the spec's weights copied in, the model answers differently from the "
                     f"spec's network ({'training' if training else 'inference'} mode"
                     + ("" if training else f", after {passes} training-mode calls") +
                     f"; relative difference {gap:.2g}).", hint)


# --------------------------------------------------------------------------- activations


def make_positive(probe, model, sign: float = 1.0, flips=()) -> None:
    """Weights set to ``sign * |w|`` (the weight tensors numbered ``flips`` negated),
    normalization scales to |gamma|, biases and shifts to 0.

    In inference mode (batch norm at its initial statistics) the network is then positively
    homogeneous, f(s x) = s f(x) for s > 0 before any output squashing, and for an input of
    one sign every pre-activation of a layer has one sign.
    """
    adapter = probe.adapter
    arrays, index = [], 0
    for array, role in zip(adapter.parameters(model), adapter.parameter_roles(model), strict=True):
        if role == "weight":
            arrays.append((-sign if index in flips else sign) * np.abs(array))
            index += 1
        else:
            arrays.append(np.abs(array) if role == "gamma" else np.zeros_like(array))
    adapter.set_parameters(model, arrays)


def _unsquash(values, output: str | None):
    values = np.asarray(values, np.float64)
    if output == "tanh":
        return np.arctanh(np.clip(values, -1 + 1e-7, 1 - 1e-7))
    if output == "sigmoid":
        values = np.clip(values, 1e-7, 1 - 1e-7)
        return np.log(values) - np.log1p(-values)
    return values


def expected_factor(pattern, weight_signs, input_sign: float = 1.0) -> float:
    """f(input_sign x) / f_+(x) for a network made with :func:`make_positive`, for ``pattern``:
    the activation after each weight layer from input to output, as a LeakyReLU slope (0.0
    for ReLU) or None (no activation). ``weight_signs`` gives each layer's sign (or one sign
    for all of them); f_+ is the all-positive network."""
    signs = [weight_signs] * len(pattern) if np.isscalar(weight_signs) else weight_signs
    factor, sign = 1.0, input_sign
    for slope, weight_sign in zip(pattern, signs, strict=True):
        sign *= weight_sign  # every pre-activation of this layer has this sign
        if slope is not None and sign < 0:
            factor *= slope
    return factor * sign


def _response(probe, model, inputs, fixed, output, call):
    """``f(t, settings)``: the model's unsquashed answer to ``t * x`` (x positive) after
    :func:`make_positive` with ``settings``, at an input scale where a final tanh or sigmoid
    does not saturate."""
    call = call or (lambda *arrays: forward(probe, model, *arrays))
    x = np.abs(np.asarray(inputs, np.float32)) + 0.25
    call(x, *fixed)  # builds a lazily built (Keras) model before its weights are set
    scale, current = 1.0, None

    def f(t, **settings):
        nonlocal current
        if settings != current:  # set the parameters only when the settings change
            make_positive(probe, model, **settings)
            current = settings
        return _unsquash(call((x * t * scale).astype(np.float32), *fixed), output)

    for _ in range(12):  # find a scale where tanh / sigmoid are far from saturation
        if output is None or np.abs(f(1.0)).max() < 0.5:
            break
        scale *= 0.01
    return f


def _ratio(answer, reference) -> float:
    """The least-squares r with answer = r * reference."""
    return float(np.sum(answer * reference) / (np.sum(reference * reference) + 1e-300))


def _matches(got: float, want: float, exact: bool) -> bool:
    if want == 0 or got == 0:
        return abs(got) <= 1e-9 and want == 0
    if not exact:
        return np.sign(got) == np.sign(want)
    return abs(got - want) <= 0.02 * abs(want)


def _name(slope) -> str:
    return "ReLU" if slope == 0 else f"LeakyReLU({slope:g})"


def check_activations(probe, model, inputs, *fixed, pattern, output: str | None = None,
                      exact: bool = True, where: str = "each hidden layer", call=None) -> None:
    """The activations along the network are those of ``pattern``, checked by behaviour.

    ``pattern`` lists the activation after each weight layer from input to output (see
    :func:`expected_factor`). The network is made positive (:func:`make_positive`) and its
    answer compared with the all-positive one: with all weights of one sign and inputs of
    either sign (a smooth activation also shows here: the answer is not homogeneous), with
    the weights of one layer at a time negated (the multiset of answers: the order of the
    parameters need not be the forward order), and, for ReLU networks, of two layers at a
    time (a missing ReLU lets negative values through). With ``exact`` the ratios must
    match (no max pooling in the network); otherwise only which are zero and their signs.

    It overwrites the parameters, and needs batch norm at its initial statistics: call it
    on a fresh model, or last on one without batch norm. ``fixed`` are extra inputs passed
    unchanged (zero labels); ``output`` undoes a final "tanh" or "sigmoid"; ``call(x, *fixed)``
    runs another part of the model (``model.encode``, say) instead of the model itself.
    """
    slopes = [s for s in pattern if s is not None]
    slope = slopes[0] if slopes else None
    fix = f"apply {_name(slope)} after {where}" if slope is not None else "remove the activations"
    f = _response(probe, model, inputs, fixed, output, call)
    reference, ratios, homogeneous = f(1.0), {}, True
    for weight_sign in (1.0, -1.0):
        for input_sign in (1.0, -1.0):
            single, double = f(input_sign, sign=weight_sign), f(2 * input_sign, sign=weight_sign)
            size = np.abs(single).max() + np.abs(reference).max()
            homogeneous &= bool(np.allclose(double, 2 * single, rtol=1e-3, atol=1e-4 * size + 1e-30))
            ratios[(weight_sign, input_sign)] = _ratio(single, reference)
    squash = f" followed by {output}" if output else ""
    probe.expect(homogeneous,
                 f"the network is not piecewise linear{squash}: a hidden layer uses a smooth "
                 f"activation (sigmoid, tanh, ELU, softplus...) where the spec has {_name(slope)}"
                 + (f", or the output is squashed by another function than {output}" if output
                    else ", or the output is squashed") + ".",
                 fix + (f", and {output} on the output only." if output else "."))
    if not all(_matches(ratios[key], expected_factor(pattern, *key), exact) for key in ratios):
        _fail_activations(probe, ratios[(1.0, -1.0)], slope, len(slopes), exact, fix)

    weights = probe.adapter.parameter_roles(model).count("weight")
    answers = [_ratio(f(1.0, flips=(k,)), reference) for k in range(weights)]
    answers = sorted(a for a in answers if abs(a - 1.0) > 1e-9)  # +1: a layer off the path
    wanted = sorted(expected_factor(pattern, [-1.0 if i == k else 1.0 for i in range(len(pattern))])
                    for k in range(len(pattern)))
    probe.expect(len(answers) == len(wanted)
                 and all(_matches(a, w, exact) for a, w in zip(answers, wanted, strict=True)),
                 "an activation sits after the wrong layer, or one is missing or extra: negating "
                 "one layer's weights at a time does not give the spec's answers.",
                 fix + ", and nowhere else.")
    if slopes and not any(slopes) and len(pattern) > 2:  # every hidden layer has its ReLU
        for first in range(weights):
            for second in range(first + 1, weights):
                probe.expect(np.abs(f(1.0, flips=(first, second))).max() == 0.0,
                             "a hidden layer has no ReLU after it: negative values go through it "
                             "to the next layer.", "apply a ReLU after every hidden layer (after "
                             "its batch normalization), none after the last one.")


def _fail_activations(probe, got: float, slope, layers: int, exact: bool, fix: str):
    """Name the activation mistake that f(-x) = got * f(x) points to."""
    if slope and abs(got) <= 1e-9:
        probe.fail("negative pre-activations are cut to exactly 0, as ReLU does.",
                   f"use {_name(slope)}, which keeps a fraction of negative inputs: {fix}.")
    if abs(got + 1.0) < 1e-3:
        probe.fail("negative inputs go through unchanged (f(-x) = -f(x)): there is no "
                   f"non-linearity between the layers where the spec has {_name(slope)}.",
                   fix + ".")
    if slope and exact:
        for default, who in DEFAULT_SLOPES.items():
            if abs(got + default**layers) <= 0.02 * default**layers:
                probe.fail(f"the LeakyReLU slope is {default:g}, {who}, not {slope:g}.",
                           f"pass the slope explicitly: {_name(slope)}.")
        for depth in range(layers - 1, 0, -1):
            if abs(got + slope**depth) <= 0.02 * slope**depth:
                probe.fail(f"a negative input is scaled by {slope:g} only {depth} time(s) on "
                           f"its way through, expected {layers}: an activation is missing.",
                           fix + ".")
    if slope == 0 and got < 0:
        probe.fail("negative pre-activations are not cut to 0: the activation is not ReLU "
                   "(LeakyReLU, or none?).", fix + ".")
    probe.fail(f"the network does not respond to negative values as {layers} layer(s) of "
               f"{_name(slope)} do: an activation is missing, extra, or of another kind.",
               fix + ", and nowhere else.")


def check_norm_then_activation(probe, model, inputs, *fixed, slope: float = 0.0,
                               output: str | None = None) -> None:
    """Batch norm comes before the activation, as seen in training mode on a positive model.

    Batch norm centres its inputs, so with positive weights and zero shifts the last hidden
    layer ReLU(BN(.)) is >= 0 and the output of a final positive layer too; BN(ReLU(.))
    is centred and gives outputs of both signs. With LeakyReLU(BN(.)) the batch mean of a
    final positive linear output is > 0; with BN last it is exactly 0.
    """
    forward(probe, model, inputs, *fixed)  # builds a lazily built (Keras) model
    make_positive(probe, model)
    rng = np.random.default_rng(7)
    x = (np.abs(np.asarray(inputs, np.float32)) + 0.25) * rng.uniform(0.2, 3.0, (len(inputs),) + (1,) *
                                                                      (np.ndim(inputs) - 1))
    values = _unsquash(forward(probe, model, x.astype(np.float32), *fixed, training=True), output)
    per_example = values.reshape(len(values), -1)
    spread = float(np.abs(per_example).max()) + 1e-30
    if slope == 0:
        ok = per_example.min() >= -1e-5 * spread
    else:
        ok = per_example.mean() > 1e-3 * spread
    probe.expect(ok, "in training mode the last hidden layer is not activation(batch_norm(x)): "
                 "batch norm comes after the activation, or the activation is missing.",
                 "order each hidden block as layer -> batch norm -> activation.")


def check_max_pooling(probe, model, a, b, hint: str) -> None:
    """Max pooling is there: on a positive model (:func:`make_positive`) and positive inputs a
    ReLU network is linear except for its max poolings, which make f(a + b) < f(a) + f(b)
    somewhere; average pooling or strided convolutions keep it exactly additive.
    It overwrites the parameters (see :func:`check_activations`)."""
    a, b = (np.abs(np.asarray(v, np.float32)) + 0.1 for v in (a, b))
    forward(probe, model, a)  # builds a lazily built (Keras) model
    make_positive(probe, model)
    both = forward(probe, model, a + b).astype(np.float64)
    apart = forward(probe, model, a).astype(np.float64) + forward(probe, model, b)
    probe.expect(np.abs(both - apart).max() > 1e-4 * np.abs(apart).max(),
                 "the downsampling is linear (average pooling or a strided convolution?), "
                 "not a max pooling.", hint)


# --------------------------------------------------------------------------------- losses


def loss_value(probe, loss_fn, name: str, arrays, names, reference=None, wrt=None) -> float:
    """Call ``loss_fn`` on differentiable framework copies of NumPy ``arrays``.

    Checks that it returns one framework scalar, through which a gradient reaches every
    input listed in ``wrt`` (indices, default all); with ``reference`` (the NumPy loss of
    the same arrays) the gradient must equal the reference's numerical gradient. Returns
    the value as a float (the caller compares it with NumPy).
    """
    adapter = probe.adapter
    problem = signature_problem(loss_fn, arrays, {})
    if problem:
        probe.fail(f"{name} cannot be called: {problem}.",
                   "keep the signature the exercise gives.")
    value, grads = probe.run(f"{name}({', '.join(names)})", adapter.input_gradients, loss_fn,
                             *arrays)
    if isinstance(value, (tuple, list, dict)):
        probe.fail(f"{name} returned {_count(value)}, expected one scalar tensor.",
                   "return only the loss; compute anything else you want to show separately.")
    if not adapter.is_tensor(value):
        probe.fail(f"{name} returned a {type(value).__name__}, not a {adapter.name} tensor: "
                   "a training step cannot differentiate it.", TENSOR_HINT)
    array = as_array(probe, value, name)
    probe.expect(array.ndim == 0, f"{name} returned shape {array.shape}, expected a scalar "
                 "(shape ()): a training step differentiates it.",
                 "reduce over every axis, batch included, to one number (mean() with no axis).")
    for index in range(len(arrays)) if wrt is None else wrt:
        probe.expect(grads[index] is not None and bool(np.any(grads[index])),
                     f"no gradient flows from {name} back to {names[index]}: the loss is "
                     "detached from it.", TENSOR_HINT)
    if reference is not None:
        numeric = numerical_gradients(reference, arrays)
        for index in range(len(arrays)) if wrt is None else wrt:
            got, want = np.asarray(grads[index], np.float64), numeric[index]
            probe.expect(np.allclose(got, want, rtol=2e-3, atol=2e-4 * (np.abs(want).max() + 1e-8)),
                         f"the gradient of {name} with respect to {names[index]} is not the "
                         "gradient of the right loss, although its value is.",
                         "compute the whole loss from its inputs with framework operations; do "
                         "not stop gradients (detach, stop_gradient, .array) inside it.")
    return float(array.reshape(()))


def numerical_gradients(function, arrays, step: float = 1e-6) -> list[np.ndarray]:
    """Central finite differences of the NumPy ``function(*arrays)`` w.r.t. every array."""
    arrays = [np.array(a, np.float64) for a in arrays]
    grads = []
    for array in arrays:
        grad = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            keep = array[index]
            array[index] = keep + step
            up = function(*arrays)
            array[index] = keep - step
            down = function(*arrays)
            array[index] = keep
            grad[index] = (up - down) / (2 * step)
        grads.append(grad)
    return grads


def check_mse_loss(probe, loss_fn, shape) -> None:
    """``loss_fn(reconstructions, images)`` must be the mean squared error over all elements."""
    rng = np.random.default_rng(1)
    recon = rng.uniform(-1, 1, size=shape).astype(np.float32)
    images = rng.uniform(-1, 1, size=shape).astype(np.float32)

    def mse(r, x):
        return np.mean((np.asarray(r, np.float64) - x) ** 2)

    value = loss_value(probe, loss_fn, "reconstruction_loss", [recon, images],
                       ("reconstructions", "images"))
    probe.expect_close(value, mse(recon, images), "the loss",
                       "use the mean of the squared differences over every element: "
                       "not a sum, not absolute values, not a square root.", rtol=1e-4)
    small = [a[:2, ..., :2] if a.ndim == 4 else a for a in (recon, images)]  # cheap gradient check
    loss_value(probe, loss_fn, "reconstruction_loss", small, ("reconstructions", "images"),
               reference=mse)


# ---------------------------------------------------------------------------------- steps


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


def as_number(probe, value, name: str, hint: str) -> float:
    """A step's returned loss as a float: a Python number (a scalar tensor in Keras, whose
    steps are compiled functions)."""
    if isinstance(value, (tuple, list, dict)) or value is None:
        probe.fail(f"{name} returned {'None' if value is None else _count(value)}, expected "
                   "the loss as a number.", hint)
    if not probe.adapter.is_step_result(value):
        probe.fail(f"{name} returned a {type(value).__name__}, expected the loss as a number: "
                   "the training loop averages, prints and saves it.", hint)
    try:
        return float(np.asarray(probe.adapter.to_numpy(value), np.float64).reshape(()))
    except (TypeError, ValueError):
        probe.fail(f"{name} returned {type(value).__name__}, expected the loss as a number.", hint)


RETURN_HINT = ("return the loss: loss.item() in PyTorch, float(loss.array) in Chainer, the "
               "scalar loss tensor in Keras.")


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
                     lambda m, x: adapter.mean_squared_error(adapter.forward(m, x, training=True), x),
                     lr, "the MSE loss",
                     "return the reconstruction loss computed before the update: the MSE "
                     "between model(images) and images.")


def check_adam_steps(probe, train_step, model, batches, loss_fn, lr, loss_name, loss_hint) -> None:
    """``train_step(model, optimizer, images)`` must take one Adam step on ``loss_fn(model, x)``.

    Two steps on two batches are compared with Adam computed in NumPy from the framework's
    own gradients, which catches a missing gradient reset, an extra optimizer step, a wrong
    loss and a wrong sign; the model must stay trainable afterwards.
    """
    adapter = probe.adapter
    optimizer = adapter.adam(model, lr)
    trainable = adapter.trainable_count(model)
    grads_seen, deltas_seen = [], []
    for step, batch in enumerate(batches, start=1):
        x = adapter.tensor(batch, like=model)
        loss_before, grads = adapter.gradients(model, lambda m, x=x: loss_fn(m, x))
        before = adapter.parameters(model)
        returned = probe.run("train_step(model, optimizer, images)", train_step,
                                model, optimizer, x)
        returned = as_number(probe, returned, "train_step", RETURN_HINT)
        probe.expect(adapter.trainable_count(model) == trainable,
                     "after train_step part of the model is frozen (requires_grad_(False), "
                     "trainable = False or disable_update()).",
                     "do not freeze anything in a training step.")
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
                           " and take exactly one optimizer step on the whole loss.")


def check_training(history: dict, probe) -> None:
    """Training must lower the loss: the last epoch's mean loss below the first's."""
    losses = history.get("loss")
    probe.expect(isinstance(losses, (list, tuple)) and len(losses) >= 2,
                 "the history needs a 'loss' list with at least two epochs.",
                 "train for at least two epochs and pass the history that fit() returns.")
    probe.expect(bool(np.all(np.isfinite(np.asarray(losses, np.float64)))),
                 "the loss became NaN or infinite.", "lower the learning rate and check the loss.")
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


# ------------------------------------------------ comparing with the course's own networks


def close(got, want, rtol: float = 1e-3) -> bool:
    """Same shape, finite, and within ``rtol`` of the largest expected value everywhere."""
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    if got.shape != want.shape or not np.all(np.isfinite(got)):
        return False
    return float(np.abs(got - want).max(initial=0.0)) <= rtol * (float(np.abs(want).max(initial=0.0))
                                                                + 1e-6)


def same_as(got, wrong, rtol: float = 1e-3) -> bool:
    """``got`` is the (possibly NaN) array ``wrong``: a mistake's result, NaN where it has NaN."""
    got, wrong = np.asarray(got, np.float64), np.asarray(wrong, np.float64)
    if got.shape != wrong.shape:
        return False
    finite = np.isfinite(wrong)
    if not np.array_equal(finite, np.isfinite(got)):
        return False
    scale = float(np.abs(wrong[finite]).max(initial=0.0)) + 1e-6
    return bool(np.all(np.abs(got[finite] - wrong[finite]) <= rtol * scale))


def name_array_mistake(probe, got, want, mistakes, hint: str, rtol: float = 1e-3) -> None:
    """Fail with the message of the first mistake whose result ``got`` is (and ``want`` is not);
    ``mistakes`` maps messages to results (or is a list of such pairs), the likeliest first;
    ``rtol`` as in :func:`same_as`."""
    for message, wrong in mistakes.items() if isinstance(mistakes, dict) else mistakes:
        if wrong is not None and not same_as(want, wrong, rtol) and same_as(got, wrong, rtol):
            probe.fail(message + ".", hint)


def randomize(adapter, model, seed: int) -> None:
    """Seeded weights of the official scale: every kernel ~ N(0, 2 / fan_in) (fan_in = its
    size over its bias's), biases and shifts ~ N(0, 0.1), scales uniform in [0.5, 1.5).
    Biases are not 0, so that a bias in the wrong place shows; the same in every layout."""
    rng = np.random.default_rng(seed)
    arrays, roles = adapter.parameters(model), adapter.parameter_roles(model)
    new = []
    for index, (array, role) in enumerate(zip(arrays, roles, strict=True)):
        if role == "weight":
            follows = index + 1 < len(arrays) and roles[index + 1] == "bias"
            outputs = arrays[index + 1].size if follows else array.shape[0]
            new.append(rng.normal(0.0, np.sqrt(2.0 * outputs / array.size), array.shape))
        elif role == "gamma":
            new.append(rng.uniform(0.5, 1.5, array.shape))
        else:
            new.append(rng.normal(0.0, 0.1, array.shape))
    adapter.set_parameters(model, [a.astype(np.float32) for a in new])


def copy_parameters(probe, source, target, hint: str) -> None:
    """The course network's parameters (``source``) copied into the learner's (``target``),
    matched by role and shape in the order the networks create them: their outputs can then
    be compared."""
    adapter = probe.adapter
    pool: dict = {}
    for array, role in zip(adapter.parameters(source), adapter.parameter_roles(source), strict=True):
        pool.setdefault((role, array.shape), []).append(array)
    arrays = []
    for array, role in zip(adapter.parameters(target), adapter.parameter_roles(target), strict=True):
        matches = pool.get((role, array.shape), [])
        probe.expect(len(matches) > 0, f"the model has a {role} of shape {array.shape} that the "
                     "spec's network does not have (or more of them).", hint)
        arrays.append(matches.pop(0))
    adapter.set_parameters(target, arrays)
