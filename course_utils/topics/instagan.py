"""Topic 11, InstaGAN (Mo, Cho & Shin, 2019): hyperparameters, parameter counts and graders.

The networks follow sangwoomo/instagan exactly, except that the set sum is over each
image's own instances (the official one mixes the images of a batch); the official
parameter counts (computed by instantiating the official classes) are in
:data:`OFFICIAL_COUNTS`, and :func:`generator_parameter_count` and
:func:`discriminator_parameter_count` reproduce them from the architecture.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import instances
from ..grading import register
from . import checks, gan_checks, sample_checks, saved_module
from .cyclegan import _conv, _name_mistake, resnet_block_parameter_count
from .pix2pix import norm_parameter_count

# sangwoomo/instagan's ResnetSetGenerator (netG 'set': 9 blocks) and NLayerSetDiscriminator
# (n_layers 3), instance norm, 3 channels, counted by running the official networks.py outside
# the project: ngf = ndf -> (generator, discriminator) trainable parameters. The
# discriminator's count printed at training, 9,754,434, also holds its spectral norms' u and
# v vectors, which are not trained.
OFFICIAL_COUNTS = {64: (26_815_108, 9_721_729), 32: (6_716_740, 2_436_033)}


@dataclass(frozen=True)
class Config:
    dataset: str = "sheep2giraffe"  # COCO, fetched selectively; offline, the drawn herds
    image_size: int = 128
    load_size: int = 141  # random jitter: the official 220 -> 200 crop, scaled to 128
    channels: int = 3
    slots: int = 4  # instances per image at most (the official ins_max), largest first
    ins_per: int = 2  # instances translated per pass of the sequential step
    ngf: int = 64
    n_blocks: int = 9
    ndf: int = 64
    n_layers: int = 3
    norm: str = "instance"
    cycle_weight: float = 10.0  # lambda_A = lambda_B
    identity_weight: float = 1.0  # the identity loss weighs identity_weight x cycle_weight
    context_weight: float = 1.0  # the context loss weighs context_weight x cycle_weight
    pool_size: int = 50
    lr: float = 2e-4
    beta1: float = 0.5
    batch_size: int = 1  # the official batch size
    # Full profile: 2 epochs of 200 unpaired COCO pairs at 128x128 with the official networks.
    # One iteration with four instances in two passes costs 3.7 TFLOP (counted with
    # torch.utils.flop_counter): 0.93 s at 4 TFLOPS, half a T4's float32 peak, so at most 6.2
    # minutes (fewer instances take fewer passes), and 1.1 more for topic 09's CycleGAN beside
    # it. An estimate: no GPU was available to measure.
    epochs: int = 2
    decay_epochs: int = 1
    train_size: int | None = 400  # scenes of both domains, interleaved
    test_size: int | None = 50
    sample_count: int = 6
    timing: bool = True  # time a step with all instances at once and one in passes
    cyclegan_epochs: int | None = None  # topic 09's CycleGAN beside it: its own epochs if None

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return (self.image_size, self.image_size, self.channels)

    @property
    def constant_epochs(self) -> int:
        return self.epochs - self.decay_epochs


PROFILES = {
    "full": Config(),
    # On a CPU: one animal per meadow at 64x64, a quarter of the filters, a third of the blocks.
    "quick": Config(dataset="lone_animals_drawn", image_size=64, load_size=72, slots=1, ins_per=1,
                    ngf=16, n_blocks=3, ndf=16, epochs=5, decay_epochs=2, train_size=None,
                    test_size=None, cyclegan_epochs=2),
    # CI: one batch of one pass per epoch (the grader and the timing take several passes).
    "smoke": Config(dataset="herds_drawn", image_size=32, load_size=36, slots=2, ngf=4,
                    n_blocks=0, ndf=4, n_layers=2, batch_size=2, epochs=2, decay_epochs=1,
                    train_size=4, test_size=8, sample_count=4, cyclegan_epochs=1),
}

# Keras traces the sequential step once per pattern of passes (which directions run, how
# many earlier masks), seconds each: 80 s of a 100-s smoke run. The smoke run steps eagerly;
# tests/test_instagan.py compiles and runs a step with both patterns.
EAGER_SMOKE = True

# A full-size step with four instances takes 40 s on one CPU core: the dry run trains one
# step on one pair of scenes with their largest instance only, times nothing (the smoke
# run's grader and timing take every path of the sequential step) and trains no CycleGAN
# beside InstaGAN (topic 09's dry run trains one at this size).
DRY_RUN_CAPS = {"train_size": 2, "test_size": 2, "sample_count": 1, "slots": 1, "ins_per": 1,
                "timing": False, "cyclegan_epochs": 0}


def encoder_parameter_count(in_channels: int, ngf: int = 64, n_blocks: int = 9,
                            norm: str = "instance") -> int:
    """c7s1-ngf, d2ngf, d4ngf and n_blocks residual blocks (ResnetEncoder)."""
    return (_conv(7, in_channels, ngf, norm) + _conv(3, ngf, 2 * ngf, norm)
            + _conv(3, 2 * ngf, 4 * ngf, norm) + n_blocks * resnet_block_parameter_count(4 * ngf, norm))


def decoder_parameter_count(out_channels: int, ngf: int, norm: str = "instance") -> int:
    """u2ngf, u ngf (transposed 3x3 convolutions from 4 ngf) and c7s1-out (ResnetDecoder)."""
    return (_conv(3, 4 * ngf, 2 * ngf, norm) + _conv(3, 2 * ngf, ngf, norm)
            + 49 * ngf * out_channels + out_channels)


def generator_parameter_count(channels: int = 3, ngf: int = 64, n_blocks: int = 9,
                              norm: str = "instance") -> int:
    """SetGenerator: image and mask encoders, image decoder (2 ngf), mask decoder (3 ngf)."""
    return (encoder_parameter_count(channels, ngf, n_blocks, norm)
            + encoder_parameter_count(1, ngf, n_blocks, norm)
            + decoder_parameter_count(channels, 2 * ngf, norm) + decoder_parameter_count(1, 3 * ngf, norm))


def _patch_features_count(in_channels: int, ndf: int, n_layers: int, norm: str) -> int:
    total = 16 * in_channels * ndf + ndf  # the first convolution has a bias
    for n in range(1, n_layers):
        total += _conv(4, ndf * min(2 ** (n - 1), 8), ndf * min(2 ** n, 8), norm)
    return total


def discriminator_parameter_count(channels: int = 3, ndf: int = 64, n_layers: int = 3,
                                  norm: str = "instance") -> int:
    """SetDiscriminator: image and mask features, then two 4x4 convolutions to one logit."""
    features = 2 * ndf * min(2 ** (n_layers - 1), 8)
    filters = 2 * ndf * min(2 ** n_layers, 8)
    return (_patch_features_count(channels, ndf, n_layers, norm)
            + _patch_features_count(1, ndf, n_layers, norm)
            + 16 * features * filters + filters + norm_parameter_count(norm, filters)
            + 16 * filters + 1)


def stack_instances(images: np.ndarray, masks: np.ndarray, slots: int | None = None) -> np.ndarray:
    """NHWC images in [-1, 1] and their ``(N, K, H, W)`` boolean masks as the networks take
    them: the ``slots`` largest masks (all K by default; :func:`.instances.largest_first`),
    in [-1, 1], as channels after the image's, ``(N, H, W, C + slots)``."""
    signed = instances.signed_masks(instances.largest_first(masks)[:, :slots])
    return np.concatenate([np.asarray(images, np.float32), np.moveaxis(signed, 1, -1)], -1)


