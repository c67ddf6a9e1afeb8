"""Topic 09, CycleGAN (Zhu et al., 2017): hyperparameters, parameter counts and graders.

The networks follow junyanz/pytorch-CycleGAN-and-pix2pix exactly; the official parameter
counts (computed by instantiating the official classes) are in :data:`OFFICIAL_COUNTS`,
and :func:`resnet_parameter_count` reproduces them from the architecture.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from .. import metrics
from ..grading import register
from . import checks, gan_checks, sample_checks, saved_module
from .pix2pix import norm_parameter_count

# Official networks at 256x256 RGB: (parameters, output shape (C, H, W)).
OFFICIAL_COUNTS = {
    "resnet_9blocks, instance norm": (11_378_179, (3, 256, 256)),
    "resnet_6blocks, instance norm": (7_837_699, (3, 256, 256)),
    "PatchGAN n_layers=3, 3 input channels, instance norm": (2_764_737, (1, 30, 30)),
}


@dataclass(frozen=True)
class Config:
    dataset: str = "horse2zebra"  # downloaded; offline, the course's drawn plain/striped animals
    shape_dataset: str = "long_necks_drawn"  # a change of shape, to show what CycleGAN cannot do
    image_size: int = 128  # the paper trains 256; 128 with 6 blocks is its smaller setting
    load_size: int = 143  # random jitter: resize to this, crop image_size back (286 for 256)
    channels: int = 3
    ngf: int = 64  # filters of the generator's first convolution
    n_blocks: int = 6  # residual blocks: 9 at 256x256, 6 at 128x128 (the paper)
    ndf: int = 64
    n_layers: int = 3  # PatchGAN depth: 70x70 patches
    norm: str = "instance"
    cycle_weight: float = 10.0  # lambda of the cycle-consistency loss
    identity_weight: float = 0.5  # the identity loss weighs identity_weight x lambda
    pool_size: int = 50  # fakes the discriminators remember
    lr: float = 2e-4
    beta1: float = 0.5
    batch_size: int = 1
    # Full profile: four models (CycleGAN and three ablations) x 4 epochs of 500 unpaired
    # pairs, and the shape model x 4 epochs of 200 drawn pairs, at 128x128. One iteration
    # of two resnet_6blocks generators and two PatchGANs costs 341 GFLOP (counted with
    # torch.utils.flop_counter): 85 ms at 4 TFLOPS, half a T4's float32 peak, so 2.8
    # minutes per horse2zebra model and about 12.5 in all. An estimate: no GPU was
    # available to measure.
    epochs: int = 4
    decay_epochs: int = 2  # the last epochs decay the learning rate linearly towards 0
    train_size: int | None = 1000  # images of both domains, interleaved (half each)
    test_size: int | None = 100
    sample_count: int = 6  # held-out images translated after every epoch
    ablations: int | None = None  # how many of the ablations' models to train (None: all)
    quality_size: int = 64  # the domain classifier's input side at most

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
    # On a CPU: 64x64 drawn animals, a quarter of the filters, batches of 4.
    "quick": Config(dataset="horse2zebra_drawn", image_size=64, load_size=72, ngf=16, ndf=16,
                    batch_size=4, epochs=4, decay_epochs=2, train_size=None, test_size=None),
    # CI: one batch per epoch of each model, its steps run eagerly (see EAGER_SMOKE).
    "smoke": Config(dataset="horse2zebra_drawn", image_size=32, load_size=36, ngf=4, ndf=4,
                    n_blocks=2, batch_size=4, epochs=2, decay_epochs=1, train_size=8,
                    test_size=16, sample_count=4, ablations=1),
}

# Keras traces a model's steps in seconds, longer than the smoke run's two steps of that model
# take eagerly: the smoke run steps eagerly; tests/test_cyclegan.py compiles a step.
EAGER_SMOKE = True

# Full-size generators take seconds per step on a CPU: the dry run trains on a few images,
# one epoch per model (the training grader accepts one epoch in a dry run), and none of the
# ablations' models: they take the main model's code path at its size, and the smoke run
# trains one of them.
DRY_RUN_CAPS = {"train_size": 2, "test_size": 4, "sample_count": 2, "ablations": 0}


def _conv(k: int, c_in: int, c_out: int, norm: str) -> int:
    """A k x k convolution followed by ``norm``: a bias only before instance norm."""
    return k * k * c_in * c_out + (c_out if norm == "instance" else 0) + norm_parameter_count(norm, c_out)


def resnet_block_parameter_count(channels: int, norm: str = "instance") -> int:
    return 2 * _conv(3, channels, channels, norm)


def resnet_parameter_count(in_channels: int, out_channels: int, ngf: int = 64, n_blocks: int = 9,
                           norm: str = "instance") -> int:
    total = _conv(7, in_channels, ngf, norm)  # c7s1-ngf
    total += _conv(3, ngf, 2 * ngf, norm) + _conv(3, 2 * ngf, 4 * ngf, norm)  # d, d
    total += n_blocks * resnet_block_parameter_count(4 * ngf, norm)
    total += _conv(3, 4 * ngf, 2 * ngf, norm) + _conv(3, 2 * ngf, ngf, norm)  # u, u
    return total + 49 * ngf * out_channels + out_channels  # c7s1-3, with a bias


# ---------------------------------------------------------------------------- graders

BLOCK_HINT = ("x + block(x), where block is: ReflectionPad2d(1) -> Conv 3x3 (padding 0) -> norm "
              "-> ReLU -> ReflectionPad2d(1) -> Conv 3x3 -> norm; no ReLU after the sum; a bias "
              "only before instance norm.")
BLOCK_SETTINGS = ((3, "instance"), (4, "batch"), (2, "none"))  # (channels, norm)


def check_keeps_constant_images(probe, model, channels: int, side: int, hint: str) -> None:
    """Images constant in space stay constant in space: true with reflection padding, false
    with zeros at the border."""
    rng = np.random.default_rng(5)
    values = rng.uniform(-1, 1, (3, 1, 1, channels)).astype(np.float32)
    images = np.broadcast_to(values, (3, side, side, channels)).copy()
    output = probe.adapter.from_layout(
        checks.forward(probe, model, probe.adapter.to_layout(images), training=True))
    spread = float(np.abs(output - output.mean(axis=(1, 2), keepdims=True)).max())
    probe.expect(spread < 1e-4 * (float(np.abs(output).max()) + 1e-3),
                 f"an image that is constant in space comes out with a border that differs from "
                 f"its middle (by up to {spread:.3g}): the convolutions see zeros around the image.",
                 hint)


def check_input_gradient_matches(probe, model, reference, inputs) -> None:
    """With the spec's weights in both (after ``check_matches_reference``), the gradient of
    a weighted sum of the outputs with respect to the input images is the spec's: a padding
    whose forward pass is right but whose backward pass is not passes every output check."""
    adapter = probe.adapter
    shape = checks.forward(probe, reference, inputs, training=True).shape
    weights = adapter.tensor(np.random.default_rng(6).uniform(-1, 1, shape).astype(np.float32),
                             like=reference)

    def weighted(network):
        return lambda x: adapter.forward(network, x, training=True) * weights

    _, (got,) = probe.run("backpropagating to the block's input", adapter.input_gradients,
                          weighted(model), inputs)
    _, (want,) = adapter.input_gradients(weighted(reference), inputs)
    want = np.asarray(want, np.float64)
    gap = np.inf if got is None else float(np.abs(got - want).max() / (np.abs(want).max() + 1e-12))
    probe.expect(gap < 1e-3,
                 "with the spec's weights copied in, the outputs match the spec's network but the "
                 "gradient reaching the input images does not (relative difference "
                 f"{gap:.2g}): a layer's backward pass is wrong, most likely the padding's.",
                 "pad with the course's ReflectionPad2d(1), whose gradient is right (Chainer's "
                 "F.pad(mode=\"reflect\") drops the gradient of the mirrored border pixels).")


@register("cyclegan.resnet_block", answer="class")
def check_resnet_block(block_class, probe):
    """``ResnetBlock(channels, norm="instance")``: same shape out, parameter counts, a constant
    image stays constant (reflection padding) and, with the course's weights copied in, the
    same outputs as the official block for each norm."""
    adapter = probe.adapter
    reference = saved_module(adapter).ResnetBlock
    rng = np.random.default_rng(0)
    for channels, norm in BLOCK_SETTINGS:
        with probe.setting(f"ResnetBlock({channels}, norm={norm!r})"):
            model = checks.build(probe, block_class, channels, norm=norm)
            x = adapter.to_layout(rng.uniform(-1, 1, (3, 6, 6, channels)).astype(np.float32))
            checks.check_output_shape(probe, model, x, (3, *adapter.image_shape(6, 6, channels)),
                                      "pad 1 pixel by reflection before each 3x3 convolution and "
                                      "add the block's input to its output.")
            checks.check_parameter_count(probe, model,
                                         resnet_block_parameter_count(channels, norm), BLOCK_HINT)
            checks.check_gradients_reach_all(probe, model, x)
            check_keeps_constant_images(probe, model, channels, 6,
                                        "pad with ReflectionPad2d(1) before each 3x3 convolution, "
                                        "and give the convolutions no padding of their own.")
            fresh = checks.build(probe, block_class, channels, norm=norm)
            spec = checks.build(probe, reference, channels, norm=norm)
            checks.check_matches_reference(probe, fresh, spec, x, BLOCK_HINT)
            check_input_gradient_matches(probe, fresh, spec, x)


def np_l1(a, b) -> float:
    return float(np.abs(np.asarray(a, np.float64) - b).mean())


CYCLE_WEIGHTS = (None, 3.0)  # None: the default, 10


@register("cyclegan.cycle_loss")
def check_cycle_loss(loss_fn, probe):
    """``cycle_loss(reconstructed, real, cycle_weight=10.0)``: the value against NumPy for the
    default and another weight, a differentiable scalar with the right gradient, and the
    usual mistakes named."""
    rng = np.random.default_rng(3)
    reconstructed, real = (rng.uniform(-1, 1, (2, 3, 4, 4)).astype(np.float32) for _ in range(2))
    for weight in CYCLE_WEIGHTS:
        lam = 10.0 if weight is None else weight
        call = loss_fn if weight is None else (lambda a, b, w=weight: loss_fn(a, b, cycle_weight=w))
        with probe.setting("the default weight" if weight is None else f"cycle_weight={weight}"):
            value = checks.loss_value(probe, call, "cycle_loss", (reconstructed, real),
                                      ("reconstructed", "real"))
            difference = np.asarray(reconstructed, np.float64) - real
            expected = lam * np.abs(difference).mean()
            _name_mistake(probe, value, expected, {
                "the cycle loss is a squared (L2) error; the paper's is L1":
                    lam * (difference ** 2).mean(),
                "the cycle loss is summed over the pixels instead of averaged":
                    lam * np.abs(difference).sum(),
                "the cycle loss is not weighted by cycle_weight": np.abs(difference).mean(),
                "the cycle loss has the weight 10 whatever cycle_weight is":
                    10.0 * np.abs(difference).mean(),
            }, "cycle_weight x the mean absolute difference of reconstructed and real images.")
            probe.expect_close(value, expected, "the loss", "cycle_weight x mean |reconstructed - "
                               "real| over every pixel of every image.", rtol=1e-4)
            checks.loss_value(probe, call, "cycle_loss", (reconstructed, real),  # the gradient,
                              ("reconstructed", "real"),  # once the value is right
                              reference=lambda a, b, w=lam: w * np_l1(a, b))


def _name_mistake(probe, value: float, expected: float, mistakes: dict, hint: str) -> None:
    for message, wrong in mistakes.items():
        if not np.isclose(wrong, expected, rtol=1e-4) and np.isclose(value, wrong, rtol=1e-4):
            probe.fail(f"{message} (loss {value:.4f}, expected {expected:.4f}).", hint)


IDENTITY_WEIGHTS = (None, (3.0, 0.25))  # (cycle_weight, identity_weight); None: 10 and 0.5


@register("cyclegan.identity_loss")
def check_identity_loss(loss_fn, probe):
    """``identity_loss(same, real, cycle_weight=10.0, identity_weight=0.5)``: the value
    against NumPy, a differentiable scalar with the right gradient, mistakes named."""
    rng = np.random.default_rng(4)
    same, real = (rng.uniform(-1, 1, (2, 3, 4, 4)).astype(np.float32) for _ in range(2))
    for weights in IDENTITY_WEIGHTS:
        lam, share = weights or (10.0, 0.5)
        call = loss_fn if weights is None else (
            lambda a, b, w=weights: loss_fn(a, b, cycle_weight=w[0], identity_weight=w[1]))
        with probe.setting("the default weights" if weights is None
                           else f"cycle_weight={lam}, identity_weight={share}"):
            value = checks.loss_value(probe, call, "identity_loss", (same, real), ("same", "real"))
            difference = np.asarray(same, np.float64) - real
            l1 = np.abs(difference).mean()
            _name_mistake(probe, value, lam * share * l1, {
                "the identity loss weighs cycle_weight alone: the paper halves it "
                "(identity_weight = 0.5)": lam * l1,
                "the identity loss weighs identity_weight alone: it is a share of cycle_weight":
                    share * l1,
                "the identity loss is a squared (L2) error; the official one is L1":
                    lam * share * (difference ** 2).mean(),
                "the identity loss is summed over the pixels instead of averaged":
                    lam * share * np.abs(difference).sum(),
            }, "identity_weight x cycle_weight x the mean absolute difference of G(y) and y.")
            probe.expect_close(value, lam * share * l1, "the loss",
                               "identity_weight x cycle_weight x mean |same - real|.", rtol=1e-4)
            checks.loss_value(probe, call, "identity_loss", (same, real), ("same", "real"),
                              reference=lambda a, b, w=lam * share: w * np_l1(a, b))  # gradient


POOL_HINT = ("while fewer than `size` images are stored, store each new image and return it; "
             "then, for each new image, with probability 1/2 return a random stored image and "
             "store the new one in its place, else return the new image; size 0 returns the "
             "images unchanged.")
POOL_QUERIES = 300


def _image_ids(probe, images, batch: int) -> list[int]:
    """The ids of constant images (value id / 1000 everywhere) in a pool's answer."""
    array = checks.as_array(probe, images, "query")
    probe.expect(array.ndim == 4 and len(array) == batch,
                 f"query returned shape {array.shape} for a batch of {batch} images.",
                 "return a batch of as many images as query was given, stacked like them.")
    flat = array.reshape(batch, -1)
    probe.expect(np.allclose(flat, flat[:, :1], atol=1e-6),
                 "query returned images that are not among those it was given.", POOL_HINT)
    return [int(round(v * 1000)) for v in flat[:, 0]]


