"""Topic 11, InstaGAN: the official set networks, right for any batch size (PyTorch so far)."""

import numpy as np
import pytest
import torch

from course_utils.sources import load_reference

TOPIC = "11_instagan"

# sangwoomo/instagan's ResnetSetGenerator (netG 'set': 9 blocks) and NLayerSetDiscriminator
# (n_layers 3), instance norm, 3 channels, counted by running the official networks.py outside
# the project. The official discriminator's count printed at training, 9,754,434, also holds
# its spectral norms' u and v vectors, which are not trained.
OFFICIAL_COUNTS = {64: (26_815_108, 9_721_729), 32: (6_716_740, 2_436_033)}


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