# ---------------------------------------------------------------------------- graders


def _masks_in_layout(adapter, masks: np.ndarray) -> np.ndarray:
    """``(B, K, H, W)`` masks in the framework's layout: as is (NCHW), or (B, H, W, K)."""
    return adapter.to_layout(np.moveaxis(masks, 1, -1))


def _features_nhwc(adapter, features: np.ndarray, batch: int, slots: int) -> np.ndarray:
    """A framework's (B, K, *feature) array as (B, K, h, w, C)."""
    nhwc = adapter.from_layout(features.reshape(batch * slots, *features.shape[2:]))
    return nhwc.reshape(batch, slots, *nhwc.shape[1:])


SET_HINT = ("encode every mask of every image apart (one mask a batch entry, one channel), set "
            "the features of an empty slot to 0, and sum over the slots of each image: "
            "(B, K, ...) features and their (B, ...) sum.")
SET_SETTINGS = (  # (instances per image, each counted in slot order; side; feature (h, w, C))
    (((1, 1, 1), (1, 0, 1), (0, 0, 0)), 4, (2, 2, 3)),
    (((1, 1, 0, 0), (1, 1, 1, 1)), 6, (3, 3, 2)),
)


def _instance_masks(rng, present, side: int) -> np.ndarray:
    """(B, K, H, W) masks in [-1, 1]: values above -1 in a present slot, -1 in an empty one."""
    present = np.asarray(present, bool)
    values = rng.uniform(-1, 1, (*present.shape, side, side))
    return np.where(present[:, :, None, None], values, -1.0).astype(np.float32)


