"""More test cases for topic 06_conditional_gan: realistic mistakes, one per row with its hole class
(``cases.HOLE_CLASSES``), and correct answers written another way (``VARIANTS``).

Written as a learner would write them, to harden the graders; merged into ``MUTANTS`` by
``cases/__init__.py``.
"""
# ----------------------------------------------------------------------------- PyTorch texts
_PT_PLANES = "one_hot[:, :, None, None].expand(-1, -1, height, width)"
_PT_G_INIT = "self.dcgan = DCGANGenerator(channels, image_size, latent_dim + num_classes, width)"
_PT_G_CAT = "zy = torch.cat([z, one_hot], dim=1)  # (B, latent_dim + K)"
_PT_G_RET = "return self.dcgan(zy)  # (B, C, H, W) in [-1, 1]"
_PT_D_INIT = "self.dcgan = DCGANDiscriminator(channels + num_classes, image_size, width)"
_PT_D_PLANES = "planes = label_planes(one_hot, images.shape[2], images.shape[3])  # (B, K, H, W)"
_PT_D_CAT = "xy = torch.cat([images, planes], dim=1)  # (B, C + K, H, W)"
_PT_D_RET = "return self.dcgan(xy)  # (B, 1) logits"
_PT_DSTEP = (
    "    generator.train()\n"
    "    discriminator.train()\n"
    "    fake = generator(z, one_hot).detach()  # (B, C, H, W); detached: D's loss must not reach G\n"
    "    d_optimizer.zero_grad()\n"
    "    loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, one_hot))\n"
    "    loss.backward()\n"
    "    d_optimizer.step()\n"
    "    return loss.item()\n"
)
_PT_GSTEP = (
    "    generator.train()\n"
    "    discriminator.train()\n"
    "    g_optimizer.zero_grad()\n"
    "    loss = generator_loss(discriminator(generator(z, one_hot), one_hot))\n"
    "    loss.backward()  # also fills D's .grad; the next discriminator step clears them first\n"
    "    g_optimizer.step()  # only G's parameters move\n"
    "    return loss.item()\n"
)
_PT_FRESH = ("    labels = torch.randint(0, one_hot.shape[1], (len(one_hot),), device=one_hot.device)\n"
             "    one_hot = F.one_hot(labels, one_hot.shape[1]).float()  # fresh labels for the fakes\n")

# ------------------------------------------------------------------------------- Keras texts
_K_PLANES = ("    planes = ops.expand_dims(ops.expand_dims(one_hot, 1), 1)  # (B, 1, 1, K)\n"
             "    return ops.tile(planes, (1, height, width, 1))  # (B, H, W, K)\n")
_K_G_RET = "return self.dcgan(zy, training=training)  # (B, H, W, C) in [-1, 1]"
_K_D_RET = "return self.dcgan(xy, training=training)  # (B, 1) logits"
_K_G_INIT = "self.dcgan = DCGANGenerator(channels, image_size, latent_dim + num_classes, width)"
_K_D_INIT = "self.dcgan = DCGANDiscriminator(channels + num_classes, image_size, width)"
_K_DSTEP = (
    "    fake = generator(z, one_hot, training=True)  # (B, H, W, C), made outside the tape\n"
    "    with tf.GradientTape() as tape:\n"
    "        loss = discriminator_loss(discriminator(real, one_hot, training=True),\n"
    "                                  discriminator(fake, one_hot, training=True))\n"
    "    gradients = tape.gradient(loss, discriminator.trainable_variables)\n"
    "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n"
    "    return loss\n"
)
_K_GSTEP = (
    "    with tf.GradientTape() as tape:\n"
    "        fake = generator(z, one_hot, training=True)  # (B, H, W, C)\n"
    "        loss = generator_loss(discriminator(fake, one_hot, training=True))\n"
    "    gradients = tape.gradient(loss, generator.trainable_variables)  # D's variables stay put\n"
    "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n"
    "    return loss\n"
)
_K_FRESH = ("    labels = tf.random.uniform((tf.shape(one_hot)[0],), 0, one_hot.shape[-1], dtype=tf.int32)\n"
            "    one_hot = ops.one_hot(labels, one_hot.shape[-1])  # fresh labels for the fakes\n")

# ----------------------------------------------------------------------------- Chainer texts
_CH_PLANES = ("    planes = F.reshape(one_hot, (batch, classes, 1, 1))  # (B, K, 1, 1)\n"
              "    return F.broadcast_to(planes, (batch, classes, height, width))  # (B, K, H, W)\n")
_CH_G_INIT = ("        with self.init_scope():\n"
              "            self.dcgan = DCGANGenerator(channels, image_size, latent_dim + num_classes, width)"
              "\n")
_CH_D_INIT = ("        with self.init_scope():\n"
              "            self.dcgan = DCGANDiscriminator(channels + num_classes, image_size, width)\n")
_CH_G_FWD = ("        zy = F.concat([z, one_hot], axis=1)  # (B, latent_dim + K)\n"
             "        return self.dcgan(zy)  # (B, C, H, W) in [-1, 1]\n")
_CH_D_FWD = ("        planes = label_planes(one_hot, images.shape[2], images.shape[3])  # (B, K, H, W)\n"
             "        xy = F.concat([images, planes], axis=1)  # (B, C + K, H, W)\n"
             "        return self.dcgan(xy)  # (B, 1) logits\n")
_CH_DSTEP = (
    "    with chainer.using_config(\"train\", True):\n"
    "        fake = generator(z, one_hot).array  # (B, C, H, W), a plain array: D's loss cannot reach G\n"
    "        loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, one_hot))\n"
    "    discriminator.cleargrads()\n"
    "    loss.backward()\n"
    "    d_optimizer.update()\n"
    "    return float(loss.array)\n"
)
_CH_GSTEP = (
    "    with chainer.using_config(\"train\", True):\n"
    "        loss = generator_loss(discriminator(generator(z, one_hot), one_hot))\n"
    "    generator.cleargrads()\n"
    "    loss.backward()  # also fills D's gradients; the next discriminator step clears them first\n"
    "    g_optimizer.update()  # only G's parameters move\n"
    "    return float(loss.array)\n"
)
_CH_FRESH = ("    xp = chainer.backend.get_array_module(one_hot)\n"
             "    labels = xp.random.randint(0, one_hot.shape[1], len(one_hot))\n"
             "    one_hot = xp.eye(one_hot.shape[1], dtype=np.float32)[labels]  # fresh labels for the fakes"
             "\n")


