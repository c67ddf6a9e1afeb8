"""Topic 08, pix2pix (Isola et al., 2017): hyperparameters, parameter counts and graders.

The networks follow junyanz/pytorch-CycleGAN-and-pix2pix exactly; the official parameter
counts at 256x256 (computed by instantiating the official classes) are in
:data:`OFFICIAL_COUNTS`, and :func:`unet_parameter_count` / :func:`patch_parameter_count`
reproduce them from the architecture, for every size the graders and profiles use.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..grading import register
from . import checks, gan_checks, sample_checks, saved_module

LEAK = 0.2  # LeakyReLU slope of the U-Net's down path and of the PatchGAN
KERNEL = 4  # every convolution of the U-Net and the PatchGAN is 4x4
# Official networks at 256x256 RGB: (parameters, output shape (C, H, W)).
OFFICIAL_COUNTS = {
    "unet_256, batch norm": (54_413_955, (3, 256, 256)),
    "PatchGAN n_layers=3, 6 input channels, batch norm": (2_768_705, (1, 30, 30)),
    "PatchGAN n_layers=3, 3 input channels, instance norm": (2_764_737, (1, 30, 30)),
}


@dataclass(frozen=True)
class Config:
    dataset: str = "facades"  # CMP Facades, downloaded; offline, the course's drawn facades
    image_size: int = 256  # a power of two: the U-Net halves it down to 1x1
    load_size: int = 286  # random jitter: resize to this, crop image_size back (the paper)
    channels: int = 3
    ngf: int = 64  # filters of the generator's outermost level
    ndf: int = 64  # filters of the PatchGAN's first convolution
    n_layers: int = 3  # PatchGAN depth: 3 gives 70x70 patches
    norm: str = "batch"
    l1_weight: float = 100.0  # lambda of the paper's objective
    lr: float = 2e-4  # Adam for G and D, as in the paper
    beta1: float = 0.5
    batch_size: int = 1  # the paper's facades setting
    # Full profile: three models (the ablation) x 20 epochs of 400 pairs. One iteration of
    # unet_256 and the PatchGAN costs about 106 GFLOP (G forward twice, D forward three times,
    # both backward), 26 ms at 4 TFLOPS, half a T4's float32 peak: 11 s per epoch, about 11
    # minutes in all (21 at a quarter of the peak). An estimate: no GPU was available to measure.
    epochs: int = 20
    decay_epochs: int = 10  # the last epochs decay the learning rate linearly towards 0
    train_size: int | None = None  # None keeps the whole training split
    test_size: int | None = None  # held-out pairs measured at the end (None: all)
    sample_count: int = 8  # held-out inputs translated after every epoch
    ablations: int | None = None  # how many of the loss ablation's models to train (None: all)
    quality_size: int = 64  # the Fréchet distance is measured at this side at most

    @property
    def image_shape(self) -> tuple[int, int, int]:
        """(height, width, channels), the NHWC order of the dataset arrays."""
        return (self.image_size, self.image_size, self.channels)

    @property
    def constant_epochs(self) -> int:
        """Epochs at the full learning rate before the linear decay."""
        return self.epochs - self.decay_epochs


PROFILES = {
    "full": Config(),
    # On a CPU: 64x64 drawn facades, a U-Net of 6 levels at half the width, batches of 4.
    "quick": Config(dataset="facades_drawn", image_size=64, load_size=72, ngf=32, ndf=32,
                    batch_size=4, epochs=12, decay_epochs=6),
    "smoke": Config(dataset="facades_drawn", image_size=32, load_size=36, ngf=4, ndf=4,
                    batch_size=4, epochs=2, decay_epochs=1, train_size=32, test_size=16,
                    sample_count=4, ablations=1),
}


# A full-size U-Net step takes seconds on a CPU: the dry run trains on a handful of pairs,
# one epoch per model (the training grader accepts one epoch in a dry run), and none of the
# ablation's models: they take the main model's code path at its size, and the smoke run
# trains one of them.
DRY_RUN_CAPS = {"train_size": 2, "test_size": 2, "sample_count": 2, "ablations": 0}


def norm_parameter_count(norm: str, channels: int) -> int:
    return 2 * channels if norm == "batch" else 0  # instance norm and none: no parameters


def skip_block_parameter_count(outer: int, inner: int, in_channels: int | None = None,
                               kind: str = "middle", norm: str = "batch") -> int:
    """One UnetSkipBlock without its submodule; ``kind`` is outermost, innermost or middle."""
    in_channels = in_channels or outer
    bias = norm == "instance"
    k2 = KERNEL * KERNEL
    down = k2 * in_channels * inner + (inner if bias else 0)
    if kind == "outermost":
        return down + k2 * 2 * inner * outer + outer
    up_in = inner if kind == "innermost" else 2 * inner
    up = k2 * up_in * outer + (outer if bias else 0) + norm_parameter_count(norm, outer)
    return down + up + (0 if kind == "innermost" else norm_parameter_count(norm, inner))


def unet_parameter_count(in_channels: int, out_channels: int, image_size: int, ngf: int = 64,
                         norm: str = "batch") -> int:
    depth = int(np.log2(image_size))
    total = skip_block_parameter_count(8 * ngf, 8 * ngf, kind="innermost", norm=norm)
    total += (depth - 5) * skip_block_parameter_count(8 * ngf, 8 * ngf, norm=norm)
    total += sum(skip_block_parameter_count(m * ngf, 2 * m * ngf, norm=norm) for m in (4, 2, 1))
    return total + skip_block_parameter_count(out_channels, ngf, in_channels, "outermost", norm)


def patch_parameter_count(in_channels: int, ndf: int = 64, n_layers: int = 3,
                          norm: str = "batch") -> int:
    bias = norm == "instance"
    k2 = KERNEL * KERNEL
    total, channels = k2 * in_channels * ndf + ndf, ndf
    for n in range(1, n_layers + 1):
        filters = ndf * min(2 ** n, 8)
        total += k2 * channels * filters + (filters if bias else 0) + norm_parameter_count(norm, filters)
        channels = filters
    return total + k2 * channels + 1


def patch_output_side(image_size: int, n_layers: int = 3) -> int:
    """Side of the PatchGAN's logit map: halved n_layers times, then two 4x4/1 convolutions
    with padding 1 each take one off."""
    side = image_size
    for _ in range(n_layers):
        side //= 2
    return side - 2


def receptive_field(n_layers: int = 3) -> int:
    """Input pixels one logit of the PatchGAN sees, per side (70 for n_layers=3)."""
    field = 1
    strides = [2] * n_layers + [1, 1]
    for stride in reversed(strides):
        field = (field - 1) * stride + KERNEL
    return field


# ---------------------------------------------------------------------------- graders

SKIP_HINT = ("follow the official layout: [LeakyReLU 0.2 ->] Conv 4x4 stride 2 padding 1 [-> norm] "
             "-> submodule -> ReLU -> ConvTranspose 4x4 stride 2 padding 1 [-> norm] [-> Dropout "
             "0.5], tanh at the outermost level; no activation or norm before the outermost "
             "convolution, no norm after the innermost one; a bias only before instance norm "
             "(and after the outermost transposed convolution).")
# (outer, inner, in_channels, kind, norm): every kernel and bias has its own shape, so the
# course's block's weights can be copied into the learner's one by shape
SKIP_SETTINGS = (
    (3, 5, 2, "innermost", "batch"),
    (3, 5, 2, "middle", "batch"),
    (2, 5, 3, "outermost", "batch"),
    (3, 5, 2, "middle", "instance"),
    (4, 6, 3, "outermost", "instance"),
)
DROPOUT = 0.5


def _skip_block(probe, block_class, outer, inner, in_channels, kind, norm, dropout=False):
    submodule = None if kind == "innermost" else probe.adapter.channel_doubler()
    return checks.build(probe, block_class, outer, inner, in_channels=in_channels,
                        submodule=submodule, outermost=kind == "outermost",
                        innermost=kind == "innermost", norm=norm, dropout=dropout)


def _describe_block(outer, inner, in_channels, kind, norm, dropout=False) -> str:
    flags = "" if kind == "middle" else f", {kind}=True"
    return (f"UnetSkipBlock({outer}, {inner}, in_channels={in_channels}{flags}, norm={norm!r}"
            + (", dropout=True)" if dropout else ")"))


@register("pix2pix.skip_block", answer="class")
def check_skip_block(block_class, probe):
    """``UnetSkipBlock``: shapes, skip, parameter counts and, with the course's weights copied
    in, the same outputs as the official block for each kind of level and norm; dropout 0.5
    after the up path's norm only when asked for."""
    adapter = probe.adapter
    reference = saved_module(adapter).UnetSkipBlock
    rng = np.random.default_rng(0)
    for outer, inner, in_channels, kind, norm in SKIP_SETTINGS:
        with probe.setting(_describe_block(outer, inner, in_channels, kind, norm)):
            model = _skip_block(probe, block_class, outer, inner, in_channels, kind, norm)
            images = rng.uniform(-1, 1, (3, 8, 8, in_channels)).astype(np.float32)
            x = adapter.to_layout(images)
            output = checks.forward(probe, model, x, training=True)
            channels = outer if kind == "outermost" else in_channels + outer
            checks.expect_shape(probe, output, (3, *adapter.image_shape(8, 8, channels)),
                                "down-convolve to half the size, up-convolve back to `outer_channels`, "
                                "and, except at the outermost level, concatenate the input before it "
                                "along the channels.")
            if kind != "outermost":
                probe.expect(np.allclose(adapter.from_layout(output)[..., :in_channels], images),
                             "the first channels of the output are not the block's input: the skip "
                             "concatenates x first, then the up path's output.",
                             "return the concatenation [x, model(x)] along the channel axis.")
            checks.check_parameter_count(
                probe, model, skip_block_parameter_count(outer, inner, in_channels, kind, norm),
                SKIP_HINT)
            checks.check_gradients_reach_all(probe, model, x)
            fresh = _skip_block(probe, block_class, outer, inner, in_channels, kind, norm)
            spec = _skip_block(probe, reference, outer, inner, in_channels, kind, norm)
            checks.check_matches_reference(probe, fresh, spec, x, SKIP_HINT)
    _check_dropout(probe, block_class, rng)