@register("instagan.set_features")
def check_set_features(set_features, probe):
    """``set_features(encoder, masks, present)``: every slot encoded apart, an empty slot's
    features 0, their sum over each image's own set (not the batch's); a gradient reaches
    the encoder. Images with a full, a gapped and an empty set."""
    adapter = probe.adapter
    saved = saved_module(adapter)
    rng = np.random.default_rng(21)
    for present, side, feature in SET_SETTINGS:
        batch, slots = np.shape(present)
        with probe.setting(f"{batch} images, {slots} slots, instances {present}"):
            encoder = saved.place(adapter.small_net([adapter.image_shape(side, side, 1)],
                                                    adapter.image_shape(*feature), hidden=6,
                                                    seed=side))
            masks = _instance_masks(rng, present, side)
            tensor = adapter.tensor(_masks_in_layout(adapter, masks), like=encoder)
            result = probe.run("set_features(encoder, masks, present)", set_features, encoder,
                               tensor, saved.present_instances(tensor))
            probe.expect(isinstance(result, tuple) and len(result) == 2,
                         "set_features must return two values: the features of every slot and "
                         "their sum over the set.", SET_HINT)
            features, total = (checks.as_array(probe, r, "set_features") for r in result)
            singles = adapter.call(encoder, adapter.to_layout(masks.reshape(-1, side, side, 1)))
            encoded = adapter.from_layout(np.asarray(singles, np.float64)).reshape(
                batch, slots, *feature)
            kept = encoded * np.asarray(present, bool)[:, :, None, None, None]
            want_sum = kept.sum(1)
            probe.expect(total.shape == (batch, *adapter.image_shape(*feature)),
                         f"the set sum has shape {total.shape}, expected "
                         f"{(batch, *adapter.image_shape(*feature))}: one per image.",
                         "sum over the slots of each image (the set axis), not over the batch: "
                         "the official code sums over the whole batch and mixes its images.")
            got_sum = adapter.from_layout(np.asarray(total, np.float64))
            checks.name_array_mistake(probe, got_sum, want_sum, {
                "the set sum adds up the instances of every image of the batch: the official "
                "code's mistake (a sum over the concatenated batch), which mixes images":
                    np.broadcast_to(kept.sum((0, 1)), want_sum.shape),
                "the features of an empty slot are added to the sum: empty slots must count 0":
                    encoded.sum(1),
                "the set is averaged over its slots instead of summed": kept.mean(1),
                "the set is averaged over its instances instead of summed":
                    want_sum / np.maximum(np.sum(present, 1), 1)[:, None, None, None],
                "the set is reduced by its maximum instead of summed": kept.max(1),
            }, SET_HINT)
            probe.expect(checks.close(got_sum, want_sum, rtol=1e-4),
                         "the set sum is not the sum of the encoded masks of each image.", SET_HINT)
            probe.expect(features.shape == (batch, slots, *adapter.image_shape(*feature)),
                         f"the features have shape {features.shape}, expected "
                         f"{(batch, slots, *adapter.image_shape(*feature))}: one per slot.",
                         SET_HINT)
            got = _features_nhwc(adapter, np.asarray(features, np.float64), batch, slots)
            checks.name_array_mistake(probe, got, kept, {
                "the features of an empty slot are not 0": encoded}, SET_HINT)
            probe.expect(checks.close(got, kept, rtol=1e-4),
                         "the features are not each slot's mask encoded on its own.", SET_HINT)
            zeros = adapter.tensor(np.zeros_like(np.asarray(total)), like=encoder)

            def squared_sum(model, masks=tensor, zeros=zeros):
                return adapter.mean_squared_error(
                    set_features(model, masks, saved.present_instances(masks))[1], zeros)

            _, grads = probe.run("backpropagating through the set sum", adapter.gradients,
                                 encoder, squared_sum)
            probe.expect(all(g is not None and np.any(g) for g in grads),
                         "no gradient reaches the mask encoder through the set sum.",
                         "compute the features with the framework's operations; do not detach "
                         "them or convert them to NumPy.")


