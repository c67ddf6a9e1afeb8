"""Topic 12, SinGAN: hyperparameters, the official parameter counts, and the graders."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import pyramid as spec_pyramid
from .. import single_image
from ..grading import register
from . import checks, sample_checks, saved_module

OFFICIAL_KERNEL = 3
OFFICIAL_LAYERS = 5

# tamarott/SinGAN's GeneratorConcatSkip2CleanAdd and WDiscriminator at each width (3 image
# channels), counted by running the official models.py outside the project.
OFFICIAL_COUNTS = {32: {"G": 29_763, "D": 29_185}, 64: {"G": 114_819, "D": 113_665},
                   128: {"G": 450_819, "D": 448_513}}


@dataclass(frozen=True)
class Config:
    image: str = "balloons"  # course_utils.load_photo: SinGAN's sample images or scikit-image's
    channels: int = 3
    max_size: int = 250  # the finest scale's longer side
    min_size: int = 25  # the coarsest scale's shorter side
    scale_factor: float = 0.75  # the starting ratio between scales (recomputed per image)
    nfc: int = 32  # filters at scales 0-3, doubled every 4 scales up to 128
    iterations: int = 2000  # per scale
    lr_drop: int = 1600  # the learning rate is divided by 10 after this many iterations
    lr: float = 5e-4
    beta1: float = 0.5
    d_steps: int = 3
    g_steps: int = 3
    gp_weight: float = 0.1
    alpha: float = 10.0  # the reconstruction loss's weight
    noise_amp: float = 0.1  # a scale's noise std: noise_amp x RMSE of the reconstruction below
    sample_count: int = 20
    frames: int = 100  # of the animation (the official GIF's)
    batch_size: int = 1  # one photograph
    compiled: bool = True  # Keras: one traced graph per iteration (tracing takes ~10 s a scale)


PROFILES = {
    # 1000 iterations per scale, half the official 2000: about 15 minutes on a T4 for a 250 px
    # photograph by a FLOP estimate (see the lesson), where 2000 would take about 30.
    "full": Config(iterations=1000, lr_drop=800),
    # On a CPU: 4 scales of 32 filters up to 64 px, 400 iterations each (measured: PyTorch
    # about 4 min, Chainer about 12 min on the 2-core machine).
    "quick": Config(image="rocket", max_size=64, iterations=400, lr_drop=320),  # offline
    "smoke": Config(image="rocket", max_size=24, min_size=14, iterations=4, lr_drop=3,
                    sample_count=4, frames=4, compiled=False),
}


# The full profile's 9 scales up to 250 px: one iteration of one critic and one generator step
# each in a dry run (an iteration of every scale costs about 3.6 TFLOP, half a minute on a CPU).
DRY_RUN_CAPS = {"iterations": 1, "d_steps": 1, "g_steps": 1, "sample_count": 2, "frames": 2}


def block_parameter_count(in_channels: int, out_channels: int) -> int:
    """A 3x3 convolution with bias and its batch norm's scale and shift."""
    return OFFICIAL_KERNEL**2 * in_channels * out_channels + out_channels + 2 * out_channels


def generator_parameter_count(width: int, channels: int = 3, num_layer: int = OFFICIAL_LAYERS) -> int:
    body = (num_layer - 2) * block_parameter_count(width, width)
    return (block_parameter_count(channels, width) + body
            + OFFICIAL_KERNEL**2 * width * channels + channels)


def discriminator_parameter_count(width: int, channels: int = 3,
                                  num_layer: int = OFFICIAL_LAYERS) -> int:
    body = (num_layer - 2) * block_parameter_count(width, width)
    return block_parameter_count(channels, width) + body + OFFICIAL_KERNEL**2 * width + 1


# ------------------------------------------------------------------------ 1. the pyramid

PYRAMID_HINT = ("N = ceil(log_r(min_size / shorter side)) + 1 - ceil(log_r(min(max_size, longer "
                "side) / longer side)) with r = scale_factor; the top = ceil(each side x min(max_size / "
                "longer side, 1)); the factor recomputed as (min_size / the top's shorter side) ** (1 / N); "
                "scale n = ceil(each side of the top x factor ** (N - n)), n = 0 (coarsest) .. N.")
# (photograph's (height, width), min_size, max_size, scale_factor)
PYRAMID_SETTINGS = (
    ((167, 250), 25, 250, 0.75),  # no larger than max_size: no downscaling first
    ((427, 640), 25, 250, 0.75),  # rocket, brought to 250 first
    ((640, 427), 25, 250, 0.75),  # portrait
    ((300, 451), 25, 64, 0.75),  # the quick profile's size
    ((427, 640), 14, 24, 0.75),  # the smoke profile's
    ((512, 512), 20, 200, 0.8),  # another min, max and factor
)