def _check_dropout(probe, block_class, rng) -> None:
    """Without norm, a training pass divided by an inference pass is 0 or 1 / (1 - 0.5)."""
    setting = (3, 5, 2, "middle", "none")
    with probe.setting(_describe_block(*setting, dropout=True)):
        model = _skip_block(probe, block_class, *setting, dropout=True)
        x = probe.adapter.to_layout(rng.uniform(-1, 1, (4, 8, 8, 2)).astype(np.float32))
        test = probe.adapter.from_layout(checks.forward(probe, model, x))[..., 2:]
        train = probe.adapter.from_layout(checks.forward(probe, model, x, training=True))[..., 2:]
        big = np.abs(test) > 1e-3
        ratio = train[big] / test[big]
        dropped = np.isclose(ratio, 0.0, atol=1e-4)
        probe.expect(np.all(dropped | np.isclose(ratio, 1.0 / (1.0 - DROPOUT), rtol=1e-3)),
                     "in training mode the up path's outputs are not those of inference mode "
                     "either dropped or doubled: dropout is missing, elsewhere, or not 0.5.",
                     "append Dropout(0.5) after the up path's norm when `dropout` is true.")
        share = float(dropped.mean())
        probe.expect(abs(share - DROPOUT) < 0.1,
                     f"in training mode {share:.0%} of the up path's outputs are dropped, "
                     "expected about half.", "use a dropout rate of 0.5 (the share dropped).")