CONTEXT_HINT = ("weight = (1 - merge_masks(masks and fake_masks together)) / 2, 1 where neither "
                "an instance nor its translation is; loss = context_weight x cycle_weight x "
                "mean(weight x |images - fake_images|) over every value.")
CONTEXT_WEIGHTS = (None, (3.0, 0.5))  # (cycle_weight, context_weight); None: 10 and 1


def np_context_loss(images, fakes, masks, fake_masks, cycle_weight=10.0, context_weight=1.0,
                    union=None, inverted=False, plain=True, squared=False):
    """The context-preserving loss in NumPy on NHWC images and (B, H, W, K) masks (and its
    usual mistakes): union the masks' clipped sum, the weight 1 off the instances."""
    both = np.concatenate([masks, fake_masks], -1) if union is None else union
    merged = np.clip(((both + 1) / 2).sum(-1, keepdims=True), 0, 1)
    weight = merged if inverted else 1 - merged
    error = (images - fakes) ** 2 if squared else np.abs(images - fakes)
    mean = (weight * error).mean() if plain else (weight * error).sum() / (
        weight.sum() * images.shape[-1])
    return cycle_weight * context_weight * mean


@register("instagan.context_loss")
def check_context_loss(loss_fn, probe):
    """``context_loss(images, fake_images, masks, fake_masks, cycle_weight=10.0,
    context_weight=1.0)``: the value against NumPy, the usual mistakes named, and the
    gradient of every input against the NumPy loss's."""
    adapter = probe.adapter
    rng = np.random.default_rng(8)
    images, fakes = (rng.uniform(-1, 1, (2, 4, 4, 3)).astype(np.float32) for _ in range(2))
    masks = np.where(rng.random((2, 4, 4, 2)) < 0.3, 1.0, -1.0).astype(np.float32)
    fake_masks = rng.uniform(-0.9, -0.2, (2, 4, 4, 2)).astype(np.float32)  # tanh outputs
    fake_masks[0, :2, :2, 0] = 0.9  # a translated instance where no instance was
    arrays = (images, fakes, masks, fake_masks)
    names = ("images", "fake_images", "masks", "fake_masks")
    layout = [adapter.to_layout(a) for a in arrays]
    for weights in CONTEXT_WEIGHTS:
        cycle, context = weights or (10.0, 1.0)
        call = loss_fn if weights is None else (
            lambda *a, w=weights: loss_fn(*a, cycle_weight=w[0], context_weight=w[1]))
        with probe.setting("the default weights" if weights is None
                           else f"cycle_weight={cycle}, context_weight={context}"):
            value = checks.loss_value(probe, call, "context_loss", layout, names, wrt=(0, 1))
            expected = np_context_loss(*arrays, cycle, context)

            def mistake(cycle=cycle, context=context, **kwargs):
                return np_context_loss(*arrays, cycle, context, **kwargs)

            _name_mistake(probe, value, expected, {
                "the weight is inverted: the loss counts the instances, not the background":
                    mistake(inverted=True),
                "the weight ignores the translated masks: a translation may also change "
                "where its new shape goes": mistake(union=masks),
                "the weight ignores the input's masks: the old shape may change too":
                    mistake(union=fake_masks),
                "the union of the masks is their maximum, not their clipped sum":
                    mistake(union=np.max(np.concatenate([masks, fake_masks], -1), -1,
                                         keepdims=True)),
                "the loss is averaged over the background only, not over every value":
                    mistake(plain=False),
                "the loss is a squared (L2) error; the official one is L1": mistake(squared=True),
                "the loss is not weighted by cycle_weight": expected / cycle,
                "the loss has the weight 10 whatever cycle_weight is": expected / cycle * 10.0,
                "the loss is not weighted by context_weight": expected / context,
            }, CONTEXT_HINT)
            probe.expect_close(value, expected, "the loss", CONTEXT_HINT, rtol=1e-4)

            def reference(*nchw, c=cycle, k=context):
                return np_context_loss(*(adapter.from_layout(a) for a in nchw), c, k)

            checks.loss_value(probe, call, "context_loss", layout, names, reference=reference)


