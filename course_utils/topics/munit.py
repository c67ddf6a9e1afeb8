"""Topic 10, MUNIT (Huang et al., 2018): hyperparameters, parameter counts, measurements
and graders.

The networks follow NVlabs/MUNIT (its edges2shoes configuration) exactly; the official
parameter counts (computed by instantiating the official classes) are in
:data:`OFFICIAL_COUNTS`, and :func:`generator_parameter_count` and
:func:`discriminator_parameter_count` reproduce them from the architecture.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ..grading import register
from ..scenes import shoe_masks
from . import checks, gan_checks, sample_checks, saved_module

GREY_SPREAD = 0.08  # pixels whose channels differ by less are grey: background or sole

# Official networks with the edges2shoes configuration (any image size): parameters.
OFFICIAL_COUNTS = {
    "AdaINGen": 15_026_187,
    "AdaINGen.enc_style": 2_764_936,
    "AdaINGen.enc_content": 5_385_856,
    "AdaINGen.dec": 5_754_627,
    "AdaINGen.mlp": 1_120_768,
    "MsImageDis": 8_271_171,
}


@dataclass(frozen=True)
class Config:
    dataset: str = "summer2winter_yosemite"  # downloaded; offline, the course's drawn shoes
    image_size: int = 128
    load_size: int = 128  # the official configurations resize to the crop size: flips only
    channels: int = 3
    dim: int = 64  # filters of the first convolution of every encoder
    style_dim: int = 8
    n_downsample: int = 2  # the content code is image_size / 4 on a side
    n_res: int = 4  # residual blocks in the content encoder and in the decoder
    mlp_dim: int = 256
    dis_dim: int = 64
    n_layer: int = 4  # stride-2 convolutions per discriminator scale
    num_scales: int = 3
    gan_weight: float = 1.0
    recon_x_weight: float = 10.0  # images rebuilt from their own content and style
    recon_s_weight: float = 1.0  # a random style recovered from its translation
    recon_c_weight: float = 1.0  # a content recovered from its translation
    recon_x_cyc_weight: float = 10.0  # the summer2winter configuration's; edges2shoes has 0
    lr: float = 1e-4
    beta1: float = 0.5
    beta2: float = 0.999
    weight_decay: float = 1e-4
    lr_step_epochs: int = 4  # the learning rate halves every lr_step_epochs epochs
    batch_size: int = 1
    # Full profile: 8 epochs of 500 unpaired pairs at 128x128, then topic 09's CycleGAN on the
    # same images. One MUNIT iteration of the official networks (with the cycle term) costs
    # 700 GFLOP (counted with torch.utils.flop_counter): 175 ms at 4 TFLOPS, half a T4's
    # float32 peak, so 11.7 minutes, and 2.8 for the CycleGAN. An estimate: no GPU was
    # available to measure.
    epochs: int = 8
    train_size: int | None = 1000  # images of both domains, interleaved (half each)
    test_size: int | None = 100
    sample_count: int = 6
    style_count: int = 4  # random styles per held-out outline, for the diversity measure
    cyclegan_epochs: int | None = None  # topic 09's CycleGAN beside it: its own epochs if None

    @property
    def image_shape(self) -> tuple[int, int, int]:
        """(height, width, channels), the NHWC order of the dataset arrays."""
        return (self.image_size, self.image_size, self.channels)

    @property
    def loss_weights(self) -> dict[str, float]:
        """The weights the generators' step takes, keyed as the official configuration."""
        return {"gan": self.gan_weight, "recon_x": self.recon_x_weight,
                "recon_s": self.recon_s_weight, "recon_c": self.recon_c_weight,
                "recon_x_cyc": self.recon_x_cyc_weight}


PROFILES = {
    "full": Config(),
    # On a CPU: 48x48 drawn shoes, a quarter of the filters, two residual blocks, batches of
    # 4, and a learning rate 5 times the official one: 600 iterations instead of a million.
    "quick": Config(dataset="edges2shoes_drawn", image_size=48, load_size=48, dim=16, n_res=2,
                    mlp_dim=64, dis_dim=16, n_layer=3, lr=5e-4, lr_step_epochs=5,
                    batch_size=4, epochs=12, train_size=None, test_size=None),
    # CI: one batch per epoch (one epoch of the CycleGAN beside it), its steps run eagerly
    # (see EAGER_SMOKE).
    "smoke": Config(dataset="edges2shoes_drawn", image_size=32, load_size=32, dim=4, n_res=1,
                    mlp_dim=16, dis_dim=4, n_layer=2, num_scales=2, lr=5e-4, lr_step_epochs=1,
                    batch_size=4, epochs=2, train_size=8, test_size=16, sample_count=4,
                    cyclegan_epochs=1),
}

# Keras traces the steps in seconds, longer than the smoke run's few steps take eagerly: the
# smoke run steps eagerly; tests/test_munit.py compiles a step.
EAGER_SMOKE = True

# A dry run trains no CycleGAN beside MUNIT (topic 09's dry run trains one at this size) and
# translates each held-out outline with two random styles.
DRY_RUN_CAPS = {"train_size": 2, "test_size": 4, "sample_count": 2, "style_count": 2,
                "cyclegan_epochs": 0}


def _conv(k: int, c_in: int, c_out: int) -> int:
    """A k x k convolution with a bias: every MUNIT convolution has one."""
    return k * k * c_in * c_out + c_out


def style_encoder_parameter_count(in_channels: int, dim: int = 64, style_dim: int = 8,
                                  n_downsample: int = 4) -> int:
    total = _conv(7, in_channels, dim) + _conv(4, dim, 2 * dim) + _conv(4, 2 * dim, 4 * dim)
    return total + (n_downsample - 2) * _conv(4, 4 * dim, 4 * dim) + _conv(1, 4 * dim, style_dim)


def content_encoder_parameter_count(in_channels: int, dim: int = 64, n_downsample: int = 2,
                                    n_res: int = 4) -> int:
    total = _conv(7, in_channels, dim)
    for _ in range(n_downsample):
        total, dim = total + _conv(4, dim, 2 * dim), 2 * dim
    return total + 2 * n_res * _conv(3, dim, dim)  # instance norm has no parameters