@register("cyclegan.image_pool", answer="class")
def check_image_pool(pool_class, probe):
    """``ImagePool(size=50)`` with ``query(images)``: size 0 returns the batch; filling, the
    new images; then half of the time a stored one, which the new image replaces (followed
    query by query); a batch of the same size out, detached."""
    adapter = probe.adapter
    shape = adapter.image_shape(2, 2, 3)

    def batch_of(ids):
        return adapter.tensor(np.stack([np.full(shape, i / 1000, np.float32) for i in ids]))

    pool = probe.run("ImagePool(0)", pool_class, 0)
    random.seed(1)
    for query in range(8):  # several: a pool that forgets size 0 may fail on one draw in two
        ids = _image_ids(probe, probe.run(f"ImagePool(0).query(images), query {query + 1}",
                                          pool.query, batch_of([1, 2, 3])), 3)
        probe.expect(ids == [1, 2, 3], "ImagePool(0) does not return the images it is given.",
                     "with size 0 the pool is off: return the images.")
    random.seed(0)
    size, stored, new_share = 4, [], []
    pool = probe.run("ImagePool(4)", pool_class, 4)
    next_id = 1
    for query in range(POOL_QUERIES):
        batch = 1 if query % 3 else 2  # batches of one and of two images
        given = list(range(next_id, next_id + batch))
        next_id += batch
        returned = _image_ids(probe, probe.run(f"query {query + 1}", pool.query, batch_of(given)),
                              batch)
        for new, out in zip(given, returned, strict=True):
            if len(stored) < size:
                probe.expect(out == new, f"query {query + 1} returned an older image while the "
                             f"pool held {len(stored)} of {size}.",
                             "until the pool is full, store each new image and return it.")
                stored.append(new)
                continue
            if out == new:
                new_share.append(1.0)
                continue
            probe.expect(out in stored, f"query {query + 1} returned image {out}, which the pool "
                         "no longer holds: a returned image must be replaced by the new one.",
                         POOL_HINT)
            stored[stored.index(out)] = new
            new_share.append(0.0)
    share = float(np.mean(new_share))
    probe.expect(0.35 < share < 0.65,
                 f"once the pool is full, query returns the new image {share:.0%} of the time, "
                 "expected about half.", POOL_HINT)
    pool = probe.run("ImagePool(2)", pool_class, 2)
    _, (grad,) = probe.run("backpropagating through query", adapter.input_gradients,
                           pool.query, np.stack([np.full(shape, 0.5, np.float32)] * 3))
    probe.expect(grad is None or not np.any(grad),
                 "the images query returns are still attached to the graph that made them: the "
                 "discriminator's step would backpropagate into the generators.",
                 "store and return detached images: .detach() in PyTorch, .array in Chainer, "
                 "ops.stop_gradient in Keras.")