STEP_HWC = (8, 8, 2)
STEP_BATCH = 2
STEP_SEED = 40  # the networks' weights; each setting draws its flips with its own seed
STEP_LR = 1e-4  # small steps: a larger one turns float rounding into chaos by the second call
STEP_SETTINGS = (  # (slots, ins_per, instances of A's images, of B's, loss weights, calls)
    (4, 2, (3, 1), (2, 0), {}, 1),  # B sits the second pass out
    (3, 1, (1, 0), (2, 1), dict(cycle_weight=3.0, identity_weight=0.5, context_weight=2.0), 1),
)  # the second: A sits the second pass out, and the third has no instance at all
STEP_HINT = ("for each pass (ins_per slots, the largest first): skip it when neither domain has "
             "an instance in its slots; otherwise update both generators on the sum of "
             "direction_losses of every direction with instances in the pass (each translating "
             "the previous pass's translation, detached, and judged with the earlier passes' "
             "translated masks), then each discriminator of a direction that ran, on the pooled "
             "translation; and hand the translations to the next pass.")

D_STEP_HINT = ("D_B judges B's real images with all their masks (target 1) and, through its "
               "pool, the A -> B translation of the pass with all its masks (target 0); D_A "
               "the other way round. A discriminator whose direction sat the pass out is not "
               "stepped.")


@dataclass(frozen=True)
class _StepConfig:
    channels: int
    slots: int
    ins_per: int
    load_size: int


def _step_batch(rng, slots: int, counts_a, counts_b) -> np.ndarray:
    """NHWC [A's images | A's masks | B's images | B's masks], each image's masks random
    rectangles in its first ``count`` slots, the rest empty."""
    height, width, channels = STEP_HWC
    parts = []
    for counts in (counts_a, counts_b):
        masks = np.zeros((len(counts), slots, height, width), bool)
        for i, count in enumerate(counts):
            for k in range(count):
                top, left = rng.integers(0, height - 3, 2)
                masks[i, k, top:top + rng.integers(2, 4), left:left + rng.integers(2, 5)] = True
        images = rng.uniform(-1, 1, (len(counts), height, width, channels)).astype(np.float32)
        parts.append(np.concatenate([images, np.moveaxis(instances.signed_masks(masks), 1, -1)], -1))
    return np.concatenate(parts, -1)


_STEP_NETWORKS: dict = {}


def _step_networks(adapter) -> dict:
    """Small course networks, seeded, built once per framework (Keras takes seconds) and put
    back in their first state, spectral norms' u included, at every call."""
    key = adapter.name
    if key not in _STEP_NETWORKS:
        saved = saved_module(adapter)
        adapter.seed(STEP_SEED)
        channels = STEP_HWC[2]
        networks = {name: saved.place(saved.SetGenerator(channels, channels, ngf=2, n_blocks=0))
                    for name in ("G_AB", "G_BA")}
        networks.update({name: saved.place(saved.SetDiscriminator(channels, ndf=2, n_layers=1))
                         for name in ("D_A", "D_B")})
        folder = Path(tempfile.mkdtemp(prefix="instagan-step-"))
        files = {name: folder / f"{name}{adapter.weights_suffix}" for name in networks}
        for name, network in networks.items():
            adapter.save_model(network, files[name])
        _STEP_NETWORKS[key] = networks, files
    networks, files = _STEP_NETWORKS[key]
    for name, network in networks.items():
        adapter.load_model(network, files[name])
    return networks