# (in_channels, ndf, n_layers, norm, image side): every kernel and bias has its own shape
PATCH_SETTINGS = ((2, 3, 3, "batch", 32), (3, 2, 2, "instance", 16), (4, 3, 1, "batch", 16),
                  (1, 2, 4, "batch", 64))  # n_layers=4: the filters stop doubling at 8 ndf
PATCH_HINT = ("Conv 4x4 stride 2 padding 1 with ndf filters and a bias, LeakyReLU 0.2; then for "
              "n = 1 .. n_layers: Conv 4x4 with ndf * min(2^n, 8) filters, stride 2 except for "
              "the last one (stride 1), padding 1, a bias only before instance norm, the norm, "
              "LeakyReLU 0.2; then Conv 4x4 stride 1 padding 1 to one channel: the logits.")


@register("pix2pix.patch_discriminator", answer="class")
def check_patch_discriminator(discriminator_class, probe):
    """``PatchDiscriminator``: the logit map's shape, parameter counts (official at full
    size) and, with the course's weights copied in, the same outputs as the official one."""
    adapter = probe.adapter
    reference = saved_module(adapter).PatchDiscriminator
    rng = np.random.default_rng(1)
    for in_channels, ndf, n_layers, norm, side in PATCH_SETTINGS:
        with probe.setting(f"PatchDiscriminator({in_channels}, ndf={ndf}, n_layers={n_layers}, "
                           f"norm={norm!r}) on {side}x{side} images"):
            model = checks.build(probe, discriminator_class, in_channels, ndf=ndf,
                                 n_layers=n_layers, norm=norm)
            x = adapter.to_layout(rng.uniform(-1, 1, (3, side, side, in_channels)).astype(np.float32))
            patches = patch_output_side(side, n_layers)
            checks.check_output_shape(probe, model, x, (3, *adapter.image_shape(patches, patches, 1)),
                                      "one logit per patch: n_layers convolutions of stride 2, then "
                                      "two 4x4 convolutions of stride 1, each padding 1 (explicitly "
                                      "in Keras: padding='same' keeps the size at stride 1).")
            checks.check_parameter_count(
                probe, model, patch_parameter_count(in_channels, ndf, n_layers, norm), PATCH_HINT)
            checks.check_gradients_reach_all(probe, model, x, to_input=True)
            fresh = checks.build(probe, discriminator_class, in_channels, ndf=ndf,
                                 n_layers=n_layers, norm=norm)
            spec = checks.build(probe, reference, in_channels, ndf=ndf, n_layers=n_layers, norm=norm)
            checks.check_matches_reference(probe, fresh, spec, x, PATCH_HINT + " No sigmoid.")
    with probe.setting("PatchDiscriminator(6), the official pix2pix discriminator"):
        model = checks.build(probe, discriminator_class, 6)
        x = adapter.to_layout(np.zeros((1, 64, 64, 6), np.float32))
        checks.forward(probe, model, x)  # builds a lazily built Keras model
        count, _ = OFFICIAL_COUNTS["PatchGAN n_layers=3, 6 input channels, batch norm"]
        checks.check_parameter_count(probe, model, count, "the defaults are ndf=64, n_layers=3, "
                                     "norm='batch': " + PATCH_HINT)


