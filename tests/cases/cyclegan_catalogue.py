"""More test cases for topic 09_cyclegan: realistic mistakes, one per row with its hole class
(``cases.HOLE_CLASSES``), and correct answers written another way (``VARIANTS``)."""

MUTANTS = {
    "pytorch": [],
    "keras": [],
    "chainer": [
        ("cyclegan.resnet_block", "ResnetBlock", "F.pad(mode=\"constant\"): zeros at the border",
         "        layers = [ReflectionPad2d(1), L.Convolution2D(channels, channels, 3, nobias=nobias),\n"
         "                  norm_layer(norm, channels), F.relu,\n"
         "                  ReflectionPad2d(1), L.Convolution2D(channels, channels, 3, nobias=nobias),",
         "        def pad(x):\n"
         "            return F.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)), mode=\"constant\")\n\n"
         "        layers = [pad, L.Convolution2D(channels, channels, 3, nobias=nobias),\n"
         "                  norm_layer(norm, channels), F.relu,\n"
         "                  pad, L.Convolution2D(channels, channels, 3, nobias=nobias),", 5),
        ("cyclegan.resnet_block", "ResnetBlock", "F.pad(mode=\"edge\"): the border repeated",
         "        layers = [ReflectionPad2d(1), L.Convolution2D(channels, channels, 3, nobias=nobias),\n"
         "                  norm_layer(norm, channels), F.relu,\n"
         "                  ReflectionPad2d(1), L.Convolution2D(channels, channels, 3, nobias=nobias),",
         "        def pad(x):\n"
         "            return F.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)), mode=\"edge\")\n\n"
         "        layers = [pad, L.Convolution2D(channels, channels, 3, nobias=nobias),\n"
         "                  norm_layer(norm, channels), F.relu,\n"
         "                  pad, L.Convolution2D(channels, channels, 3, nobias=nobias),", 5),
        ("cyclegan.resnet_block", "ResnetBlock", "norm ignored: always batch norm",
         "                  norm_layer(norm, channels), F.relu,",
         "                  L.BatchNormalization(channels), F.relu,", 2),
        ("cyclegan.cycle_loss", "cycle_loss", "the weight 10 whatever cycle_weight is",
         "return cycle_weight * F.mean(F.absolute(reconstructed - real))",
         "return 10.0 * F.mean(F.absolute(reconstructed - real))", 2),
        ("cyclegan.identity_loss", "identity_loss", "summed over the pixels",
         "return identity_weight * cycle_weight * F.mean(F.absolute(same - real))",
         "return identity_weight * cycle_weight * F.sum(F.absolute(same - real))", 1),
        ("cyclegan.image_pool", "ImagePool", "the slot read after the new image replaced it",
         "                out.append(self.images[index])\n                self.images[index] = image",
         "                self.images[index] = image\n                out.append(self.images[index])",
         5),
        ("cyclegan.image_pool", "ImagePool", "random.randint's inclusive end: an index past the pool",
         "index = random.randrange(self.size)", "index = random.randint(0, self.size)", 5),
        ("cyclegan.image_pool", "ImagePool", "size 0 not handled",
         "        if self.size == 0:\n            return images\n", "", 2),
        ("cyclegan.generator_step", "cyclegan_generator_step", "only G_AB's optimizer stepped",
         "    g_optimizers[1].update()\n", "", 4),
        ("cyclegan.generator_step", "cyclegan_generator_step", "gradients cleared after backward",
         "    G_AB.cleargrads()\n    G_BA.cleargrads()\n    loss.backward()",
         "    loss.backward()\n    G_AB.cleargrads()\n    G_BA.cleargrads()", 4),
        ("cyclegan.generator_step", "cyclegan_generator_step",
         "identity_weight passed where cycle_weight goes",
         "            loss = loss + identity_loss(G_AB(real_b), real_b, cycle_weight, identity_weight)\n"
         "            loss = loss + identity_loss(G_BA(real_a), real_a, cycle_weight, identity_weight)",
         "            loss = loss + identity_loss(G_AB(real_b), real_b, identity_weight)\n"
         "            loss = loss + identity_loss(G_BA(real_a), real_a, identity_weight)", 2),
        ("cyclegan.generator_step", "cyclegan_generator_step", "identity through the wrong images",
         "            loss = loss + identity_loss(G_AB(real_b), real_b, cycle_weight, identity_weight)\n"
         "            loss = loss + identity_loss(G_BA(real_a), real_a, cycle_weight, identity_weight)",
         "            loss = loss + identity_loss(G_AB(real_a), real_a, cycle_weight, identity_weight)\n"
         "            loss = loss + identity_loss(G_BA(real_b), real_b, cycle_weight, identity_weight)",
         5),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "gradients cleared after backward",
         "    D.cleargrads()\n"
         "    fake = pool.query(fake)  # some of this batch's fakes, some older ones, detached\n"
         "    with chainer.using_config(\"train\", True):\n"
         "        loss = 0.5 * (lsgan_loss(D(real), True) + lsgan_loss(D(fake), False))\n"
         "    loss.backward()\n",
         "    fake = pool.query(fake)  # some of this batch's fakes, some older ones, detached\n"
         "    with chainer.using_config(\"train\", True):\n"
         "        loss = 0.5 * (lsgan_loss(D(real), True) + lsgan_loss(D(fake), False))\n"
         "    loss.backward()\n"
         "    D.cleargrads()\n", 4),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "only the real term halved",
         "loss = 0.5 * (lsgan_loss(D(real), True) + lsgan_loss(D(fake), False))",
         "loss = 0.5 * lsgan_loss(D(real), True) + lsgan_loss(D(fake), False)", 1),
    ],
}