STEP_HWC = (2, 2, 3)
STEP_LR, STEP_BATCH = 0.2, 6
STEP_WEIGHTS = (None, (3.0, 0.0))  # (cycle_weight, identity_weight); None: 10 and 0.5
G_STEP_HINT = ("the loss is lsgan_loss(D_B(G_AB(real_a)), True) + lsgan_loss(D_A(G_BA(real_b)), "
               "True) + cycle_loss(G_BA(fake_b), real_a) + cycle_loss(G_AB(fake_a), real_b) + "
               "identity_loss(G_AB(real_b), real_b) + identity_loss(G_BA(real_a), real_a) (none "
               "when identity_weight is 0), every network in training mode; then one step of "
               "each generator's optimizer.")


def _step_networks(adapter):
    """Tiny image -> image generators and image -> score discriminators, with batch norm."""
    image = adapter.image_shape(*STEP_HWC)
    generators = [adapter.small_net([image], image, batch_norm=True, seed=s) for s in (1, 2)]
    discriminators = [adapter.small_net([image], (1,), batch_norm=True, seed=s) for s in (3, 4)]
    return generators, discriminators


def _lsgan(adapter, scores, target: float):
    return adapter.mean_squared_error(scores, adapter.tensor(np.full(tuple(scores.shape), target)))