def _run_step(adapter, make_step, seed: int, setting, batches) -> tuple[list, dict]:
    """The histories and every network's parameter change after ``make_step``'s step ran on
    ``batches``, from the same networks, optimizers and random draws as any other run."""
    slots, ins_per, _, _, weights, _ = setting
    networks = _step_networks(adapter)
    before = {key: adapter.parameters(network) for key, network in networks.items()}
    optimizers = {key: adapter.momentum_sgd(network, STEP_LR)
                  for key, network in networks.items()}
    config = _StepConfig(STEP_HWC[2], slots, ins_per, STEP_HWC[0])  # no crop: flips only
    step = make_step(networks, optimizers, config, **weights)
    adapter.seed(seed)  # the same flips
    results = [step(adapter.tensor(batch, like=networks["G_AB"])) for batch in batches]
    changes = {key: [a - b for a, b in zip(adapter.parameters(network), before[key], strict=True)]
               for key, network in networks.items()}
    return results, changes


_COURSE_RUNS: dict = {}


def _step_batches(adapter, index: int) -> list:
    slots, _, counts_a, counts_b, _, calls = STEP_SETTINGS[index]
    rng = np.random.default_rng(31 + index)
    return [adapter.to_layout(_step_batch(rng, slots, counts_a, counts_b)) for _ in range(calls)]


def _course_run(adapter, index: int) -> tuple[list, dict]:
    """The course step's results on setting ``index``, computed once per framework."""
    key = (adapter.name, index)
    if key not in _COURSE_RUNS:
        _COURSE_RUNS[key] = _run_step(adapter, saved_module(adapter).make_instagan_step,
                                      40 + index, STEP_SETTINGS[index],
                                      _step_batches(adapter, index))
    return _COURSE_RUNS[key]


@register("instagan.step")
def check_step(make_step, probe):
    """``make_instagan_step(networks, optimizers, config, ...)``: on small course networks
    and batches where a domain sits a pass out or a whole pass is empty, its step must give
    the course step's losses and move every network as it does (SGD with momentum, so that
    a pass's update depends on the earlier passes')."""
    adapter = probe.adapter
    with adapter.eagerly():  # tiny networks: tracing would cost more than it shows
        for index, setting in enumerate(STEP_SETTINGS):
            slots, ins_per, counts_a, counts_b, weights, _ = setting
            shown = ", ".join(f"{k}={v}" for k, v in weights.items()) or "default weights"
            with probe.setting(f"{slots} slots, ins_per={ins_per}, instances per image: A "
                               f"{counts_a}, B {counts_b}, {shown}"):
                want, want_changes = _course_run(adapter, index)
                batches = _step_batches(adapter, index)
                got, got_changes = probe.run("the step", _run_step, adapter, make_step,
                                             40 + index, setting, batches)
                for call, (g, w) in enumerate(zip(got, want, strict=True)):
                    probe.expect(isinstance(g, dict) and set(g) == set(w),
                                 f"call {call + 1} returned {g!r}, expected a dict with the "
                                 f"keys {sorted(w)}.", "return the mean of each loss over the "
                                 "passes that ran, as the given code does.")
                    for key in ("loss_G", "loss_D_A", "loss_D_B"):
                        if key in w and not np.isclose(float(g[key]), w[key], rtol=1e-3,
                                                       atol=1e-6):
                            what = "generators'" if key == "loss_G" else f"{key[-3:]}'s"
                            probe.fail(f"call {call + 1}: the {what} loss is {float(g[key]):.5f}, "
                                       f"expected {w[key]:.5f}.",
                                       STEP_HINT if key == "loss_G" else D_STEP_HINT)
                for key in ("G_AB", "G_BA", "D_A", "D_B"):
                    # one tolerance per network: a bias before instance norm gets only noise
                    moved = checks.close(np.concatenate([c.ravel() for c in got_changes[key]]),
                                         np.concatenate([c.ravel() for c in want_changes[key]]),
                                         rtol=1e-3)
                    probe.expect(moved, f"{key} does not move as the course's step moves it, "
                                 "although the losses are right.",
                                 "each pass: clear the generators' gradients, backpropagate the "
                                 "sum of the directions' losses once, step both generators; then "
                                 "clear each discriminator's gradients (the generators' backward "
                                 "filled them) and step only those of directions that ran.")