def decoder_parameter_count(out_channels: int, channels: int = 256, n_upsample: int = 2,
                            n_res: int = 4) -> int:
    total = 2 * n_res * _conv(3, channels, channels)  # AdaIN's parameters come from the MLP
    for _ in range(n_upsample):
        total += _conv(5, channels, channels // 2) + 2 * (channels // 2)  # + LayerNorm
        channels //= 2
    return total + _conv(7, channels, out_channels)


def mlp_parameter_count(style_dim: int, adain_params: int, mlp_dim: int = 256) -> int:
    return ((style_dim + 1) * mlp_dim + (mlp_dim + 1) * mlp_dim
            + (mlp_dim + 1) * adain_params)


def generator_parameter_count(in_channels: int, dim: int = 64, style_dim: int = 8,
                              n_downsample: int = 2, n_res: int = 4, mlp_dim: int = 256) -> int:
    channels = dim * 2 ** n_downsample
    return (style_encoder_parameter_count(in_channels, dim, style_dim)
            + content_encoder_parameter_count(in_channels, dim, n_downsample, n_res)
            + decoder_parameter_count(in_channels, channels, n_downsample, n_res)
            + mlp_parameter_count(style_dim, 4 * channels * n_res, mlp_dim))


def discriminator_parameter_count(in_channels: int, dim: int = 64, n_layer: int = 4,
                                  num_scales: int = 3) -> int:
    total = _conv(4, in_channels, dim)
    for _ in range(n_layer - 1):
        total, dim = total + _conv(4, dim, 2 * dim), 2 * dim
    return num_scales * (total + _conv(1, dim, 1))


# ------------------------------------------------------------------ measurements


def filled_outlines(outlines: np.ndarray) -> np.ndarray:
    """Where the shoe drawn by each outline is (NHWC images in [0, 1]): the lines and all
    they enclose. (N, H, W) booleans."""
    from scipy.ndimage import binary_fill_holes

    return np.stack([binary_fill_holes(lines) for lines in shoe_masks(outlines)])


def content_iou(translations: np.ndarray, outlines: np.ndarray) -> float:
    """How well translations keep their input's content: the mean intersection over union
    of each translated shoe (in [0, 1]) with the shoe its outline draws."""
    got, want = shoe_masks(translations), filled_outlines(outlines)
    union = np.maximum((got | want).sum(axis=(1, 2)), 1)
    return float(np.mean((got & want).sum(axis=(1, 2)) / union))


def style_statistics(images: np.ndarray) -> np.ndarray:
    """What a drawn shoe's style is made of, per NHWC image in [0, 1]: the mean colour of
    its upper (the shoe's pixels that are not grey) and the spread of their brightness (a
    pattern's contrast). (N, 4); an image with no coloured pixel gets white, no spread."""
    coloured = shoe_masks(images) & (images.max(axis=-1) - images.min(axis=-1) > GREY_SPREAD)
    result = np.tile(np.array([1.0, 1.0, 1.0, 0.0], np.float32), (len(images), 1))
    for i, (image, mask) in enumerate(zip(images, coloured, strict=True)):
        if mask.any():
            pixels = image[mask]
            result[i] = [*pixels.mean(axis=0), pixels.mean(axis=1).std()]
    return result


def style_distance(images: np.ndarray, style_images: np.ndarray) -> float:
    """The mean Euclidean distance between the style statistics of ``images`` and of
    ``style_images``, image by image: 0 when every translation wears its example's style."""
    difference = style_statistics(images) - style_statistics(style_images)
    return float(np.linalg.norm(difference, axis=1).mean())


def diversity(translations: np.ndarray) -> float:
    """How different the translations of one input under different styles are:
    ``translations`` is (K styles, N inputs, H, W, C) in [0, 1]; the mean distance between
    the style statistics of two styles' outputs, over all pairs and inputs. 0 for a
    deterministic translation such as CycleGAN's."""
    statistics = np.stack([style_statistics(images) for images in translations])  # (K, N, 4)
    k = len(statistics)
    pairs = [np.linalg.norm(statistics[i] - statistics[j], axis=1).mean()
             for i in range(k) for j in range(i + 1, k)]
    return float(np.mean(pairs))


# ---------------------------------------------------------------------------- graders


def _name_value_mistake(probe, value: float, expected: float, mistakes: dict, hint: str) -> None:
    """The same for a loss: a typical wrong loss gets its own message."""
    for message, wrong in mistakes.items():
        if wrong is not None and np.isfinite(wrong) and not np.isclose(wrong, expected, rtol=STEP_RTOL) \
                and np.isclose(value, wrong, rtol=STEP_RTOL, atol=1e-6):
            probe.fail(f"{message} (loss {value:.5g}, expected {expected:.5g}).", hint)


def _quietly(function, *args, **kwargs):
    """Run a NumPy spec that may divide by zero for a mistake (a std over one value)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return function(*args, **kwargs)


def _numpy_images(adapter, value):
    """A framework image batch (or a plain array) as NHWC NumPy, float64."""
    return np.asarray(adapter.from_layout(adapter.to_numpy(value)), np.float64)


def _build(probe, model_class, *args, **kwargs):
    """The learner's model (see :func:`checks.build`), on the device the course trains on,
    where the adapter also puts the inputs it differentiates."""
    return saved_module(probe.adapter).place(checks.build(probe, model_class, *args, **kwargs))


def _check_kernels_learn(probe, model, *inputs) -> None:
    """Every kernel and norm parameter gets a gradient from a loss on the training-mode output
    (a convolution's bias does not: the AdaIN after it removes it exactly)."""
    adapter = probe.adapter
    tensors = [adapter.tensor(x, like=model) for x in inputs]
    shape = checks.forward(probe, model, *inputs, training=True).shape
    target = adapter.tensor(np.full(shape, 0.5, np.float32), like=model)
    _, grads = probe.run("backpropagating through the model", adapter.gradients, model,
                         lambda m: adapter.mean_squared_error(
                             adapter.forward(m, *tensors, training=True), target))
    roles = adapter.parameter_roles(model)
    dead = sum(1 for g, role in zip(grads, roles, strict=True)
               if role != "bias" and (g is None or not np.any(g)))
    probe.expect(dead == 0, f"{dead} of the model's kernels get no gradient.",
                 "every layer must be used in the forward pass; do not detach or convert "
                 "tensors to NumPy inside the model.")


_COURSE_NETWORKS: dict = {}


def _course_network(adapter, name: str, arguments: tuple, inputs: tuple, seed: int):
    """The course's own ``name(*arguments)`` from the saved module, built (on ``inputs``) once
    per framework and arguments, as building Keras layers takes most of a grader's time; only
    the grader uses it, with new seeded weights at every call."""
    key = (adapter.name, name, arguments)
    if key not in _COURSE_NETWORKS:
        saved = saved_module(adapter)
        network = saved.place(getattr(saved, name)(*arguments))
        adapter.call(network, *inputs)  # builds a Keras layer
        _COURSE_NETWORKS[key] = network
    network = _COURSE_NETWORKS[key]
    checks.randomize(adapter, network, seed)
    return network


def _reaches(probe, function, arrays, index: int, what: str, message: str, hint: str) -> None:
    """A gradient of a weighted sum of ``function``'s output reaches ``arrays[index]``."""
    adapter = probe.adapter
    rng = np.random.default_rng(11)
    output = probe.run(what, function, *(adapter.tensor(a) for a in arrays))
    shape = checks.as_array(probe, output, what).shape
    weights = adapter.tensor(rng.uniform(0.5, 1.5, shape).astype(np.float32))
    _, grads = probe.run(what, adapter.input_gradients,
                         lambda *tensors: function(*tensors) * weights, *arrays)
    probe.expect(grads[index] is not None and bool(np.any(grads[index])), message, hint)


# -------------------------------------------------------------------- 1. layer norm

LAYER_NORM_HINT = ("normalise each image with the mean and the unbiased standard deviation of all "
                   "its values (channels, height and width together): (x - mean) / (std + eps), eps "
                   "outside the root; then multiply by gamma and add beta, one of each per channel.")
# (channels, eps (None: the default), images (B, H, W, C), near-constant images?)
LAYER_NORM_SETTINGS = (
    (3, None, (2, 5, 4, 3), False),  # channels and images with their own statistics
    (1, None, (3, 2, 2, 1), False),  # 4 values per image: the biased std is sqrt(3/4) of the unbiased
    (2, None, (2, 3, 3, 2), True),  # std ~1e-3: eps outside the root or under it shows
    (4, 0.5, (2, 3, 2, 4), False),  # another eps
)


def np_layer_norm(x, gamma, beta, eps=1e-5, axes=(1, 2, 3), ddof=1, eps_inside=False):
    """MUNIT's layer norm of NHWC images: statistics over ``axes`` (each image's C, H, W), the
    std with ``ddof`` (1: unbiased), eps added to it (``eps_inside``: under the root instead);
    then gamma and beta per channel. The other arguments make the usual mistakes."""
    x = np.asarray(x, np.float64)
    mean = x.mean(axis=axes, keepdims=True)
    variance = x.var(axis=axes, ddof=ddof, keepdims=True)
    scale = np.sqrt(variance + eps) if eps_inside else np.sqrt(variance) + eps
    return (x - mean) / scale * np.asarray(gamma, np.float64) + np.asarray(beta, np.float64)


def _layer_norm_mistakes(x, gamma, beta, eps) -> list:
    """(message, output) of the usual mistakes; with one channel an image's statistics are its
    channel's, so the mistakes within MUNIT's statistics come first."""
    def spec(**kwargs):
        return _quietly(np_layer_norm, x, gamma, beta, **{"eps": eps, **kwargs})

    mistakes = [
        ("the standard deviation is the biased one (divided by n): MUNIT's is unbiased (divided "
         "by n - 1, torch.std's default)", spec(ddof=0)),
        ("eps is added under the square root (sqrt(var + eps)): MUNIT adds it to the standard "
         "deviation, (x - mean) / (std + eps)", spec(eps_inside=True)),
        ("eps is under the square root and the variance is the biased one: that is the "
         "frameworks' layer norm, not MUNIT's", spec(eps_inside=True, ddof=0)),
        ("eps is 1e-5 whatever the eps argument says", spec(eps=1e-5) if eps != 1e-5 else None),
        ("eps is missing: (x - mean) / (std + eps)", spec(eps=0.0)),
        ("gamma and beta are not applied: multiply by gamma and add beta, per channel",
         _quietly(np_layer_norm, x, 1.0, 0.0, eps)),
    ]
    where = {(3,): "each pixel's statistics over its channels only (what the frameworks' layer "
                   "norms do): MUNIT's are each image's, over channels, height and width",
             (1, 2): "each channel's statistics over its pixels (instance norm): MUNIT's are each "
                     "image's, over channels, height and width together",
             (0, 1, 2, 3): "the statistics of the whole batch: each image is normalised with its "
                           "own mean and std"}
    for axes, message in where.items():  # whatever the std and the eps placement
        mistakes += [(message, spec(axes=axes, ddof=ddof, eps_inside=inside))
                     for ddof in (1, 0) for inside in (False, True)]
    return mistakes


def _layer_norm_images(rng, shape, near_constant: bool) -> np.ndarray:
    if near_constant:
        return (0.25 + rng.normal(0.0, 1e-3, shape)).astype(np.float32)
    scale = rng.uniform(0.5, 3.0, (shape[0], 1, 1, shape[3]))  # every image and channel its own
    offset = rng.normal(0.0, 2.0, (shape[0], 1, 1, shape[3]))
    return (rng.normal(size=shape) * scale + offset).astype(np.float32)


def _gamma_beta_indices(probe, layer, channels: int) -> tuple[int, int]:
    """Which of the layer's two parameters is gamma and which beta (by role, else in order)."""
    adapter = probe.adapter
    params, roles = adapter.parameters(layer), adapter.parameter_roles(layer)
    probe.expect(len(params) == 2 and all(p.size == channels for p in params),
                 f"the layer has {len(params)} parameter tensor(s) of sizes "
                 f"{[int(p.size) for p in params]}, expected gamma and beta of {channels} values each.",
                 "create one gamma and one beta per channel (nn.Parameter, add_weight or "
                 "chainer.Parameter), nothing else.")
    if roles[0] in ("beta", "bias") and roles[1] in ("gamma", "weight"):
        return 1, 0
    return 0, 1


def _set_gamma_beta(probe, layer, channels, gamma, beta) -> tuple[int, int]:
    adapter = probe.adapter
    g, b = _gamma_beta_indices(probe, layer, channels)
    params = adapter.parameters(layer)
    arrays = [None, None]
    arrays[g] = np.asarray(gamma, np.float32).reshape(params[g].shape)
    arrays[b] = np.asarray(beta, np.float32).reshape(params[b].shape)
    adapter.set_parameters(layer, arrays)
    return g, b


@register("munit.layer_norm", answer="class")
def check_layer_norm(layer_class, probe):
    """``LayerNorm(channels, eps=1e-5)``: the output equals NumPy's MUNIT layer norm (each
    image's mean and unbiased std over C, H, W, eps outside the root, gamma and beta per
    channel) for several channel counts, eps values and images (4 values per image; near-
    constant images), the usual mistakes named; 2 x channels parameters, gamma drawn
    uniform in [0, 1) and beta 0; the gradients reaching the input, gamma and beta are
    those of the NumPy spec."""
    adapter = probe.adapter
    rng = np.random.default_rng(0)
    for channels, eps, shape, near_constant in LAYER_NORM_SETTINGS:
        arguments = {} if eps is None else {"eps": eps}
        described = f"LayerNorm({channels}{'' if eps is None else f', eps={eps}'})"
        with probe.setting(f"{described} on images of shape {shape} (NHWC)"
                           + (", each nearly constant" if near_constant else "")):
            layer = _build(probe, layer_class, channels, **arguments)
            x = _layer_norm_images(rng, shape, near_constant)
            output = checks.forward(probe, layer, adapter.to_layout(x))  # builds a Keras layer
            checks.expect_shape(probe, output, (shape[0], *adapter.image_shape(*shape[1:])),
                                "return a batch of the input's shape.")
            checks.check_parameter_count(probe, layer, 2 * channels,
                                         "one gamma and one beta per channel, nothing else.")
            gamma = rng.uniform(0.5, 2.0, channels)
            beta = rng.normal(0.0, 1.0, channels)
            _set_gamma_beta(probe, layer, channels, gamma, beta)
            got = _numpy_images(adapter, checks.forward(probe, layer, adapter.to_layout(x),
                                                        training=True))
            want = np_layer_norm(x, gamma, beta, 1e-5 if eps is None else eps)
            if not checks.close(got, want):
                checks.name_array_mistake(probe, got, want,
                                    _layer_norm_mistakes(x, gamma, beta, 1e-5 if eps is None else eps),
                                    LAYER_NORM_HINT)
                probe.fail("the output is not MUNIT's layer norm of the input.", LAYER_NORM_HINT)
            if channels == 3:
                _check_layer_norm_gradients(probe, layer, x, gamma, beta, channels)
    _check_layer_norm_init(probe, layer_class)


def _check_layer_norm_gradients(probe, layer, x, gamma, beta, channels) -> None:
    """The gradients of an MSE on the output, w.r.t. the input, gamma and beta, equal NumPy's."""
    adapter = probe.adapter
    target = np.random.default_rng(1).normal(size=x.shape)

    def np_loss(images, g, b):
        return np.mean((np_layer_norm(images, g, b) - target) ** 2)

    want_x, want_g, want_b = checks.numerical_gradients(np_loss, [x, gamma, beta])
    goal = adapter.tensor(adapter.to_layout(target), like=layer)

    def loss(model, images):
        return adapter.mean_squared_error(adapter.forward(model, images, training=True), goal)

    _, (got_x,) = probe.run("backpropagating through the layer to its input",
                            adapter.input_gradients, lambda images: loss(layer, images),
                            adapter.to_layout(x))
    probe.expect(got_x is not None and checks.close(adapter.from_layout(got_x), want_x, 2e-3),
                 "the outputs are right, but the gradient reaching the input is not that of "
                 "MUNIT's layer norm: the mean or the std is cut from the graph.",
                 "compute the mean and the std from x with the framework's operations, without "
                 "detach(), stop_gradient, .array or NumPy: backpropagation goes through them too.")
    g, b = _gamma_beta_indices(probe, layer, channels)
    images = adapter.tensor(adapter.to_layout(x), like=layer)
    _, grads = probe.run("backpropagating to gamma and beta", adapter.gradients, layer,
                         lambda model: loss(model, images))
    for index, want, name in ((g, want_g, "gamma"), (b, want_b, "beta")):
        probe.expect(grads[index] is not None and checks.close(np.ravel(grads[index]), want, 2e-3),
                     f"the gradient reaching {name} is not the one of x_hat * gamma + beta, one "
                     f"{name} per channel.",
                     "scale and shift the normalised images with the parameters themselves, "
                     "broadcast along the channel axis.")


def _check_layer_norm_init(probe, layer_class, channels: int = 4000) -> None:
    adapter = probe.adapter
    with probe.setting(f"a new LayerNorm({channels})"):
        layer = _build(probe, layer_class, channels)
        checks.forward(probe, layer, adapter.to_layout(np.zeros((1, 2, 2, channels), np.float32)))
        g, b = _gamma_beta_indices(probe, layer, channels)
        params = adapter.parameters(layer)
        gamma, beta = np.ravel(params[g]).astype(np.float64), np.ravel(params[b])
        probe.expect(not np.any(beta), "beta does not start at 0.",
                     "initialise beta with zeros, as the official code does.")
        shown = (f"gamma starts in [{gamma.min():.3g}, {gamma.max():.3g}], mean {gamma.mean():.3g}, "
                 f"std {gamma.std():.3g}")
        init_hint = ("draw gamma uniform in [0, 1), as the official code does: torch.rand(channels), "
                     "keras.initializers.RandomUniform(0.0, 1.0), np.random.uniform(0, 1, channels).")
        probe.expect(not np.allclose(gamma, 1.0),
                     "gamma starts at 1, as the frameworks' own norms' scales do.", init_hint)
        probe.expect(gamma.min() >= 0.0 and gamma.max() < 1.0 and abs(gamma.mean() - 0.5) < 0.03
                     and 0.26 < gamma.std() < 0.32,
                     f"{shown}: not uniform in [0, 1) (mean 0.5, std 0.289).", init_hint)


# -------------------------------------------------------------------------- 2. AdaIN

ADAIN_HINT = ("normalise each channel of each image over its own pixels, (x - mu) / sqrt(var + eps) "
              "with the biased variance (instance norm), then multiply by std and add mean, both "
              "(B, C), broadcast over the pixels.")
# (images (B, H, W, C), eps (None: the default), near-constant channels?)
ADAIN_SETTINGS = (
    ((3, 4, 5, 2), None, False),  # images with their own statistics: batch statistics differ
    ((2, 2, 2, 3), None, False),  # 4 pixels: the biased and unbiased variance differ by 4/3
    ((2, 3, 3, 1), None, True),  # std ~1e-3: eps under the root or outside it shows
    ((2, 3, 4, 2), 0.5, False),  # another eps
)


def np_adain(x, mean, std, eps=1e-5, axes=(1, 2), ddof=0, eps_inside=True):
    """AdaIN of NHWC images: statistics over ``axes`` (each image's and channel's pixels),
    the biased variance (``ddof`` 0), eps under the root; then ``std`` and ``mean`` (B, C)."""
    x = np.asarray(x, np.float64)
    mu = x.mean(axis=axes, keepdims=True)
    variance = x.var(axis=axes, ddof=ddof, keepdims=True)
    scale = np.sqrt(variance + eps) if eps_inside else np.sqrt(variance) + eps
    mean, std = np.asarray(mean, np.float64), np.asarray(std, np.float64)
    return std[:, None, None, :] * (x - mu) / scale + mean[:, None, None, :]


def _adain_mistakes(x, mean, std, eps) -> dict:
    def spec(*args, **kwargs):
        return _quietly(np_adain, *(args or (x, mean, std)), **{"eps": eps, **kwargs})

    return {
        "the statistics are taken over the whole batch (each channel's pixels of every image): "
        "each image is normalised with its own statistics": spec(axes=(0, 1, 2)),
        "the statistics are each image's over all its channels: AdaIN normalises each channel "
        "on its own": spec(axes=(1, 2, 3)),
        "the variance is the unbiased one (n - 1): instance norm uses the biased one (n)":
            spec(ddof=1),
        "mean and std are swapped: the output is std * x_hat + mean": spec(x, std, mean),
        "eps is added to the standard deviation: instance norm divides by sqrt(var + eps)":
            spec(eps_inside=False),
        "eps is 1e-5 whatever the eps argument says": spec(eps=1e-5) if eps != 1e-5 else None,
        "eps is missing: divide by sqrt(var + eps)": spec(eps=0.0),
        "the images are normalised but not scaled by std and shifted by mean":
            spec(x, np.zeros_like(mean), np.ones_like(std)),
    }


@register("munit.adain")
def check_adain(adain, probe):
    """``adain(x, mean, std, eps=1e-5)``: NumPy's AdaIN (each image's and channel's own
    statistics, biased variance, eps under the root, then std and mean) for several shapes,
    channel counts and eps values, the usual mistakes named; a framework tensor whose
    gradients w.r.t. x, mean and std equal NumPy's."""
    adapter = probe.adapter
    rng = np.random.default_rng(2)
    for shape, eps, near_constant in ADAIN_SETTINGS:
        batch, channels = shape[0], shape[3]
        if near_constant:
            x = 0.5 + rng.normal(0.0, 1e-3, shape)
        else:
            x = (rng.normal(size=shape) * rng.uniform(0.3, 3.0, (batch, 1, 1, channels))
                 + rng.normal(0.0, 2.0, (batch, 1, 1, channels)))
        x = x.astype(np.float32)
        mean = rng.normal(size=(batch, channels)).astype(np.float32)
        std = rng.uniform(0.5, 2.0, (batch, channels)).astype(np.float32)
        arguments = {} if eps is None else {"eps": eps}
        call = f"adain(x, mean, std{'' if eps is None else f', eps={eps}'})"
        with probe.setting(f"{call}, x of shape {shape} (NHWC)"
                           + (", each channel nearly constant" if near_constant else "")):
            output = probe.run(call, adain, adapter.tensor(adapter.to_layout(x)), adapter.tensor(mean),
                               adapter.tensor(std), **arguments)
            got = checks.as_array(probe, output, "adain")
            checks.expect_shape(probe, got, (batch, *adapter.image_shape(*shape[1:])),
                                "return a batch of x's shape.")
            got = adapter.from_layout(got)
            want = np_adain(x, mean, std, 1e-5 if eps is None else eps)
            if not checks.close(got, want):
                checks.name_array_mistake(probe, got, want,
                                    _adain_mistakes(x, mean, std, 1e-5 if eps is None else eps),
                                    ADAIN_HINT)
                probe.fail("the output is not the AdaIN of x with these means and stds.", ADAIN_HINT)
            probe.expect(adapter.is_tensor(output),
                         f"adain returned a {type(output).__name__}, not a {adapter.name} tensor: "
                         "the decoder's training could not backpropagate through it.",
                         checks.TENSOR_HINT)
            if shape == (2, 2, 2, 3):
                _check_adain_gradients(probe, adain, x, mean, std)


def _check_adain_gradients(probe, adain, x, mean, std) -> None:
    adapter = probe.adapter
    weights = np.random.default_rng(3).uniform(-1.0, 1.0, x.shape)
    w = adapter.tensor(adapter.to_layout(weights))

    def np_weighted(images, m, s):
        return float(np.sum(np_adain(images, m, s) * weights))

    wants = checks.numerical_gradients(np_weighted, [x, mean, std])
    _, grads = probe.run("backpropagating through adain", adapter.input_gradients,
                         lambda images, m, s: adain(images, m, s) * w,
                         adapter.to_layout(x), mean, std)
    for grad, want, name in zip(grads, wants, ("x", "mean", "std"), strict=True):
        if name == "x" and grad is not None:
            grad = adapter.from_layout(grad)
        probe.expect(grad is not None and checks.close(grad, want, 2e-3),
                     f"the gradient of adain's output with respect to {name} is not AdaIN's, "
                     "although the values are: part of the computation is cut from the graph.",
                     "compute everything from x, mean and std with the framework's operations, "
                     "without detach(), stop_gradient, .array or NumPy: the decoder learns "
                     "through the statistics, and the MLP through mean and std.")


# ------------------------------------------------------------ 3. the AdaIN residual block

BLOCK_HINT = ("x + AdaIN(conv2(ReLU(AdaIN(conv1(x), mean1, std1))), mean2, std2), with mean1, std1, "
              "mean2, std2 = the four consecutive (B, channels) slices of params, in that order; no "
              "ReLU after the sum.")
BLOCK_SETTINGS = ((3, 5), (1, 4), (4, 6))  # (channels, side)


def adain_parameters(rng, batch: int, channels: int, blocks: int = 1) -> np.ndarray:
    """Random AdaIN parameters (B, 4 x channels x blocks), each block's [mean1, std1, mean2,
    std2]: means ~ N(0, 1), stds in [0.5, 2), different for every image."""
    parts = []
    for _ in range(blocks):
        for kind in ("mean", "std", "mean", "std"):
            parts.append(rng.normal(size=(batch, channels)) if kind == "mean"
                         else rng.uniform(0.5, 2.0, (batch, channels)))
    return np.concatenate(parts, axis=1).astype(np.float32)


def np_adain_block(adapter, spec, x, params, order=(0, 1, 2, 3), relu_between=True,
                   residual=True, relu_last=False, relu_after_sum=False) -> np.ndarray:
    """The block of the course's ``spec`` (its two convolutions run by the framework, the
    rest in NumPy, NHWC); ``order`` says which slice of params each of mean1, std1, mean2,
    std2 reads, the other arguments make the usual mistakes."""
    chunks = np.split(np.asarray(params, np.float64), 4, axis=1)
    mean1, std1, mean2, std2 = (chunks[i] for i in order)

    def conv(layer, images):
        return _numpy_images(adapter, layer(adapter.tensor(adapter.to_layout(images), like=spec)))

    h = np_adain(conv(spec.conv1, x), mean1, std1)
    if relu_between:
        h = np.maximum(h, 0.0)
    h = np_adain(conv(spec.conv2, h), mean2, std2)
    if relu_last:
        h = np.maximum(h, 0.0)
    out = np.asarray(x, np.float64) + h if residual else h
    return np.maximum(out, 0.0) if relu_after_sum else out


def _block_mistakes(adapter, spec, x, params) -> dict:
    def run(**kwargs):
        return np_adain_block(adapter, spec, x, params, **kwargs)

    return {
        "each AdaIN's mean and std are swapped: params holds [mean1, std1, mean2, std2], the mean "
        "first": run(order=(1, 0, 3, 2)),
        "the two AdaINs' parameters are swapped: the first AdaIN (after conv1) takes the first "
        "2 x channels values, mean1 then std1": run(order=(2, 3, 0, 1)),
        "params is read as [mean1, mean2, std1, std2]: the official order is [mean1, std1, mean2, "
        "std2]": run(order=(0, 2, 1, 3)),
        "both AdaINs use the first AdaIN's parameters": run(order=(0, 1, 0, 1)),
        "there is a ReLU after the sum: the block is x + AdaIN(conv2(...)), with no activation "
        "after the addition": run(relu_after_sum=True),
        "there is no residual: the block returns AdaIN(conv2(...)) without adding x":
            run(residual=False),
        "the ReLU between the two AdaINs is missing": run(relu_between=False),
        "there is a ReLU after the second AdaIN: the second AdaIN's output is added to x as it is":
            run(relu_last=True),
    }


@register("munit.adain_res_block", answer="class")
def check_adain_res_block(block_class, probe):
    """``AdaINResBlock(channels)`` with ``forward(x, params)``: same shape out, two biased 3x3
    convolutions and no other parameters, gradients reaching every parameter, the images and
    params, and, with the course's weights copied in and random params, the course block's
    output for several channel counts; the usual slicing and activation mistakes named."""
    adapter = probe.adapter
    rng = np.random.default_rng(4)
    for channels, side in BLOCK_SETTINGS:
        with probe.setting(f"AdaINResBlock({channels}) on {side}x{side} images"):
            model = _build(probe, block_class, channels)
            x = rng.normal(size=(3, side, side, channels)).astype(np.float32)
            params = adain_parameters(rng, 3, channels)
            images = adapter.to_layout(x)
            output = checks.forward(probe, model, images, params, training=True)
            checks.expect_shape(probe, output, (3, *adapter.image_shape(side, side, channels)),
                                "return x plus the block's output: the same shape as x.")
            checks.check_parameter_count(probe, model, 2 * (9 * channels * channels + channels),
                                         "two Conv2dBlocks (3x3, with a bias, no norm): AdaIN has "
                                         "no parameters of its own, they come in params.")
            spec = _course_network(adapter, "AdaINResBlock", (channels,), (images, params),
                                   seed=channels)
            checks.copy_parameters(probe, spec, model, BLOCK_HINT)
            got = _numpy_images(adapter, checks.forward(probe, model, images, params, training=True))
            want = _numpy_images(adapter, adapter.call(spec, images, params, training=True))
            if not checks.close(got, want):
                checks.name_array_mistake(probe, got, want, _block_mistakes(adapter, spec, x, params),
                                    BLOCK_HINT)
                probe.fail("with the course's weights copied in, the block's output is not the "
                           "course block's.", BLOCK_HINT)
            _check_kernels_learn(probe, model, images, params)
            _reaches(probe, lambda a, p, model=model: adapter.forward(model, a, p, training=True),
                     [images, params], 0, "backpropagating to the images",
                     "no gradient reaches the input images: the layers before the block would not "
                     "learn.", "use x as it comes, and add it to the block's output.")
            _reaches(probe, lambda a, p, model=model: adapter.forward(model, a, p, training=True),
                     [images, params], 1, "backpropagating to params",
                     "no gradient reaches params: the MLP that computes them would not learn.",
                     "use params as they come: no detach(), stop_gradient, .array or NumPy.")


# ------------------------------------------------------------------------ 4. the decoder

DECODER_HINT = ("x = content; block i runs on x with adain_params[:, 4*C*i : 4*C*(i+1)] (C the blocks' "
                "channels), each block on the previous one's output; then the upsampling layers "
                "(self.upsample) on the last block's output.")
# (n_upsample, n_res, channels, out_channels, side of the content code)
DECODER_SETTINGS = (
    (1, 2, 4, 4, 3),  # out_channels == channels: upsampling first would run, so it is named
    (2, 3, 4, 1, 2),
)


def _decoder_mistakes(adapter, spec, content, params, n_res, channels) -> dict:
    """What the course's decoder gives for the usual wrong readings of adain_params."""
    size = 4 * channels
    slices = [params[:, i * size:(i + 1) * size] for i in range(n_res)]

    def tensor(array):
        return adapter.tensor(array, like=spec)

    def blocks(x, chosen):
        for block, p in zip(spec.blocks, chosen, strict=True):
            x = block(x, tensor(p))
        return x

    candidates = {
        "every block reads the first slice of adain_params: block i takes the i-th 4 x channels "
        "values": lambda: adapter.call(spec, content, np.concatenate([slices[0]] * n_res, axis=1)),
        "every block reads the last slice of adain_params: block i takes the i-th 4 x channels "
        "values": lambda: adapter.call(spec, content, np.concatenate([slices[-1]] * n_res, axis=1)),
        "the blocks read their slices in reverse order: the first block takes the first "
        "4 x channels values": lambda: adapter.call(spec, content, np.concatenate(slices[::-1], axis=1)),
        "the AdaIN blocks are skipped: the content goes straight to the upsampling layers":
            lambda: spec.upsample(tensor(content)),
        "every block starts from the content code: each block must take the previous block's "
        "output": lambda: spec.upsample(spec.blocks[n_res - 1](tensor(content), tensor(slices[-1]))),
        "the upsampling layers run before the AdaIN blocks: the blocks work on the content "
        "code, then the upsampling": lambda: blocks(spec.upsample(tensor(content)), slices),
    }
    mistakes = {}
    for message, compute in candidates.items():
        try:
            mistakes[message] = _numpy_images(adapter, compute())
        except Exception:  # noqa: BLE001 - a mistake that cannot run with these shapes
            mistakes[message] = None
    return mistakes


@register("munit.decoder", answer="class")
def check_decoder(decoder_class, probe):
    """``Decoder(n_upsample, n_res, channels, out_channels)`` with ``forward(content,
    adain_params)``: num_adain_params, the output shape and parameter count, gradients reaching
    every parameter, the content and adain_params, and, with the course's weights copied in and
    random adain_params, the course decoder's output for several settings; reading the slices
    wrongly and upsampling first named."""
    adapter = probe.adapter
    rng = np.random.default_rng(5)
    for n_upsample, n_res, channels, out_channels, side in DECODER_SETTINGS:
        arguments = (n_upsample, n_res, channels, out_channels)
        with probe.setting(f"Decoder{arguments} on content codes of {side}x{side}x{channels}"):
            model = _build(probe, decoder_class, *arguments)
            count = 4 * channels * n_res
            probe.expect(getattr(model, "num_adain_params", None) == count,
                         f"num_adain_params is {getattr(model, 'num_adain_params', None)!r}, "
                         f"expected 4 x channels x n_res = {count}.",
                         "keep the constructor as given: the MLP's output size is read from it.")
            content = adapter.to_layout(rng.normal(size=(2, side, side, channels)).astype(np.float32))
            params = adain_parameters(rng, 2, channels, n_res)
            out_side = side * 2 ** n_upsample
            output = checks.forward(probe, model, content, params, training=True)
            checks.expect_shape(probe, output, (2, *adapter.image_shape(out_side, out_side,
                                                                         out_channels)),
                                "run the blocks, then self.upsample, which doubles the side "
                                "n_upsample times and ends with out_channels channels.")
            checks.check_parameter_count(probe, model, decoder_parameter_count(
                out_channels, channels, n_upsample, n_res), "keep the constructor as given.")
            spec = _course_network(adapter, "Decoder", arguments, (content, params), seed=10 + n_res)
            checks.copy_parameters(probe, spec, model, DECODER_HINT)
            got = _numpy_images(adapter, checks.forward(probe, model, content, params, training=True))
            want = _numpy_images(adapter, adapter.call(spec, content, params, training=True))
            if not checks.close(got, want):
                checks.name_array_mistake(probe, got, want, _decoder_mistakes(
                    adapter, spec, content, params, n_res, channels), DECODER_HINT)
                probe.fail("with the course's weights copied in, the decoder's output is not the "
                           "course decoder's.", DECODER_HINT)
            if n_upsample == 1:
                _check_kernels_learn(probe, model, content, params)
                _reaches(probe, lambda c, p, model=model: adapter.forward(model, c, p,
                                                                          training=True),
                         [content, params], 0, "backpropagating to the content code",
                         "no gradient reaches the content code: the content encoder would not "
                         "learn.", "use the content code as it comes: no detach(), "
                         "stop_gradient, .array or NumPy.")
                _reaches(probe, lambda c, p, model=model: adapter.forward(model, c, p,
                                                                          training=True),
                         [content, params], 1, "backpropagating to adain_params",
                         "no gradient reaches adain_params: the MLP that computes them would "
                         "not learn.", "slice adain_params as it comes: no detach(), "
                         "stop_gradient, .array or NumPy.")


# ------------------------------------------------------------------------- 5. translation

TRANSLATE_HINT = ("content, _ = gen_source.encode(images); return gen_target.decode(content, "
                  "styles): the source's content code, the target's decoder, the given styles.")
TRANSLATE_GENERATOR = {"dim": 2, "style_dim": 3, "n_downsample": 1, "n_res": 1, "mlp_dim": 4}
TRANSLATE_HWC = (16, 16, 2)  # the style encoder halves the side 4 times
_COURSE_GENERATORS: dict = {}


def _cached(cache: dict, adapter, build) -> tuple:
    """``build(adapter)``'s networks, built once per framework (building Keras networks takes
    seconds): built again if an answer graded before froze any of them."""
    entry = cache.get(adapter.name)
    if entry is None or any(adapter.trainable_count(n) != count for n, count in entry):
        networks = build(adapter)
        entry = cache[adapter.name] = [(n, adapter.trainable_count(n)) for n in networks]
    return tuple(n for n, _ in entry)


def _course_generators(adapter) -> tuple:
    """Two small course AdaINGens with new seeded weights, different for each."""
    def build(adapter):
        saved = saved_module(adapter)
        return [saved.place(saved.AdaINGen(TRANSLATE_HWC[2], **TRANSLATE_GENERATOR))
                for _ in range(2)]

    generators = _cached(_COURSE_GENERATORS, adapter, build)
    for seed, generator in enumerate(generators, start=20):
        checks.randomize(adapter, generator, seed)
    return generators


@register("munit.translate")
def check_translate(translate, probe):
    """``translate_with_styles(gen_source, gen_target, images, styles)`` with two small course
    AdaINGens (different random weights): gen_target.decode(gen_source.encode(images)[0],
    styles), and different styles give different outputs; the source's decoder, the target's
    content encoder, an image's own style and ignored styles named. A graph is not needed."""
    adapter = probe.adapter
    source, target = _course_generators(adapter)
    rng = np.random.default_rng(6)
    images = adapter.tensor(adapter.to_layout(
        rng.uniform(-1, 1, (3, *TRANSLATE_HWC)).astype(np.float32)), like=source)
    style_dim = TRANSLATE_GENERATOR["style_dim"]
    call = "translate_with_styles(gen_source, gen_target, images, styles)"
    ignored = ("two different batches of styles give the same translations: the styles are "
               "ignored.")

    def translated(seed):
        styles = adapter.tensor(np.random.default_rng(seed).normal(size=(3, style_dim))
                                .astype(np.float32), like=source)
        return styles, _numpy_images(adapter, checks.as_array(probe, probe.run(
            call, translate, source, target, images, styles), "translate_with_styles"))

    results = []
    for seed in (7, 8):
        styles, got = translated(seed)
        content, own_style = source.encode(images)
        want = _numpy_images(adapter, target.decode(content, styles))
        checks.expect_shape(probe, got, want.shape, "return one batch of translated images, "
                            "as many as given, of the target domain's shape.")
        if not checks.close(got, want):
            target_content, target_style = target.encode(images)
            mistakes = {
                "the translation is decoded with the source's decoder: the target domain's "
                "decoder makes the target domain's images": source.decode(content, styles),
                "the content code is the target's encoder's: the source's content encoder reads "
                "images of the source domain": target.decode(target_content, styles),
                "the translation wears the image's own style, gen_source.encode(images)[1], not "
                "the given styles": target.decode(content, own_style),
                "the translation wears the style gen_target reads from the image, not the given "
                "styles": target.decode(content, target_style),
                "the images are rebuilt in their own domain (the source's content and style, its "
                "decoder)": source.decode(content, own_style),
            }
            checks.name_array_mistake(probe, got, want, {message: _numpy_images(adapter, wrong) for
                                                   message, wrong in mistakes.items()},
                                TRANSLATE_HINT)
            probe.expect(not np.allclose(got, translated(seed + 10)[1], rtol=1e-4, atol=1e-6),
                         ignored, TRANSLATE_HINT)
            probe.fail("the result is not gen_target.decode(gen_source.encode(images)[0], styles).",
                       TRANSLATE_HINT)
        results.append(got)
    probe.expect(not np.allclose(results[0], results[1], rtol=1e-4, atol=1e-6), ignored,
                 TRANSLATE_HINT)


# ------------------------------------------------------------------------ 6-7. the steps

STEP_HWC = (8, 8, 2)  # images
CONTENT_HWC = (2, 2, 1)  # the probe generators' content codes
STEP_STYLE_DIM = 3
STEP_BATCH, STEP_LR = 3, 0.1
# The steps' losses agree with the spec's to ~1e-7; the closest named mistake is ~5e-4 away.
STEP_RTOL = 1e-4
STEP_WEIGHTS = ({**Config().loss_weights, "recon_x_cyc": 0.0},  # the edges2shoes weights: no cycle
                {"gan": 0.5, "recon_x": 3.0, "recon_s": 2.0, "recon_c": 0.25, "recon_x_cyc": 10.0})
GAN_WEIGHTS = (None, 0.5)  # None: the default, 1
_PROBE_CLASSES: dict = {}
_STEP_NETWORKS: dict = {}


def _probe_classes(adapter) -> tuple:
    """``(ProbeContainer, ProbeGenerator)`` for ``adapter``'s framework, subclasses of its
    model class. A ProbeContainer holds sub-models (their parameters, in order).

    A ProbeGenerator stands in for AdaINGen in the steps, which a compiled (Keras) step then
    traces in a fraction of the time: ``encode(x)`` -> (content, style) and ``decode(content,
    style)`` -> image, each part one of the adapter's small two-layer networks with batch
    norm, so that the networks' mode shows. Called with ``training`` (Keras), a part runs in
    that mode; without it, in the mode the framework is in (``.train()`` in PyTorch,
    ``chainer.config.train``)."""
    if adapter.name not in _PROBE_CLASSES:
        base = adapter.model_class

        class ProbeContainer(base):
            def __init__(self, *parts):
                super().__init__()
                adapter.add_children(self, **{f"part{i}": part for i, part in enumerate(parts)})

        class ProbeGenerator(base):
            def __init__(self, enc_content, enc_style, dec, style_dim):
                super().__init__()
                adapter.add_children(self, enc_content=enc_content, enc_style=enc_style, dec=dec)
                self.style_dim = style_dim

            @staticmethod
            def _run(part, inputs, training):
                if training is None:
                    return part(*inputs)
                return adapter.forward(part, *inputs, training=bool(training))

            def encode(self, x, training=None):
                return (self._run(self.enc_content, (x,), training),
                        self._run(self.enc_style, (x,), training))

            def decode(self, content, style, training=None):
                return self._run(self.dec, (content, style), training)

            def forward(self, x, training=None):
                return self.decode(*self.encode(x, training), training)

            call = forward

        _PROBE_CLASSES[adapter.name] = (ProbeContainer, ProbeGenerator)
    return _PROBE_CLASSES[adapter.name]


def _build_step_networks(adapter) -> list:
    """gen_a, gen_b (probe generators with batch norm), dis_a, dis_b (small course MsImageDis
    of two scales, with seeded weights larger than the official N(0, 0.02)), and the pairs
    (gen_a, gen_b) and (dis_a, dis_b) in containers, to differentiate both at once."""
    saved = saved_module(adapter)
    container, generator = _probe_classes(adapter)
    image, content = adapter.image_shape(*STEP_HWC), adapter.image_shape(*CONTENT_HWC)
    generators = [generator(adapter.small_net([image], content, batch_norm=True, hidden=8, seed=s),
                            adapter.small_net([image], (STEP_STYLE_DIM,), batch_norm=True, hidden=8,
                                              seed=s + 1),
                            adapter.small_net([content, (STEP_STYLE_DIM,)], image, batch_norm=True,
                                              hidden=8, seed=s + 2), STEP_STYLE_DIM)
                  for s in (30, 40)]
    discriminators = [saved.place(saved.MsImageDis(STEP_HWC[2], dim=2, n_layer=1, num_scales=2))
                      for _ in range(2)]
    return [*generators, *discriminators, container(*generators), container(*discriminators)]


def _step_networks(adapter) -> tuple:
    """The step probes (see :func:`_build_step_networks`), built once per framework (again if
    an answer graded before froze any), with the same seeded weights at every call:
    ``((gen_a, gen_b, dis_a, dis_b), generator pair, discriminator pair)``."""
    entry = _STEP_NETWORKS.get(adapter.name)
    if entry is None or any(adapter.trainable_count(n) != count for n, count, _ in entry):
        networks = _build_step_networks(adapter)
        for network, seed in zip(networks[2:4], (50, 60), strict=True):
            checks.randomize(adapter, network, seed)
        entry = _STEP_NETWORKS[adapter.name] = [
            (n, adapter.trainable_count(n), adapter.parameters(n)) for n in networks]
    for network, _, weights in entry[:4]:
        adapter.set_parameters(network, weights)
    networks = [n for n, _, _ in entry]
    return tuple(networks[:4]), networks[4], networks[5]


def _step_batch(adapter, networks, call: int) -> tuple:
    """x_a, x_b (images) and s_a, s_b (random styles) for one call, as framework arrays."""
    rng = np.random.default_rng(100 + call)
    images = [adapter.tensor(adapter.to_layout(rng.uniform(-1, 1, (STEP_BATCH, *STEP_HWC))
                                               .astype(np.float32)), like=networks[2])
              for _ in range(2)]
    styles = [adapter.tensor(rng.normal(size=(STEP_BATCH, STEP_STYLE_DIM)).astype(np.float32),
                             like=networks[0]) for _ in range(2)]
    return (*images, *styles)


def _multiscale_lsgan(adapter, outputs, target: float, finest_only: bool = False):
    """LSGAN loss summed over a discriminator's scales, in adapter ops."""
    total = 0.0
    for scores in list(outputs)[:1] if finest_only else outputs:
        goal = adapter.tensor(np.full(tuple(scores.shape), target, np.float32))
        total = total + adapter.mean_squared_error(scores, goal)
    return total


def _generator_terms(adapter, networks, batch, variant=()) -> dict:
    """The generators' loss terms (unweighted framework scalars), every network in training
    mode; a ``variant`` makes a usual mistake."""
    gen_a, gen_b, dis_a, dis_b = networks
    x_a, x_b, s_a, s_b = batch
    l1 = adapter.mean_absolute_error
    training = "inference mode" not in variant

    def encode(generator, x):
        return generator.encode(x, training=training)

    def decode(generator, content, style):
        return generator.decode(content, style, training=training)

    c_a, s_a_prime = encode(gen_a, x_a)
    c_b, s_b_prime = encode(gen_b, x_b)
    to_a, to_b = (gen_b, gen_a) if "own decoders" in variant else (gen_a, gen_b)
    x_ba, x_ab = decode(to_a, c_b, s_a), decode(to_b, c_a, s_b)
    c_b_recon, s_a_recon = encode(gen_a, x_ba)
    c_a_recon, s_b_recon = encode(gen_b, x_ab)
    judge_a, judge_b = (dis_b, dis_a) if "other judges" in variant else (dis_a, dis_b)
    target = 0.0 if "fake target" in variant else 1.0
    styles = (s_a_prime, s_b_prime) if "own styles" in variant else (s_a, s_b)
    contents = (c_b, c_a) if "contents swapped" in variant else (c_a, c_b)
    cycle_styles = (s_a, s_b) if "random cycle styles" in variant else (s_a_prime, s_b_prime)
    return {
        "gan": (_multiscale_lsgan(adapter, adapter.forward(judge_a, x_ba, training=training), target)
                + _multiscale_lsgan(adapter, adapter.forward(judge_b, x_ab, training=training),
                                    target)),
        "recon_x": l1(decode(gen_a, c_a, s_a_prime), x_a) + l1(decode(gen_b, c_b, s_b_prime), x_b),
        "recon_s": l1(s_a_recon, styles[0]) + l1(s_b_recon, styles[1]),
        "recon_c": l1(c_a_recon, contents[0]) + l1(c_b_recon, contents[1]),
        "recon_x_cyc": (l1(decode(gen_a, c_a_recon, cycle_styles[0]), x_a)
                        + l1(decode(gen_b, c_b_recon, cycle_styles[1]), x_b)),
    }


def _weighted(terms: dict, weights: dict):
    """The weighted sum; the cycle terms only when their weight is above 0 (the official rule)."""
    return sum(weights[key] * value for key, value in terms.items()
               if key != "recon_x_cyc" or weights["recon_x_cyc"] > 0)


G_STEP_HINT = ("with c_a, s_a_prime = gen_a.encode(x_a) (c_b, s_b_prime likewise), x_ba = "
               "gen_a.decode(c_b, s_a) and x_ab = gen_b.decode(c_a, s_b), and c_b_recon, s_a_recon = "
               "gen_a.encode(x_ba) (c_a_recon, s_b_recon likewise), the loss is weights['gan'] x "
               "(multiscale_lsgan_loss(dis_a(x_ba), True) + multiscale_lsgan_loss(dis_b(x_ab), True)) "
               "+ weights['recon_x'] x (L1 of gen_a.decode(c_a, s_a_prime) to x_a + the same for b) + "
               "weights['recon_s'] x (L1 of s_a_recon to s_a + of s_b_recon to s_b) + "
               "weights['recon_c'] x (L1 of c_a_recon to c_a + of c_b_recon to c_b), + "
               "weights['recon_x_cyc'] x (L1 of gen_a.decode(c_a_recon, s_a_prime) to x_a + the same "
               "for b) only when that weight is above 0; every network in training mode "
               "(training=True in Keras); then one step of each generator's optimizer.")


def _generator_mistakes(adapter, networks, batch, weights) -> dict:
    """Loss values of the usual mistakes, at the networks' current weights."""
    def value(terms, used=weights):
        return float(np.asarray(adapter.to_numpy(_weighted(terms, used))))

    def numbers(variant=()):
        return _generator_terms(adapter, networks, batch, variant)

    inference = value(numbers(("inference mode",)))  # first: the others update batch norm's
    right = numbers()  # running statistics, which inference mode reads
    parts = {key: float(np.asarray(adapter.to_numpy(term))) for key, term in right.items()}
    mistakes = {
        "the networks run in inference mode: in a training step they run in training mode "
        "(network.train() in PyTorch, training=True in Keras, chainer.config.train)": inference,
        "the styles read back from the translations are compared with the images' own styles "
        "(s_a_prime, s_b_prime): compare them with the random styles s_a and s_b the translations "
        "were made with": value(numbers(("own styles",))),
        "the contents read back from the translations are compared with the wrong codes: "
        "c_a_recon (from x_ab, made of c_a) with c_a, c_b_recon with c_b":
            value(numbers(("contents swapped",))),
        "the translations are made with the wrong decoders: x_ba (an image of A) is "
        "gen_a.decode(c_b, s_a), x_ab is gen_b.decode(c_a, s_b)": value(numbers(("own decoders",))),
        "each translation is judged by the other domain's discriminator: dis_a judges x_ba, "
        "dis_b judges x_ab": value(numbers(("other judges",))),
        "the adversarial terms have the target 0 (fake): the generators want their translations "
        "called real, target 1 (True)": value(numbers(("fake target",))),
    }
    if weights["recon_x_cyc"] > 0:
        mistakes["the cycle terms decode with the random styles: the cycle goes back with each "
                 "image's own style, s_a_prime and s_b_prime"] = value(numbers(("random cycle styles",)))
        mistakes["the cycle terms are missing although weights['recon_x_cyc'] is above 0"] = \
            value(right, {**weights, "recon_x_cyc": 0.0})
    else:
        for factor in (1.0, 10.0):
            mistakes[f"the cycle terms are added (x {factor:g}) although weights['recon_x_cyc'] is 0"] = \
                value(right) + factor * parts["recon_x_cyc"]
    for key, weight in weights.items():
        if weight not in (0.0, 1.0):
            mistakes[f"weights[{key!r}] is not applied to its terms"] = value(right, {**weights, key: 1.0})
    return mistakes


@register("munit.generator_step")
def check_generator_step(step, probe):
    """``munit_generator_step(gen_a, gen_b, dis_a, dis_b, g_optimizers, x_a, x_b, s_a, s_b,
    weights)``: with the edges2shoes weights and with other weights and a cycle term, on two
    calls each (probe generators with batch norm, small course discriminators, momentum SGD,
    stale gradients), the returned loss is the generators' loss before the update (the usual
    mistakes named), both generators moved by exactly one step of their own optimizer on it,
    the discriminators did not move, and nothing is frozen."""
    for weights in checks.traced_once(probe, STEP_WEIGHTS):
        with probe.setting("weights=" + ", ".join(f"{k}: {v:g}" for k, v in weights.items())):
            _check_generator_calls(probe, step, weights)


def _check_generator_calls(probe, step, weights) -> None:
    adapter = probe.adapter
    name = "munit_generator_step"
    networks, pair, _ = _step_networks(adapter)
    keys = ("gen_a", "gen_b", "dis_a", "dis_b")
    named = dict(zip(keys, networks, strict=True))
    optimizers = [adapter.momentum_sgd(n, STEP_LR, gan_checks.MOMENTUM) for n in networks]
    updates = [gan_checks.MomentumUpdate(STEP_LR) for _ in range(2)]
    counts = {key: adapter.trainable_count(n) for key, n in named.items()}
    split = len(adapter.parameters(networks[0]))
    for call in (1, 2):
        batch = _step_batch(adapter, networks, call)
        expected, grads = adapter.gradients(pair, lambda _, batch=batch: _weighted(
            _generator_terms(adapter, networks, batch), weights))
        grads_a, grads_b = grads[:split], grads[split:]
        before = {key: adapter.parameters(n) for key, n in named.items()}
        for network in networks:  # as the discriminators' step left them
            adapter.fill_gradients(network, gan_checks.STALE)
        returned = probe.run(f"{name}(gen_a, gen_b, dis_a, dis_b, g_optimizers, x_a, x_b, s_a, "
                             "s_b, weights)", step, *networks, (optimizers[0], optimizers[1]),
                             *batch, dict(weights))
        gan_checks.check_still_trainable(probe, named, counts, name)
        value = checks.as_number(probe, returned, name, gan_checks.RETURN_HINT)
        if not np.isclose(value, expected, rtol=STEP_RTOL, atol=1e-6):
            for key, network in named.items():  # the mistakes, at the weights before the step
                adapter.set_parameters(network, before[key])
            _name_value_mistake(probe, value, expected,
                                _generator_mistakes(adapter, networks, batch, weights), G_STEP_HINT)
            probe.fail(f"the loss returned by call {call} is {value:.5g}, expected {expected:.5g}.",
                       G_STEP_HINT)
        for key in ("dis_a", "dis_b"):
            probe.expect(all(np.array_equal(a, b) for a, b in
                             zip(adapter.parameters(named[key]), before[key], strict=True)),
                         f"the generators' step changed {key}'s parameters.",
                         "step only the generators' optimizers (g_optimizers), on the generators' "
                         "gradients.")
        for update, key, grads in zip(updates, ("gen_a", "gen_b"), (grads_a, grads_b), strict=True):
            update.expect(probe, before[key], adapter.parameters(named[key]), grads,
                          f"call {call} of {name}, {key}", G_STEP_HINT,
                          still_hint="step both generators' optimizers on the gradients of the "
                          "whole loss (optimizer.step(), apply_gradients(...) or update()).")


D_STEP_HINT = ("make x_ba = gen_a.decode(gen_b.encode(x_b)[0], s_a) and x_ab = gen_b.decode("
               "gen_a.encode(x_a)[0], s_b) without a graph; the loss is gan_weight x ("
               "multiscale_lsgan_loss(dis_a(x_ba), False) + multiscale_lsgan_loss(dis_a(x_a), True) "
               "+ the same for dis_b with x_ab and x_b), every scale counted, the networks in "
               "training mode; then one step of each discriminator's optimizer.")


def _translations(adapter, networks, batch, variant=()) -> tuple:
    """x_ba and x_ab made with the given styles (training mode), detached; a ``variant``
    makes a usual mistake."""
    gen_a, gen_b, dis_a, _ = networks
    x_a, x_b, s_a, s_b = batch
    if "styles swapped" in variant:
        s_a, s_b = s_b, s_a
    content_b, _ = gen_b.encode(x_b, training=True)
    content_a, _ = gen_a.encode(x_a, training=True)
    if "own styles" in variant:
        s_a, s_b = gen_a.encode(x_a, training=True)[1], gen_b.encode(x_b, training=True)[1]
    fakes = gen_a.decode(content_b, s_a, training=True), gen_b.decode(content_a, s_b, training=True)
    return tuple(adapter.tensor(adapter.to_numpy(f), like=dis_a) for f in fakes)


def _discriminator_loss(adapter, networks, batch, fakes, gan_weight: float, variant=()):
    _, _, dis_a, dis_b = networks
    x_a, x_b, _, _ = batch
    x_ba, x_ab = fakes
    real, fake = (0.0, 1.0) if "targets swapped" in variant else (1.0, 0.0)
    judge_a, judge_b = (dis_b, dis_a) if "other judges" in variant else (dis_a, dis_b)
    finest = "finest" in variant

    def term(discriminator, images, target):
        return _multiscale_lsgan(adapter, adapter.forward(discriminator, images, training=True),
                                 target, finest)

    return gan_weight * (term(judge_a, x_ba, fake) + term(dis_a, x_a, real)
                         + term(judge_b, x_ab, fake) + term(dis_b, x_b, real))


def _discriminator_mistakes(adapter, networks, batch, gan_weight: float) -> dict:
    def value(variant=(), weight=gan_weight, fake_variant=()):
        fakes = _translations(adapter, networks, batch, fake_variant)
        return float(np.asarray(adapter.to_numpy(
            _discriminator_loss(adapter, networks, batch, fakes, weight, variant))))

    mistakes = {
        "only the finest scale is counted: multiscale_lsgan_loss sums the loss over every scale "
        "the discriminator returns": value(("finest",)),
        "the targets are swapped: real images towards 1 (True), translations towards 0 (False)":
            value(("targets swapped",)),
        "the loss is halved: the official loss is the plain sum of the four terms, times "
        "gan_weight": 0.5 * value(),
        "each translation is judged by the other domain's discriminator: dis_a judges x_ba (an "
        "image of A), dis_b judges x_ab": value(("other judges",)),
        "the translations are made with each other's styles: x_ba with s_a, x_ab with s_b":
            value(fake_variant=("styles swapped",)),
        "the translations wear the images' own styles: they are made with the given random "
        "styles s_a and s_b": value(fake_variant=("own styles",)),
    }
    if gan_weight != 1.0:
        mistakes["gan_weight is not applied: the loss is gan_weight x the sum of the four terms"] = \
            value(weight=1.0)
    return mistakes


@register("munit.discriminator_step")
def check_discriminator_step(step, probe):
    """``munit_discriminator_step(gen_a, gen_b, dis_a, dis_b, d_optimizers, x_a, x_b, s_a, s_b,
    gan_weight=1.0)``: with the default and another gan_weight, on two calls each (probe
    generators with batch norm, small course discriminators of two scales, momentum SGD, stale
    gradients), the returned loss is the discriminators' loss before the update (the usual
    mistakes named), both discriminators moved by exactly one step on it with the translations
    held fixed, the generators neither moved nor got gradients, and nothing is frozen."""
    for gan_weight in checks.traced_once(probe, GAN_WEIGHTS):
        with probe.setting("the default gan_weight" if gan_weight is None
                           else f"gan_weight={gan_weight}"):
            _check_discriminator_calls(probe, step, gan_weight)


def _check_discriminator_calls(probe, step, gan_weight) -> None:
    adapter = probe.adapter
    name = "munit_discriminator_step"
    weight = 1.0 if gan_weight is None else gan_weight
    networks, _, pair = _step_networks(adapter)
    keys = ("gen_a", "gen_b", "dis_a", "dis_b")
    named = dict(zip(keys, networks, strict=True))
    optimizers = [adapter.momentum_sgd(n, STEP_LR, gan_checks.MOMENTUM) for n in networks]
    updates = [gan_checks.MomentumUpdate(STEP_LR) for _ in range(2)]
    counts = {key: adapter.trainable_count(n) for key, n in named.items()}
    split = len(adapter.parameters(networks[2]))
    for call in (1, 2):
        batch = _step_batch(adapter, networks, call)
        fakes = _translations(adapter, networks, batch)
        expected, grads = adapter.gradients(pair, lambda _, batch=batch, fakes=fakes:
                                            _discriminator_loss(adapter, networks, batch, fakes,
                                                                weight))
        grads_a, grads_b = grads[:split], grads[split:]
        before = {key: adapter.parameters(n) for key, n in named.items()}
        for network in networks:  # as the generators' step left them
            adapter.fill_gradients(network, gan_checks.STALE)
        held = {key: adapter.held_gradients(named[key]) for key in ("gen_a", "gen_b")}
        returned = probe.run(f"{name}(gen_a, gen_b, dis_a, dis_b, d_optimizers, x_a, x_b, s_a, s_b"
                             + (")" if gan_weight is None else f", {gan_weight})"), step, *networks,
                             (optimizers[2], optimizers[3]), *batch,
                             *(() if gan_weight is None else (gan_weight,)))
        gan_checks.check_still_trainable(probe, named, counts, name)
        value = checks.as_number(probe, returned, name, gan_checks.RETURN_HINT)
        if not np.isclose(value, expected, rtol=STEP_RTOL, atol=1e-6):
            for key, network in named.items():  # the mistakes, at the weights before the step
                adapter.set_parameters(network, before[key])
            _name_value_mistake(probe, value, expected,
                                _discriminator_mistakes(adapter, networks, batch, weight), D_STEP_HINT)
            probe.fail(f"the loss returned by call {call} is {value:.5g}, expected {expected:.5g}.",
                       D_STEP_HINT)
        for key in ("gen_a", "gen_b"):
            probe.expect(all(np.array_equal(a, b) for a, b in
                             zip(adapter.parameters(named[key]), before[key], strict=True)),
                         f"the discriminators' step changed {key}'s parameters.",
                         "step only the discriminators' optimizers (d_optimizers), and make the "
                         "translations without a graph.")
            probe.expect(all(gan_checks.same_array(a, b) for a, b in
                             zip(adapter.held_gradients(named[key]), held[key], strict=True)),
                         f"the discriminators' step left gradients on {key}: the loss was "
                         "backpropagated through the generators.",
                         "make the translations without a graph: under torch.no_grad() (PyTorch), "
                         "chainer.no_backprop_mode() or their .array (Chainer), outside the "
                         "GradientTape (Keras).")
        for update, key, grads in zip(updates, ("dis_a", "dis_b"), (grads_a, grads_b), strict=True):
            update.expect(probe, before[key], adapter.parameters(named[key]), grads,
                          f"call {call} of {name}, {key}", D_STEP_HINT)


# ---------------------------------------------------------------- training grader

FOLLOWS_OUTLINE = 0.05  # IoU with the own outline's shoe above another outline's by this much
MIN_DIVERSITY = 0.05  # style statistics apart between two random styles, on average
STYLE_SHARE = 0.8  # example-guided style distance below this share of another example's


@register("munit.training", answer="history")
def check_training(history, probe, translations=None, outlines=None, examples=None,
                   guided=None, drawn=True):
    """Finite losses, neither side winning outright; after real training on the drawn
    shoes, the held-out ``translations`` (K random styles x N outlines, in [-1, 1]) keep
    their outline's shape (a higher IoU with it than with another outline's shoe), differ
    from style to style, and the ``guided`` translations wear their ``examples``' style
    (closer to it than to another example's). On real photographs only the diversity is
    judged: their styles are not the course's."""
    gan_checks.check_history(history, probe, keys=("loss_G", "loss_D"))
    if not sample_checks.trained_enough(probe):
        return
    probe.expect(all(a is not None for a in (translations, outlines, examples, guided)),
                 "the grader needs the held-out translations under several random styles, "
                 "their outlines, and the example-guided translations with their examples.",
                 "pass translations=..., outlines=..., examples=... and guided=... to grade().")
    translations, outlines = np.asarray(translations, np.float64), np.asarray(outlines, np.float64)
    examples, guided = np.asarray(examples, np.float64), np.asarray(guided, np.float64)
    probe.expect(translations.ndim == 5 and len(translations) >= 2
                 and translations.shape[1:] == outlines.shape and len(outlines) > 1,
                 f"translations of shape {translations.shape} for outlines of shape "
                 f"{outlines.shape}.", "stack the translations of the held-out outlines under "
                 "K >= 2 random styles: (K, N, H, W, C).")
    probe.expect(guided.shape == examples.shape and len(guided) <= len(outlines),
                 f"guided translations of shape {guided.shape} for examples of shape "
                 f"{examples.shape}.", "translate the first len(examples) outlines, each with "
                 "its example's style code.")
    unit = [(a + 1.0) / 2.0 for a in (translations, outlines, examples, guided)]
    translations, outlines, examples, guided = unit
    spread = diversity(translations) if drawn else float(
        np.abs(translations[0] - translations[1]).mean())
    print(f"diversity between random styles {spread:.3f}")
    probe.expect(spread > MIN_DIVERSITY,
                 f"the translations hardly change from one random style to another "
                 f"(diversity {spread:.3f}, expected above {MIN_DIVERSITY}).",
                 "check that the decoder uses the style (AdaIN parameters from the MLP) and the "
                 "style-reconstruction term, and train longer.")
    if not drawn:
        return
    own, other = content_iou(translations[0], outlines), content_iou(
        translations[0], np.roll(outlines, 1, axis=0))
    near, far = style_distance(guided, examples), style_distance(guided,
                                                                 np.roll(examples, 1, axis=0))
    print(f"content kept: IoU {own:.3f} with the own outline's shoe, {other:.3f} with another's; "
          f"style distance to the example {near:.3f}, to another example {far:.3f}")
    probe.expect(own > other + FOLLOWS_OUTLINE,
                 f"the translated shoes fit another outline about as well as their own (IoU "
                 f"{own:.3f} against {other:.3f}): the content is not kept.",
                 "check the content-reconstruction and cycle terms, and train longer.")
    probe.expect(near < STYLE_SHARE * far,
                 f"the example-guided translations are not clearly closer to their example's "
                 f"style than to another's (distance {near:.3f} against {far:.3f}).",
                 "check that translate_with_styles decodes with the given styles, and train "
                 "longer.")


def benchmark_step(reference, config, adapter):
    """One MUNIT iteration (both discriminators, then both generators, with random styles)
    of the profile's networks on a random batch of unpaired images."""
    def generator():
        return reference.place(reference.AdaINGen(config.channels, config.dim, config.style_dim,
                                                  config.n_downsample, config.n_res,
                                                  config.mlp_dim))

    def discriminator():
        return reference.place(reference.MsImageDis(config.channels, config.dis_dim,
                                                    config.n_layer, config.num_scales))

    networks = {"gen_a": generator(), "gen_b": generator(), "dis_a": discriminator(),
                "dis_b": discriminator()}
    optimizers = {key: reference.munit_optimizer(network, config.lr, config.beta1, config.beta2,
                                                 config.weight_decay)
                  for key, network in networks.items()}
    step = reference.make_munit_step(networks, optimizers, config)
    rng = np.random.default_rng(0)
    height, width, channels = config.image_shape
    pairs = rng.uniform(-1, 1, (config.batch_size, height, width, 2 * channels)).astype(np.float32)
    batch = adapter.tensor(adapter.to_layout(pairs), like=networks["dis_a"])
    return lambda: step(batch)
