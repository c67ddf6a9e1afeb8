"""More test cases for topic 10_munit: realistic mistakes, one per row with its hole class
(``cases.HOLE_CLASSES``), and correct answers written another way (``VARIANTS``)."""

_SOLVE_TORCH_LN = ("        flat = x.flatten(1)  # (B, C*H*W)\n"
                   "        mean = flat.mean(1).view(-1, 1, 1, 1)\n"
                   "        std = flat.std(1).view(-1, 1, 1, 1)  # unbiased, as torch.std is by default\n")
_G_CYCLE_TORCH = ("            recon_loss(gen_a.decode(c_a_recon, s_a_prime), x_a)\n"
                  "            + recon_loss(gen_b.decode(c_b_recon, s_b_prime), x_b))")
_G_CYCLE_KERAS = ("                recon_loss(gen_a.decode(c_a_recon, s_a_prime, training=True), x_a)\n"
                  "                + recon_loss(gen_b.decode(c_b_recon, s_b_prime, training=True), x_b))")
_G_CYCLE_CHAINER = ("                recon_loss(gen_a.decode(c_a_recon, s_a_prime), x_a)\n"
                    "                + recon_loss(gen_b.decode(c_b_recon, s_b_prime), x_b))")

MUTANTS = {
    "pytorch": [
        ("munit.layer_norm", "LayerNorm", "gamma initialised to 1",
         "self.gamma = nn.Parameter(torch.rand(channels))",
         "self.gamma = nn.Parameter(torch.ones(channels))", 5),
        ("munit.layer_norm", "LayerNorm", "eps fixed at 1e-5",
         "x = (x - mean) / (std + self.eps)", "x = (x - mean) / (std + 1e-5)", 2),
        ("munit.layer_norm", "LayerNorm", "the std detached",
         "std = flat.std(1).view(-1, 1, 1, 1)", "std = flat.std(1).detach().view(-1, 1, 1, 1)", 5),
        ("munit.layer_norm", "LayerNorm", "F.layer_norm over C, H, W, then gamma and beta",
         _SOLVE_TORCH_LN + "        x = (x - mean) / (std + self.eps)\n",
         "        x = torch.nn.functional.layer_norm(x, x.shape[1:], eps=self.eps)\n", 5),
        ("munit.adain", "adain", "eps fixed at 1e-5",
         "torch.sqrt(var + eps)", "torch.sqrt(var + 1e-5)", 2),
        ("munit.adain", "adain", "each image's statistics over all its channels",
         "    mu = x.mean((2, 3), keepdim=True)\n    var = x.var((2, 3), unbiased=False, keepdim=True)",
         "    mu = x.mean((1, 2, 3), keepdim=True)\n"
         "    var = x.var((1, 2, 3), unbiased=False, keepdim=True)", 5),
        ("munit.adain_res_block", "AdaINResBlock", "params read as [mean1, mean2, std1, std2]",
         "mean1, std1, mean2, std2 = params.split(self.channels, dim=1)",
         "mean1, mean2, std1, std2 = params.split(self.channels, dim=1)", 5),
        ("munit.adain_res_block", "AdaINResBlock", "params detached: the MLP gets no gradient",
         "params.split(self.channels, dim=1)", "params.detach().split(self.channels, dim=1)", 1),
        ("munit.adain_res_block", "AdaINResBlock", "a ReLU after the second AdaIN",
         "return x + adain(self.conv2(h), mean2, std2)",
         "return x + torch.relu(adain(self.conv2(h), mean2, std2))", 3),
        ("munit.decoder", "Decoder", "adain_params detached",
         "        x = content\n        for i, block",
         "        x = content\n        adain_params = adain_params.detach()\n        for i, block", 1),
        ("munit.decoder", "Decoder", "the content code detached",
         "        x = content\n        for i, block",
         "        x = content.detach()\n        for i, block", 1),
        ("munit.translate", "translate_with_styles", "the images rebuilt in their own domain",
         "        return gen_target.decode(content, styles)", "        return gen_source(images)", 5),
        ("munit.generator_step", "munit_generator_step", "the cycle with the random styles",
         _G_CYCLE_TORCH, _G_CYCLE_TORCH.replace("s_a_prime", "s_a").replace("s_b_prime", "s_b"), 5),
        ("munit.generator_step", "munit_generator_step", "only gen_a's optimizer stepped",
         "    for optimizer in g_optimizers:\n        optimizer.step()",
         "    g_optimizers[0].step()", 4),
        ("munit.generator_step", "munit_generator_step", "the loss tensor returned",
         "    return loss.item()\n    ### END SOLUTION\n\n\n# %% discriminator_step save",
         "    return loss\n    ### END SOLUTION\n\n\n# %% discriminator_step save", 6),
        ("munit.generator_step", "munit_generator_step", "each translation judged by the other D",
         "(multiscale_lsgan_loss(dis_a(x_ba), True)\n"
         "                              + multiscale_lsgan_loss(dis_b(x_ab), True))",
         "(multiscale_lsgan_loss(dis_b(x_ba), True)\n"
         "                              + multiscale_lsgan_loss(dis_a(x_ab), True))", 5),
        ("munit.generator_step", "munit_generator_step", "the generators in eval mode",
         "        network.train()", "        network.eval()", 4),
        ("munit.discriminator_step", "munit_discriminator_step", "the fakes made with swapped styles",
         "        x_ba = gen_a.decode(gen_b.encode(x_b)[0], s_a)\n"
         "        x_ab = gen_b.decode(gen_a.encode(x_a)[0], s_b)",
         "        x_ba = gen_a.decode(gen_b.encode(x_b)[0], s_b)\n"
         "        x_ab = gen_b.decode(gen_a.encode(x_a)[0], s_a)", 5),
        ("munit.discriminator_step", "munit_discriminator_step", "the loss halved",
         "    loss = gan_weight * (multiscale_lsgan_loss(dis_a(x_ba), False)",
         "    loss = 0.5 * gan_weight * (multiscale_lsgan_loss(dis_a(x_ba), False)", 1),
        ("munit.discriminator_step", "munit_discriminator_step", "only dis_a's optimizer stepped",
         "    for optimizer in d_optimizers:\n        optimizer.step()",
         "    d_optimizers[0].step()", 4),
        ("munit.discriminator_step", "munit_discriminator_step", "the loss tensor returned",
         "    return loss.item()\n    ### END SOLUTION\n\n\n# %% munit_step save",
         "    return loss\n    ### END SOLUTION\n\n\n# %% munit_step save", 6),
    ],
    "keras": [
        ("munit.layer_norm", "LayerNorm", "gamma initialised to 1",
         "initializer=keras.initializers.RandomUniform(0.0, 1.0))", "initializer=\"ones\")", 5),
        ("munit.layer_norm", "LayerNorm", "eps fixed at 1e-5",
         "x = (x - mean) / (std + self.eps)", "x = (x - mean) / (std + 1e-5)", 2),
        ("munit.layer_norm", "LayerNorm", "ops.std: the biased std",
         "        std = ops.sqrt(ops.sum(ops.square(x - mean), axis=(1, 2, 3), keepdims=True)\n"
         "                       / (n - 1))  # unbiased, as torch.std is by default",
         "        std = ops.std(x, axis=(1, 2, 3), keepdims=True)", 5),
        ("munit.layer_norm", "LayerNorm", "the mean behind stop_gradient",
         "mean = ops.mean(x, axis=(1, 2, 3), keepdims=True)  # (B, 1, 1, 1)",
         "mean = ops.stop_gradient(ops.mean(x, axis=(1, 2, 3), keepdims=True))", 5),
        ("munit.adain", "adain", "eps fixed at 1e-5",
         "ops.sqrt(var + eps)", "ops.sqrt(var + 1e-5)", 2),
        ("munit.adain", "adain", "the statistics behind stop_gradient",
         "    mu = ops.mean(x, axis=(1, 2), keepdims=True)  # (B, 1, 1, C)\n"
         "    var = ops.var(x, axis=(1, 2), keepdims=True)  # biased",
         "    mu = ops.stop_gradient(ops.mean(x, axis=(1, 2), keepdims=True))\n"
         "    var = ops.stop_gradient(ops.var(x, axis=(1, 2), keepdims=True))", 5),
        ("munit.adain", "adain", "each image's statistics over all its channels",
         "    mu = ops.mean(x, axis=(1, 2), keepdims=True)  # (B, 1, 1, C)\n"
         "    var = ops.var(x, axis=(1, 2), keepdims=True)  # biased",
         "    mu = ops.mean(x, axis=(1, 2, 3), keepdims=True)\n"
         "    var = ops.var(x, axis=(1, 2, 3), keepdims=True)", 5),
        ("munit.adain_res_block", "AdaINResBlock", "params read as [mean1, mean2, std1, std2]",
         "mean1, std1, mean2, std2 = ops.split(params, 4, axis=1)",
         "mean1, mean2, std1, std2 = ops.split(params, 4, axis=1)", 5),
        ("munit.adain_res_block", "AdaINResBlock", "no ReLU between the AdaINs",
         "h = ops.relu(adain(self.conv1(x, training=training), mean1, std1))",
         "h = adain(self.conv1(x, training=training), mean1, std1)", 3),
        ("munit.adain_res_block", "AdaINResBlock", "both AdaINs with the first parameters",
         "mean1, std1, mean2, std2 = ops.split(params, 4, axis=1)",
         "mean1, std1, _, _ = ops.split(params, 4, axis=1)\n        mean2, std2 = mean1, std1", 5),
        ("munit.decoder", "Decoder", "every block on the content code",
         "x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels],",
         "x = block(content, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels],", 5),
        ("munit.decoder", "Decoder", "the last slice for every block",
         "x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels],",
         "x = block(x, adain_params[:, -4 * block.channels:],", 5),
        ("munit.translate", "translate_with_styles", "the images rebuilt in their own domain",
         "    return gen_target.decode(content, styles, training=False)",
         "    return gen_source(images, training=False)", 5),
        ("munit.generator_step", "munit_generator_step", "the cycle terms never added",
         "        if weights[\"recon_x_cyc\"] > 0:", "        if False:", 2),
        ("munit.generator_step", "munit_generator_step", "the cycle with the random styles",
         _G_CYCLE_KERAS, _G_CYCLE_KERAS.replace("s_a_prime", "s_a").replace("s_b_prime", "s_b"), 5),
        ("munit.generator_step", "munit_generator_step", "the content encoders in inference mode",
         "        c_a, s_a_prime = gen_a.encode(x_a, training=True)  # each image's own content, style\n"
         "        c_b, s_b_prime = gen_b.encode(x_b, training=True)",
         "        c_a, s_a_prime = gen_a.encode(x_a)\n        c_b, s_b_prime = gen_b.encode(x_b)", 4),
        ("munit.generator_step", "munit_generator_step", "the cycle weight not applied",
         "            loss = loss + weights[\"recon_x_cyc\"] * (", "            loss = loss + (", 2),
        ("munit.discriminator_step", "munit_discriminator_step", "the loss halved",
         "        loss = gan_weight * (multiscale_lsgan_loss(dis_a(x_ba, training=True), False)",
         "        loss = 0.5 * gan_weight * (multiscale_lsgan_loss(dis_a(x_ba, training=True), False)", 1),
        ("munit.discriminator_step", "munit_discriminator_step", "the fakes with the images' own styles",
         "    x_ba = gen_a.decode(gen_b.encode(x_b, training=True)[0], s_a, training=True)\n"
         "    x_ab = gen_b.decode(gen_a.encode(x_a, training=True)[0], s_b, training=True)",
         "    x_ba = gen_a.decode(gen_b.encode(x_b, training=True)[0], gen_a.encode(x_a)[1],\n"
         "                        training=True)\n"
         "    x_ab = gen_b.decode(gen_a.encode(x_a, training=True)[0], gen_b.encode(x_b)[1],\n"
         "                        training=True)", 5),
        ("munit.discriminator_step", "munit_discriminator_step", "float(loss) inside the tf.function",
         "    return loss\n    ### END SOLUTION\n\n\n# %% munit_step save",
         "    return float(loss)\n    ### END SOLUTION\n\n\n# %% munit_step save", 6),
    ],
    "chainer": [
        ("munit.layer_norm", "LayerNorm", "gamma initialised to 1",
         "self.gamma = chainer.Parameter(np.random.uniform(0, 1, channels).astype(np.float32))",
         "self.gamma = chainer.Parameter(np.ones(channels, np.float32))", 5),
        ("munit.layer_norm", "LayerNorm", "eps fixed at 1e-5",
         "x = (x - mean) / (F.sqrt(variance) + self.eps)", "x = (x - mean) / (F.sqrt(variance) + 1e-5)",
         2),
        ("munit.layer_norm", "LayerNorm", "the variance's array: no gradient through it",
         "x = (x - mean) / (F.sqrt(variance) + self.eps)",
         "x = (x - mean) / (F.sqrt(variance.array) + self.eps)", 5),
        ("munit.adain", "adain", "eps fixed at 1e-5",
         "F.sqrt(variance + eps)", "F.sqrt(variance + 1e-5)", 2),
        ("munit.adain", "adain", "the statistics' arrays",
         "return std[:, :, None, None] * (x - mu) / F.sqrt(variance + eps) + mean[:, :, None, None]",
         "return std[:, :, None, None] * (x - mu.array) / F.sqrt(variance.array + eps)"
         " + mean[:, :, None, None]", 5),
        ("munit.adain", "adain", "each image's statistics over all its channels",
         "    mu = F.mean(x, axis=(2, 3), keepdims=True)  # (B, C, 1, 1)\n"
         "    variance = F.mean(F.square(x - mu), axis=(2, 3), keepdims=True)  # biased",
         "    mu = F.mean(x, axis=(1, 2, 3), keepdims=True)\n"
         "    variance = F.mean(F.square(x - mu), axis=(1, 2, 3), keepdims=True)", 5),
        ("munit.adain_res_block", "AdaINResBlock", "params read as [mean1, mean2, std1, std2]",
         "mean1, std1, mean2, std2 = F.split_axis(params, 4, axis=1)",
         "mean1, mean2, std1, std2 = F.split_axis(params, 4, axis=1)", 5),
        ("munit.adain_res_block", "AdaINResBlock", "no ReLU between the AdaINs",
         "h = F.relu(adain(self.conv1(x), mean1, std1))", "h = adain(self.conv1(x), mean1, std1)", 3),
        ("munit.decoder", "Decoder", "the blocks skipped",
         "        return self.upsample(x)\n        ### END SOLUTION",
         "        return self.upsample(content)\n        ### END SOLUTION", 5),
        ("munit.decoder", "Decoder", "adain_params' array: the MLP gets no gradient",
         "        x = content\n        for i, block",
         "        x = content\n        adain_params = chainer.as_array(adain_params)\n"
         "        for i, block", 1),
        ("munit.translate", "translate_with_styles", "the images rebuilt in their own domain",
         "return gen_target.decode(content, styles).array", "return gen_source(images).array", 5),
        ("munit.generator_step", "munit_generator_step", "only gen_a's optimizer updated",
         "    for optimizer in g_optimizers:\n        optimizer.update()",
         "    g_optimizers[0].update()", 4),
        ("munit.generator_step", "munit_generator_step", "test mode",
         "    with chainer.using_config(\"train\", True):\n        c_a, s_a_prime",
         "    with chainer.using_config(\"train\", False):\n        c_a, s_a_prime", 4),
        ("munit.generator_step", "munit_generator_step", "the Variable returned",
         "    return float(loss.array)\n    ### END SOLUTION\n\n\n# %% discriminator_step save",
         "    return loss\n    ### END SOLUTION\n\n\n# %% discriminator_step save", 6),
        ("munit.generator_step", "munit_generator_step", "the cycle with the random styles",
         _G_CYCLE_CHAINER, _G_CYCLE_CHAINER.replace("s_a_prime", "s_a").replace("s_b_prime", "s_b"), 5),
        ("munit.generator_step", "munit_generator_step", "the cycle terms never added",
         "        if weights[\"recon_x_cyc\"] > 0:", "        if False:", 2),
        ("munit.discriminator_step", "munit_discriminator_step", "the fakes made with swapped styles",
         "        x_ba = gen_a.decode(gen_b.encode(x_b)[0], s_a).array  # (B, C, H, W), a plain array\n"
         "        x_ab = gen_b.decode(gen_a.encode(x_a)[0], s_b).array",
         "        x_ba = gen_a.decode(gen_b.encode(x_b)[0], s_b).array\n"
         "        x_ab = gen_b.decode(gen_a.encode(x_a)[0], s_a).array", 5),
        ("munit.discriminator_step", "munit_discriminator_step", "the loss halved",
         "        loss = gan_weight * (multiscale_lsgan_loss(dis_a(x_ba), False)",
         "        loss = 0.5 * gan_weight * (multiscale_lsgan_loss(dis_a(x_ba), False)", 1),
        ("munit.discriminator_step", "munit_discriminator_step", "only dis_a's optimizer updated",
         "    for optimizer in d_optimizers:\n        optimizer.update()\n    return float(loss.array)\n"
         "    ### END SOLUTION\n\n\n# %% munit_step save",
         "    d_optimizers[0].update()\n    return float(loss.array)\n"
         "    ### END SOLUTION\n\n\n# %% munit_step save", 4),
        ("munit.discriminator_step", "munit_discriminator_step", "the Variable returned",
         "    return float(loss.array)\n    ### END SOLUTION\n\n\n# %% munit_step save",
         "    return loss\n    ### END SOLUTION\n\n\n# %% munit_step save", 6),
    ],
}