MASK_GAIN = 0.03  # predicted masks' IoU with the true ones above the input masks' by this much
MAX_BACKGROUND_CHANGE = 0.08  # mean change outside every instance, in [0, 1] units


@register("instagan.training", answer="history")
def check_training(history, probe, predicted=None, inputs=None, truths=None, translated=None,
                   sources=None):
    """Finite losses, neither side winning outright; after real training, the held-out
    ``translated`` images keep their ``sources``' background (where no instance of the input
    or of the truth is) and, where the data has ``truths`` (the drawn herds), the
    ``predicted`` masks overlap the true long-necked shapes better than the ``inputs``'
    masks do (doing nothing). Masks are (N, slots, H, W) booleans, images NHWC in [-1, 1]."""
    gan_checks.check_history(history, probe, keys=("loss_G", "loss_D_A", "loss_D_B"))
    if not sample_checks.trained_enough(probe):
        return
    probe.expect(all(a is not None for a in (predicted, inputs, translated, sources)),
                 "the grader needs the held-out translations with their predicted masks, the "
                 "source images and their masks (and the true masks, where the data has them).",
                 "pass predicted=..., inputs=..., translated=..., sources=... (and truths=...).")
    predicted, inputs = np.asarray(predicted, bool), np.asarray(inputs, bool)
    probe.expect(predicted.shape == inputs.shape, f"predicted masks of shape {predicted.shape} "
                 f"for input masks of shape {inputs.shape}.", "translate every held-out mask.")
    unit = [(np.asarray(a, np.float64) + 1) / 2 for a in (translated, sources)]
    around = inputs if truths is None else np.concatenate([inputs, np.asarray(truths, bool)], 1)
    change = instances.background_change(*unit, around)
    print(f"background change {change:.3f} (at most {MAX_BACKGROUND_CHANGE})")
    probe.expect(change <= MAX_BACKGROUND_CHANGE,
                 f"the translations change the background by {change:.3f} on average, expected "
                 f"at most {MAX_BACKGROUND_CHANGE}.",
                 "check the context-preserving loss and its weight, and train longer.")
    if truths is None:  # real photographs: no true shape to compare with
        return
    own, still = instances.mask_iou(predicted, truths), instances.mask_iou(inputs, truths)
    print(f"mask IoU with the true shapes {own:.3f}; the input masks score {still:.3f}")
    probe.expect(own >= still + MASK_GAIN,
                 f"the translated masks fit the true shapes no better than the input masks do "
                 f"(IoU {own:.3f} against {still:.3f}): the shape did not change.",
                 "check the mask decoder's inputs, the cycle and identity terms on the masks, "
                 "and train longer.")


def benchmark_step(reference, config, adapter):
    """One InstaGAN iteration (every pass: both generators, then both discriminators) of the
    profile's networks on a random batch with every slot holding an instance."""
    networks = {key: reference.place(
        reference.SetGenerator(config.channels, config.channels, config.ngf, config.n_blocks,
                               config.norm) if key[0] == "G" else
        reference.SetDiscriminator(config.channels, config.ndf, config.n_layers, config.norm))
        for key in ("G_AB", "G_BA", "D_A", "D_B")}
    optimizers = {key: adapter.adam(network, config.lr, (config.beta1, 0.999))
                  for key, network in networks.items()}
    step = reference.make_instagan_step(networks, optimizers, config, config.cycle_weight,
                                        config.identity_weight, config.context_weight,
                                        config.pool_size)
    rng = np.random.default_rng(0)
    height, width, channels = config.image_shape
    masks = np.zeros((config.batch_size, config.slots, height, width), bool)
    for k in range(config.slots):  # one square instance per slot
        masks[:, k, k * height // (2 * config.slots):, :width // 2] = True
    images = rng.uniform(-1, 1, (config.batch_size, height, width, channels)).astype(np.float32)
    pairs = np.concatenate([stack_instances(images, masks)] * 2, -1)
    batch = adapter.tensor(adapter.to_layout(pairs), like=networks["D_A"])
    return lambda: step(batch)