def np_pyramid(shape, min_size, max_size, scale_factor, *, recompute=True, rounding=math.ceil,
               extra_scales=0, cap=True):
    """(factor, shapes) of the official pyramid, or of a usual mistake (None where it has no
    scale above the coarsest)."""
    short, long = min(shape), max(shape)
    finest = (math.ceil(math.log(min_size / short, scale_factor)) + 1
              - math.ceil(math.log(min(max_size, long) / long, scale_factor)) + extra_scales)
    if finest < 1:
        return None
    top = [math.ceil(side * min(max_size / long, 1)) if cap else side for side in shape]
    factor = (min_size / min(top)) ** (1 / finest) if recompute else scale_factor
    shapes = [tuple(int(rounding(side * factor ** (finest - n))) for side in top)
              for n in range(finest + 1)]
    return factor, shapes


def _pyramid_mistakes(setting) -> dict:
    return {
        "the scale factor is the one given, not recomputed from the photograph: the coarsest "
        "scale's shorter side then misses min_size": np_pyramid(*setting, recompute=False),
        "the sides are rounded down: the official resizer rounds them up (ceil)":
            np_pyramid(*setting, rounding=math.floor),
        "the sides are rounded to the nearest integer: the official resizer rounds them up (ceil)":
            np_pyramid(*setting, rounding=round),
        "the photograph is not first brought to max_size: the finest scale is the photograph "
        "itself": np_pyramid(*setting, cap=False),
        "there is one scale too few (N + 1 scales, from 0 to N)": np_pyramid(*setting, extra_scales=-1),
        "there is one scale too many (N + 1 scales, from 0 to N)": np_pyramid(*setting, extra_scales=1),
    }


def _as_pyramid(probe, result) -> tuple[float, list]:
    """(factor, shapes) from the learner's result, or a clear failure."""
    hint = "return (factor, shapes): a number and a list of (height, width) pairs, coarsest first."
    probe.expect(isinstance(result, (tuple, list)) and len(result) == 2,
                 f"pyramid_shapes returned {type(result).__name__}, expected (factor, shapes).", hint)
    factor, shapes = result
    try:
        factor = float(factor)
        pairs = [tuple(float(side) for side in pair) for pair in shapes]
    except (TypeError, ValueError):
        probe.fail("pyramid_shapes returned something other than a number and (height, width) "
                   "pairs.", hint)
    probe.expect(all(len(pair) == 2 and all(side == int(side) for side in pair) for pair in pairs),
                 "every shape must be a (height, width) pair of whole numbers.", hint)
    return factor, [tuple(int(side) for side in pair) for pair in pairs]


@register("singan.pyramid_shapes")
def check_pyramid_shapes(pyramid_shapes, probe):
    """``pyramid_shapes(shape, min_size, max_size, scale_factor)``: the official factor and
    scales for photographs that are and are not larger than max_size, portrait and landscape,
    and other settings; the usual mistakes named."""
    for setting in PYRAMID_SETTINGS:
        shape, min_size, max_size, factor_in = setting
        call = (f"pyramid_shapes({shape}, min_size={min_size}, max_size={max_size}, "
                f"scale_factor={factor_in})")
        with probe.setting(call):
            result = probe.run(call, pyramid_shapes, shape, min_size=min_size,
                               max_size=max_size, scale_factor=factor_in)
            factor, shapes = _as_pyramid(probe, result)
            want = spec_pyramid.pyramid(shape, min_size, max_size, factor_in)
            if shapes == list(want.shapes) and math.isclose(factor, want.scale_factor,
                                                            rel_tol=1e-9):
                continue
            for message, wrong in _pyramid_mistakes(setting).items():
                wrong_factor, wrong_shapes = wrong or (None, None)
                if shapes == wrong_shapes and math.isclose(factor, wrong_factor, rel_tol=1e-9) \
                        and wrong_shapes != list(want.shapes):
                    probe.fail(message + ".", PYRAMID_HINT)
            if shapes == list(want.shapes)[::-1]:
                probe.fail("the shapes are listed finest first: the coarsest scale comes first.",
                           PYRAMID_HINT)
            probe.expect(shapes == list(want.shapes),
                         f"the shapes are {shapes}, expected {list(want.shapes)}.", PYRAMID_HINT)
            probe.fail(f"the factor is {factor:.6g}, expected {want.scale_factor:.6g}.", PYRAMID_HINT)


# ---------------------------------------------------------------------- 2. the generator

GENERATOR_HINT = ("head = ConvBlock(channels, width), body = num_layer - 2 ConvBlock(width, width), "
                  "tail = a 3x3 convolution to channels (no padding) then tanh; forward: "
                  "tail(body(head(noise))) + the centre of previous, cropped by (previous's side - "
                  "the output's side) // 2 on every side.")
# (channels, width, num_layer, interior (height, width))
GENERATOR_SETTINGS = ((3, 4, 5, (5, 7)), (1, 6, 5, (4, 4)), (2, 5, 3, (6, 5)))