VARIANTS = {
    "pytorch": [
        ("munit.layer_norm", "LayerNorm", "torch.std_mean over C, H, W",
         _SOLVE_TORCH_LN, "        std, mean = torch.std_mean(x, dim=(1, 2, 3), keepdim=True)\n"),
        ("munit.adain", "adain", "F.instance_norm, then the style",
         "return std[:, :, None, None] * (x - mu) / torch.sqrt(var + eps) + mean[:, :, None, None]",
         "normalised = torch.nn.functional.instance_norm(x, eps=eps)\n"
         "    return normalised * std.unsqueeze(-1).unsqueeze(-1) + mean[..., None, None]"),
        ("munit.adain_res_block", "AdaINResBlock", "params.chunk(4, dim=1)",
         "params.split(self.channels, dim=1)", "params.chunk(4, dim=1)"),
        ("munit.decoder", "Decoder", "the slices from torch.split, zipped with the blocks",
         "        for i, block in enumerate(self.blocks):\n"
         "            x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels])",
         "        slices = adain_params.split(4 * self.blocks[0].channels, dim=1)\n"
         "        for block, params in zip(self.blocks, slices):\n"
         "            x = block(x, params)"),
        ("munit.translate", "translate_with_styles", "the graph kept, the MLP and decoder called",
         "    with torch.no_grad():\n"
         "        content, _ = gen_source.encode(images)  # the source's style is dropped\n"
         "        return gen_target.decode(content, styles)",
         "    content = gen_source.enc_content(images)\n"
         "    return gen_target.dec(content, gen_target.mlp(styles))"),
        ("munit.generator_step", "munit_generator_step", "the networks' zero_grad, gradients zeroed",
         "    for optimizer in g_optimizers:\n        optimizer.zero_grad()\n",
         "    gen_a.zero_grad(set_to_none=False)\n    gen_b.zero_grad(set_to_none=False)\n"),
        ("munit.generator_step", "munit_generator_step", "the terms collected in a list",
         "    loss.backward()  # also fills",
         "    loss = sum([loss])\n    loss.backward()  # also fills"),
        ("munit.discriminator_step", "munit_discriminator_step", "the fakes detached, not made under no_grad",
         "    with torch.no_grad():  # the fakes are inputs here: this step must not train the generators\n"
         "        x_ba = gen_a.decode(gen_b.encode(x_b)[0], s_a)\n"
         "        x_ab = gen_b.decode(gen_a.encode(x_a)[0], s_b)",
         "    x_ba = gen_a.decode(gen_b.encode(x_b)[0], s_a).detach()\n"
         "    x_ab = gen_b.decode(gen_a.encode(x_a)[0], s_b).detach()"),
    ],
    "keras": [
        ("munit.layer_norm", "LayerNorm", "ops.std rescaled to the unbiased one",
         "        std = ops.sqrt(ops.sum(ops.square(x - mean), axis=(1, 2, 3), keepdims=True)\n"
         "                       / (n - 1))  # unbiased, as torch.std is by default",
         "        std = ops.std(x, axis=(1, 2, 3), keepdims=True) * ops.sqrt(n / (n - 1))"),
        ("munit.adain", "adain", "ops.moments",
         "    mu = ops.mean(x, axis=(1, 2), keepdims=True)  # (B, 1, 1, C)\n"
         "    var = ops.var(x, axis=(1, 2), keepdims=True)  # biased",
         "    mu, var = ops.moments(x, axes=(1, 2), keepdims=True)"),
        ("munit.adain_res_block", "AdaINResBlock", "the four slices taken by hand",
         "mean1, std1, mean2, std2 = ops.split(params, 4, axis=1)  # (B, C) each",
         "c = self.channels\n"
         "        mean1, std1, mean2, std2 = (params[:, i * c:(i + 1) * c] for i in range(4))"),
        ("munit.decoder", "Decoder", "ops.split into one slice per block",
         "        for i, block in enumerate(self.blocks):\n"
         "            x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels],\n"
         "                      training=training)",
         "        for block, params in zip(self.blocks, ops.split(adain_params, len(self.blocks), axis=1)):\n"
         "            x = block(x, params, training=training)"),
        ("munit.translate", "translate_with_styles", "NumPy images returned, the MLP and decoder called",
         "    content, _ = gen_source.encode(images, training=False)  # the source's style is dropped\n"
         "    return gen_target.decode(content, styles, training=False)",
         "    content = gen_source.enc_content(images)\n"
         "    return ops.convert_to_numpy(gen_target.dec(content, gen_target.mlp(styles)))"),
        ("munit.generator_step", "munit_generator_step",
         "the gradients of both generators as a pair of lists",
         "    gradients = tape.gradient(loss, a_variables + b_variables)\n"
         "    g_optimizers[0].apply_gradients(zip(gradients[:len(a_variables)], a_variables, strict=True))\n"
         "    g_optimizers[1].apply_gradients(zip(gradients[len(a_variables):], b_variables, strict=True))\n",
         "    grads_a, grads_b = tape.gradient(loss, (a_variables, b_variables))\n"
         "    g_optimizers[0].apply_gradients(zip(grads_a, a_variables))\n"
         "    g_optimizers[1].apply_gradients(zip(grads_b, b_variables))\n"),
        ("munit.discriminator_step", "munit_discriminator_step",
         "the fakes made inside the tape, behind stop_gradient",
         "    x_ba = gen_a.decode(gen_b.encode(x_b, training=True)[0], s_a, training=True)\n"
         "    x_ab = gen_b.decode(gen_a.encode(x_a, training=True)[0], s_b, training=True)\n"
         "    with tf.GradientTape() as tape:\n",
         "    with tf.GradientTape() as tape:\n"
         "        x_ba = ops.stop_gradient(gen_a.decode(gen_b.encode(x_b, training=True)[0], s_a,\n"
         "                                              training=True))\n"
         "        x_ab = ops.stop_gradient(gen_b.decode(gen_a.encode(x_a, training=True)[0], s_b,\n"
         "                                              training=True))\n"),
    ],
    "chainer": [
        ("munit.layer_norm", "LayerNorm", "the biased variance rescaled",
         "variance = F.sum(F.square(x - mean), axis=(1, 2, 3), keepdims=True) / (n - 1)  # unbiased",
         "variance = F.mean(F.square(x - mean), axis=(1, 2, 3), keepdims=True) * n / (n - 1)"),
        ("munit.adain", "adain", "F.reshape and broadcasting",
         "return std[:, :, None, None] * (x - mu) / F.sqrt(variance + eps) + mean[:, :, None, None]",
         "shape = (len(x), x.shape[1], 1, 1)\n"
         "    normalised = (x - mu) / F.sqrt(variance + eps)\n"
         "    return F.reshape(std, shape) * normalised + F.reshape(mean, shape)"),
        ("munit.adain_res_block", "AdaINResBlock", "the four slices taken by hand",
         "mean1, std1, mean2, std2 = F.split_axis(params, 4, axis=1)  # (B, C) each",
         "c = self.channels\n"
         "        mean1, std1, mean2, std2 = (params[:, i * c:(i + 1) * c] for i in range(4))"),
        ("munit.decoder", "Decoder", "F.split_axis into one slice per block",
         "        for i, block in enumerate(self.blocks):\n"
         "            x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels])",
         "        slices = F.split_axis(adain_params, len(self.blocks), axis=1, force_tuple=True)\n"
         "        for block, params in zip(self.blocks, slices):\n"
         "            x = block(x, params)"),
        ("munit.translate", "translate_with_styles", "in test mode, the Variable returned",
         "    with chainer.no_backprop_mode():\n"
         "        content, _ = gen_source.encode(images)  # the source's style is dropped\n"
         "        return gen_target.decode(content, styles).array  # (B, C, H, W)",
         "    with chainer.using_config(\"train\", False):\n"
         "        content, _ = gen_source.encode(images)\n"
         "        return gen_target.decode(content, styles)"),
        ("munit.generator_step", "munit_generator_step", "each optimizer clears its target",
         "    gen_a.cleargrads()\n    gen_b.cleargrads()\n",
         "    for optimizer in g_optimizers:\n        optimizer.target.cleargrads()\n"),
        ("munit.discriminator_step", "munit_discriminator_step",
         "the fakes' arrays taken outside no_backprop_mode",
         "    with chainer.no_backprop_mode():  # the generators' graph is not needed: the fakes are inputs\n"
         "        x_ba = gen_a.decode(gen_b.encode(x_b)[0], s_a).array  # (B, C, H, W), a plain array\n"
         "        x_ab = gen_b.decode(gen_a.encode(x_a)[0], s_b).array\n",
         "    x_ba = gen_a.decode(gen_b.encode(x_b)[0], s_a).array\n"
         "    x_ab = gen_b.decode(gen_a.encode(x_a)[0], s_b).array\n"),
    ],
}