def _generator_terms(adapter, G_AB, G_BA, D_A, D_B, real_a, real_b, cycle_weight, identity_weight):
    """(adversarial, cycle, identity) terms of the generators' loss as framework scalars."""
    def run(network, x):
        return adapter.forward(network, x, training=True)

    fake_b, fake_a = run(G_AB, real_a), run(G_BA, real_b)
    adversarial = _lsgan(adapter, run(D_B, fake_b), 1.0) + _lsgan(adapter, run(D_A, fake_a), 1.0)
    cycle = cycle_weight * (adapter.mean_absolute_error(run(G_BA, fake_b), real_a)
                            + adapter.mean_absolute_error(run(G_AB, fake_a), real_b))
    identity = cycle_weight * identity_weight * (
        adapter.mean_absolute_error(run(G_AB, real_b), real_b)
        + adapter.mean_absolute_error(run(G_BA, real_a), real_a))
    return adversarial, cycle, identity


def _as_tuple(probe, value, name: str, count: int):
    probe.expect(isinstance(value, (tuple, list)) and len(value) == count,
                 f"{name} returned {checks._count(value)}, expected a tuple of {count} values.",
                 "return loss, fake_a, fake_b: the loss as a number, the fakes detached.")
    return value


@register("cyclegan.generator_step")
def check_generator_step(step, probe):
    """``cyclegan_generator_step(G_AB, G_BA, D_A, D_B, g_optimizers, real_a, real_b,
    cycle_weight=10.0, identity_weight=0.5)``: on two calls per weighting (tiny networks
    with batch norm, momentum SGD), the returned loss is the generators' loss before the
    update (mistakes named), the fakes are G_BA(real_b) and G_AB(real_a), both generators
    moved by exactly one step, the discriminators did not move."""
    for weights in checks.traced_once(probe, STEP_WEIGHTS):
        cycle_weight, identity_weight = weights or (10.0, 0.5)
        with probe.setting("the default weights" if weights is None else
                           f"cycle_weight={cycle_weight}, identity_weight={identity_weight}"):
            _check_generator_calls(probe, step, weights)