def _inputs(rng, batch: int, size: tuple[int, int], channels: int, padding: int) -> np.ndarray:
    height, width = size
    return rng.uniform(-1, 1, (batch, height + 2 * padding, width + 2 * padding,
                               channels)).astype(np.float32)


def _generator_mistakes(adapter, spec, noise, previous, padding) -> dict:
    height, width = previous.shape[1] - 2 * padding, previous.shape[2] - 2 * padding
    zeros = np.zeros_like(previous)
    detail = adapter.from_layout(adapter.call(spec, adapter.to_layout(noise),
                                              adapter.to_layout(zeros), training=True))

    def centre(x):
        return x[:, padding:padding + height, padding:padding + width]

    return {
        "the output is the convolutions' output alone: add the upsampled image from the scale "
        "below (the centre of previous), the residual": detail,
        "the residual is the centre of noise, which holds the noise: add the centre of previous":
            detail + centre(noise),
        "the residual is cropped from the top-left corner of previous: crop its centre":
            detail + previous[:, :height, :width],
        "the convolutions run on previous: they run on noise (the noise plus the upsampled image)":
            adapter.from_layout(adapter.call(spec, adapter.to_layout(previous),
                                             adapter.to_layout(zeros), training=True)),
    }


@register("singan.generator", answer="class")
def check_generator(model_class, probe):
    """``SinGANGenerator(channels, width, num_layer)``: the parameter count, the output shape
    (every convolution without padding), the spec's output with its weights copied in (the
    usual residual mistakes named), the residual's gradient reaching ``previous``, and every
    kernel learning, for several channel counts, widths and depths."""
    adapter = probe.adapter
    saved = saved_module(adapter)
    rng = np.random.default_rng(0)
    for channels, width, num_layer, size in GENERATOR_SETTINGS:
        with probe.setting(f"SinGANGenerator({channels}, {width}, {num_layer}), inputs padded "
                           f"by {num_layer} around {size[0]}x{size[1]}"):
            noise, previous = (_inputs(rng, 2, size, channels, num_layer) for _ in range(2))
            arrays = (adapter.to_layout(noise), adapter.to_layout(previous))
            model = checks.build(probe, model_class, channels, width, num_layer)
            output = checks.forward(probe, model, *arrays, training=True)
            checks.expect_shape(probe, output, (2, *adapter.image_shape(*size, channels)),
                                "no padding inside the network: each 3x3 convolution takes 2 "
                                "pixels; crop previous to the convolutions' output.")
            checks.check_parameter_count(
                probe, model, generator_parameter_count(width, channels, num_layer), GENERATOR_HINT)
            spec = checks.build(probe, saved.SinGANGenerator, channels, width, num_layer)
            checks.randomize(adapter, spec, 1)
            adapter.call(spec, *arrays)
            checks.copy_parameters(probe, spec, model, GENERATOR_HINT)
            got = adapter.from_layout(checks.forward(probe, model, *arrays, training=True))
            want = adapter.from_layout(adapter.call(spec, *arrays, training=True))
            if not checks.close(got, want, 1e-4):
                checks.name_array_mistake(probe, got, want,
                              _generator_mistakes(adapter, spec, noise, previous, num_layer),
                              GENERATOR_HINT)
                probe.fail("with the spec's weights copied in, the output differs from the spec's "
                           "generator (in training mode).", GENERATOR_HINT)
            _check_residual_gradient(probe, model, noise, previous, num_layer)
            checks.check_gradients_reach_all(probe, model, *arrays)


def _check_residual_gradient(probe, model, noise, previous, padding) -> None:
    """d sum(w * output) / d previous is w on previous's centre and 0 on its border."""
    adapter = probe.adapter
    height, width = previous.shape[1] - 2 * padding, previous.shape[2] - 2 * padding
    weights = np.random.default_rng(3).uniform(0.5, 1.5, (len(previous), height, width,
                                                         previous.shape[3])).astype(np.float32)
    w = adapter.tensor(adapter.to_layout(weights), like=model)
    noise_tensor = adapter.tensor(adapter.to_layout(noise), like=model)
    _, (grad,) = probe.run("backpropagating to previous", adapter.input_gradients,
                           lambda p: adapter.forward(model, noise_tensor, p, training=True) * w,
                           adapter.to_layout(previous))
    want = np.zeros(previous.shape)
    want[:, padding:padding + height, padding:padding + width] = weights
    probe.expect(grad is not None and checks.close(adapter.from_layout(grad), want, 1e-4),
                 "the output's gradient with respect to previous is not the residual's: "
                 "previous must be added as it is (cropped), without detach(), stop_gradient or "
                 ".array.", GENERATOR_HINT)


# -------------------------------------------------------------------- 3. noise amplitude

AMPLITUDE_HINT = ("noise_amp x sqrt(mean((real - upsampled) ** 2)): the root mean square error over "
                  "every pixel and channel.")