def np_generator_loss(fake_logits, fakes, targets, l1_weight=100.0, gan_weight=1.0):
    """NumPy: gan_weight BCE(D(fake) -> 1) + l1_weight mean |fakes - targets|."""
    return (gan_weight * gan_checks.softplus(-fake_logits).mean()
            + l1_weight * np.abs(np.asarray(fakes, np.float64) - targets).mean())


# (l1_weight, gan_weight), None: the defaults
LOSS_WEIGHTS = (None, (7.5, 1.0), (100.0, 0.25))


@register("pix2pix.generator_loss")
def check_generator_loss(loss_fn, probe):
    """``pix2pix_generator_loss(fake_logits, fakes, targets, l1_weight=100.0, gan_weight=1.0)``:
    the value against NumPy for the defaults and other weights, a differentiable scalar with
    the right gradient, and the usual mistakes named."""
    rng = np.random.default_rng(2)
    logits = rng.normal(0, 2, (2, 1, 3, 3)).astype(np.float32)
    fakes = rng.uniform(-1, 1, (2, 3, 4, 4)).astype(np.float32)
    targets = rng.uniform(-1, 1, (2, 3, 4, 4)).astype(np.float32)
    names = ("fake_logits", "fakes", "targets")
    for weights in LOSS_WEIGHTS:
        l1_weight, gan_weight = weights or (100.0, 1.0)
        call = (loss_fn if weights is None
                else lambda *a, w=weights: loss_fn(*a, l1_weight=w[0], gan_weight=w[1]))
        described = ("the default weights" if weights is None
                     else f"l1_weight={l1_weight}, gan_weight={gan_weight}")
        with probe.setting(described):
            value = checks.loss_value(
                probe, call, "pix2pix_generator_loss", (logits, fakes, targets), names,
                reference=lambda a, b, c, w=(l1_weight, gan_weight): np_generator_loss(a, b, c, *w))
            expected = np_generator_loss(logits, fakes, targets, l1_weight, gan_weight)
            adversarial = gan_checks.softplus(-logits).mean()
            difference = np.asarray(fakes, np.float64) - targets
            mistakes = {
                "the L1 term is a squared (L2) error: L2 makes blurrier images than L1":
                    gan_weight * adversarial + l1_weight * (difference ** 2).mean(),
                "the L1 term is summed over the pixels instead of averaged":
                    gan_weight * adversarial + l1_weight * np.abs(difference).sum(),
                "the adversarial term labels G's outputs as fake: G must want D to say real":
                    gan_weight * gan_checks.softplus(logits).mean() + l1_weight * np.abs(difference).mean(),
                "the L1 term is not weighted by l1_weight":
                    gan_weight * adversarial + np.abs(difference).mean(),
                "the L1 term has the weight 100 whatever l1_weight is":
                    gan_weight * adversarial + 100.0 * np.abs(difference).mean(),
                "the adversarial term is not weighted by gan_weight":
                    adversarial + l1_weight * np.abs(difference).mean(),
            }
            for message, wrong in mistakes.items():
                if not np.isclose(wrong, expected, rtol=1e-4) and np.isclose(value, wrong, rtol=1e-4):
                    probe.fail(f"{message} (loss {value:.4f}, expected {expected:.4f}).",
                               "gan_weight x BCE-with-logits of D's logits on the fakes against "
                               "ones + l1_weight x the mean absolute difference of fakes and targets.")
            probe.expect_close(value, expected, "the loss",
                               "gan_weight x vanilla_loss(fake_logits, True) + l1_weight x mean "
                               "|fakes - targets| over every pixel of every image.", rtol=1e-4)