def _check_generator_calls(probe, step, weights) -> None:
    adapter = probe.adapter
    name = "cyclegan_generator_step"
    cycle_weight, identity_weight = weights or (10.0, 0.5)
    (G_AB, G_BA), (D_A, D_B) = _step_networks(adapter)
    optimizers = [adapter.momentum_sgd(n, STEP_LR, gan_checks.MOMENTUM)
                  for n in (G_AB, G_BA, D_A, D_B)]
    updates = [gan_checks.MomentumUpdate(STEP_LR) for _ in range(2)]
    networks = {"G_AB": G_AB, "G_BA": G_BA, "D_A": D_A, "D_B": D_B}
    counts = {key: adapter.trainable_count(n) for key, n in networks.items()}

    def terms(g_ab, g_ba, real_a, real_b):
        return _generator_terms(adapter, g_ab, g_ba, D_A, D_B, real_a, real_b, cycle_weight,
                                identity_weight)

    for call in (1, 2):
        rng = np.random.default_rng(call)
        arrays = [rng.uniform(-1, 1, (STEP_BATCH, *STEP_HWC)).astype(np.float32) for _ in range(2)]
        real_a, real_b = (adapter.tensor(adapter.to_layout(a), like=G_AB) for a in arrays)
        parts = [float(adapter.to_numpy(t)) for t in terms(G_AB, G_BA, real_a, real_b)]
        loss, grads_ab = adapter.gradients(G_AB, lambda g, a=real_a, b=real_b:
                                           sum(terms(g, G_BA, a, b)))
        _, grads_ba = adapter.gradients(G_BA, lambda g, a=real_a, b=real_b:
                                        sum(terms(G_AB, g, a, b)))
        fake_b = adapter.to_numpy(adapter.forward(G_AB, real_a, training=True))
        fake_a = adapter.to_numpy(adapter.forward(G_BA, real_b, training=True))
        before = {key: adapter.parameters(n) for key, n in networks.items()}
        for network in networks.values():  # as the discriminators' steps left them
            adapter.fill_gradients(network, gan_checks.STALE)
        returned = probe.run(f"{name}(G_AB, G_BA, D_A, D_B, g_optimizers, real_a, real_b)",
                             step, G_AB, G_BA, D_A, D_B, (optimizers[0], optimizers[1]),
                             real_a, real_b, *(() if weights is None else weights))
        gan_checks.check_still_trainable(probe, networks, counts, name)
        value, got_a, got_b = _as_tuple(probe, returned, name, 3)
        value = checks.as_number(probe, value, name, gan_checks.RETURN_HINT)
        _check_generator_loss(probe, value, loss, parts, call)
        got_a, got_b = (checks.as_array(probe, f, name) for f in (got_a, got_b))
        if np.allclose(got_a, fake_b, atol=1e-5) and np.allclose(got_b, fake_a, atol=1e-5):
            probe.fail("the fakes come back in the wrong order.",
                       "return loss, fake_a, fake_b with fake_a = G_BA(real_b) (a fake of "
                       "domain A) and fake_b = G_AB(real_a).")
        probe.expect(np.allclose(got_a, fake_a, atol=1e-5) and np.allclose(got_b, fake_b, atol=1e-5),
                     "the returned fakes are not G_BA(real_b) and G_AB(real_a) computed before "
                     "the update.", "return the fakes of the forward pass the loss was computed on.")
        for key in ("D_A", "D_B"):
            probe.expect(all(np.array_equal(a, b) for a, b in
                             zip(adapter.parameters(networks[key]), before[key], strict=True)),
                         f"the generators' step changed {key}'s parameters.",
                         "step only the generators' optimizers.")
        for update, key, grads in zip(updates, ("G_AB", "G_BA"), (grads_ab, grads_ba), strict=True):
            update.expect(probe, before[key], adapter.parameters(networks[key]), grads,
                          f"call {call} of {name}, {key}", G_STEP_HINT)