def _indent(text, spaces=4):
    return "".join(" " * spaces + line + "\n" if line else "\n" for line in text.splitlines())


MUTANTS = {
    "pytorch": [
        # ---------------------------------------------------------------- label_planes
        ("conditional_gan.label_planes", "label_planes",
         "channels-last view reshaped (not permuted) to channels first: classes mixed",
         _PT_PLANES,
         "one_hot[:, None, None, :].expand(-1, height, width, -1)"
         ".reshape(len(one_hot), -1, height, width)", 5),
        ("conditional_gan.label_planes", "label_planes", "square planes assumed: width ignored",
         _PT_PLANES, "one_hot[:, :, None, None].expand(-1, -1, height, height)", 2),
        ("conditional_gan.label_planes", "label_planes",
         "copies along the batch axis (repeat(H*W, 1)) then view: examples mixed",
         _PT_PLANES, "one_hot.repeat(height * width, 1).view(-1, one_hot.shape[1], height, width)", 5),
        ("conditional_gan.label_planes", "label_planes",
         "returns a NumPy array: torch.cat([images, planes]) in D fails",
         "    return " + _PT_PLANES,
         "    labels = one_hot.detach().cpu().numpy()[:, :, None, None]\n"
         "    return np.broadcast_to(labels, (*labels.shape[:2], height, width))", 1),
        ("conditional_gan.label_planes", "label_planes", "returns a list of K planes instead of one tensor",
         "    return " + _PT_PLANES,
         "    return [one_hot[:, k, None, None].expand(-1, height, width) for k in range(one_hot.shape[1])]",
         6),
        # ---------------------------------------------------------------- generator
        ("conditional_gan.generator", "ConditionalGenerator", "width not passed on to DCGANGenerator",
         _PT_G_INIT, "self.dcgan = DCGANGenerator(channels, image_size, latent_dim + num_classes)", 2),
        ("conditional_gan.generator", "ConditionalGenerator", "num_classes hard-coded to 10",
         _PT_G_INIT, "self.dcgan = DCGANGenerator(channels, image_size, latent_dim + 10, width)", 2),
        ("conditional_gan.generator", "ConditionalGenerator",
         "tanh added again on DCGANGenerator's tanh: outputs stuck inside (-0.76, 0.76)",
         _PT_G_RET, "return torch.tanh(self.dcgan(zy))", 3),
        ("conditional_gan.generator", "ConditionalGenerator",
         "label added onto the first K noise coordinates instead of concatenated",
         _PT_G_INIT + "\n        ### END SOLUTION\n\n    def forward(self, z, one_hot):\n"
         "        ### BEGIN SOLUTION\n        " + _PT_G_CAT,
         "self.dcgan = DCGANGenerator(channels, image_size, latent_dim, width)\n\n"
         "    def forward(self, z, one_hot):\n"
         "        zy = z + F.pad(one_hot, (0, z.shape[1] - one_hot.shape[1]))", 5),
        ("conditional_gan.generator", "ConditionalGenerator",
         "DCGANGenerator kept in a plain list: its parameters are not registered",
         _PT_G_INIT + "\n        ### END SOLUTION\n\n    def forward(self, z, one_hot):\n"
         "        ### BEGIN SOLUTION\n        " + _PT_G_CAT + "\n        " + _PT_G_RET,
         "self.nets = [DCGANGenerator(channels, image_size, latent_dim + num_classes, width)]\n\n"
         "    def forward(self, z, one_hot):\n"
         "        zy = torch.cat([z, one_hot], dim=1)\n"
         "        return self.nets[0](zy)", 5),
        ("conditional_gan.generator", "ConditionalGenerator", "returns (images, one_hot)",
         _PT_G_RET, "return self.dcgan(zy), one_hot", 6),
        # ---------------------------------------------------------------- discriminator
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "width not passed on",
         _PT_D_INIT, "self.dcgan = DCGANDiscriminator(channels + num_classes, image_size)", 2),
        ("conditional_gan.discriminator", "ConditionalDiscriminator",
         "batch_norm=False (topic 07's critic) in a BCE discriminator",
         _PT_D_INIT, "self.dcgan = DCGANDiscriminator(channels + num_classes, image_size, width, "
         "batch_norm=False)", 2),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "tanh on the logits",
         _PT_D_RET, "return torch.tanh(self.dcgan(xy))", 3),
        ("conditional_gan.discriminator", "ConditionalDiscriminator",
         "DCGANDiscriminator kept in a plain list: its parameters are not registered",
         _PT_D_INIT + "\n        ### END SOLUTION\n\n    def forward(self, images, one_hot):\n"
         "        ### BEGIN SOLUTION\n        " + _PT_D_PLANES + "\n        " + _PT_D_CAT + "\n        "
         + _PT_D_RET,
         "self.nets = [DCGANDiscriminator(channels + num_classes, image_size, width)]\n\n"
         "    def forward(self, images, one_hot):\n"
         "        planes = label_planes(one_hot, images.shape[2], images.shape[3])\n"
         "        return self.nets[0](torch.cat([images, planes], dim=1))", 5),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "returns (logits, planes)",
         _PT_D_RET, "return self.dcgan(xy), planes", 6),
        # ---------------------------------------------------------------- discriminator_step
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "both networks in eval mode: D uses running BN statistics, they never update",
         "    generator.train()\n    discriminator.train()\n    fake = generator(z, one_hot).detach()",
         "    generator.eval()\n    discriminator.eval()\n    fake = generator(z, one_hot).detach()", 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "zero_grad after the step instead of before: D's grads left by the G step leak in",
         _PT_DSTEP,
         _PT_DSTEP.replace("    d_optimizer.zero_grad()\n", "")
         .replace("    d_optimizer.step()\n", "    d_optimizer.step()\n    d_optimizer.zero_grad()\n"), 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "G frozen with requires_grad_(False) and never unfrozen: the G step then has no gradient",
         "    fake = generator(z, one_hot).detach()  # (B, C, H, W); detached: D's loss must not reach G\n",
         "    generator.requires_grad_(False)  # keep D's loss out of G\n"
         "    fake = generator(z, one_hot)\n", 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "real and fake scored in one concatenated batch: BN mixes their statistics",
         "    loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, one_hot))\n",
         "    logits = discriminator(torch.cat([real, fake]), torch.cat([one_hot, one_hot]))\n"
         "    loss = discriminator_loss(logits[:len(real)], logits[len(real):])\n", 5),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "returns the loss tensor (graph kept, fit_gan sums tensors)",
         "    return loss.item()\n    ### END SOLUTION\n\n\n# %% generator_step",
         "    return loss\n    ### END SOLUTION\n\n\n# %% generator_step", 1),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "fakes made for fresh random labels (and scored with them)",
         "    fake = generator(z, one_hot).detach()  # (B, C, H, W); detached: D's loss must not reach G\n"
         "    d_optimizer.zero_grad()\n"
         "    loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, one_hot))\n",
         _PT_FRESH.replace("one_hot = F.one_hot", "fake_labels = F.one_hot")
         + "    fake = generator(z, fake_labels).detach()\n"
         "    d_optimizer.zero_grad()\n"
         "    loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, fake_labels))\n",
         4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "one optimizer step per loss term: two steps",
         "    d_optimizer.zero_grad()\n"
         "    loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, one_hot))\n"
         "    loss.backward()\n"
         "    d_optimizer.step()\n",
         "    d_optimizer.zero_grad()\n"
         "    real_logits = discriminator(real, one_hot)\n"
         "    real_loss = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))\n"
         "    real_loss.backward()\n"
         "    d_optimizer.step()\n"
         "    d_optimizer.zero_grad()\n"
         "    fake_logits = discriminator(fake, one_hot)\n"
         "    fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))\n"
         "    fake_loss.backward()\n"
         "    d_optimizer.step()\n"
         "    loss = real_loss + fake_loss\n", 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "returns (loss_real, loss_fake)",
         "    return loss.item()\n    ### END SOLUTION\n\n\n# %% generator_step",
         "    real_logits = discriminator(real, one_hot)\n"
         "    return (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits)).item(),\n"
         "            loss.item())\n    ### END SOLUTION\n\n\n# %% generator_step", 6),
        # ---------------------------------------------------------------- generator_step
        ("conditional_gan.generator_step", "conditional_generator_step",
         "both networks in eval mode during the G step",
         "    generator.train()\n    discriminator.train()\n    g_optimizer.zero_grad()\n",
         "    generator.eval()\n    discriminator.eval()\n    g_optimizer.zero_grad()\n", 4),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "D frozen with requires_grad_(False) and never unfrozen: the next D step crashes",
         "    g_optimizer.zero_grad()\n    loss = generator_loss(",
         "    discriminator.requires_grad_(False)  # D must not move\n"
         "    g_optimizer.zero_grad()\n    loss = generator_loss(", 4),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "returns the loss tensor (graph kept, fit_gan sums tensors)",
         "    g_optimizer.step()  # only G's parameters move\n    return loss.item()\n",
         "    g_optimizer.step()  # only G's parameters move\n    return loss\n", 1),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "fresh random labels for G and D in the G step",
         "    g_optimizer.zero_grad()\n    loss = generator_loss(",
         _PT_FRESH + "    g_optimizer.zero_grad()\n    loss = generator_loss(", 4),
        ("conditional_gan.generator_step", "conditional_generator_step", "two optimizer steps",
         "    g_optimizer.step()  # only G's parameters move\n",
         "    g_optimizer.step()\n    g_optimizer.step()\n", 4),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "D's gradients zeroed instead of G's: G accumulates across calls",
         "    g_optimizer.zero_grad()\n    loss = generator_loss(",
         "    discriminator.zero_grad()\n    loss = generator_loss(", 4),
        ("conditional_gan.generator_step", "conditional_generator_step", "returns (loss, fakes)",
         "    g_optimizer.step()  # only G's parameters move\n    return loss.item()\n",
         "    g_optimizer.step()\n    return loss.item(), generator(z, one_hot).detach()\n", 6),
    ],
    "keras": [
        # ---------------------------------------------------------------- label_planes
        ("conditional_gan.label_planes", "label_planes",
         "batch size as a Python number (one_hot.shape[0]): None when Keras builds D",
         _K_PLANES,
         "    batch, classes = one_hot.shape\n"
         "    planes = ops.reshape(one_hot, (batch, 1, 1, classes))\n"
         "    return ops.broadcast_to(planes, (batch, height, width, classes))\n", 5),
        ("conditional_gan.label_planes", "label_planes",
         "NumPy tiling: fails on the symbolic tensors of D's build (and in tf.function)",
         _K_PLANES,
         "    return np.tile(np.asarray(one_hot)[:, None, None, :], (1, height, width, 1))\n", 6),
        ("conditional_gan.label_planes", "label_planes",
         "whole batch tiled H*W times, then reshaped: examples mixed",
         _K_PLANES,
         "    planes = ops.tile(one_hot, (height * width, 1))\n"
         "    return ops.reshape(planes, (-1, height, width, one_hot.shape[-1]))\n", 5),
        ("conditional_gan.label_planes", "label_planes", "square planes assumed: width ignored",
         "ops.tile(planes, (1, height, width, 1))", "ops.tile(planes, (1, height, height, 1))", 2),
        ("conditional_gan.label_planes", "label_planes",
         "channels-first broadcast reshaped (not transposed) to channels last: classes mixed",
         _K_PLANES,
         "    planes = ops.reshape(one_hot, (-1, one_hot.shape[-1], 1, 1))\n"
         "    planes = ops.tile(planes, (1, 1, height, width))  # (B, K, H, W)\n"
         "    return ops.reshape(planes, (-1, height, width, one_hot.shape[-1]))\n", 5),
        # ---------------------------------------------------------------- generator
        ("conditional_gan.generator", "ConditionalGenerator",
         "training=False hard-coded: G's batch norm never uses batch statistics",
         _K_G_RET, "return self.dcgan(zy, training=False)", 4),
        ("conditional_gan.generator", "ConditionalGenerator",
         "tanh added again on DCGANGenerator's tanh: outputs stuck inside (-0.76, 0.76)",
         _K_G_RET, "return ops.tanh(self.dcgan(zy, training=training))", 3),
        ("conditional_gan.generator", "ConditionalGenerator", "width not passed on to DCGANGenerator",
         _K_G_INIT, "self.dcgan = DCGANGenerator(channels, image_size, latent_dim + num_classes)", 2),
        ("conditional_gan.generator", "ConditionalGenerator", "num_classes hard-coded to 10",
         _K_G_INIT, "self.dcgan = DCGANGenerator(channels, image_size, latent_dim + 10, width)", 2),
        ("conditional_gan.generator", "ConditionalGenerator", "returns (images, one_hot)",
         _K_G_RET, "return self.dcgan(zy, training=training), one_hot", 6),
        # ---------------------------------------------------------------- discriminator
        ("conditional_gan.discriminator", "ConditionalDiscriminator",
         "training=False hard-coded: D's batch norm never uses batch statistics",
         _K_D_RET, "return self.dcgan(xy, training=False)", 4),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "width not passed on",
         _K_D_INIT, "self.dcgan = DCGANDiscriminator(channels + num_classes, image_size)", 2),
        ("conditional_gan.discriminator", "ConditionalDiscriminator",
         "batch_norm=False (topic 07's critic) in a BCE discriminator",
         _K_D_INIT, "self.dcgan = DCGANDiscriminator(channels + num_classes, image_size, width, "
         "batch_norm=False)", 2),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "tanh on the logits",
         _K_D_RET, "return ops.tanh(self.dcgan(xy, training=training))", 3),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "returns (logits, planes)",
         _K_D_RET, "return self.dcgan(xy, training=training), planes", 6),
        # ---------------------------------------------------------------- discriminator_step
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "D called without training=True: inference-mode batch norm in the D step",
         "        loss = discriminator_loss(discriminator(real, one_hot, training=True),\n"
         "                                  discriminator(fake, one_hot, training=True))\n",
         "        loss = discriminator_loss(discriminator(real, one_hot),\n"
         "                                  discriminator(fake, one_hot))\n", 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "G frozen (trainable = False) and never unfrozen: G then has no trainable variables",
         "    fake = generator(z, one_hot, training=True)  # (B, H, W, C), made outside the tape\n",
         "    generator.trainable = False  # keep D's loss out of G\n"
         "    fake = generator(z, one_hot, training=True)\n", 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "real and fake scored in one concatenated batch: BN mixes their statistics",
         "        loss = discriminator_loss(discriminator(real, one_hot, training=True),\n"
         "                                  discriminator(fake, one_hot, training=True))\n",
         "        logits = discriminator(ops.concatenate([real, fake]), ops.concatenate([one_hot, one_hot]),"
         "\n"
         "                               training=True)\n"
         "        half = ops.shape(real)[0]\n"
         "        loss = discriminator_loss(logits[:half], logits[half:])\n", 5),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "fakes made for fresh random labels (and scored with them)",
         "    fake = generator(z, one_hot, training=True)  # (B, H, W, C), made outside the tape\n"
         "    with tf.GradientTape() as tape:\n"
         "        loss = discriminator_loss(discriminator(real, one_hot, training=True),\n"
         "                                  discriminator(fake, one_hot, training=True))\n",
         _K_FRESH.replace("one_hot = ops.one_hot", "fake_labels = ops.one_hot")
         + "    fake = generator(z, fake_labels, training=True)\n"
         "    with tf.GradientTape() as tape:\n"
         "        loss = discriminator_loss(discriminator(real, one_hot, training=True),\n"
         "                                  discriminator(fake, fake_labels, training=True))\n", 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "gradients applied twice",
         "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n"
         "    return loss\n    ### END SOLUTION\n\n\n# %% generator_step",
         "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables))\n"
         "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables))\n"
         "    return loss\n    ### END SOLUTION\n\n\n# %% generator_step", 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "returns loss.numpy() inside a tf.function",
         "    return loss\n    ### END SOLUTION\n\n\n# %% generator_step",
         "    return loss.numpy()\n    ### END SOLUTION\n\n\n# %% generator_step", 1),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "returns (loss, gradients)",
         "    return loss\n    ### END SOLUTION\n\n\n# %% generator_step",
         "    return loss, gradients\n    ### END SOLUTION\n\n\n# %% generator_step", 6),
        # ---------------------------------------------------------------- generator_step
        ("conditional_gan.generator_step", "conditional_generator_step",
         "D called without training=True in the G step: inference-mode batch norm",
         "loss = generator_loss(discriminator(fake, one_hot, training=True))",
         "loss = generator_loss(discriminator(fake, one_hot))", 4),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "D frozen (trainable = False) and never unfrozen: D stops learning",
         "    with tf.GradientTape() as tape:\n        fake = generator(z, one_hot, training=True)  # (B, H, "
         "W, C)\n",
         "    discriminator.trainable = False  # D must not move\n"
         "    with tf.GradientTape() as tape:\n        fake = generator(z, one_hot, training=True)\n", 4),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "fresh random labels for G and D in the G step",
         "    with tf.GradientTape() as tape:\n        fake = generator(z, one_hot, training=True)  # (B, H, "
         "W, C)\n",
         _K_FRESH + "    with tf.GradientTape() as tape:\n        fake = generator(z, one_hot, training=True)"
                    "\n", 4),
        ("conditional_gan.generator_step", "conditional_generator_step", "gradients applied twice",
         "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n",
         "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables))\n"
         "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables))\n", 4),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "fakes made outside the tape: no gradient reaches G",
         "    with tf.GradientTape() as tape:\n        fake = generator(z, one_hot, training=True)  # (B, H, "
         "W, C)\n",
         "    fake = generator(z, one_hot, training=True)\n    with tf.GradientTape() as tape:\n", 4),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "tf.stop_gradient on the fakes",
         "loss = generator_loss(discriminator(fake, one_hot, training=True))",
         "loss = generator_loss(discriminator(tf.stop_gradient(fake), one_hot, training=True))", 1),
        ("conditional_gan.generator_step", "conditional_generator_step", "returns (loss, fakes)",
         "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n"
         "    return loss\n",
         "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n"
         "    return loss, fake\n", 6),
    ],
    "chainer": [
        # ---------------------------------------------------------------- label_planes
        ("conditional_gan.label_planes", "label_planes",
         "channels-last broadcast reshaped (not transposed) to channels first: classes mixed",
         _CH_PLANES,
         "    planes = F.reshape(one_hot, (batch, 1, 1, classes))\n"
         "    planes = F.broadcast_to(planes, (batch, height, width, classes))\n"
         "    return F.reshape(planes, (batch, classes, height, width))\n", 5),
        ("conditional_gan.label_planes", "label_planes", "square planes assumed: width ignored",
         "return F.broadcast_to(planes, (batch, classes, height, width))",
         "return F.broadcast_to(planes, (batch, classes, height, height))", 2),
        ("conditional_gan.label_planes", "label_planes",
         "rows repeated along the batch axis, then reshaped: examples and classes mixed",
         _CH_PLANES,
         "    xp = chainer.backend.get_array_module(one_hot)\n"
         "    return xp.repeat(one_hot, height * width, axis=0).reshape(batch, classes, height, width)\n", 5),
        ("conditional_gan.label_planes", "label_planes",
         "np.ones planes are float64: F.concat with float32 images fails in D",
         _CH_PLANES,
         "    return np.ones((batch, classes, height, width)) * one_hot[:, :, None, None]\n", 5),
        ("conditional_gan.label_planes", "label_planes", "returns a tuple of K planes",
         _CH_PLANES,
         "    planes = F.broadcast_to(F.reshape(one_hot, (batch, classes, 1, 1)), (batch, classes, height, wi"
         "dth))\n"
         "    return F.separate(planes, axis=1)\n", 6),
        # ---------------------------------------------------------------- generator
        ("conditional_gan.generator", "ConditionalGenerator",
         "DCGANGenerator assigned outside init_scope: its parameters are not registered",
         _CH_G_INIT,
         "        self.dcgan = DCGANGenerator(channels, image_size, latent_dim + num_classes, width)\n", 5),
        ("conditional_gan.generator", "ConditionalGenerator",
         "tanh added again on DCGANGenerator's tanh: outputs stuck inside (-0.76, 0.76)",
         "return self.dcgan(zy)  # (B, C, H, W) in [-1, 1]", "return F.tanh(self.dcgan(zy))", 3),
        ("conditional_gan.generator", "ConditionalGenerator", "width not passed on to DCGANGenerator",
         "DCGANGenerator(channels, image_size, latent_dim + num_classes, width)",
         "DCGANGenerator(channels, image_size, latent_dim + num_classes)", 2),
        ("conditional_gan.generator", "ConditionalGenerator",
         "forward forced into test mode: G's batch norm never uses batch statistics",
         _CH_G_FWD, "        with chainer.using_config(\"train\", False):\n" + _indent(_CH_G_FWD), 4),
        ("conditional_gan.generator", "ConditionalGenerator", "num_classes hard-coded to 10",
         "DCGANGenerator(channels, image_size, latent_dim + num_classes, width)",
         "DCGANGenerator(channels, image_size, latent_dim + 10, width)", 2),
        ("conditional_gan.generator", "ConditionalGenerator", "returns (images, one_hot)",
         "return self.dcgan(zy)  # (B, C, H, W) in [-1, 1]", "return self.dcgan(zy), one_hot", 6),
        # ---------------------------------------------------------------- discriminator
        ("conditional_gan.discriminator", "ConditionalDiscriminator",
         "DCGANDiscriminator assigned outside init_scope: its parameters are not registered",
         _CH_D_INIT,
         "        self.dcgan = DCGANDiscriminator(channels + num_classes, image_size, width)\n", 5),
        ("conditional_gan.discriminator", "ConditionalDiscriminator",
         "forward forced into test mode: D's batch norm never uses batch statistics",
         _CH_D_FWD, "        with chainer.using_config(\"train\", False):\n" + _indent(_CH_D_FWD), 4),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "width not passed on",
         "DCGANDiscriminator(channels + num_classes, image_size, width)",
         "DCGANDiscriminator(channels + num_classes, image_size)", 2),
        ("conditional_gan.discriminator", "ConditionalDiscriminator",
         "batch_norm=False (topic 07's critic) in a BCE discriminator",
         "DCGANDiscriminator(channels + num_classes, image_size, width)",
         "DCGANDiscriminator(channels + num_classes, image_size, width, batch_norm=False)", 2),
        ("conditional_gan.discriminator", "ConditionalDiscriminator",
         "planes built with np.ones (float64): F.concat with float32 images fails",
         "planes = label_planes(one_hot, images.shape[2], images.shape[3])  # (B, K, H, W)",
         "planes = np.ones((*one_hot.shape, *images.shape[2:])) * one_hot[:, :, None, None]", 5),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "returns (logits, planes)",
         "return self.dcgan(xy)  # (B, 1) logits", "return self.dcgan(xy), planes", 6),
        # ---------------------------------------------------------------- discriminator_step
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "test mode in the D step: BN uses running statistics",
         _CH_DSTEP, _CH_DSTEP.replace("using_config(\"train\", True)", "using_config(\"train\", False)"), 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "cleargrads after the update instead of before: the first update uses Chainer's NaN-filled "
         "fresh gradients (D turns NaN), later ones add the G step's D gradients",
         _CH_DSTEP,
         _CH_DSTEP.replace("    discriminator.cleargrads()\n", "")
         .replace("    d_optimizer.update()\n",
         "    d_optimizer.update()\n    discriminator.cleargrads()\n"), 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "G frozen with disable_update() and never re-enabled: G stops learning",
         "        fake = generator(z, one_hot).array  # (B, C, H, W), a plain array: D's loss cannot reach G"
         "\n",
         "        generator.disable_update()  # keep D's loss out of G\n"
         "        fake = generator(z, one_hot).array\n", 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "real and fake scored in one concatenated batch: BN mixes their statistics",
         "        loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, one_hot))\n"
         "    discriminator.cleargrads()\n",
         "        logits = discriminator(F.concat([real, fake], axis=0), F.concat([one_hot, one_hot], axis=0)"
         ")\n"
         "        loss = discriminator_loss(logits[:len(real)], logits[len(real):])\n"
         "    discriminator.cleargrads()\n", 5),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "returns the loss Variable: fit_gan's float(total) raises TypeError (and each batch's "
         "graph is kept)",
         "    d_optimizer.update()\n    return float(loss.array)\n",
         "    d_optimizer.update()\n    return loss\n", 1),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "fakes made for fresh random labels (and scored with them)",
         "        fake = generator(z, one_hot).array  # (B, C, H, W), a plain array: D's loss cannot reach G"
         "\n"
         "        loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, one_hot))\n",
         _indent(_CH_FRESH.replace("one_hot = xp.eye", "fake_labels = xp.eye"), 4)
         + "        fake = generator(z, fake_labels).array\n"
         "        loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, "
         "fake_labels))\n", 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step", "two updates",
         "    d_optimizer.update()\n    return float(loss.array)\n",
         "    d_optimizer.update()\n    d_optimizer.update()\n    return float(loss.array)\n", 4),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step", "returns (loss, fakes)",
         "    d_optimizer.update()\n    return float(loss.array)\n",
         "    d_optimizer.update()\n    return float(loss.array), fake\n", 6),
        # ---------------------------------------------------------------- generator_step
        ("conditional_gan.generator_step", "conditional_generator_step",
         "test mode in the G step: BN uses running statistics",
         _CH_GSTEP, _CH_GSTEP.replace("using_config(\"train\", True)", "using_config(\"train\", False)"), 4),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "D frozen with disable_update() and never re-enabled: D stops learning",
         "    generator.cleargrads()\n    loss.backward()  # also fills D's gradients",
         "    discriminator.disable_update()  # D must not move\n"
         "    generator.cleargrads()\n    loss.backward()  # also fills D's gradients", 4),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "returns the loss Variable: fit_gan's float(total) raises TypeError (and each batch's "
         "graph is kept)",
         "    g_optimizer.update()  # only G's parameters move\n    return float(loss.array)\n",
         "    g_optimizer.update()\n    return loss\n", 1),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "fresh random labels for G and D in the G step",
         _CH_GSTEP, _CH_FRESH + _CH_GSTEP, 4),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "cleargrads after the update instead of before: the first update uses Chainer's NaN-filled "
         "fresh gradients (G turns NaN)",
         _CH_GSTEP,
         _CH_GSTEP.replace("    generator.cleargrads()\n", "")
         .replace("    g_optimizer.update()  # only G's parameters move\n",
                  "    g_optimizer.update()\n    generator.cleargrads()\n"), 4),
        ("conditional_gan.generator_step", "conditional_generator_step", "two updates",
         "    g_optimizer.update()  # only G's parameters move\n",
         "    g_optimizer.update()\n    g_optimizer.update()\n", 4),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "D's gradients cleared instead of G's: G accumulates across calls",
         "    generator.cleargrads()\n    loss.backward()  # also fills D's gradients",
         "    discriminator.cleargrads()\n    loss.backward()  # also fills D's gradients", 4),
        ("conditional_gan.generator_step", "conditional_generator_step", "returns (loss, fakes)",
         "    g_optimizer.update()  # only G's parameters move\n    return float(loss.array)\n",
         "    g_optimizer.update()\n    return float(loss.array), generator(z, one_hot).array\n", 6),
    ],
}