STEP_HWC = (2, 2, 3)  # tiny images: D sees them stacked with their input, 6 channels
STEP_LR, STEP_BATCH = 0.2, 8
D_STEP_HINT = ("D's loss is half the sum of vanilla_loss(D([inputs, targets]), True) and "
               "vanilla_loss(D([inputs, G(inputs)]), False), the images stacked input first "
               "along the channels, both networks in training mode; then exactly one step of "
               "d_optimizer on D's parameters.")


def _step_networks(adapter):
    """A tiny G (image -> image) and a tiny conditional D (input and output stacked -> logit),
    both with batch norm, each with its momentum-SGD optimizer."""
    height, width, channels = STEP_HWC
    image = adapter.image_shape(height, width, channels)
    generator = adapter.small_net([image], image, batch_norm=True, seed=1)
    discriminator = adapter.small_net([adapter.image_shape(height, width, 2 * channels)], (1,),
                                      batch_norm=True, seed=2)
    return generator, discriminator


@register("pix2pix.discriminator_step")
def check_discriminator_step(step, probe):
    """``pix2pix_discriminator_step(generator, discriminator, d_optimizer, inputs, targets)``.

    On two calls with new batches (tiny networks with batch norm, momentum SGD, stale
    gradients left by a previous step): the returned loss is half the conditional D's loss
    before the update, G is untouched (parameters and stored gradients: the fakes were
    detached), D moved by exactly one step on that loss, and both are still trainable.
    """
    adapter = probe.adapter
    generator, discriminator = _step_networks(adapter)
    optimizer = adapter.momentum_sgd(discriminator, STEP_LR, gan_checks.MOMENTUM)
    adapter.momentum_sgd(generator, STEP_LR, gan_checks.MOMENTUM)  # G has its own, as in training
    networks = {"the generator": generator, "the discriminator": discriminator}
    counts = {key: adapter.trainable_count(network) for key, network in networks.items()}
    update = gan_checks.MomentumUpdate(STEP_LR)
    name = "pix2pix_discriminator_step"
    for call in (1, 2):
        rng = np.random.default_rng(call)
        images = [rng.uniform(-1, 1, (STEP_BATCH, *STEP_HWC)).astype(np.float32) for _ in range(2)]
        inputs, targets = (adapter.tensor(adapter.to_layout(a), like=generator) for a in images)
        fakes = adapter.from_layout(adapter.to_numpy(adapter.forward(generator, inputs, training=True)))
        pairs = [adapter.tensor(adapter.to_layout(np.concatenate([images[0], b], axis=-1)),
                                like=discriminator) for b in (images[1], fakes)]

        def loss_d(d, real=pairs[0], fake=pairs[1]):
            return 0.5 * (adapter.bce_with_logits(adapter.forward(d, real, training=True), 1.0)
                          + adapter.bce_with_logits(adapter.forward(d, fake, training=True), 0.0))

        loss, grads = adapter.gradients(discriminator, loss_d)
        d_before, g_before = adapter.parameters(discriminator), adapter.parameters(generator)
        for network in (generator, discriminator):  # as the generator step before this one left them
            adapter.fill_gradients(network, gan_checks.STALE)
        g_held = adapter.held_gradients(generator)
        returned = probe.run(f"{name}(generator, discriminator, d_optimizer, inputs, targets)",
                             step, generator, discriminator, optimizer, inputs, targets)
        gan_checks.check_still_trainable(probe, networks, counts, name)
        returned = checks.as_number(probe, returned, name, gan_checks.RETURN_HINT)
        if np.isclose(returned, 2 * loss, rtol=1e-3):
            probe.fail(f"the loss returned by call {call} is {returned:.4f}, twice the expected "
                       f"{loss:.4f}: the two terms are not halved.",
                       "return 0.5 * (real_loss + fake_loss), as the official code, so that D "
                       "learns at half the pace of G.")
        probe.expect_close(returned, loss, f"the loss returned by call {call}", D_STEP_HINT,
                           rtol=1e-3, atol=1e-5)
        probe.expect(all(np.array_equal(a, b) for a, b in
                         zip(adapter.parameters(generator), g_before, strict=True)),
                     "the discriminator step changed the generator's parameters.",
                     "update only D: apply D's gradients with d_optimizer, to D's variables.")
        probe.expect(all(gan_checks.same_array(a, b) for a, b in
                         zip(adapter.held_gradients(generator), g_held, strict=True)),
                     "the discriminator step left gradients on the generator: D's loss was "
                     "backpropagated through G.",
                     "detach G's outputs before D sees them: generator(inputs).detach() in "
                     "PyTorch, generator(inputs).array in Chainer, outside the tape in Keras.")
        update.expect(probe, d_before, adapter.parameters(discriminator), grads,
                      f"call {call} of {name}", D_STEP_HINT)