def _check_generator_loss(probe, value: float, loss: float, terms, call: int) -> None:
    adversarial, cycle, identity = terms
    mistakes = {
        "the identity terms are missing": adversarial + cycle,
        "the identity terms are not halved: they weigh cycle_weight instead of identity_weight x "
        "cycle_weight": adversarial + cycle + identity / 0.5 if identity else None,
        "the cycle terms are missing": adversarial + identity,
        "the adversarial terms are missing": cycle + identity,
    }
    for message, wrong in mistakes.items():
        if wrong is not None and not np.isclose(wrong, loss, rtol=1e-3) \
                and np.isclose(value, wrong, rtol=1e-3):
            probe.fail(f"{message} (loss {value:.4f}, expected {loss:.4f}).", G_STEP_HINT)
    probe.expect_close(value, loss, f"the loss returned by call {call}", G_STEP_HINT,
                       rtol=1e-3, atol=1e-5)


class _RecordingPool:
    """A stand-in pool: answers every query with images of its own, and counts queries."""

    def __init__(self, adapter, like, seed: int):
        self.adapter, self.like, self.seed, self.queries = adapter, like, seed, 0

    def answer(self, batch: int):
        rng = np.random.default_rng(100 + self.seed)
        images = rng.uniform(-1, 1, (batch, *STEP_HWC)).astype(np.float32)
        return self.adapter.tensor(self.adapter.to_layout(images), like=self.like)

    def query(self, images):
        self.queries += 1
        return self.answer(len(images))


