"""Test cases for topic 11_instagan: typical wrong answers and parity models."""

_SUM_TORCH = "    return features, features.sum(1)"
_SUM_KERAS = "    return features, ops.sum(features, axis=1)"
_SUM_CHAINER = "    return features, F.sum(features, axis=1)"
_CONTEXT_TORCH = ("    return context_weight * cycle_weight * (weight * (images - fake_images).abs())"
                  ".mean()")
_CONTEXT_KERAS = ("    return context_weight * cycle_weight * ops.mean(weight * ops.abs(images - "
                  "fake_images))")
_CONTEXT_CHAINER = ("    return context_weight * cycle_weight * F.mean(weight * F.absolute(images - "
                    "fake_images))")
_WEIGHT = "    weight = background_weight(masks, fake_masks)  # broadcast over the colour channels"
_WEIGHT_CHAINER = "    weight = F.broadcast_to(background_weight(masks, fake_masks), images.shape)"

MUTANTS = {
    "pytorch": [
        ("instagan.set_features", "set_features", "the set averaged", _SUM_TORCH,
         "    return features, features.mean(1)"),
        ("instagan.set_features", "set_features", "summed over the whole batch (the official code)",
         _SUM_TORCH, "    return features, features.sum((0, 1)).expand(len(features), "
         "*features.shape[2:])"),
        ("instagan.set_features", "set_features", "empty slots encoded too",
         "    encoded = encoder(masks[present].unsqueeze(1))  # (P, C, h, w): the present masks only\n"
         "    features = encoded.new_zeros(*present.shape, *encoded.shape[1:])\n"
         "    features[present] = encoded  # empty slots stay 0\n",
         "    features = encoder(masks.flatten(0, 1).unsqueeze(1)).unflatten(0, present.shape)\n"),
        ("instagan.set_features", "set_features", "the maximum over the set", _SUM_TORCH,
         "    return features, features.amax(1)"),
        ("instagan.set_features", "set_features", "features detached",
         "    encoded = encoder(masks[present].unsqueeze(1))  # (P, C, h, w): the present masks only",
         "    encoded = encoder(masks[present].unsqueeze(1)).detach()"),
        ("instagan.set_features", "set_features", "the set concatenated, not summed", _SUM_TORCH,
         "    return features, features.flatten(1, 2)"),
        ("instagan.context_loss", "context_loss", "the weight inverted", _WEIGHT,
         "    weight = 1 - background_weight(masks, fake_masks)"),
        ("instagan.context_loss", "context_loss", "the translated masks left out", _WEIGHT,
         "    weight = (1 - merge_masks(masks)) / 2"),
        ("instagan.context_loss", "context_loss", "averaged over the background only",
         _CONTEXT_TORCH, "    return context_weight * cycle_weight * (weight * (images - "
         "fake_images).abs()).sum() / (weight.sum() * images.shape[1])"),
        ("instagan.context_loss", "context_loss", "L2", _CONTEXT_TORCH,
         "    return context_weight * cycle_weight * (weight * (images - fake_images) ** 2).mean()"),
        ("instagan.context_loss", "context_loss", "cycle_weight ignored", _CONTEXT_TORCH,
         "    return context_weight * (weight * (images - fake_images).abs()).mean()"),
        ("instagan.context_loss", "context_loss", "the translated masks detached", _WEIGHT,
         "    weight = background_weight(masks, fake_masks.detach())"),
        ("instagan.step", "make_instagan_step", "every pass runs both directions",
         "            run_a, run_b = bool((group_a > -1).any()), bool((group_b > -1).any())",
         "            run_a, run_b = True, True"),
        ("instagan.step", "make_instagan_step", "each pass translates the real image",
         "            if run_a:\n                image_a = fakes[\"B\"][0].detach()\n", ""),
        ("instagan.step", "make_instagan_step", "the earlier masks handed on untranslated",
         "            earlier_b.append(fakes[\"B\"][1][:, start:start + n].detach() if run_a else group_a)",
         "            earlier_b.append(group_a)"),
        ("instagan.step", "make_instagan_step", "the generators' gradients never cleared",
         "            for key in (\"G_AB\", \"G_BA\"):\n                optimizers[key].zero_grad()\n",
         ""),
        ("instagan.step", "make_instagan_step", "the discriminators' gradients not cleared",
         "            for key in losses_d:\n                optimizers[key].zero_grad()\n", ""),
        ("instagan.step", "make_instagan_step", "D judges the real scenes of the wrong domain",
         "                    D_B, real_b, masks_b, torch.cat(fakes[\"B\"], 1), pool_b)",
         "                    D_B, real_a, masks_a, torch.cat(fakes[\"B\"], 1), pool_b)"),
    ],
    "keras": [
        ("instagan.set_features", "set_features", "the set averaged", _SUM_KERAS,
         "    return features, ops.mean(features, axis=1)"),
        ("instagan.set_features", "set_features", "summed over the whole batch (the official code)",
         _SUM_KERAS, "    return features, ops.sum(features, axis=(0, 1))[None] + 0 * features[:, 0]"),
        ("instagan.set_features", "set_features", "empty slots not zeroed",
         "    features = features * present[:, :, None, None, None]  # empty slots: 0\n", ""),
        ("instagan.set_features", "set_features", "the maximum over the set", _SUM_KERAS,
         "    return features, ops.max(features, axis=1)"),
        ("instagan.set_features", "set_features", "features through stop_gradient",
         "    features = encoder(instances, training=training)  # (B K, h, w, C): every slot",
         "    features = ops.stop_gradient(encoder(instances, training=training))"),
        ("instagan.set_features", "set_features", "the slots reshaped without the transpose",
         "    instances = ops.reshape(ops.transpose(masks, (0, 3, 1, 2)), (-1, height, width, 1))",
         "    instances = ops.reshape(masks, (-1, height, width, 1))"),
        ("instagan.context_loss", "context_loss", "the weight inverted", _WEIGHT,
         "    weight = 1 - background_weight(masks, fake_masks)"),
        ("instagan.context_loss", "context_loss", "the translated masks left out", _WEIGHT,
         "    weight = (1 - merge_masks(masks)) / 2"),
        ("instagan.context_loss", "context_loss", "averaged over the background only",
         _CONTEXT_KERAS, "    return context_weight * cycle_weight * ops.sum(weight * ops.abs("
         "images - fake_images)) / (ops.sum(weight) * images.shape[-1])"),
        ("instagan.context_loss", "context_loss", "L2", _CONTEXT_KERAS,
         "    return context_weight * cycle_weight * ops.mean(weight * (images - fake_images) ** 2)"),
        ("instagan.context_loss", "context_loss", "context_weight ignored", _CONTEXT_KERAS,
         "    return cycle_weight * ops.mean(weight * ops.abs(images - fake_images))"),
        ("instagan.step", "make_instagan_step", "every pass runs both directions",
         "            runs = {key: bool(ops.any(value > -1)) for key, value in groups.items()}",
         "            runs = {key: True for key in groups}"),
        ("instagan.step", "make_instagan_step", "each pass translates the real image",
         "                images[source] = fake_images  # the next pass translates the translation\n",
         ""),
        ("instagan.step", "make_instagan_step", "the earlier masks handed on untranslated",
         "                earlier[target].append(fake_masks[..., start:start + n])",
         "                earlier[target].append(groups[source])"),
        ("instagan.step", "make_instagan_step", "D does not see the earlier passes' masks",
         "            to_b = (images[\"A\"], groups[\"A\"], tuple(earlier[\"B\"])) if runs[\"A\"] else None",
         "            to_b = (images[\"A\"], groups[\"A\"], ()) if runs[\"A\"] else None"),
        ("instagan.step", "make_instagan_step", "D's real scenes with this pass's masks only",
         "                    masks[target], pools[target].query(",
         "                    groups[target], pools[target].query("),
    ],
    "chainer": [
        ("instagan.set_features", "set_features", "the set averaged", _SUM_CHAINER,
         "    return features, F.mean(features, axis=1)"),
        ("instagan.set_features", "set_features", "summed over the whole batch (the official code)",
         _SUM_CHAINER, "    return features, F.broadcast_to(F.sum(features, axis=(0, 1)), "
         "(batch, *features.shape[2:]))"),
        ("instagan.set_features", "set_features", "empty slots not zeroed",
         "    features = features * present[:, :, None, None, None].astype(features.dtype)  # empty: 0\n",
         ""),
        ("instagan.set_features", "set_features", "the maximum over the set", _SUM_CHAINER,
         "    return features, F.max(features, axis=1)"),
        ("instagan.set_features", "set_features", "the sum's array taken: no graph", _SUM_CHAINER,
         "    return features, chainer.Variable(F.sum(features, axis=1).array)"),
        ("instagan.context_loss", "context_loss", "the weight inverted", _WEIGHT_CHAINER,
         "    weight = F.broadcast_to(1 - background_weight(masks, fake_masks), images.shape)"),
        ("instagan.context_loss", "context_loss", "the translated masks left out", _WEIGHT_CHAINER,
         "    weight = F.broadcast_to((1 - merge_masks(masks)) / 2, images.shape)"),
        ("instagan.context_loss", "context_loss", "L2", _CONTEXT_CHAINER,
         "    return context_weight * cycle_weight * F.mean(weight * (images - fake_images) ** 2)"),
        ("instagan.context_loss", "context_loss", "cycle_weight ignored", _CONTEXT_CHAINER,
         "    return context_weight * F.mean(weight * F.absolute(images - fake_images))"),
        ("instagan.context_loss", "context_loss", "a Python float", _CONTEXT_CHAINER,
         "    return float((context_weight * cycle_weight * F.mean(weight * F.absolute(images - "
         "fake_images))).array)"),
        ("instagan.step", "make_instagan_step", "every pass runs both directions",
         "            run_a, run_b = bool((group_a > -1).any()), bool((group_b > -1).any())",
         "            run_a, run_b = True, True"),
        ("instagan.step", "make_instagan_step", "each pass translates the real image",
         "            if run_a:\n                image_a = fakes[\"B\"][0].array\n", ""),
        ("instagan.step", "make_instagan_step", "the earlier masks handed on untranslated",
         "            earlier_b.append(fakes[\"B\"][1].array[:, start:start + n] if run_a else group_a)",
         "            earlier_b.append(group_a)"),
        ("instagan.step", "make_instagan_step", "the generators' gradients never cleared",
         "            G_AB.cleargrads()\n            G_BA.cleargrads()\n", ""),
        ("instagan.step", "make_instagan_step", "the discriminators' gradients not cleared",
         "            for key in losses_d:\n                networks[key].cleargrads()\n", ""),
        ("instagan.step", "make_instagan_step", "only G_AB updated",
         "            optimizers[\"G_BA\"].update()\n", ""),
    ],
}


def _scene(side, channels, slots):
    """Images and a set of masks, every slot holding an instance (zeros are above -1)."""
    return [(side, side, channels), (side, side, slots)]


PARITY = [
    ("SetGenerator", lambda a: (3, 3, 4, 1), _scene(16, 3, 2)),
    ("SetGenerator", lambda a: (2, 3, 2, 2, "batch"), _scene(8, 2, 3)),
    ("SetDiscriminator", lambda a: (3, 4, 3), _scene(32, 3, 2)),
    ("SetDiscriminator", lambda a: (2, 2, 2, "batch"), _scene(16, 2, 1)),
]