# (images (B, H, W, C), noise_amp (None: the default, 0.1), offset of the difference)
AMPLITUDE_SETTINGS = (((1, 6, 7, 3), None, 0.3), ((2, 5, 4, 1), 0.25, -0.2), ((1, 4, 4, 3), 1.0, 0.0))


def _amplitude_mistakes(real, upsampled, noise_amp) -> dict:
    difference = np.asarray(real, np.float64) - upsampled
    return {
        "the mean squared error, without the square root": noise_amp * np.mean(difference**2),
        "the amplitude lacks its factor noise_amp": np.sqrt(np.mean(difference**2)),
        "noise_amp is 0.1 whatever the argument says": (0.1 * np.sqrt(np.mean(difference**2))
                                                         if noise_amp != 0.1 else None),
        "the standard deviation of the difference: the official amplitude does not remove its "
        "mean": noise_amp * np.std(difference, ddof=1),
        "the biased standard deviation of the difference: the official amplitude does not remove "
        "its mean": noise_amp * np.std(difference),
        "the mean absolute error: the official amplitude is the root mean square error":
            noise_amp * np.mean(np.abs(difference)),
        "the square root of the summed squares: take their mean": noise_amp * np.sqrt(
            np.sum(difference**2)),
    }


def _number(probe, value, name: str) -> float:
    """A Python number, a NumPy scalar or a framework tensor of one value, as a float."""
    hint = "return the amplitude as one number (e.g. with .item() or float())."
    probe.expect(value is not None and not isinstance(value, (tuple, list, dict)),
                 f"{name} returned {type(value).__name__}, expected a number.", hint)
    try:
        array = np.asarray(probe.adapter.to_numpy(value), np.float64)
    except (TypeError, ValueError):
        probe.fail(f"{name} returned a {type(value).__name__}, expected a number.", hint)
    probe.expect(array.size == 1, f"{name} returned {array.size} values, expected one.", hint)
    return float(array.reshape(()))


@register("singan.noise_amplitude")
def check_noise_amplitude(noise_amplitude, probe):
    """``noise_amplitude(real, upsampled, noise_amp=0.1)``: noise_amp x the RMSE, as a number,
    for several shapes, amplitudes and differences with and without a mean; mistakes named."""
    adapter = probe.adapter
    rng = np.random.default_rng(4)
    for shape, noise_amp, offset in AMPLITUDE_SETTINGS:
        real = rng.uniform(-1, 1, shape).astype(np.float32)
        upsampled = (real - offset - rng.normal(0.0, 0.2, shape)).astype(np.float32)
        arguments = {} if noise_amp is None else {"noise_amp": noise_amp}
        amp = 0.1 if noise_amp is None else noise_amp
        call = f"noise_amplitude(real, upsampled{'' if noise_amp is None else f', {noise_amp}'})"
        with probe.setting(f"{call}, images {shape}"):
            value = probe.run(call, noise_amplitude, adapter.tensor(adapter.to_layout(real)),
                              adapter.tensor(adapter.to_layout(upsampled)), **arguments)
            got = _number(probe, value, "noise_amplitude")
            want = spec_pyramid.noise_amplitude(real, upsampled, amp)
            if not math.isclose(got, want, rel_tol=1e-5):
                checks.name_array_mistake(probe, got, want,
                                          _amplitude_mistakes(real, upsampled, amp),
                                          AMPLITUDE_HINT, rtol=1e-5)
                probe.fail(f"the amplitude is {got:.6g}, expected {want:.6g}.", AMPLITUDE_HINT)


# --------------------------------------------------------------- 4. the reconstruction loss

RECONSTRUCTION_HINT = ("previous = pad(upsampled); the mean squared error between G(amplitude * "
                       "fixed_noise + previous, previous), in training mode (Keras: training=True), "
                       "and real; the same fixed noise at every call, and no detach().")
RECONSTRUCTION_SIZE, RECONSTRUCTION_WIDTH = (6, 8), 4  # the image's (H, W), G's width
RECONSTRUCTION_SETTINGS = ((3, 0.4), (1, 1.7))  # (channels, amplitude)


def _reconstruction_value(adapter, G, noise_input, previous, real, kind="mse"):
    """The loss of G's training-mode image (this leaves a PyTorch G in training mode)."""
    output = adapter.call(G, adapter.to_layout(noise_input), adapter.to_layout(previous),
                          training=True)
    difference = adapter.from_layout(output).astype(np.float64) - real
    return {"mse": np.mean(difference**2), "l1": np.mean(np.abs(difference)),
            "sum": np.sum(difference**2)}[kind]


def _scalar(probe, value) -> float:
    """A loss returned as a framework scalar (a tensor of one value), as a float."""
    array = checks.as_array(probe, value, "singan_reconstruction_loss")
    probe.expect(probe.adapter.is_tensor(value) and array.size == 1,
                 f"singan_reconstruction_loss returned {type(value).__name__} of shape "
                 f"{array.shape}, expected a framework scalar.",
                 "return the mean over every pixel as a framework tensor: the generator's step "
                 "backpropagates through it.")
    return float(array.reshape(()))