D_STEP_HINT = ("pooled = pool.query(fake); loss = 0.5 * (lsgan_loss(D(real), True) + "
               "lsgan_loss(D(pooled), False)), D in training mode; one step of d_optimizer; "
               "return the loss before the update.")


@register("cyclegan.discriminator_step")
def check_discriminator_step(step, probe):
    """``cyclegan_discriminator_step(D, d_optimizer, real, fake, pool)``: on two calls (a tiny
    D with batch norm, momentum SGD, stale gradients), the fakes go through the pool once,
    the returned loss is half the LSGAN loss on real images and on the pool's answer,
    and D moved by exactly one step on it."""
    adapter = probe.adapter
    _, (D, _) = _step_networks(adapter)
    optimizer = adapter.momentum_sgd(D, STEP_LR, gan_checks.MOMENTUM)
    update = gan_checks.MomentumUpdate(STEP_LR)
    count = adapter.trainable_count(D)
    name = "cyclegan_discriminator_step"
    for call in (1, 2):
        rng = np.random.default_rng(call)
        real, fake = (adapter.tensor(adapter.to_layout(
            rng.uniform(-1, 1, (STEP_BATCH, *STEP_HWC)).astype(np.float32)), like=D)
            for _ in range(2))
        pool = _RecordingPool(adapter, D, call)
        pooled = pool.answer(STEP_BATCH)

        def loss_d(d, answer=pooled, real=real):
            return 0.5 * (_lsgan(adapter, adapter.forward(d, real, training=True), 1.0)
                          + _lsgan(adapter, adapter.forward(d, answer, training=True), 0.0))

        loss, grads = adapter.gradients(D, loss_d)
        unpooled, _ = adapter.gradients(D, lambda d, f=fake: loss_d(d, f))
        before = adapter.parameters(D)
        adapter.fill_gradients(D, gan_checks.STALE)
        returned = probe.run(f"{name}(D, d_optimizer, real, fake, pool)", step, D, optimizer,
                             real, fake, pool)
        gan_checks.check_still_trainable(probe, {"D": D}, {"D": count}, name)
        probe.expect(pool.queries == 1, f"the step asked the pool {pool.queries} times, "
                     "expected once.", "call pool.query(fake) once and let D judge its answer.")
        value = checks.as_number(probe, returned, name, gan_checks.RETURN_HINT)
        if np.isclose(value, unpooled, rtol=1e-3):
            probe.fail("D judged the new fakes, not the pool's answer.",
                       "judge pooled = pool.query(fake): the discriminator sees a history of "
                       "fakes, which keeps it from chasing the generator's latest output.")
        if np.isclose(value, 2 * loss, rtol=1e-3):
            probe.fail(f"the loss {value:.4f} is twice the expected {loss:.4f}: the two terms are "
                       "not halved.", "return 0.5 * (real term + fake term), as the official code.")
        probe.expect_close(value, loss, f"the loss returned by call {call}", D_STEP_HINT,
                           rtol=1e-3, atol=1e-5)
        update.expect(probe, before, adapter.parameters(D), grads, f"call {call} of {name}",
                      D_STEP_HINT)


