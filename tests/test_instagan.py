"""Topic 11, InstaGAN: the official set networks in all three frameworks, right for any
batch size."""

import numpy as np
import pytest
import torch
from reference_models import copy_from_torch

from course_utils import get_adapter, grade, instances, load_dataset
from course_utils.grading import GradingError
from course_utils.sources import load_reference
from course_utils.topics import instagan
from course_utils.topics.instagan import OFFICIAL_COUNTS

TOPIC = "11_instagan"


@pytest.fixture(scope="module")
def reference():
    return load_reference(TOPIC, "pytorch")


def _count(network):
    return sum(p.numel() for p in network.parameters() if p.requires_grad)


def _scene(batch=3, side=32, seed=0):
    """Images in [-1, 1] and four mask slots: two instances, then one, then none."""
    generator = torch.Generator().manual_seed(seed)
    images = torch.rand(batch, 3, side, side, generator=generator) * 2 - 1
    masks = -torch.ones(batch, 4, side, side)
    masks[0, 0, 2:10, 2:12] = 1
    masks[0, 1, 15:25, 5:15] = 1
    if batch > 1:
        masks[1, 0, 5:20, 5:20] = 1
    return images, masks


@pytest.mark.parametrize("framework", ["keras", "chainer"])
def test_every_framework_has_the_official_counts(framework):
    adapter = get_adapter(framework)
    twin = load_reference(TOPIC, framework)
    G, D = twin.SetGenerator(3, 3, 64, n_blocks=9), twin.SetDiscriminator(3, 64, n_layers=3)
    assert (adapter.count_parameters(G), adapter.count_parameters(D)) == OFFICIAL_COUNTS[64]


def _spectral_vectors(network, framework):
    """Each spectrally normalized layer's power-iteration vector u, in creation order."""
    if framework == "pytorch":
        return [m.parametrizations.weight[0].u for m in network.modules()
                if hasattr(m, "parametrizations")]
    parts = (network.image_features, network.mask_features, network.classifier)
    if framework == "keras":
        return [layer.u for part in parts for layer in part.layers if hasattr(layer, "u")]
    return [link for part in parts for link in part if hasattr(link, "W_u")]


def _copy_spectral_vectors(source, target, framework):
    for u, twin in zip(_spectral_vectors(source, "pytorch"), _spectral_vectors(target, framework),
                       strict=True):
        if framework == "keras":
            twin.assign(u.numpy())
        else:
            twin.W_u[...] = u.numpy()


@pytest.mark.parametrize("framework", ["keras", "chainer"])
def test_the_twins_compute_what_pytorch_computes(reference, framework):
    """Same weights and power-iteration vectors, same translated images and masks (an image
    with two instances, one with one, one with none) and the same patch logits, with the
    spectral estimates updated in training mode."""
    adapter = get_adapter(framework)
    twin = load_reference(TOPIC, framework)
    torch.manual_seed(0)
    torch_G, torch_D = reference.SetGenerator(ngf=8, n_blocks=1), reference.SetDiscriminator(ndf=8)
    G, D = twin.SetGenerator(ngf=8, n_blocks=1), twin.SetDiscriminator(ndf=8)
    copy_from_torch(torch_G, G, framework)
    copy_from_torch(torch_D, D, framework)
    _copy_spectral_vectors(torch_D, D, framework)
    images, masks = _scene()
    with torch.no_grad():
        expected = (*torch_G(images, masks), torch_D(images, masks))
    x, m = (adapter.tensor(adapter.to_layout(a.numpy().transpose(0, 2, 3, 1))) for a in (images, masks))
    if framework == "keras":
        outputs = (*G(x, m, training=True), D(x, m, training=True))
    else:
        outputs = (*G(x, m), D(x, m))
    for output, want in zip(outputs, expected, strict=True):
        got = adapter.from_layout(adapter.to_numpy(output)).transpose(0, 3, 1, 2)
        np.testing.assert_allclose(got, want.numpy(), atol=2e-5)
    for u, twin_u in zip(_spectral_vectors(torch_D, "pytorch"), _spectral_vectors(D, framework),
                         strict=True):
        twin_u = twin_u.numpy() if framework == "keras" else twin_u.W_u
        np.testing.assert_allclose(np.asarray(twin_u), u.numpy(), atol=1e-5)