@register("singan.reconstruction_loss")
def check_reconstruction_loss(reconstruction_loss, probe):
    """``singan_reconstruction_loss(G, real, fixed_noise, upsampled, amplitude)``: the MSE of G's
    image from the fixed noise and the padded upsampled image against real, the same at every
    call, a differentiable scalar that reaches every kernel of G; the usual mistakes named."""
    adapter = probe.adapter
    saved = saved_module(adapter)
    rng = np.random.default_rng(5)
    for channels, amplitude in RECONSTRUCTION_SETTINGS:
        with probe.setting(f"a generator of width {RECONSTRUCTION_WIDTH} on {channels}-channel "
                           f"{RECONSTRUCTION_SIZE[0]}x{RECONSTRUCTION_SIZE[1]} images, "
                           f"amplitude {amplitude}"):
            G = saved.place(saved.SinGANGenerator(channels, RECONSTRUCTION_WIDTH))
            checks.randomize(adapter, G, 6)
            real = rng.uniform(-1, 1, (1, *RECONSTRUCTION_SIZE, channels)).astype(np.float32)
            upsampled = (real + rng.normal(0.0, 0.3, real.shape)).astype(np.float32)
            fixed = np.pad(rng.normal(size=real.shape), ((0, 0), (5, 5), (5, 5), (0, 0))
                           ).astype(np.float32)
            previous = np.pad(upsampled, ((0, 0), (5, 5), (5, 5), (0, 0)))
            adapter.call(G, adapter.to_layout(previous), adapter.to_layout(previous))  # builds
            mistakes = {
                "the fixed noise lacks its amplitude": _reconstruction_value(
                    adapter, G, fixed + previous, previous, real),
                "G's first input is the noise alone: it is the amplitude times the noise plus "
                "the padded upsampled image": _reconstruction_value(
                    adapter, G, amplitude * fixed, previous, real),
                "the mean absolute error: the reconstruction loss is the mean squared error":
                    _reconstruction_value(adapter, G, amplitude * fixed + previous, previous,
                                          real, kind="l1"),
                "the squared errors are summed: take their mean": _reconstruction_value(
                    adapter, G, amplitude * fixed + previous, previous, real, kind="sum"),
            }
            want = _reconstruction_value(adapter, G, amplitude * fixed + previous, previous, real)
            tensors = [adapter.tensor(adapter.to_layout(a), like=G) for a in (real, fixed, upsampled)]
            values = [_scalar(probe, probe.run(
                "singan_reconstruction_loss(G, real, fixed_noise, upsampled, amplitude)",
                reconstruction_loss, G, *tensors, amplitude)) for _ in range(2)]
            probe.expect(math.isclose(values[0], values[1], rel_tol=1e-5),
                         f"two calls gave different losses ({values[0]:.6g} and {values[1]:.6g}): "
                         "the reconstruction must go through the fixed noise, not a new draw.",
                         RECONSTRUCTION_HINT)
            if not math.isclose(values[0], want, rel_tol=1e-4):
                checks.name_array_mistake(probe, values[0], want, mistakes, RECONSTRUCTION_HINT,
                                          rtol=1e-4)
                probe.fail(f"the loss is {values[0]:.6g}, expected {want:.6g}.", RECONSTRUCTION_HINT)
            _, grads = probe.run("backpropagating the loss", adapter.gradients, G,
                                 lambda network, tensors=tensors, amplitude=amplitude:
                                 reconstruction_loss(network, *tensors, amplitude))
            dead = sum(1 for g, role in zip(grads, adapter.parameter_roles(G), strict=True)
                       if role == "weight" and (g is None or not np.any(g)))
            probe.expect(dead == 0, f"{dead} of G's kernels get no gradient from the loss.",
                         "compute the loss with the framework's operations on G's output, without "
                         "detach(), stop_gradient, .array or NumPy.")


# ------------------------------------------------------------- 5. one iteration of a scale

STEP_HINT = ("config.d_steps times: previous = pad(draw_previous()), a new epsilon, one critic step "
             "with config.gp_weight; then config.g_steps generator steps on the last previous with "
             "config.alpha; return the last losses as {'loss_D', 'loss_G', 'rec'}.")
STEP_SIZE, STEP_WIDTH, STEP_SEED, STEP_LR = (13, 15), 4, 7, 0.01
STEP_CONFIG = Config(d_steps=2, g_steps=3, gp_weight=0.5, alpha=4.0)  # not the defaults