FOLLOWS_INPUT = 0.85  # L1 to its own target below this share of the L1 to other targets
LEAVES_INPUT = 0.8  # L1 to its own target below this share of the input's own L1


@register("pix2pix.training", answer="history")
def check_training(history, probe, translations=None, inputs=None, targets=None,
                   train_targets=None):
    """Finite losses, D not winning outright; after real training, the held-out
    ``translations`` of ``inputs`` must follow their input (clearly closer, in L1, to their
    own ``targets`` than to the other images' targets), look like targets rather than
    inputs, and beat the best constant image (the mean of ``train_targets``)."""
    gan_checks.check_history(history, probe)
    if not sample_checks.trained_enough(probe):
        return
    given = (translations, inputs, targets, train_targets)
    probe.expect(all(a is not None for a in given),
                 "the grader needs the translations of held-out inputs to judge the training.",
                 "pass translations=..., inputs=..., targets=... and train_targets=... to grade().")
    translations, inputs, targets, train_targets = (np.asarray(a, np.float64) for a in given)
    probe.expect(translations.shape == targets.shape == inputs.shape and len(targets) > 1,
                 f"translations of shape {translations.shape} for inputs of shape "
                 f"{inputs.shape} and targets of shape {targets.shape}.",
                 "translate the held-out inputs whose targets you pass.")
    own = float(np.abs(translations - targets).mean())
    others = float(np.abs(translations - np.roll(targets, 1, axis=0)).mean())
    untouched = float(np.abs(inputs - targets).mean())
    constant = float(np.abs(train_targets.mean(axis=0) - targets).mean())
    print(f"held-out L1 to the own target {own:.3f}, to another image's target {others:.3f}; "
          f"the input itself scores {untouched:.3f}, the best constant image {constant:.3f}")
    probe.expect(own < FOLLOWS_INPUT * others,
                 f"the translations are about as close to other images' targets as to their own "
                 f"(L1 {own:.3f} against {others:.3f}): G does not follow its input.",
                 "check that G sees the input (the skips carry its layout) and train longer.")
    probe.expect(own < LEAVES_INPUT * untouched,
                 f"the translations are hardly closer to their targets than the inputs are "
                 f"(L1 {own:.3f} against {untouched:.3f}).",
                 "train longer; check the L1 term and that the targets are the photographs.")
    probe.expect(own < constant,
                 f"one constant image, the mean photograph, is closer to the targets (L1 "
                 f"{constant:.3f}) than the translations ({own:.3f}).",
                 "train longer, and check the loss curves.")


def benchmark_step(reference, config, adapter):
    """One jittered D step and G step of the profile's U-Net and PatchGAN (unet_256 and the
    70x70 PatchGAN in the full profile) on a random batch of stacked pairs."""
    saved = saved_module(adapter)
    generator = reference.place(reference.UnetGenerator(
        config.channels, config.channels, config.image_size, config.ngf, config.norm))
    discriminator = reference.place(reference.PatchDiscriminator(
        2 * config.channels, config.ndf, config.n_layers, config.norm))
    step = saved.make_pix2pix_step(generator, discriminator, adapter.adam(generator, config.lr),
                                   adapter.adam(discriminator, config.lr), config)
    rng = np.random.default_rng(0)
    height, width, channels = config.image_shape
    pairs = rng.uniform(-1, 1, (config.batch_size, height, width, 2 * channels)).astype(np.float32)
    batch = adapter.tensor(adapter.to_layout(pairs), like=discriminator)
    return lambda: step(batch)