@pytest.mark.parametrize("ngf", [64, 32])
def test_full_size_networks_have_the_official_counts_and_shapes(reference, ngf):
    G = reference.SetGenerator(3, 3, ngf, n_blocks=9)
    D = reference.SetDiscriminator(3, ngf, n_layers=3)
    assert (_count(G), _count(D)) == OFFICIAL_COUNTS[ngf]
    if ngf == 32:
        images, masks = _scene(batch=1, side=200)  # the official sheep <-> giraffe crop
        with torch.no_grad():
            out_images, out_masks = G(images, masks)
            assert out_images.shape == images.shape and out_masks.shape == masks.shape
            assert D(images, masks).shape == (1, 1, 23, 23)
            assert D(*_scene(batch=1, side=256)).shape == (1, 1, 30, 30)  # the 70x70 patches


def test_an_image_is_translated_alone_as_inside_a_batch(reference):
    torch.manual_seed(0)
    G, D = reference.SetGenerator(ngf=8, n_blocks=1), reference.SetDiscriminator(ndf=8)
    G.eval()
    D.eval()
    images, masks = _scene()
    with torch.no_grad():
        together, judged = G(images, masks), D(images, masks)
        for i in range(len(images)):
            alone = G(images[i:i + 1], masks[i:i + 1])
            for batch_output, single_output in zip(together, alone, strict=True):
                torch.testing.assert_close(batch_output[i:i + 1], single_output,
                                           atol=1e-5, rtol=1e-5)
            torch.testing.assert_close(judged[i:i + 1], D(images[i:i + 1], masks[i:i + 1]),
                                       atol=1e-5, rtol=1e-5)


def test_permuting_the_masks_permutes_the_translated_masks(reference):
    torch.manual_seed(0)
    G, D = reference.SetGenerator(ngf=8, n_blocks=1), reference.SetDiscriminator(ndf=8)
    G.eval()
    D.eval()
    images, masks = _scene()
    order = torch.tensor([2, 0, 3, 1])
    with torch.no_grad():
        out_images, out_masks = G(images, masks)
        permuted_images, permuted_masks = G(images, masks[:, order])
        torch.testing.assert_close(permuted_images, out_images, atol=1e-5, rtol=1e-5)
        torch.testing.assert_close(permuted_masks, out_masks[:, order], atol=1e-5, rtol=1e-5)
        torch.testing.assert_close(D(images, masks[:, order]), D(images, masks),
                                   atol=1e-5, rtol=1e-5)