def _step_run(adapter, step, networks, arrays, draws):
    """Run ``step`` (the learner's or the spec's) from the same weights and random state;
    returns (result, draw count, G's and D's parameters after it)."""
    G, D, weights = networks
    example = adapter.to_layout(np.zeros((1, STEP_SIZE[0] + 10, STEP_SIZE[1] + 10, 3), np.float32))
    adapter.call(G, example, example, training=True)  # both in training mode, as in training
    adapter.call(D, example, training=True)
    for network, values in zip((G, D), weights, strict=True):
        adapter.set_parameters(network, values)
    optimizers = [adapter.momentum_sgd(network, STEP_LR) for network in (G, D)]
    count = []

    def draw_previous():
        count.append(1)
        return adapter.tensor(draws[(len(count) - 1) % len(draws)], like=G)

    real, noise, fixed, upsampled = (adapter.tensor(a, like=G) for a in arrays)
    adapter.seed(STEP_SEED)
    result = step(G, D, *optimizers, real, noise, draw_previous,
                  (fixed, upsampled, 0.6), STEP_CONFIG)
    return result, len(count), adapter.parameters(G), adapter.parameters(D)


_STEP_NETWORKS: dict = {}


def _step_networks(adapter):
    """The course's G and D (width 4), built once per framework, and their seeded weights."""
    if adapter.name not in _STEP_NETWORKS:
        saved = saved_module(adapter)
        G = saved.place(saved.SinGANGenerator(3, STEP_WIDTH))
        D = saved.place(saved.SinGANDiscriminator(3, STEP_WIDTH))
        example = adapter.to_layout(np.zeros((1, STEP_SIZE[0] + 10, STEP_SIZE[1] + 10, 3),
                                             np.float32))
        adapter.call(G, example, example)
        adapter.call(D, example)
        checks.randomize(adapter, G, 8)
        checks.randomize(adapter, D, 9)
        weights = (adapter.parameters(G), adapter.parameters(D))
        _STEP_NETWORKS[adapter.name] = (G, D, weights)
    return _STEP_NETWORKS[adapter.name]


@register("singan.scale_step")
def check_scale_step(scale_step, probe):
    """``singan_scale_step(G, D, g_optimizer, d_optimizer, real, noise, draw_previous,
    reconstruction, config)``: with d_steps 2, g_steps 3 and other weights than the defaults,
    one draw per critic step, the spec's losses, and G's and D's weights after the iteration
    equal the spec's (momentum SGD, the same random mixes)."""
    adapter = probe.adapter
    saved = saved_module(adapter)
    rng = np.random.default_rng(10)
    arrays = [adapter.to_layout(a.astype(np.float32)) for a in (
        rng.uniform(-1, 1, (1, *STEP_SIZE, 3)), 0.3 * np.pad(rng.normal(size=(1, *STEP_SIZE, 3)),
                                                            ((0, 0), (5, 5), (5, 5), (0, 0))),
        np.pad(rng.normal(size=(1, *STEP_SIZE, 3)), ((0, 0), (5, 5), (5, 5), (0, 0))),
        rng.uniform(-1, 1, (1, *STEP_SIZE, 3)))]
    draws = [adapter.to_layout(rng.uniform(-1, 1, (1, *STEP_SIZE, 3)).astype(np.float32))
             for _ in range(8)]
    networks = _step_networks(adapter)
    with probe.setting(f"d_steps={STEP_CONFIG.d_steps}, g_steps={STEP_CONFIG.g_steps}, "
                       f"gp_weight={STEP_CONFIG.gp_weight}, alpha={STEP_CONFIG.alpha}"):
        result, drawn, g_after, d_after = probe.run(
            "singan_scale_step(G, D, g_optimizer, d_optimizer, real, noise, draw_previous, "
            "reconstruction, config)", _step_run, adapter, scale_step, networks, arrays, draws)
        probe.expect(isinstance(result, dict) and set(result) == {"loss_D", "loss_G", "rec"},
                     f"the step returned {type(result).__name__}"
                     + (f" with keys {sorted(result)}" if isinstance(result, dict) else "")
                     + ", expected a dict with loss_D, loss_G and rec.", STEP_HINT)
        got = {key: checks.as_number(probe, value, f"the step's {key}", STEP_HINT)
               for key, value in result.items()}
        spec, spec_drawn, g_want, d_want = _step_run(adapter, saved.singan_scale_step, networks,
                                                     arrays, draws)
        if drawn != spec_drawn:
            probe.fail({1: "draw_previous was called once: every critic step needs a new image "
                           "from the scales below"}.get(
                drawn, f"draw_previous was called {drawn} times, expected {spec_drawn}: once per "
                       "critic step (the generator steps reuse the last image)") + ".", STEP_HINT)
        unchanged = all(np.array_equal(a, b) for a, b in zip(g_after, networks[2][0], strict=True))
        probe.expect(not unchanged, "G's weights did not change: the generator steps are missing.",
                     STEP_HINT)
        d_ok = all(checks.close(a, b, 1e-4) for a, b in zip(d_after, d_want, strict=True))
        g_ok = all(checks.close(a, b, 1e-4) for a, b in zip(g_after, g_want, strict=True))
        losses_ok = all(math.isclose(got[key], float(adapter.to_numpy(spec[key])), rel_tol=1e-4,
                                     abs_tol=1e-6) for key in got)
        probe.expect(d_ok, "D's weights after the iteration differ from the spec's: check the "
                     "number of critic steps, a new epsilon (drawn as the docstring says) for "
                     "each, and config.gp_weight.", STEP_HINT)
        probe.expect(g_ok, "G's weights after the iteration differ from the spec's: check the "
                     "number of generator steps (config.g_steps), that they run after the critic "
                     "steps on the last image drawn, and config.alpha.", STEP_HINT)
        probe.expect(losses_ok, f"the returned losses {got} differ from the spec's: return the "
                     "last critic step's loss and the last generator step's two losses.", STEP_HINT)


