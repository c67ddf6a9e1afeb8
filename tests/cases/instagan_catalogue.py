"""More test cases for topic 11_instagan: realistic mistakes, one per row with its hole class
(``cases.HOLE_CLASSES``), and correct answers written another way (``VARIANTS``)."""

MUTANTS = {
    "pytorch": [
        ("instagan.context_loss", "context_loss", "the union by maximum, not clipped sum",
         "    weight = background_weight(masks, fake_masks)  # broadcast over the colour channels",
         "    weight = (1 - torch.cat([masks, fake_masks], 1).amax(1, keepdim=True)) / 2", 5),
    ],
    "keras": [],
    "chainer": [],
}

VARIANTS = {
    "pytorch": [
        ("instagan.set_features", "set_features", "a loop over the slots",
         "    encoded = encoder(masks[present].unsqueeze(1))  # (P, C, h, w): the present masks only\n"
         "    features = encoded.new_zeros(*present.shape, *encoded.shape[1:])\n"
         "    features[present] = encoded  # empty slots stay 0\n",
         "    features = torch.stack([encoder(masks[:, k:k + 1]) * present[:, k, None, None, None]\n"
         "                            for k in range(masks.shape[1])], 1)\n"),
        ("instagan.context_loss", "context_loss", "the weight written out",
         "    weight = background_weight(masks, fake_masks)  # broadcast over the colour channels",
         "    weight = 1 - ((torch.cat([masks, fake_masks], 1) + 1) / 2).sum(1, keepdim=True).clamp(0, 1)"),
        ("instagan.step", "make_instagan_step", "one backward per direction",
         "            sum(losses).backward()  # also fills D's .grad; its step clears them first",
         "            for loss in losses:\n                loss.backward()"),
    ],
    "keras": [
        ("instagan.set_features", "set_features", "a stack over the slots",
         "    features = ops.reshape(features, (batch, slots, *ops.shape(features)[1:]))",
         "    features = ops.stack([features[i * slots:(i + 1) * slots] for i in range(batch)])"),
        ("instagan.context_loss", "context_loss", "the weight written out",
         "    weight = background_weight(masks, fake_masks)  # broadcast over the colour channels",
         "    weight = 1 - ops.clip(ops.sum((ops.concatenate([masks, fake_masks], -1) + 1) / 2, "
         "axis=-1, keepdims=True), 0, 1)"),
        ("instagan.step", "make_instagan_step", "the runs read in NumPy",
         "            runs = {key: bool(ops.any(value > -1)) for key, value in groups.items()}",
         "            runs = {key: bool((ops.convert_to_numpy(value) > -1).any())\n"
         "                    for key, value in groups.items()}"),
    ],
    "chainer": [
        ("instagan.set_features", "set_features", "a loop over the slots",
         "    features = encoder(F.reshape(masks, (batch * slots, 1, height, width)))  # every slot\n"
         "    features = F.reshape(features, (batch, slots, *features.shape[1:]))\n",
         "    features = F.stack([encoder(masks[:, k:k + 1]) for k in range(slots)], axis=1)\n"),
        ("instagan.context_loss", "context_loss", "the mean taken as a sum over the size",
         "    return context_weight * cycle_weight * F.mean(weight * F.absolute(images - fake_images))",
         "    return context_weight * cycle_weight * F.sum(weight * F.absolute(images - fake_images)) "
         "/ weight.size"),
        ("instagan.step", "make_instagan_step", "one backward per direction",
         "            sum(losses).backward()  # also adds to D's gradients; its step clears them first",
         "            for loss in losses:\n                loss.backward()"),
    ],
}