def test_empty_slots_and_images_without_instances_pass_through(reference):
    torch.manual_seed(0)
    G = reference.SetGenerator(ngf=8, n_blocks=1)
    images, masks = _scene()
    out_images, out_masks = G(images, masks)
    assert (out_masks[0, 2:] == -1).all() and (out_masks[1, 1:] == -1).all()
    assert (out_masks[2] == -1).all()  # no instance: nothing to translate, nothing invented
    assert (out_masks[0, :2] != masks[0, :2]).any()  # the instances are translated
    assert torch.isfinite(out_images).all()
    with torch.no_grad():  # two slots instead of four: the same set, the same translation
        fewer_images, fewer_masks = G(images, masks[:, :2])
    torch.testing.assert_close(fewer_images, out_images.detach(), atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(fewer_masks, out_masks[:, :2].detach(), atol=1e-5, rtol=1e-5)
    present = reference.present_instances(masks)
    np.testing.assert_array_equal(present.numpy(), [[1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]])
    (out_images.sum() + out_masks.sum()).backward()
    assert all(p.grad is not None for p in G.parameters())


def test_spectral_norm_divides_by_the_largest_singular_value(reference):
    torch.manual_seed(0)
    layer = reference.spectral_norm(torch.nn.Conv2d(4, 6, 3))
    weight = layer.parametrizations.weight.original
    matrix, u = weight.detach().flatten(1), layer.parametrizations.weight[0].u.clone()
    v = torch.nn.functional.normalize(matrix.t() @ u, dim=0)  # the official order: v, then u
    u = torch.nn.functional.normalize(matrix @ v, dim=0)
    torch.testing.assert_close(layer.weight, weight / (u @ matrix @ v))
    torch.testing.assert_close(layer.parametrizations.weight[0].u, u)
    largest = torch.linalg.matrix_norm(weight.detach().flatten(1), ord=2)
    for _ in range(30):  # one power iteration per training forward
        normalized = layer.weight
    assert torch.linalg.matrix_norm(normalized.detach().flatten(1), ord=2) == pytest.approx(
        1.0, abs=1e-3)
    torch.testing.assert_close(normalized, weight / largest, atol=1e-4, rtol=1e-3)
    layer.eval()  # the estimate is kept in training only
    u = layer.parametrizations.weight[0].u.clone()
    layer.weight.sum().backward()
    torch.testing.assert_close(layer.parametrizations.weight[0].u, u)
    # the gradient flows through sigma(W): the direction of the top singular vectors is
    # projected out, so scaling W changes nothing
    assert abs(float((weight.grad * weight.detach()).sum())) < 1e-4 * float(weight.grad.abs().sum())


def _to(framework, array):
    """An NCHW NumPy array as the framework's tensor, in its layout."""
    adapter = get_adapter(framework)
    return adapter.tensor(adapter.to_layout(np.asarray(array).transpose(0, 2, 3, 1)))


def _from(framework, value):
    adapter = get_adapter(framework)
    return adapter.from_layout(adapter.to_numpy(value)).transpose(0, 3, 1, 2)


def test_the_context_loss_counts_the_background_only(reference):
    images, masks = _scene()
    fake_masks = masks.clone()
    fake_masks[0, 0, 0:12, 2:12] = 1  # the first instance grows upwards
    inside = (reference.merge_masks(torch.cat([masks, fake_masks], 1)) > 0).expand_as(images)
    changed = images.clone()
    changed[inside] = 0.0  # repainting the instances and where they grow costs nothing
    assert float(reference.context_loss(images, changed, masks, fake_masks)) == 0.0
    shifted = images + 0.5  # repainting everything costs the background's share
    share = float((~inside).float().mean())
    assert float(reference.context_loss(images, shifted, masks, fake_masks)) == pytest.approx(
        10.0 * 0.5 * share, rel=1e-5)
    weight = reference.background_weight(masks, fake_masks)
    assert weight.shape == (3, 1, 32, 32) and set(weight.unique().tolist()) == {0.0, 1.0}


@pytest.mark.parametrize("framework", ["keras", "chainer"])
def test_one_direction_s_losses_match_pytorch(reference, framework):
    """The same weights, image, masks, earlier translated masks and empty slots: the same
    adversarial + cycle + identity + context loss and the same translation."""
    twin = load_reference(TOPIC, framework)
    torch.manual_seed(1)
    nets = {name: (getattr(reference, cls)(**kw), getattr(twin, cls)(**kw))
            for name, cls, kw in (("G", "SetGenerator", dict(ngf=8, n_blocks=1)),
                                  ("inverse", "SetGenerator", dict(ngf=8, n_blocks=1)),
                                  ("D", "SetDiscriminator", dict(ndf=8)))}
    for source, target in nets.values():
        copy_from_torch(source, target, framework)
    _copy_spectral_vectors(nets["D"][0], nets["D"][1], framework)
    images, masks = _scene(batch=2)
    earlier = torch.where(torch.rand(2, 1, 32, 32) > 0.7, 1.0, -1.0)
    want = reference.direction_losses(*(n[0] for n in nets.values()), images, masks[:, :2],
                                      [earlier], 1)
    if framework == "chainer":
        import chainer
        with chainer.using_config("train", True):
            got = twin.direction_losses(*(n[1] for n in nets.values()), _to(framework, images),
                                        _to(framework, masks[:, :2]),
                                        [_to(framework, earlier)], 1)
    else:
        got = twin.direction_losses(*(n[1] for n in nets.values()), _to(framework, images),
                                    _to(framework, masks[:, :2]), [_to(framework, earlier)], 1)
    assert float(np.asarray(get_adapter(framework).to_numpy(got[0]))) == pytest.approx(
        want[0].item(), rel=1e-4)
    for value, expected in zip(got[1:], want[1:], strict=True):
        assert expected.shape[1] == (3 if expected is want[1] else 4)
        np.testing.assert_allclose(_from(framework, value), expected.detach().numpy(), atol=2e-5)


def _networks(framework, seed=0):
    adapter = get_adapter(framework)
    adapter.seed(seed)
    twin = load_reference(TOPIC, framework)
    networks = {"G_AB": twin.SetGenerator(ngf=8, n_blocks=1),
                "G_BA": twin.SetGenerator(ngf=8, n_blocks=1),
                "D_A": twin.SetDiscriminator(ndf=8), "D_B": twin.SetDiscriminator(ndf=8)}
    return twin, networks, {key: adapter.adam(net, 2e-4, (0.5, 0.999))
                            for key, net in networks.items()}


@pytest.mark.parametrize("framework", ["pytorch", "keras", "chainer"])
def test_one_sequential_step_trains_all_four_networks(framework):
    """Two passes of two slots; domain B's second pass has no instance and sits it out."""
    adapter = get_adapter(framework)
    twin, networks, optimizers = _networks(framework)
    images, masks = _scene(batch=2)
    masks_a = masks.clone()
    masks_a[0, 2, 25:30, 25:30] = 1  # A: a third instance, for the second pass
    a = torch.cat([images, masks_a], 1)
    b = torch.cat([-images, masks[[1, 0]]], 1)  # B: one or two instances, the first pass only
    batch = _to(framework, torch.cat([a, b], 1).numpy())
    config = __import__("types").SimpleNamespace(channels=3, slots=4, ins_per=2, load_size=36)
    before = {key: [p.copy() for p in adapter.parameters(net)] for key, net in networks.items()}
    with adapter.eagerly(False):  # Keras: compiled here; the smoke notebook steps eagerly
        losses = twin.make_instagan_step(networks, optimizers, config)(batch)
    assert set(losses) == {"loss_G", "loss_D_A", "loss_D_B"}
    assert all(np.isfinite(value) for value in losses.values())
    for key, net in networks.items():
        moved = [not np.allclose(p, q) for p, q in zip(adapter.parameters(net), before[key],
                                                        strict=True)]
        assert np.mean(moved) > 0.9, f"{key} barely trained"


@pytest.mark.parametrize("framework", ["pytorch", "keras", "chainer"])
def test_jitter_gives_image_and_masks_the_same_crop_and_flip(framework):
    """The official loader seeds Python's random for the image and again for each mask,
    but today's torchvision draws its crops and flips from torch's generator: they differ.
    Stacked along the channels, one draw moves them together."""
    get_adapter(framework).seed(3)
    twin = load_reference(TOPIC, framework)
    images, _ = _scene(batch=4)
    stacked = torch.cat([images, images[:, :1]], 1)  # a "mask" that copies the red channel
    jittered = _from(framework, twin.jitter(_to(framework, stacked.numpy()), 40))
    np.testing.assert_array_equal(jittered[:, 3], jittered[:, 0])
    assert not np.allclose(jittered[:, :3], images.numpy(), atol=1e-3)  # it did move


@pytest.mark.parametrize("framework", ["pytorch", "keras", "chainer"])
def test_sequential_translation_matches_pytorch_and_keeps_images_without_instances(
        reference, framework):
    """Two passes of two slots: the second translates the first's image; an image without an
    instance in a pass's slots keeps its image (the official test skips the pass); every
    framework gives PyTorch's answer."""
    twin = load_reference(TOPIC, framework)
    torch.manual_seed(2)
    torch_G = G = reference.SetGenerator(ngf=8, n_blocks=1)
    if framework != "pytorch":
        G = twin.SetGenerator(ngf=8, n_blocks=1)
        copy_from_torch(torch_G, G, framework)
    images, masks = _scene()
    masks[0, 2, 25:30, 25:30] = 1  # image 0: a third instance, for the second pass
    want_images, want_masks = reference.translate_instances(torch_G, images, masks, ins_per=2)
    with torch.no_grad():
        first_images, first_masks = torch_G(images, masks[:, :2])
        second_images, _ = torch_G(first_images, masks[:, 2:])
    torch.testing.assert_close(want_images[0], second_images[0])  # two passes
    torch.testing.assert_close(want_images[1], first_images[1])  # one: nothing in slots 2, 3
    torch.testing.assert_close(want_images[2], images[2])  # no instance at all: untouched
    torch.testing.assert_close(want_masks[:, :2], first_masks)
    assert (want_masks[1:, 2:] == -1).all()
    got_images, got_masks = twin.translate_instances(G, _to(framework, images),
                                                     _to(framework, masks), ins_per=2)
    np.testing.assert_allclose(_from(framework, got_images), want_images.numpy(), atol=2e-5)
    np.testing.assert_allclose(_from(framework, got_masks), want_masks.numpy(), atol=2e-5)


@pytest.mark.parametrize("ngf", [64, 32])
def test_the_count_functions_give_the_official_counts(ngf):
    assert (instagan.generator_parameter_count(3, ngf, 9),
            instagan.discriminator_parameter_count(3, ngf, 3)) == OFFICIAL_COUNTS[ngf]


def test_the_count_functions_follow_every_setting(reference):
    for ngf, n_blocks, n_layers, norm in ((4, 1, 2, "instance"), (3, 2, 4, "batch"), (5, 0, 1, "none")):
        G = reference.SetGenerator(2, 2, ngf, n_blocks, norm)
        D = reference.SetDiscriminator(2, ngf, n_layers, norm)
        assert _count(G) == instagan.generator_parameter_count(2, ngf, n_blocks, norm)
        assert _count(D) == instagan.discriminator_parameter_count(2, ngf, n_layers, norm)


def test_stack_instances_puts_the_largest_masks_first_as_signed_channels():
    images = np.zeros((2, 8, 8, 3), np.float32)
    masks = np.zeros((2, 3, 8, 8), bool)
    masks[0, 0, :2, :2] = True  # small, then large
    masks[0, 2, :6, :6] = True
    masks[1, 1, :3, :3] = True
    stacked = instagan.stack_instances(images, masks, slots=2)
    assert stacked.shape == (2, 8, 8, 5)
    np.testing.assert_array_equal(stacked[0, ..., 3] > 0, masks[0, 2])
    np.testing.assert_array_equal(stacked[0, ..., 4] > 0, masks[0, 0])
    np.testing.assert_array_equal(stacked[1, ..., 3] > 0, masks[1, 1])
    assert (stacked[1, ..., 4] == -1).all()  # an empty slot: -1 everywhere


def test_lone_animals_are_one_per_meadow_with_their_true_translation():
    lone = load_dataset("lone_animals_drawn", "test", limit=20)
    assert (lone.masks.any(axis=(2, 3)).sum(1) == 1).all()
    assert (lone.counterpart_masks.any(axis=(2, 3)).sum(1) == 1).all()
    grown = instances.union(lone.counterpart_masks) & ~instances.union(lone.masks)
    assert grown[lone.labels == 0].sum() > 0.01 * grown[lone.labels == 0].size  # longer necks


def test_training_grader_judges_the_masks_and_the_background(monkeypatch, tmp_path):
    """The true translation passes; the input itself (no shape change) and a repainted
    background fail, each with its own message; without truths only the background counts."""
    monkeypatch.setenv("COURSE_DATA", str(tmp_path))
    test = load_dataset("herds_drawn", "test", limit=30, image_size=32)
    is_a = test.labels == 0
    sources = test.images[is_a] * 2 - 1
    truth_images = test.counterparts[is_a] * 2 - 1
    inputs, truths = test.masks[is_a], test.counterpart_masks[is_a]
    history = {"loss_G": [3.0, 2.5], "loss_D_A": [0.25, 0.24], "loss_D_B": [0.25, 0.24]}

    def judge(predicted, translated, truths=truths):
        return grade("instagan.training", history, framework="pytorch", profile="quick",
                     quiet=True, predicted=predicted, inputs=inputs, truths=truths,
                     translated=translated, sources=sources)

    assert judge(truths, truth_images)
    with pytest.raises(GradingError, match="the shape did not change"):
        judge(inputs, truth_images)
    with pytest.raises(GradingError, match="change the background"):
        judge(truths, np.clip(truth_images + 0.5, -1, 1))
    assert judge(inputs, sources, truths=None)  # photographs: no true shape to compare with