FOLLOWS_INPUT_DB = 1.0  # PSNR to its own truth at least this much above that to others'
BEATS_INPUT_DB = 1.0  # and at least this much above the untouched input's
TARGET_RATE = 0.8  # share of translations the domain classifier puts in the target domain


@register("cyclegan.training", answer="history")
def check_training(history, probe, translations=None, truths=None, inputs=None, domain_rate=None):
    """Finite losses, neither D winning outright; after real training, the held-out
    ``translations`` must mostly be put in the target domain by the course's classifier
    (``domain_rate``) and, where the data has ``truths``, follow their ``inputs`` (a higher
    PSNR to their own true translation than to other images') and be clearly closer to the
    truth than the inputs are (PSNR: L1 would reward leaving the background untouched)."""
    gan_checks.check_history(history, probe, keys=("loss_G", "loss_D_A", "loss_D_B"))
    if not sample_checks.trained_enough(probe):
        return
    probe.expect(all(a is not None for a in (translations, inputs, domain_rate)),
                 "the grader needs held-out translations, their inputs and the domain rate to "
                 "judge the training (and their truths, where the data has them).",
                 "pass translations=..., inputs=..., truths=... and domain_rate=... to grade().")
    translations, inputs = np.asarray(translations, np.float64), np.asarray(inputs, np.float64)
    probe.expect(translations.shape == inputs.shape and len(inputs) > 1,
                 f"translations of shape {translations.shape} for inputs of shape "
                 f"{inputs.shape}.", "translate the held-out inputs you pass.")
    probe.expect(float(domain_rate) >= TARGET_RATE,
                 f"the domain classifier puts {float(domain_rate):.0%} of the translations in the "
                 f"target domain, expected at least {TARGET_RATE:.0%}.",
                 "train longer; check the adversarial terms and the discriminators' steps.")
    if truths is None:  # real unpaired data: no answer to compare with
        return
    truths = np.asarray(truths, np.float64)
    probe.expect(truths.shape == inputs.shape, f"truths of shape {truths.shape} for inputs of "
                 f"shape {inputs.shape}.", "pass the true translation of each input.")
    own = metrics.psnr(translations, truths, data_range=2.0)  # [-1, 1]: a range of 2
    others = metrics.psnr(translations, np.roll(truths, 1, axis=0), data_range=2.0)
    untouched = metrics.psnr(inputs, truths, data_range=2.0)
    print(f"held-out PSNR to the true translation {own:.2f} dB, to another image's {others:.2f} "
          f"dB; the input itself scores {untouched:.2f} dB")
    probe.expect(own > others + FOLLOWS_INPUT_DB,
                 f"the translations are about as close to other images' truths as to their own "
                 f"(PSNR {own:.2f} dB against {others:.2f} dB): they do not follow their input.",
                 "check the cycle loss, which ties each translation to its input, and train longer.")
    probe.expect(own > untouched + BEATS_INPUT_DB,
                 f"the translations are not clearly closer to the truth than their inputs (PSNR "
                 f"{own:.2f} dB against {untouched:.2f} dB).",
                 "train longer, and check the loss curves.")


def benchmark_step(reference, config, adapter):
    """One CycleGAN iteration (both generators, then both discriminators on pooled fakes)
    of the profile's networks on a random batch of unpaired images."""
    saved = saved_module(adapter)
    networks = {key: reference.place(
        reference.ResnetGenerator(config.channels, config.channels, config.ngf, config.n_blocks,
                                  config.norm) if key[0] == "G" else
        reference.PatchDiscriminator(config.channels, config.ndf, config.n_layers, config.norm))
        for key in ("G_AB", "G_BA", "D_A", "D_B")}
    optimizers = {key: adapter.adam(network, config.lr) for key, network in networks.items()}
    step = saved.make_cyclegan_step(networks, optimizers, config, config.cycle_weight,
                                    config.identity_weight, config.pool_size)
    rng = np.random.default_rng(0)
    height, width, channels = config.image_shape
    pairs = rng.uniform(-1, 1, (config.batch_size, height, width, 2 * channels)).astype(np.float32)
    batch = adapter.tensor(adapter.to_layout(pairs), like=networks["D_A"])
    return lambda: step(batch)
