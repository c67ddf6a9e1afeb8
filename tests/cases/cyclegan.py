"""Test cases for topic 09_cyclegan: typical wrong answers and parity models."""

MUTANTS = {
    "pytorch": [
        ("cyclegan.resnet_block", "ResnetBlock", "no residual: the block's output only",
         "return x + self.block(x)  # (B, C, H, W)", "return self.block(x)"),
        ("cyclegan.resnet_block", "ResnetBlock", "ReLU after the sum",
         "return x + self.block(x)  # (B, C, H, W)", "return torch.relu(x + self.block(x))"),
        ("cyclegan.resnet_block", "ResnetBlock", "zero padding instead of reflection",
         "layers = [ReflectionPad2d(1), nn.Conv2d(channels, channels, 3, bias=bias),",
         "layers = [nn.Conv2d(channels, channels, 3, padding=1, bias=bias),"),
        ("cyclegan.resnet_block", "ResnetBlock", "instance norm with a learnable scale and shift",
         "                  norm_layer(norm, channels), nn.ReLU(),",
         "                  nn.InstanceNorm2d(channels, affine=True) if norm == \"instance\"\n"
         "                  else norm_layer(norm, channels), nn.ReLU(),"),
        ("cyclegan.resnet_block", "ResnetBlock", "a bias before every norm",
         "bias = norm == \"instance\"  # as the official code: a bias only before instance norm",
         "bias = True"),
        ("cyclegan.cycle_loss", "cycle_loss", "L2 instead of L1",
         "return cycle_weight * (reconstructed - real).abs().mean()",
         "return cycle_weight * ((reconstructed - real) ** 2).mean()"),
        ("cyclegan.cycle_loss", "cycle_loss", "summed over the pixels",
         "return cycle_weight * (reconstructed - real).abs().mean()",
         "return cycle_weight * (reconstructed - real).abs().sum()"),
        ("cyclegan.cycle_loss", "cycle_loss", "not weighted",
         "return cycle_weight * (reconstructed - real).abs().mean()",
         "return (reconstructed - real).abs().mean()"),
        ("cyclegan.cycle_loss", "cycle_loss", "a Python float",
         "return cycle_weight * (reconstructed - real).abs().mean()",
         "return cycle_weight * (reconstructed - real).abs().mean().item()"),
        ("cyclegan.cycle_loss", "cycle_loss", "the reconstruction detached",
         "return cycle_weight * (reconstructed - real).abs().mean()",
         "return cycle_weight * (reconstructed.detach() - real).abs().mean()"),
        ("cyclegan.identity_loss", "identity_loss", "not halved: weighted by cycle_weight alone",
         "return identity_weight * cycle_weight * (same - real).abs().mean()",
         "return cycle_weight * (same - real).abs().mean()"),
        ("cyclegan.identity_loss", "identity_loss", "weighted by identity_weight alone",
         "return identity_weight * cycle_weight * (same - real).abs().mean()",
         "return identity_weight * (same - real).abs().mean()"),
        ("cyclegan.identity_loss", "identity_loss", "L2 instead of L1",
         "return identity_weight * cycle_weight * (same - real).abs().mean()",
         "return identity_weight * cycle_weight * ((same - real) ** 2).mean()"),
        ("cyclegan.identity_loss", "identity_loss", "a fixed weight of 5",
         "return identity_weight * cycle_weight * (same - real).abs().mean()",
         "return 5.0 * (same - real).abs().mean()"),
        ("cyclegan.identity_loss", "identity_loss", "mean over the batch only",
         "return identity_weight * cycle_weight * (same - real).abs().mean()",
         "return identity_weight * cycle_weight * (same - real).abs().mean(dim=(1, 2, 3))"),
        ("cyclegan.image_pool", "ImagePool", "only the newest images",
         "        if self.size == 0:\n            return images.detach()",
         "        if True:\n            return images.detach()"),
        ("cyclegan.image_pool", "ImagePool", "a stored image returned but not replaced",
         "                out.append(self.images[index])\n                self.images[index] = image",
         "                out.append(self.images[index])"),
        ("cyclegan.image_pool", "ImagePool", "always a stored image once full",
         "            elif random.random() < 0.5:", "            elif True:"),
        ("cyclegan.image_pool", "ImagePool", "images not detached",
         "        for image in images.detach():  # (C, H, W) each", "        for image in images:"),
        ("cyclegan.image_pool", "ImagePool", "the pool grows without bound",
         "            if len(self.images) < self.size:", "            if True:"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "no identity terms",
         "    if identity_weight > 0:  # a target-domain image should pass unchanged",
         "    if False:"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "each fake judged by the wrong D",
         "loss = lsgan_loss(D_B(fake_b), True) + lsgan_loss(D_A(fake_a), True)",
         "loss = lsgan_loss(D_A(fake_b), True) + lsgan_loss(D_B(fake_a), True)"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "the fakes returned swapped",
         "return loss.item(), fake_a.detach(), fake_b.detach()",
         "return loss.item(), fake_b.detach(), fake_a.detach()"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "the cycle through a detached fake",
         "loss = loss + cycle_loss(G_BA(fake_b), real_a, cycle_weight)",
         "loss = loss + cycle_loss(G_BA(fake_b.detach()), real_a, cycle_weight)"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "gradients never cleared",
         "    for optimizer in g_optimizers:\n        optimizer.zero_grad()\n", ""),
        ("cyclegan.generator_step", "cyclegan_generator_step", "fakes judged as fake",
         "loss = lsgan_loss(D_B(fake_b), True) + lsgan_loss(D_A(fake_a), True)",
         "loss = lsgan_loss(D_B(fake_b), False) + lsgan_loss(D_A(fake_a), False)"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "the pool never asked",
         "    fake = pool.query(fake)  # some of this batch's fakes, some older ones, detached\n",
         ""),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "the loss not halved",
         "loss = 0.5 * (lsgan_loss(D(real), True) + lsgan_loss(D(fake), False))",
         "loss = lsgan_loss(D(real), True) + lsgan_loss(D(fake), False)"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "labels swapped",
         "loss = 0.5 * (lsgan_loss(D(real), True) + lsgan_loss(D(fake), False))",
         "loss = 0.5 * (lsgan_loss(D(real), False) + lsgan_loss(D(fake), True))"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "gradients never cleared",
         "    d_optimizer.zero_grad()\n    fake = pool.query(fake)",
         "    fake = pool.query(fake)"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "the pooled and the new fakes",
         "    fake = pool.query(fake)  # some of this batch's fakes, some older ones, detached\n"
         "    loss = 0.5 * (lsgan_loss(D(real), True) + lsgan_loss(D(fake), False))",
         "    pooled = pool.query(fake)\n"
         "    loss = 0.5 * (lsgan_loss(D(real), True) + 0.5 * lsgan_loss(D(pooled), False)\n"
         "                  + 0.5 * lsgan_loss(D(fake), False))"),
    ],
    "keras": [
        ("cyclegan.resnet_block", "ResnetBlock", "no residual: the block's output only",
         "return x + self.block(x, training=training)  # (B, H, W, C)",
         "return self.block(x, training=training)"),
        ("cyclegan.resnet_block", "ResnetBlock", "ReLU after the sum",
         "return x + self.block(x, training=training)  # (B, H, W, C)",
         "return ops.relu(x + self.block(x, training=training))"),
        ("cyclegan.resnet_block", "ResnetBlock", "'same' (zero) padding instead of reflection",
         "steps = [ReflectionPad2d(1), layers.Conv2D(channels, 3, use_bias=bias),  # \"valid\"",
         "steps = [layers.Conv2D(channels, 3, padding=\"same\", use_bias=bias),"),
        ("cyclegan.resnet_block", "ResnetBlock", "ZeroPadding2D before the second convolution",
         "                 ReflectionPad2d(1), layers.Conv2D(channels, 3, use_bias=bias),",
         "                 layers.ZeroPadding2D(1), layers.Conv2D(channels, 3, use_bias=bias),"),
        ("cyclegan.resnet_block", "ResnetBlock",
         "instance norm without scale or shift, but with Keras's epsilon 1e-3",
         "                 norm_layer(norm, channels), layers.ReLU(),",
         "                 layers.GroupNormalization(groups=-1, center=False, scale=False)\n"
         "                 if norm == \"instance\" else norm_layer(norm, channels), layers.ReLU(),"),
        ("cyclegan.resnet_block", "ResnetBlock",
         "instance norm with GroupNormalization's defaults: a learnable scale and shift",
         "                 norm_layer(norm, channels), layers.ReLU(),",
         "                 layers.GroupNormalization(groups=-1) if norm == \"instance\"\n"
         "                 else norm_layer(norm, channels), layers.ReLU(),"),
        ("cyclegan.resnet_block", "ResnetBlock", "a bias before every norm",
         "bias = norm == \"instance\"  # as the official code: a bias only before instance norm",
         "bias = True"),
        ("cyclegan.resnet_block", "ResnetBlock", "reflection padding and 'same' padding",
         "steps = [ReflectionPad2d(1), layers.Conv2D(channels, 3, use_bias=bias),  # \"valid\"",
         "steps = [ReflectionPad2d(1), layers.Conv2D(channels, 3, padding=\"same\", use_bias=bias),"),
        ("cyclegan.cycle_loss", "cycle_loss", "L2 instead of L1",
         "return cycle_weight * ops.mean(ops.abs(reconstructed - real))",
         "return cycle_weight * ops.mean(ops.square(reconstructed - real))"),
        ("cyclegan.cycle_loss", "cycle_loss", "summed over the pixels",
         "return cycle_weight * ops.mean(ops.abs(reconstructed - real))",
         "return cycle_weight * ops.sum(ops.abs(reconstructed - real))"),
        ("cyclegan.cycle_loss", "cycle_loss", "not weighted",
         "return cycle_weight * ops.mean(ops.abs(reconstructed - real))",
         "return ops.mean(ops.abs(reconstructed - real))"),
        ("cyclegan.cycle_loss", "cycle_loss", "a NumPy value from .numpy()",
         "return cycle_weight * ops.mean(ops.abs(reconstructed - real))",
         "return (cycle_weight * ops.mean(ops.abs(reconstructed - real))).numpy()"),
        ("cyclegan.cycle_loss", "cycle_loss", "the reconstruction behind stop_gradient",
         "return cycle_weight * ops.mean(ops.abs(reconstructed - real))",
         "return cycle_weight * ops.mean(ops.abs(ops.stop_gradient(reconstructed) - real))"),
        ("cyclegan.cycle_loss", "cycle_loss",
         "keras.losses.mean_absolute_error: averaged over the last axis only",
         "return cycle_weight * ops.mean(ops.abs(reconstructed - real))",
         "return cycle_weight * keras.losses.mean_absolute_error(real, reconstructed)"),
        ("cyclegan.identity_loss", "identity_loss", "not halved: weighted by cycle_weight alone",
         "return identity_weight * cycle_weight * ops.mean(ops.abs(same - real))",
         "return cycle_weight * ops.mean(ops.abs(same - real))"),
        ("cyclegan.identity_loss", "identity_loss", "weighted by identity_weight alone",
         "return identity_weight * cycle_weight * ops.mean(ops.abs(same - real))",
         "return identity_weight * ops.mean(ops.abs(same - real))"),
        ("cyclegan.identity_loss", "identity_loss", "L2 instead of L1",
         "return identity_weight * cycle_weight * ops.mean(ops.abs(same - real))",
         "return identity_weight * cycle_weight * ops.mean(ops.square(same - real))"),
        ("cyclegan.identity_loss", "identity_loss", "a fixed weight of 5",
         "return identity_weight * cycle_weight * ops.mean(ops.abs(same - real))",
         "return 5.0 * ops.mean(ops.abs(same - real))"),
        ("cyclegan.identity_loss", "identity_loss", "a Python float",
         "return identity_weight * cycle_weight * ops.mean(ops.abs(same - real))",
         "return float(identity_weight * cycle_weight * ops.mean(ops.abs(same - real)))"),
        ("cyclegan.identity_loss", "identity_loss", "mean over the batch only",
         "return identity_weight * cycle_weight * ops.mean(ops.abs(same - real))",
         "return identity_weight * cycle_weight * ops.mean(ops.abs(same - real), axis=0)"),
        ("cyclegan.image_pool", "ImagePool", "only the newest images returned",
         "return ops.stop_gradient(ops.stack(out))  # (B, H, W, C)",
         "return images  # (B, H, W, C)"),
        ("cyclegan.image_pool", "ImagePool", "a stored image returned but not replaced",
         "                out.append(self.images[index])\n                self.images[index] = image\n",
         "                out.append(self.images[index])\n"),
        ("cyclegan.image_pool", "ImagePool", "the new image stored and returned, the old one dropped",
         "                out.append(self.images[index])\n",
         "                out.append(image)\n"),
        ("cyclegan.image_pool", "ImagePool", "no stop_gradient",
         "        images = ops.stop_gradient(images)  # (B, H, W, C)\n"
         "        if self.size == 0:\n            return images\n        out = []\n"
         "        for image in ops.unstack(images):  # (H, W, C) each\n"
         "            if len(self.images) < self.size:\n"
         "                self.images.append(image)\n                out.append(image)\n"
         "            elif random.random() < 0.5:\n"
         "                index = random.randrange(self.size)\n"
         "                out.append(self.images[index])\n                self.images[index] = image\n"
         "            else:\n                out.append(image)\n"
         "        return ops.stop_gradient(ops.stack(out))  # (B, H, W, C)",
         "        if self.size == 0:\n            return images\n        out = []\n"
         "        for image in ops.unstack(images):  # (H, W, C) each\n"
         "            if len(self.images) < self.size:\n"
         "                self.images.append(image)\n                out.append(image)\n"
         "            elif random.random() < 0.5:\n"
         "                index = random.randrange(self.size)\n"
         "                out.append(self.images[index])\n                self.images[index] = image\n"
         "            else:\n                out.append(image)\n"
         "        return ops.stack(out)  # (B, H, W, C)"),
        ("cyclegan.image_pool", "ImagePool", "random.randint, whose upper end is included",
         "index = random.randrange(self.size)", "index = random.randint(0, self.size)"),
        ("cyclegan.image_pool", "ImagePool", "ops.concatenate instead of ops.stack",
         "return ops.stop_gradient(ops.stack(out))  # (B, H, W, C)",
         "return ops.stop_gradient(ops.concatenate(out))  # (B, H, W, C)"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "no identity terms",
         "        if identity_weight > 0:  # a target-domain image should pass unchanged",
         "        if False:"),
        ("cyclegan.generator_step", "cyclegan_generator_step",
         "identity_weight applied twice: in the step and by identity_loss's default",
         "            loss = loss + identity_loss(G_AB(real_b, training=True), real_b, cycle_weight,\n"
         "                                        identity_weight)\n"
         "            loss = loss + identity_loss(G_BA(real_a, training=True), real_a, cycle_weight,\n"
         "                                        identity_weight)\n",
         "            loss = loss + identity_loss(G_AB(real_b, training=True), real_b,\n"
         "                                        identity_weight * cycle_weight)\n"
         "            loss = loss + identity_loss(G_BA(real_a, training=True), real_a,\n"
         "                                        identity_weight * cycle_weight)\n"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "each fake judged by the wrong D",
         "loss = (lsgan_loss(D_B(fake_b, training=True), True)  # fool both D\n"
         "                + lsgan_loss(D_A(fake_a, training=True), True))",
         "loss = (lsgan_loss(D_A(fake_b, training=True), True)  # fool both D\n"
         "                + lsgan_loss(D_B(fake_a, training=True), True))"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "the fakes returned swapped",
         "return loss, ops.stop_gradient(fake_a), ops.stop_gradient(fake_b)",
         "return loss, ops.stop_gradient(fake_b), ops.stop_gradient(fake_a)"),
        ("cyclegan.generator_step", "cyclegan_generator_step",
         "the discriminators in inference mode",
         "loss = (lsgan_loss(D_B(fake_b, training=True), True)  # fool both D\n"
         "                + lsgan_loss(D_A(fake_a, training=True), True))",
         "loss = (lsgan_loss(D_B(fake_b, training=False), True)  # fool both D\n"
         "                + lsgan_loss(D_A(fake_a, training=False), True))"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "G_AB in inference mode",
         "fake_b = G_AB(real_a, training=True)  # (B, H, W, C)",
         "fake_b = G_AB(real_a, training=False)  # (B, H, W, C)"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "the cycle through a stopped fake",
         "cycle_loss(G_BA(fake_b, training=True), real_a, cycle_weight)",
         "cycle_loss(G_BA(ops.stop_gradient(fake_b), training=True), real_a, cycle_weight)"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "the fakes made before the tape",
         "    with tf.GradientTape() as tape:  # D's variables stay put: only G's are differentiated\n"
         "        fake_b = G_AB(real_a, training=True)  # (B, H, W, C)\n"
         "        fake_a = G_BA(real_b, training=True)\n",
         "    fake_b = G_AB(real_a, training=True)  # (B, H, W, C)\n"
         "    fake_a = G_BA(real_b, training=True)\n"
         "    with tf.GradientTape() as tape:\n"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "the discriminators' variables updated too",
         "ab_variables, ba_variables = G_AB.trainable_variables, G_BA.trainable_variables",
         "ab_variables = G_AB.trainable_variables + D_B.trainable_variables\n"
         "    ba_variables = G_BA.trainable_variables + D_A.trainable_variables"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "the loss as .numpy() inside tf.function",
         "return loss, ops.stop_gradient(fake_a), ops.stop_gradient(fake_b)",
         "return loss.numpy(), ops.stop_gradient(fake_a), ops.stop_gradient(fake_b)"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "the pool never asked",
         "    fake = pool.query(fake)  # some of this batch's fakes, some older ones, detached\n",
         ""),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step",
         "the pool asked, its answer unused",
         "    fake = pool.query(fake)  # some of this batch's fakes, some older ones, detached\n",
         "    pooled = pool.query(fake)\n"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "the loss not halved",
         "loss = 0.5 * (lsgan_loss(D(real, training=True), True)\n"
         "                      + lsgan_loss(D(fake, training=True), False))",
         "loss = (lsgan_loss(D(real, training=True), True)\n"
         "                + lsgan_loss(D(fake, training=True), False))"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "labels swapped",
         "loss = 0.5 * (lsgan_loss(D(real, training=True), True)\n"
         "                      + lsgan_loss(D(fake, training=True), False))",
         "loss = 0.5 * (lsgan_loss(D(real, training=True), False)\n"
         "                      + lsgan_loss(D(fake, training=True), True))"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "D in inference mode",
         "loss = 0.5 * (lsgan_loss(D(real, training=True), True)\n"
         "                      + lsgan_loss(D(fake, training=True), False))",
         "loss = 0.5 * (lsgan_loss(D(real, training=False), True)\n"
         "                      + lsgan_loss(D(fake, training=False), False))"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "D's scores made before the tape",
         "    with tf.GradientTape() as tape:\n"
         "        loss = 0.5 * (lsgan_loss(D(real, training=True), True)\n"
         "                      + lsgan_loss(D(fake, training=True), False))\n",
         "    real_scores, fake_scores = D(real, training=True), D(fake, training=True)\n"
         "    with tf.GradientTape() as tape:\n"
         "        loss = 0.5 * (lsgan_loss(real_scores, True) + lsgan_loss(fake_scores, False))\n"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "the pooled and the new fakes",
         "    fake = pool.query(fake)  # some of this batch's fakes, some older ones, detached\n"
         "    return lsgan_discriminator_update(D, d_optimizer, real, fake)",
         "    pooled = pool.query(fake)\n"
         "    return lsgan_discriminator_update(D, d_optimizer, real, ops.concatenate([pooled, fake]))"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step",
         "the whole step a tf.function: the pool runs once, when it traces",
         "def cyclegan_discriminator_step(D, d_optimizer, real, fake, pool):",
         "@tf.function\ndef cyclegan_discriminator_step(D, d_optimizer, real, fake, pool):"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step",
         "keras.losses.mean_squared_error: averaged over the last axis only",
         "loss = 0.5 * (lsgan_loss(D(real, training=True), True)\n"
         "                      + lsgan_loss(D(fake, training=True), False))",
         "real_scores, fake_scores = D(real, training=True), D(fake, training=True)\n"
         "        loss = 0.5 * (keras.losses.mean_squared_error(ops.ones_like(real_scores), real_scores)\n"
         "                      + keras.losses.mean_squared_error(ops.zeros_like(fake_scores),"
         " fake_scores))"),
    ],
    "chainer": [
        ("cyclegan.resnet_block", "ResnetBlock", "no residual: the block's output only",
         "return x + self.block(x)  # (B, C, H, W)", "return self.block(x)"),
        ("cyclegan.resnet_block", "ResnetBlock", "ReLU after the sum",
         "return x + self.block(x)  # (B, C, H, W)", "return F.relu(x + self.block(x))"),
        ("cyclegan.resnet_block", "ResnetBlock", "zero padding instead of reflection",
         "        layers = [ReflectionPad2d(1), L.Convolution2D(channels, channels, 3, nobias=nobias),\n"
         "                  norm_layer(norm, channels), F.relu,\n"
         "                  ReflectionPad2d(1), L.Convolution2D(channels, channels, 3, nobias=nobias),",
         "        layers = [L.Convolution2D(channels, channels, 3, pad=1, nobias=nobias),\n"
         "                  norm_layer(norm, channels), F.relu,\n"
         "                  L.Convolution2D(channels, channels, 3, pad=1, nobias=nobias),"),
        ("cyclegan.resnet_block", "ResnetBlock", "F.pad(mode=\"reflect\"), whose backward is wrong",
         "        layers = [ReflectionPad2d(1), L.Convolution2D(channels, channels, 3, nobias=nobias),\n"
         "                  norm_layer(norm, channels), F.relu,\n"
         "                  ReflectionPad2d(1), L.Convolution2D(channels, channels, 3, nobias=nobias),",
         "        def pad(x):\n"
         "            return F.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)), mode=\"reflect\")\n\n"
         "        layers = [pad, L.Convolution2D(channels, channels, 3, nobias=nobias),\n"
         "                  norm_layer(norm, channels), F.relu,\n"
         "                  pad, L.Convolution2D(channels, channels, 3, nobias=nobias),"),
        ("cyclegan.resnet_block", "ResnetBlock", "instance norm with a learnable scale and shift",
         "                  norm_layer(norm, channels), F.relu,",
         "                  L.GroupNormalization(channels, channels) if norm == \"instance\"\n"
         "                  else norm_layer(norm, channels), F.relu,"),
        ("cyclegan.resnet_block", "ResnetBlock", "a bias before every norm",
         "nobias = norm != \"instance\"  # as the official code: a bias only before instance norm",
         "nobias = False"),
        ("cyclegan.resnet_block", "ResnetBlock", "the block assigned outside init_scope",
         "        with self.init_scope():\n            self.block = chainer.Sequential(*layers)",
         "        self.block = chainer.Sequential(*layers)"),
        ("cyclegan.cycle_loss", "cycle_loss", "L2 instead of L1",
         "return cycle_weight * F.mean(F.absolute(reconstructed - real))",
         "return cycle_weight * F.mean_squared_error(reconstructed, real)"),
        ("cyclegan.cycle_loss", "cycle_loss", "summed over the pixels",
         "return cycle_weight * F.mean(F.absolute(reconstructed - real))",
         "return cycle_weight * F.sum(F.absolute(reconstructed - real))"),
        ("cyclegan.cycle_loss", "cycle_loss", "not weighted",
         "return cycle_weight * F.mean(F.absolute(reconstructed - real))",
         "return F.mean(F.absolute(reconstructed - real))"),
        ("cyclegan.cycle_loss", "cycle_loss", "the array, not the variable",
         "return cycle_weight * F.mean(F.absolute(reconstructed - real))",
         "return (cycle_weight * F.mean(F.absolute(reconstructed - real))).array"),
        ("cyclegan.cycle_loss", "cycle_loss", "a Python float",
         "return cycle_weight * F.mean(F.absolute(reconstructed - real))",
         "return float(cycle_weight * F.mean(F.absolute(reconstructed - real)).array)"),
        ("cyclegan.cycle_loss", "cycle_loss", "the reconstruction's array: no gradient",
         "return cycle_weight * F.mean(F.absolute(reconstructed - real))",
         "return cycle_weight * F.mean(F.absolute(reconstructed.array - real))"),
        ("cyclegan.identity_loss", "identity_loss", "not halved: weighted by cycle_weight alone",
         "return identity_weight * cycle_weight * F.mean(F.absolute(same - real))",
         "return cycle_weight * F.mean(F.absolute(same - real))"),
        ("cyclegan.identity_loss", "identity_loss", "weighted by identity_weight alone",
         "return identity_weight * cycle_weight * F.mean(F.absolute(same - real))",
         "return identity_weight * F.mean(F.absolute(same - real))"),
        ("cyclegan.identity_loss", "identity_loss", "L2 instead of L1",
         "return identity_weight * cycle_weight * F.mean(F.absolute(same - real))",
         "return identity_weight * cycle_weight * F.mean(F.squared_error(same, real))"),
        ("cyclegan.identity_loss", "identity_loss", "a fixed weight of 5",
         "return identity_weight * cycle_weight * F.mean(F.absolute(same - real))",
         "return 5.0 * F.mean(F.absolute(same - real))"),
        ("cyclegan.identity_loss", "identity_loss", "mean over the pixels only",
         "return identity_weight * cycle_weight * F.mean(F.absolute(same - real))",
         "return identity_weight * cycle_weight * F.mean(F.absolute(same - real), axis=(1, 2, 3))"),
        ("cyclegan.identity_loss", "identity_loss", "the array, not the variable",
         "return identity_weight * cycle_weight * F.mean(F.absolute(same - real))",
         "return identity_weight * cycle_weight * F.mean(F.absolute(same - real)).array"),
        ("cyclegan.image_pool", "ImagePool", "only the newest images",
         "        if self.size == 0:\n            return images",
         "        if True:\n            return images"),
        ("cyclegan.image_pool", "ImagePool", "a stored image returned but not replaced",
         "                out.append(self.images[index])\n                self.images[index] = image",
         "                out.append(self.images[index])"),
        ("cyclegan.image_pool", "ImagePool", "always a stored image once full",
         "            elif random.random() < 0.5:", "            elif True:"),
        ("cyclegan.image_pool", "ImagePool", "Variables kept: not detached",
         "        if isinstance(images, chainer.Variable):\n"
         "            images = images.array  # detached: no graph back to the generator\n"
         "        if self.size == 0:\n"
         "            return images\n"
         "        out = []\n"
         "        for image in images:  # (C, H, W) each\n"
         "            if len(self.images) < self.size:\n"
         "                self.images.append(image)\n"
         "                out.append(image)\n"
         "            elif random.random() < 0.5:\n"
         "                index = random.randrange(self.size)\n"
         "                out.append(self.images[index])\n"
         "                self.images[index] = image\n"
         "            else:\n"
         "                out.append(image)\n"
         "        return chainer.backend.get_array_module(images).stack(out)  # (B, C, H, W)",
         "        if self.size == 0:\n"
         "            return images\n"
         "        out = []\n"
         "        for image in F.separate(images):  # (C, H, W) each\n"
         "            if len(self.images) < self.size:\n"
         "                self.images.append(image)\n"
         "                out.append(image)\n"
         "            elif random.random() < 0.5:\n"
         "                index = random.randrange(self.size)\n"
         "                out.append(self.images[index])\n"
         "                self.images[index] = image\n"
         "            else:\n"
         "                out.append(image)\n"
         "        return F.stack(out)  # (B, C, H, W)"),
        ("cyclegan.image_pool", "ImagePool", "the pool grows without bound",
         "            if len(self.images) < self.size:", "            if True:"),
        ("cyclegan.image_pool", "ImagePool", "the images concatenated, not stacked",
         "return chainer.backend.get_array_module(images).stack(out)",
         "return chainer.backend.get_array_module(images).concatenate(out)"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "no identity terms",
         "        if identity_weight > 0:  # a target-domain image should pass unchanged",
         "        if False:"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "each fake judged by the wrong D",
         "loss = lsgan_loss(D_B(fake_b), True) + lsgan_loss(D_A(fake_a), True)",
         "loss = lsgan_loss(D_A(fake_b), True) + lsgan_loss(D_B(fake_a), True)"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "the fakes returned swapped",
         "return float(loss.array), fake_a.array, fake_b.array",
         "return float(loss.array), fake_b.array, fake_a.array"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "the cycle through a fake's array",
         "loss = loss + cycle_loss(G_BA(fake_b), real_a, cycle_weight)",
         "loss = loss + cycle_loss(G_BA(fake_b.array), real_a, cycle_weight)"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "gradients never cleared",
         "    G_AB.cleargrads()\n    G_BA.cleargrads()\n", ""),
        ("cyclegan.generator_step", "cyclegan_generator_step", "test mode",
         "    with chainer.using_config(\"train\", True):\n        fake_b, fake_a",
         "    with chainer.using_config(\"train\", False):\n        fake_b, fake_a"),
        ("cyclegan.generator_step", "cyclegan_generator_step", "the Variable returned as the loss",
         "return float(loss.array), fake_a.array, fake_b.array",
         "return loss, fake_a.array, fake_b.array"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "the pool never asked",
         "    fake = pool.query(fake)  # some of this batch's fakes, some older ones, detached\n",
         ""),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "the loss not halved",
         "loss = 0.5 * (lsgan_loss(D(real), True) + lsgan_loss(D(fake), False))",
         "loss = lsgan_loss(D(real), True) + lsgan_loss(D(fake), False)"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "labels swapped",
         "loss = 0.5 * (lsgan_loss(D(real), True) + lsgan_loss(D(fake), False))",
         "loss = 0.5 * (lsgan_loss(D(real), False) + lsgan_loss(D(fake), True))"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "gradients never cleared",
         "    D.cleargrads()\n    fake = pool.query(fake)", "    fake = pool.query(fake)"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "the new fakes judged",
         "    fake = pool.query(fake)  # some of this batch's fakes, some older ones, detached\n",
         "    pool.query(fake)  # some of this batch's fakes, some older ones, detached\n"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "test mode",
         "    with chainer.using_config(\"train\", True):\n        loss = 0.5",
         "    with chainer.using_config(\"train\", False):\n        loss = 0.5"),
        ("cyclegan.discriminator_step", "cyclegan_discriminator_step", "the loss's array returned",
         "    d_optimizer.update()\n    return float(loss.array)",
         "    d_optimizer.update()\n    return loss.array"),
    ],
}


def _images(side, channels):
    return [(side, side, channels)]


PARITY = [
    ("ResnetGenerator", lambda a: (3, 3, 4, 2), _images(32, 3)),  # the smoke profile
    ("ResnetGenerator", lambda a: (3, 3, 16, 6), _images(64, 3)),  # the quick profile
    ("ResnetGenerator", lambda a: (1, 2, 8, 3, "batch"), _images(32, 1)),
    ("ResnetBlock", lambda a: (5,), _images(8, 5)),
    ("ResnetBlock", lambda a: (4, "none"), _images(8, 4)),
]