VARIANTS = {
    "pytorch": [
        ("cyclegan.resnet_block", "ResnetBlock", "the residual added with torch.add",
         "return x + self.block(x)  # (B, C, H, W)", "return torch.add(self.block(x), x)"),
        ("cyclegan.cycle_loss", "cycle_loss", "F.l1_loss",
         "return cycle_weight * (reconstructed - real).abs().mean()",
         "return cycle_weight * torch.nn.functional.l1_loss(reconstructed, real)"),
        ("cyclegan.identity_loss", "identity_loss", "the weight computed first",
         "return identity_weight * cycle_weight * (same - real).abs().mean()",
         "weight = cycle_weight * identity_weight\n    return (same - real).abs().mean() * weight"),
        ("cyclegan.image_pool", "ImagePool", "torch's random numbers",
         "            elif random.random() < 0.5:\n                index = random.randrange(self.size)",
         "            elif torch.rand(()) < 0.5:\n"
         "                index = int(torch.randint(self.size, ()))"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "the terms summed in another order",
         "    loss.backward()  # also fills",
         "    loss = 1.0 * loss\n    loss.backward()  # also fills"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "F.mse_loss",
         "loss = 0.5 * (lsgan_loss(D(real), True) + lsgan_loss(D(fake), False))",
         "real_scores, fake_scores = D(real), D(fake)\n"
         "    loss = 0.5 * (torch.nn.functional.mse_loss(real_scores, torch.ones_like(real_scores))\n"
         "                  + torch.nn.functional.mse_loss(fake_scores, torch.zeros_like(fake_scores)))"),
    ],
    "keras": [
        ("cyclegan.resnet_block", "ResnetBlock",
         "training not passed on: Keras 3 hands the outer call's flag to inner layers",
         "return x + self.block(x, training=training)  # (B, H, W, C)",
         "return layers.add([self.block(x), x])"),
        ("cyclegan.resnet_block", "ResnetBlock",
         "instance norm as LayerNormalization over H and W, without scale or shift",
         "                 norm_layer(norm, channels), layers.ReLU(),",
         "                 layers.LayerNormalization(axis=(1, 2), center=False, scale=False,\n"
         "                                           epsilon=1e-5) if norm == \"instance\"\n"
         "                 else norm_layer(norm, channels), layers.ReLU(),"),
        ("cyclegan.cycle_loss", "cycle_loss", "keras.losses.MeanAbsoluteError, weight last",
         "return cycle_weight * ops.mean(ops.abs(reconstructed - real))",
         "return keras.losses.MeanAbsoluteError()(real, reconstructed) * cycle_weight"),
        ("cyclegan.identity_loss", "identity_loss", "the weight computed first, tf operations",
         "return identity_weight * cycle_weight * ops.mean(ops.abs(same - real))",
         "weight = cycle_weight * identity_weight\n"
         "    return weight * tf.reduce_mean(tf.abs(real - same))"),
        ("cyclegan.image_pool", "ImagePool", "NumPy's random numbers",
         "            elif random.random() < 0.5:\n                index = random.randrange(self.size)",
         "            elif np.random.uniform() < 0.5:\n"
         "                index = int(np.random.randint(self.size))"),
        ("cyclegan.image_pool", "ImagePool", "stop_gradient once, on the way in",
         "return ops.stop_gradient(ops.stack(out))  # (B, H, W, C)",
         "return ops.stack(out, axis=0)"),
        ("cyclegan.generator_step", "cyclegan_generator_step",
         "the gradients of both generators as a pair of lists",
         "    gradients = tape.gradient(loss, ab_variables + ba_variables)\n"
         "    g_optimizers[0].apply_gradients(zip(gradients[:len(ab_variables)], ab_variables,"
         " strict=True))\n"
         "    g_optimizers[1].apply_gradients(zip(gradients[len(ab_variables):], ba_variables,"
         " strict=True))\n",
         "    grads_ab, grads_ba = tape.gradient(loss, (ab_variables, ba_variables))\n"
         "    g_optimizers[0].apply_gradients(zip(grads_ab, ab_variables))\n"
         "    g_optimizers[1].apply_gradients(zip(grads_ba, ba_variables))\n"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step",
         "the update not compiled: the whole step eager",
         "@tf.function\ndef lsgan_discriminator_update(", "def lsgan_discriminator_update("),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "the squares written out",
         "loss = 0.5 * (lsgan_loss(D(real, training=True), True)\n"
         "                      + lsgan_loss(D(fake, training=True), False))",
         "loss = (ops.mean((D(real, training=True) - 1.0) ** 2)\n"
         "                + ops.mean(D(fake, training=True) ** 2)) / 2"),
    ],
    "chainer": [
        ("cyclegan.resnet_block", "ResnetBlock", "the residual added with F.add",
         "return x + self.block(x)  # (B, C, H, W)", "return F.add(self.block(x), x)"),
        ("cyclegan.resnet_block", "ResnetBlock", "named links called in forward",
         "        with self.init_scope():\n"
         "            self.block = chainer.Sequential(*layers)\n"
         "        ### END SOLUTION\n"
         "\n"
         "    def forward(self, x):\n"
         "        ### BEGIN SOLUTION\n"
         "        return x + self.block(x)  # (B, C, H, W)",
         "        self.pad = ReflectionPad2d(1)\n"
         "        with self.init_scope():\n"
         "            self.conv1, self.norm1 = layers[1], layers[2]\n"
         "            self.conv2, self.norm2 = layers[5], layers[6]\n"
         "        ### END SOLUTION\n"
         "\n"
         "    def forward(self, x):\n"
         "        ### BEGIN SOLUTION\n"
         "        h = F.relu(self.norm1(self.conv1(self.pad(x))))\n"
         "        return x + self.norm2(self.conv2(self.pad(h)))  # (B, C, H, W)"),
        ("cyclegan.cycle_loss", "cycle_loss", "F.mean_absolute_error",
         "return cycle_weight * F.mean(F.absolute(reconstructed - real))",
         "return cycle_weight * F.mean_absolute_error(reconstructed, real)"),
        ("cyclegan.identity_loss", "identity_loss", "a share of the cycle loss",
         "return identity_weight * cycle_weight * F.mean(F.absolute(same - real))",
         "return identity_weight * cycle_loss(same, real, cycle_weight)"),
        ("cyclegan.image_pool", "ImagePool", "NumPy's random numbers",
         "            elif random.random() < 0.5:\n                index = random.randrange(self.size)",
         "            elif np.random.rand() < 0.5:\n                index = np.random.randint(self.size)"),
        ("cyclegan.image_pool", "ImagePool", "chainer.as_array",
         "        if isinstance(images, chainer.Variable):\n"
         "            images = images.array  # detached: no graph back to the generator\n",
         "        images = chainer.as_array(images)  # detached: no graph back to the generator\n"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "each optimizer clears its target",
         "    G_AB.cleargrads()\n    G_BA.cleargrads()\n",
         "    for optimizer in g_optimizers:\n        optimizer.target.cleargrads()\n"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "F.mean_squared_error",
         "loss = 0.5 * (lsgan_loss(D(real), True) + lsgan_loss(D(fake), False))",
         "real_scores, fake_scores = D(real), D(fake)\n"
         "        xp = chainer.backend.get_array_module(real_scores)\n"
         "        loss = 0.5 * (F.mean_squared_error(real_scores, xp.ones_like(real_scores.array))\n"
         "                      + F.mean_squared_error(fake_scores, xp.zeros_like(fake_scores.array)))"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "the optimizer's target cleared",
         "    D.cleargrads()\n    fake = pool.query(fake)",
         "    d_optimizer.target.cleargrads()\n    fake = pool.query(fake)"),
    ],
}