# --------------------------------------------------------------------------- training

# After training (quick profile, three frameworks, measured): the reconstruction's MSE to the
# photograph is 0.0017-0.0024 ([-1, 1] pixels) and its patch distance 3.6-4.1; a copy blurred
# with sigma 1 scores 0.0040 and 7.8, with sigma 2 0.0098 and 17.3; samples from scale 0 have
# a median patch distance of 11-14.
REC_MSE_LIMIT = 0.005
REC_BLUR, SAMPLE_BLUR = 1.0, 2.0  # the reconstruction must beat a copy blurred this much, samples this
DIVERSITY_MIN = 0.02  # copies of the photograph score 0, samples from scale 0 about 0.25


@register("singan.training", answer="history")
def check_training(history, probe, samples=None, real=None, reconstruction=None):
    """Finite losses at every scale; after real training, the reconstruction gives the
    photograph back with its details (its MSE, and a patch distance below a slightly blurred
    copy's), and random samples have the photograph's patch statistics (closer than a blurred
    copy) without copying it (diversity above zero)."""
    keys = ("loss_D", "loss_G", "rec")
    probe.expect(all(isinstance(history.get(k), (list, tuple)) and len(history[k]) >= 2
                     for k in keys) and len({len(history[k]) for k in keys}) == 1,
                 "the history needs the lists loss_D, loss_G and rec, one value for each of at "
                 "least two scales.", "pass the history that train_singan returns.")
    values = np.array([history[k] for k in keys], np.float64)
    probe.expect(bool(np.all(np.isfinite(values))), "a loss became NaN or infinite.",
                 "check the gradient penalty and the learning rate.")
    print("last reconstruction MSE per scale, coarsest first: "
          + ", ".join(f"{value:.4f}" for value in history["rec"]))
    if not sample_checks.trained_enough(probe):
        return
    probe.expect(all(a is not None for a in (samples, real, reconstruction)),
                 "the grader needs samples, the real photograph and its reconstruction.",
                 "pass samples=..., real=... and reconstruction=... ((B, H, W, C) in [0, 1]).")
    real = np.asarray(real, np.float64)
    reconstruction = np.asarray(reconstruction, np.float64)[0]
    statistics = single_image.PatchStatistics(real)
    error = float(np.mean((2 * (reconstruction - real)) ** 2))
    sharp, soft = statistics.distance(reconstruction), statistics.distance(_blur(real, REC_BLUR))
    print(f"reconstruction: MSE {error:.4f}, patch distance {sharp:.2f} (a copy blurred with "
          f"sigma {REC_BLUR:g}: {soft:.2f})")
    hint = "check the reconstruction loss, the fixed noise and alpha, and train longer."
    probe.expect(error < REC_MSE_LIMIT,
                 f"the reconstruction's MSE to the photograph is {error:.4f} (in [-1, 1]), "
                 f"expected below {REC_MSE_LIMIT}: the fixed noise does not give the photograph "
                 "back.", hint)
    probe.expect(sharp < soft, f"the reconstruction's patch distance to the photograph "
                 f"({sharp:.2f}) is not below a slightly blurred copy's ({soft:.2f}): it lacks the "
                 "photograph's details.", hint)
    distances = np.array([statistics.distance(sample) for sample in samples])
    blurred = statistics.distance(_blur(real, SAMPLE_BLUR))
    print(f"samples' patch distance: median {np.median(distances):.2f} (a blurred photograph "
          f"{blurred:.2f}); diversity {single_image.diversity(samples, real):.3f}")
    probe.expect(float(np.median(distances)) < blurred,
                 f"the samples' patch distance to the photograph ({np.median(distances):.2f}) is "
                 f"not below a blurred photograph's ({blurred:.2f}).",
                 "train longer; check the noise amplitudes and the adversarial terms.")
    probe.expect(single_image.diversity(samples, real) > DIVERSITY_MIN,
                 "the samples are all the same: the noise does not change them.",
                 "add the noise (times its amplitude) to the generators' inputs.")


def _blur(image: np.ndarray, sigma: float) -> np.ndarray:
    from scipy.ndimage import gaussian_filter

    return gaussian_filter(image, (sigma, sigma, 0))