VARIANTS = {
    "pytorch": [
        ("conditional_gan.label_planes", "label_planes", "repeat(1, 1, H, W) copy",
         _PT_PLANES, "one_hot[:, :, None, None].repeat(1, 1, height, width)"),
        ("conditional_gan.label_planes", "label_planes",
         "repeat_interleave along the class axis then view: copies already in (K, H, W) order",
         _PT_PLANES,
         "one_hot.repeat_interleave(height * width, dim=1).view(len(one_hot), -1, height, width)"),
        ("conditional_gan.label_planes", "label_planes", "channels-last broadcast then permute",
         _PT_PLANES, "one_hot[:, None, None, :].expand(-1, height, width, -1).permute(0, 3, 1, 2)"),
        ("conditional_gan.label_planes", "label_planes", "multiply by ones on the same device",
         _PT_PLANES,
         "one_hot.view(*one_hot.shape, 1, 1) * torch.ones(height, width, device=one_hot.device)"),
        ("conditional_gan.generator", "ConditionalGenerator", "[one_hot, z] order (columns permuted)",
         _PT_G_CAT, "zy = torch.cat([one_hot, z], dim=1)"),
        ("conditional_gan.generator", "ConditionalGenerator", "torch.hstack / keyword arguments",
         _PT_G_INIT + "\n        ### END SOLUTION\n\n    def forward(self, z, one_hot):\n"
         "        ### BEGIN SOLUTION\n        " + _PT_G_CAT,
         "self.dcgan = DCGANGenerator(channels=channels, image_size=image_size,\n"
         "                                   latent_dim=latent_dim + num_classes, width=width)\n\n"
         "    def forward(self, z, one_hot):\n"
         "        zy = torch.hstack([z, one_hot])"),
        ("conditional_gan.generator", "ConditionalGenerator", "cat along dim=-1",
         _PT_G_CAT, "zy = torch.cat((z, one_hot), -1)"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "[planes, images] order",
         _PT_D_CAT, "xy = torch.cat([planes, images], dim=1)"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "size from images.shape[-2:]",
         _PT_D_PLANES, "planes = label_planes(one_hot, *images.shape[-2:])"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "planes inline with expand",
         _PT_D_PLANES,
         "planes = one_hot[:, :, None, None].expand(-1, -1, images.size(2), images.size(3))"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "fakes made under torch.no_grad()",
         "    fake = generator(z, one_hot).detach()  # (B, C, H, W); detached: D's loss must not reach G\n",
         "    with torch.no_grad():\n        fake = generator(z, one_hot)\n"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "discriminator.zero_grad(set_to_none=True), float(loss)",
         _PT_DSTEP,
         _PT_DSTEP.replace("d_optimizer.zero_grad()", "discriminator.zero_grad(set_to_none=True)")
         .replace("return loss.item()", "return float(loss)")),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "BCE-with-logits written out, real and fake terms separately",
         "    loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, one_hot))\n",
         "    real_logits = discriminator(real, one_hot)\n"
         "    fake_logits = discriminator(fake, one_hot)\n"
         "    loss = (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))\n"
         "            + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))\n"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "G frozen with requires_grad_(False) and unfrozen again",
         "    fake = generator(z, one_hot).detach()  # (B, C, H, W); detached: D's loss must not reach G\n",
         "    generator.requires_grad_(False)\n"
         "    fake = generator(z, one_hot)\n"
         "    generator.requires_grad_(True)\n"),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "generator.zero_grad(), float(loss)",
         _PT_GSTEP, _PT_GSTEP.replace("g_optimizer.zero_grad()", "generator.zero_grad()")
         .replace("return loss.item()", "return float(loss)")),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "zero_grad after the step: G's gradients are only ever filled by this step (fakes detached "
         "in the D step) and start as None",
         _PT_GSTEP,
         _PT_GSTEP.replace("    g_optimizer.zero_grad()\n", "")
         .replace("    g_optimizer.step()  # only G's parameters move\n",
                  "    g_optimizer.step()\n    g_optimizer.zero_grad()\n")),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "D frozen during the G step and unfrozen afterwards",
         "    g_optimizer.zero_grad()\n    loss = generator_loss(discriminator(generator(z, one_hot), one_hot"
         "))\n"
         "    loss.backward()  # also fills D's .grad; the next discriminator step clears them first\n",
         "    g_optimizer.zero_grad()\n"
         "    discriminator.requires_grad_(False)\n"
         "    loss = generator_loss(discriminator(generator(z, one_hot), one_hot))\n"
         "    loss.backward()\n"
         "    discriminator.requires_grad_(True)\n"),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "BCE-with-logits written out with target 1, fakes in a variable",
         "    loss = generator_loss(discriminator(generator(z, one_hot), one_hot))\n",
         "    fake = generator(z, one_hot)\n"
         "    logits = discriminator(fake, one_hot)\n"
         "    loss = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))\n"),
    ],
    "keras": [
        ("conditional_gan.label_planes", "label_planes", "broadcast_to with ops.shape (dynamic batch)",
         _K_PLANES,
         "    planes = ops.reshape(one_hot, (-1, 1, 1, one_hot.shape[-1]))\n"
         "    return ops.broadcast_to(planes, (ops.shape(one_hot)[0], height, width, one_hot.shape[-1]))\n"),
        ("conditional_gan.label_planes", "label_planes",
         "each row repeated H*W times along the batch axis, then reshaped: (B, H, W, K) order",
         _K_PLANES,
         "    planes = ops.repeat(one_hot, height * width, axis=0)\n"
         "    return ops.reshape(planes, (-1, height, width, one_hot.shape[-1]))\n"),
        ("conditional_gan.label_planes", "label_planes", "multiply by a (H, W, 1) block of ones",
         _K_PLANES,
         "    return one_hot[:, None, None, :] * ops.ones((height, width, 1))\n"),
        ("conditional_gan.label_planes", "label_planes", "tf.tile on tf.reshape",
         _K_PLANES,
         "    planes = tf.reshape(one_hot, (-1, 1, 1, one_hot.shape[-1]))\n"
         "    return tf.tile(planes, [1, height, width, 1])\n"),
        ("conditional_gan.generator", "ConditionalGenerator", "[one_hot, z] order",
         "zy = ops.concatenate([z, one_hot], axis=1)", "zy = ops.concatenate([one_hot, z], axis=1)"),
        ("conditional_gan.generator", "ConditionalGenerator", "axis=-1 and training propagated",
         "zy = ops.concatenate([z, one_hot], axis=1)  # (B, latent_dim + K)\n        " + _K_G_RET,
         "zy = ops.concatenate([z, one_hot], axis=-1)\n        return self.dcgan(zy)"),
        ("conditional_gan.generator", "ConditionalGenerator", "layers.Concatenate",
         "zy = ops.concatenate([z, one_hot], axis=1)", "zy = keras.layers.Concatenate()([z, one_hot])"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "[planes, images] order",
         "xy = ops.concatenate([images, planes], axis=-1)",
         "xy = ops.concatenate([planes, images], axis=-1)"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "call without training=",
         _K_D_RET, "return self.dcgan(xy)"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "axis=3",
         "xy = ops.concatenate([images, planes], axis=-1)", "xy = ops.concatenate([images, planes], axis=3)"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "fakes made inside the tape (only D's gradients are taken)",
         "    fake = generator(z, one_hot, training=True)  # (B, H, W, C), made outside the tape\n"
         "    with tf.GradientTape() as tape:\n",
         "    with tf.GradientTape() as tape:\n"
         "        fake = generator(z, one_hot, training=True)\n"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "optimizer.apply(gradients, variables)",
         "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_variables, strict=True))\n",
         "    d_optimizer.apply(gradients, discriminator.trainable_variables)\n"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "BCE written with keras.losses, trainable_weights",
         _K_DSTEP,
         "    fake = tf.stop_gradient(generator(z, one_hot, training=True))\n"
         "    bce = keras.losses.BinaryCrossentropy(from_logits=True)\n"
         "    with tf.GradientTape() as tape:\n"
         "        real_logits = discriminator(real, one_hot, training=True)\n"
         "        fake_logits = discriminator(fake, one_hot, training=True)\n"
         "        loss = (bce(ops.ones_like(real_logits), real_logits)\n"
         "                + bce(ops.zeros_like(fake_logits), fake_logits))\n"
         "    gradients = tape.gradient(loss, discriminator.trainable_weights)\n"
         "    d_optimizer.apply_gradients(zip(gradients, discriminator.trainable_weights))\n"
         "    return loss\n"),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "optimizer.apply(gradients, variables)",
         "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables, strict=True))\n",
         "    g_optimizer.apply(gradients, generator.trainable_variables)\n"),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "gradient taken inside the with block, persistent tape",
         _K_GSTEP,
         "    with tf.GradientTape(persistent=True) as tape:\n"
         "        loss = generator_loss(discriminator(generator(z, one_hot, training=True), one_hot,\n"
         "                                            training=True))\n"
         "        gradients = tape.gradient(loss, generator.trainable_variables)\n"
         "    g_optimizer.apply_gradients(zip(gradients, generator.trainable_variables))\n"
         "    return loss\n"),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "BCE written with keras.losses against ones",
         "        loss = generator_loss(discriminator(fake, one_hot, training=True))\n",
         "        logits = discriminator(fake, one_hot, training=True)\n"
         "        loss = keras.losses.BinaryCrossentropy(from_logits=True)(ops.ones_like(logits), logits)\n"),
    ],
    "chainer": [
        ("conditional_gan.label_planes", "label_planes", "F.tile with two repetitions (last two axes)",
         "    return F.broadcast_to(planes, (batch, classes, height, width))  # (B, K, H, W)\n",
         "    return F.tile(planes, (height, width))\n"),
        ("conditional_gan.label_planes", "label_planes",
         "xp.repeat along the class axis then reshape: copies in (K, H, W) order",
         _CH_PLANES,
         "    xp = chainer.backend.get_array_module(one_hot)\n"
         "    return xp.repeat(one_hot, height * width, axis=1).reshape(batch, classes, height, width)\n"),
        ("conditional_gan.label_planes", "label_planes", "channels-last broadcast then F.transpose",
         _CH_PLANES,
         "    planes = F.broadcast_to(F.reshape(one_hot, (batch, 1, 1, classes)), (batch, height, width, clas"
         "ses))\n"
         "    return F.transpose(planes, (0, 3, 1, 2))\n"),
        ("conditional_gan.label_planes", "label_planes", "indexing with None and F.broadcast_to",
         _CH_PLANES,
         "    return F.broadcast_to(one_hot[:, :, None, None], (batch, classes, height, width))\n"),
        ("conditional_gan.generator", "ConditionalGenerator", "[one_hot, z] order",
         "zy = F.concat([z, one_hot], axis=1)", "zy = F.concat([one_hot, z], axis=1)"),
        ("conditional_gan.generator", "ConditionalGenerator", "F.hstack",
         "zy = F.concat([z, one_hot], axis=1)", "zy = F.hstack((z, one_hot))"),
        ("conditional_gan.generator", "ConditionalGenerator", "self.dcgan assigned via add_link",
         _CH_G_INIT,
         "        self.add_link(\"dcgan\", DCGANGenerator(channels, image_size, latent_dim + num_classes, wid"
         "th))\n"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "[planes, images] order",
         "xy = F.concat([images, planes], axis=1)", "xy = F.concat([planes, images], axis=1)"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "size from images.shape[2:]",
         "planes = label_planes(one_hot, images.shape[2], images.shape[3])",
         "planes = label_planes(one_hot, *images.shape[2:])"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "self.dcgan assigned via add_link",
         _CH_D_INIT,
         "        self.add_link(\"dcgan\", DCGANDiscriminator(channels + num_classes, image_size, width))\n"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "fakes made in no_backprop_mode",
         "        fake = generator(z, one_hot).array  # (B, C, H, W), a plain array: D's loss cannot reach G"
         "\n",
         "        with chainer.no_backprop_mode():\n            fake = generator(z, one_hot)\n"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "fakes cut from the graph with unchain_backward()",
         "        fake = generator(z, one_hot).array  # (B, C, H, W), a plain array: D's loss cannot reach G"
         "\n",
         "        fake = generator(z, one_hot)\n        fake.unchain_backward()\n"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "optimizer.update(lossfun): clears D's grads, backward, update",
         "    discriminator.cleargrads()\n    loss.backward()\n    d_optimizer.update()\n",
         "    d_optimizer.update(lambda: loss)\n"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "G's updates disabled during the D step and enabled again",
         "        fake = generator(z, one_hot).array  # (B, C, H, W), a plain array: D's loss cannot reach G"
         "\n",
         "        generator.disable_update()\n"
         "        fake = generator(z, one_hot).array\n"
         "        generator.enable_update()\n"),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "optimizer.update(lossfun)",
         "    generator.cleargrads()\n    loss.backward()  # also fills D's gradients; the next discriminator"
         " step clears them first\n"
         "    g_optimizer.update()  # only G's parameters move\n",
         "    g_optimizer.update(lambda: loss)\n"),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "D's updates disabled during the G step and enabled again",
         "    generator.cleargrads()\n    loss.backward()  # also fills D's gradients; the next discriminator"
         " step clears them first\n"
         "    g_optimizer.update()  # only G's parameters move\n",
         "    discriminator.disable_update()\n"
         "    generator.cleargrads()\n    loss.backward()\n    g_optimizer.update()\n"
         "    discriminator.enable_update()\n"),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "BCE written as softplus(-logits), fakes in a variable",
         "        loss = generator_loss(discriminator(generator(z, one_hot), one_hot))\n",
         "        fake = generator(z, one_hot)\n"
         "        loss = F.mean(F.softplus(-discriminator(fake, one_hot)))\n"),
    ],
}

# Found by the second independent catalogue (holdout): accepted mistakes, then a grader fix.
MUTANTS["pytorch"].append(
    ("conditional_gan.discriminator", "ConditionalDiscriminator",
     "images detached inside D: G's step gets no gradient",
     _PT_D_CAT, "xy = torch.cat([images.detach(), planes], dim=1)", 4))
MUTANTS["keras"].append(
    ("conditional_gan.discriminator", "ConditionalDiscriminator",
     "stop_gradient on the images: G's step gets no gradient",
     "xy = ops.concatenate([images, planes], axis=-1)",
     "xy = ops.concatenate([ops.stop_gradient(images), planes], axis=-1)", 4))
MUTANTS["chainer"].append(
    ("conditional_gan.discriminator", "ConditionalDiscriminator",
     "images taken as plain arrays: G's step gets no gradient",
     "xy = F.concat([images, planes], axis=1)",
     "xy = F.concat([chainer.as_array(images), planes], axis=1)", 4))