def _bench_pyramid(config) -> spec_pyramid.Pyramid:
    """The profile's pyramid for a 2:3 photograph, as the benchmark times it."""
    return spec_pyramid.pyramid((config.max_size * 2 // 3, config.max_size), config.min_size,
                                config.max_size, config.scale_factor)


def _bench_scale(reference, config, adapter, pyramid, n: int, frozen: list):
    """The pieces of one iteration at scale ``n``: (G, D, optimizers, real, noise, draw,
    reconstruction), the images from below drawn through the ``frozen`` generators."""
    saved = saved_module(adapter)
    height, width = pyramid.shapes[n]
    channels = spec_pyramid.channel_width(n, config.nfc)
    G = saved.place(reference.SinGANGenerator(config.channels, channels))
    D = saved.place(reference.SinGANDiscriminator(config.channels, channels))
    padded = (1, height + 10, width + 10, config.channels)
    example = adapter.to_layout(np.zeros(padded, np.float32))
    adapter.call(G, example, example)
    adapter.call(D, example)
    rng = np.random.default_rng(n)
    real, upsampled = (adapter.tensor(adapter.to_layout(
        rng.uniform(-1, 1, (1, height, width, config.channels)).astype(np.float32)), like=G)
        for _ in range(2))
    noise, fixed = (adapter.tensor(adapter.to_layout(rng.normal(0, 0.1, padded).astype(np.float32)),
                                   like=G) for _ in range(2))
    optimizers = [adapter.adam(network, config.lr, (config.beta1, 0.999)) for network in (G, D)]
    if n == 0:
        def draw():
            return upsampled
    else:
        fixed_noises = [adapter.tensor(adapter.to_layout(np.zeros(
            (1, h + 10, w + 10, config.channels), np.float32)), like=G)
            for h, w in pyramid.shapes[:n]]
        below = (frozen[:n], [0.1] * n, fixed_noises, pyramid.shapes, pyramid.scale_factor)

        def draw():
            return reference.upsample(reference.generate(*below), pyramid.shapes[n],
                                      pyramid.scale_factor)
    return G, D, optimizers, real, noise, draw, (fixed, upsampled, 0.1)


def _compiled(adapter, config, step):
    return adapter.compiled(step) if config.compiled else step


def benchmark_step(reference, config, adapter):
    """One training iteration (``config.d_steps`` critic and ``config.g_steps`` generator steps)
    at the finest scale of a 2:3 photograph under the profile, the scales below replaced by
    one upsampled image (the parts, :func:`benchmark_parts`, time the draws through them)."""
    pyramid = _bench_pyramid(config)
    G, D, optimizers, real, noise, _, reconstruction = _bench_scale(
        reference, config, adapter, pyramid, len(pyramid.shapes) - 1, [])

    def step():
        return reference.singan_scale_step(G, D, *optimizers, real, noise,
                                           lambda: reconstruction[1], reconstruction, config)

    return _compiled(adapter, config, step)


def benchmark_parts(reference, config, adapter) -> dict:
    """Where the time goes: one whole iteration at every scale (its images from below drawn
    through the frozen generators of the scales below, as in training), and at the finest
    scale one critic step, one generator step and one draw from below on their own."""
    pyramid = _bench_pyramid(config)
    frozen = []
    for n, (height, width) in enumerate(pyramid.shapes):
        G = saved_module(adapter).place(reference.SinGANGenerator(
            config.channels, spec_pyramid.channel_width(n, config.nfc)))
        example = adapter.to_layout(np.zeros((1, height + 10, width + 10, config.channels),
                                             np.float32))
        adapter.call(G, example, example, training=False)  # inference mode, as when frozen
        frozen.append(G)
    parts = {}
    for n, (height, width) in enumerate(pyramid.shapes):
        G, D, optimizers, real, noise, draw, reconstruction = _bench_scale(
            reference, config, adapter, pyramid, n, frozen)
        parts[f"scale {n} ({height}x{width}, width {spec_pyramid.channel_width(n, config.nfc)})"] = (
            _compiled(adapter, config, lambda G=G, D=D, optimizers=optimizers, real=real,
                      noise=noise, draw=draw, reconstruction=reconstruction:
                      reference.singan_scale_step(G, D, *optimizers, real, noise, draw,
                                                  reconstruction, config)))
    previous = reference.pad(reconstruction[1])
    epsilon = (np.float32(0.5) if adapter.name == "keras" else
               adapter.tensor(np.full((1,), 0.5, np.float32), like=G))
    parts["finest: one critic step"] = _compiled(adapter, config, lambda: reference.singan_critic_step(
        G, D, optimizers[1], real, noise, previous, epsilon, config.gp_weight))
    parts["finest: one generator step"] = _compiled(
        adapter, config, lambda: reference.singan_generator_step(
            G, D, optimizers[0], real, noise, previous, reconstruction, config.alpha))
    parts["finest: one draw from below"] = _compiled(adapter, config, draw)
    return parts
