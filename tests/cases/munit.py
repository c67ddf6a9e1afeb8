"""Test cases for topic 10_munit: typical wrong answers and parity models."""

import numpy as np

_LN_TORCH = ("        flat = x.flatten(1)  # (B, C*H*W)\n"
             "        mean = flat.mean(1).view(-1, 1, 1, 1)\n"
             "        std = flat.std(1).view(-1, 1, 1, 1)  # unbiased, as torch.std is by default\n")
_LN_KERAS = ("        mean = ops.mean(x, axis=(1, 2, 3), keepdims=True)  # (B, 1, 1, 1)\n"
             "        n = ops.cast(ops.prod(ops.shape(x)[1:]), x.dtype)  # H*W*C values per image\n"
             "        std = ops.sqrt(ops.sum(ops.square(x - mean), axis=(1, 2, 3), keepdims=True)\n"
             "                       / (n - 1))  # unbiased, as torch.std is by default\n")
_LN_CHAINER = ("        n = x.size // len(x)  # C*H*W values per image\n"
               "        mean = F.mean(x, axis=(1, 2, 3), keepdims=True)  # (B, 1, 1, 1)\n"
               "        variance = F.sum(F.square(x - mean), axis=(1, 2, 3), keepdims=True) / (n - 1)"
               "  # unbiased\n")

_DECODER_TORCH = ("        x = content\n"
                  "        for i, block in enumerate(self.blocks):\n"
                  "            x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * "
                  "block.channels])\n"
                  "        return self.upsample(x)\n")
_DECODER_KERAS = ("        x = content\n"
                  "        for i, block in enumerate(self.blocks):\n"
                  "            x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * "
                  "block.channels],\n"
                  "                      training=training)\n"
                  "        return self.upsample(x, training=training)\n")

_G_LOSS_TORCH = ("    loss = (weights[\"gan\"] * (multiscale_lsgan_loss(dis_a(x_ba), True)\n"
                 "                              + multiscale_lsgan_loss(dis_b(x_ab), True))\n")
_D_LOSS_TORCH = ("    loss = gan_weight * (multiscale_lsgan_loss(dis_a(x_ba), False)\n"
                 "                         + multiscale_lsgan_loss(dis_a(x_a), True)\n"
                 "                         + multiscale_lsgan_loss(dis_b(x_ab), False)\n"
                 "                         + multiscale_lsgan_loss(dis_b(x_b), True))\n")
_D_LOSS_KERAS = ("        loss = gan_weight * (multiscale_lsgan_loss(dis_a(x_ba, training=True), False)\n"
                 "                             + multiscale_lsgan_loss(dis_a(x_a, training=True), True)\n"
                 "                             + multiscale_lsgan_loss(dis_b(x_ab, training=True), False)\n"
                 "                             + multiscale_lsgan_loss(dis_b(x_b, training=True), True))\n")
_D_LOSS_CHAINER = ("        loss = gan_weight * (multiscale_lsgan_loss(dis_a(x_ba), False)\n"
                   "                             + multiscale_lsgan_loss(dis_a(x_a), True)\n"
                   "                             + multiscale_lsgan_loss(dis_b(x_ab), False)\n"
                   "                             + multiscale_lsgan_loss(dis_b(x_b), True))\n")


def _swap_targets(text):
    return text.replace("False)", "@").replace("True)", "False)").replace("@", "True)")


MUTANTS = {
    "pytorch": [
        ("munit.layer_norm", "LayerNorm", "the biased std",
         "std = flat.std(1).view(-1, 1, 1, 1)", "std = flat.std(1, unbiased=False).view(-1, 1, 1, 1)"),
        ("munit.layer_norm", "LayerNorm", "eps under the square root",
         "x = (x - mean) / (std + self.eps)", "x = (x - mean) / torch.sqrt(std ** 2 + self.eps)"),
        ("munit.layer_norm", "LayerNorm", "each pixel over its channels",
         _LN_TORCH, "        mean = x.mean(1, keepdim=True)\n        std = x.std(1, keepdim=True)\n"),
        ("munit.layer_norm", "LayerNorm", "each channel over its pixels (instance norm)",
         _LN_TORCH,
         "        mean = x.mean((2, 3), keepdim=True)\n        std = x.std((2, 3), keepdim=True)\n"),
        ("munit.layer_norm", "LayerNorm", "the whole batch's statistics",
         _LN_TORCH, "        mean = x.mean()\n        std = x.std()\n"),
        ("munit.adain", "adain", "batch statistics",
         "    mu = x.mean((2, 3), keepdim=True)\n    var = x.var((2, 3), unbiased=False, keepdim=True)",
         "    mu = x.mean((0, 2, 3), keepdim=True)\n"
         "    var = x.var((0, 2, 3), unbiased=False, keepdim=True)"),
        ("munit.adain", "adain", "the unbiased variance",
         "var = x.var((2, 3), unbiased=False, keepdim=True)",
         "var = x.var((2, 3), unbiased=True, keepdim=True)"),
        ("munit.adain", "adain", "mean and std swapped",
         "return std[:, :, None, None] * (x - mu) / torch.sqrt(var + eps) + mean[:, :, None, None]",
         "return mean[:, :, None, None] * (x - mu) / torch.sqrt(var + eps) + std[:, :, None, None]"),
        ("munit.adain", "adain", "eps outside the root",
         "torch.sqrt(var + eps)", "(torch.sqrt(var) + eps)"),
        ("munit.adain", "adain", "the statistics detached",
         "    mu = x.mean((2, 3), keepdim=True)\n    var = x.var((2, 3), unbiased=False, keepdim=True)",
         "    mu = x.mean((2, 3), keepdim=True).detach()\n"
         "    var = x.var((2, 3), unbiased=False, keepdim=True).detach()"),
        ("munit.adain_res_block", "AdaINResBlock", "std and mean swapped",
         "mean1, std1, mean2, std2 = params.split(self.channels, dim=1)",
         "std1, mean1, std2, mean2 = params.split(self.channels, dim=1)"),
        ("munit.adain_res_block", "AdaINResBlock", "the two AdaINs' parameters swapped",
         "mean1, std1, mean2, std2 = params.split(self.channels, dim=1)",
         "mean2, std2, mean1, std1 = params.split(self.channels, dim=1)"),
        ("munit.adain_res_block", "AdaINResBlock", "ReLU after the sum",
         "return x + adain(self.conv2(h), mean2, std2)",
         "return torch.relu(x + adain(self.conv2(h), mean2, std2))"),
        ("munit.adain_res_block", "AdaINResBlock", "no residual",
         "return x + adain(self.conv2(h), mean2, std2)", "return adain(self.conv2(h), mean2, std2)"),
        ("munit.adain_res_block", "AdaINResBlock", "no ReLU between the AdaINs",
         "h = torch.relu(adain(self.conv1(x), mean1, std1))", "h = adain(self.conv1(x), mean1, std1)"),
        ("munit.decoder", "Decoder", "every block reads the first slice",
         "x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels])",
         "x = block(x, adain_params[:, :4 * block.channels])"),
        ("munit.decoder", "Decoder", "the slices read in reverse order",
         "x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels])",
         "j = len(self.blocks) - 1 - i\n"
         "            x = block(x, adain_params[:, 4 * j * block.channels:4 * (j + 1) * block.channels])"),
        ("munit.decoder", "Decoder", "upsampling before the blocks",
         _DECODER_TORCH,
         "        x = self.upsample(content)\n"
         "        for i, block in enumerate(self.blocks):\n"
         "            x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * "
         "block.channels])\n"
         "        return x\n"),
        ("munit.decoder", "Decoder", "the blocks skipped",
         "        return self.upsample(x)\n        ### END SOLUTION",
         "        return self.upsample(content)\n        ### END SOLUTION"),
        ("munit.decoder", "Decoder", "every block on the content code",
         "x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels])",
         "x = block(content, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels])"),
        ("munit.translate", "translate_with_styles", "the source's decoder",
         "        return gen_target.decode(content, styles)",
         "        return gen_source.decode(content, styles)"),
        ("munit.translate", "translate_with_styles", "the target's content encoder",
         "content, _ = gen_source.encode(images)  # the source's style is dropped",
         "content, _ = gen_target.encode(images)"),
        ("munit.translate", "translate_with_styles", "the image's own style",
         "        content, _ = gen_source.encode(images)  # the source's style is dropped\n"
         "        return gen_target.decode(content, styles)",
         "        content, style = gen_source.encode(images)\n"
         "        return gen_target.decode(content, style)"),
        ("munit.translate", "translate_with_styles", "the styles ignored",
         "        return gen_target.decode(content, styles)",
         "        return gen_target.decode(content, torch.zeros_like(styles))"),
        ("munit.translate", "translate_with_styles", "the content code returned too",
         "        return gen_target.decode(content, styles)",
         "        return gen_target.decode(content, styles), content"),
        ("munit.generator_step", "munit_generator_step", "styles against the images' own",
         "recon_loss(s_a_recon, s_a) + recon_loss(s_b_recon, s_b)",
         "recon_loss(s_a_recon, s_a_prime) + recon_loss(s_b_recon, s_b_prime)"),
        ("munit.generator_step", "munit_generator_step", "contents against the wrong codes",
         "recon_loss(c_a_recon, c_a) + recon_loss(c_b_recon, c_b)",
         "recon_loss(c_a_recon, c_b) + recon_loss(c_b_recon, c_a)"),
        ("munit.generator_step", "munit_generator_step", "translations by the wrong decoders",
         "x_ba, x_ab = gen_a.decode(c_b, s_a), gen_b.decode(c_a, s_b)  # translations",
         "x_ba, x_ab = gen_b.decode(c_b, s_a), gen_a.decode(c_a, s_b)"),
        ("munit.generator_step", "munit_generator_step", "the adversarial target 0",
         _G_LOSS_TORCH, _G_LOSS_TORCH.replace("True)", "False)")),
        ("munit.generator_step", "munit_generator_step", "recon_x's weight not applied",
         "+ weights[\"recon_x\"] * (recon_loss(x_a_recon, x_a)", "+ (recon_loss(x_a_recon, x_a)"),
        ("munit.generator_step", "munit_generator_step", "the cycle terms never added",
         "    if weights[\"recon_x_cyc\"] > 0:", "    if False:"),
        ("munit.generator_step", "munit_generator_step", "gradients never cleared",
         "    for optimizer in g_optimizers:\n        optimizer.zero_grad()\n", ""),
        ("munit.discriminator_step", "munit_discriminator_step", "the fakes not detached",
         "    with torch.no_grad():  # the fakes are inputs here: this step must not train the "
         "generators\n", "    if True:\n"),
        ("munit.discriminator_step", "munit_discriminator_step", "only the finest scale",
         _D_LOSS_TORCH, _D_LOSS_TORCH.replace("(x_ba)", "(x_ba)[:1]").replace("(x_a)", "(x_a)[:1]")
         .replace("(x_ab)", "(x_ab)[:1]").replace("(x_b)", "(x_b)[:1]")),
        ("munit.discriminator_step", "munit_discriminator_step", "real and fake targets swapped",
         _D_LOSS_TORCH, _swap_targets(_D_LOSS_TORCH)),
        ("munit.discriminator_step", "munit_discriminator_step", "gan_weight ignored",
         "    loss = gan_weight * (multiscale_lsgan_loss(dis_a(x_ba), False)",
         "    loss = 1.0 * (multiscale_lsgan_loss(dis_a(x_ba), False)"),
        ("munit.discriminator_step", "munit_discriminator_step", "gradients never cleared",
         "    for optimizer in d_optimizers:\n        optimizer.zero_grad()\n", ""),
    ],
    "keras": [
        ("munit.layer_norm", "LayerNorm", "the biased std",
         "                       / (n - 1))  # unbiased, as torch.std is by default",
         "                       / n)"),
        ("munit.layer_norm", "LayerNorm", "eps under the square root",
         "x = (x - mean) / (std + self.eps)", "x = (x - mean) / ops.sqrt(ops.square(std) + self.eps)"),
        ("munit.layer_norm", "LayerNorm", "each pixel over its channels, as LayerNormalization",
         _LN_KERAS, "        mean = ops.mean(x, axis=-1, keepdims=True)\n"
         "        std = ops.std(x, axis=-1, keepdims=True)\n"),
        ("munit.layer_norm", "LayerNorm", "each channel over its pixels (instance norm)",
         _LN_KERAS, "        mean = ops.mean(x, axis=(1, 2), keepdims=True)\n"
         "        n = ops.cast(ops.shape(x)[1] * ops.shape(x)[2], x.dtype)\n"
         "        std = ops.sqrt(ops.sum(ops.square(x - mean), axis=(1, 2), keepdims=True) / (n - 1))\n"),
        ("munit.layer_norm", "LayerNorm", "the whole batch's statistics",
         _LN_KERAS, "        mean = ops.mean(x)\n"
         "        std = ops.sqrt(ops.sum(ops.square(x - mean)) / (ops.cast(ops.size(x), x.dtype) - 1))\n"),
        ("munit.adain", "adain", "batch statistics",
         "    mu = ops.mean(x, axis=(1, 2), keepdims=True)  # (B, 1, 1, C)\n"
         "    var = ops.var(x, axis=(1, 2), keepdims=True)  # biased",
         "    mu = ops.mean(x, axis=(0, 1, 2), keepdims=True)\n"
         "    var = ops.var(x, axis=(0, 1, 2), keepdims=True)"),
        ("munit.adain", "adain", "the unbiased variance",
         "    var = ops.var(x, axis=(1, 2), keepdims=True)  # biased",
         "    n = ops.cast(ops.shape(x)[1] * ops.shape(x)[2], x.dtype)\n"
         "    var = ops.var(x, axis=(1, 2), keepdims=True) * n / (n - 1)"),
        ("munit.adain", "adain", "mean and std swapped",
         "return std[:, None, None, :] * (x - mu) / ops.sqrt(var + eps) + mean[:, None, None, :]",
         "return mean[:, None, None, :] * (x - mu) / ops.sqrt(var + eps) + std[:, None, None, :]"),
        ("munit.adain", "adain", "eps outside the root",
         "ops.sqrt(var + eps)", "(ops.sqrt(var) + eps)"),
        ("munit.adain", "adain", "a NumPy array returned",
         "return std[:, None, None, :] * (x - mu) / ops.sqrt(var + eps) + mean[:, None, None, :]",
         "return ops.convert_to_numpy(std[:, None, None, :] * (x - mu) / ops.sqrt(var + eps)\n"
         "                                + mean[:, None, None, :])"),
        ("munit.adain_res_block", "AdaINResBlock", "std and mean swapped",
         "mean1, std1, mean2, std2 = ops.split(params, 4, axis=1)",
         "std1, mean1, std2, mean2 = ops.split(params, 4, axis=1)"),
        ("munit.adain_res_block", "AdaINResBlock", "the two AdaINs' parameters swapped",
         "mean1, std1, mean2, std2 = ops.split(params, 4, axis=1)",
         "mean2, std2, mean1, std1 = ops.split(params, 4, axis=1)"),
        ("munit.adain_res_block", "AdaINResBlock", "ReLU after the sum",
         "return x + adain(self.conv2(h, training=training), mean2, std2)",
         "return ops.relu(x + adain(self.conv2(h, training=training), mean2, std2))"),
        ("munit.adain_res_block", "AdaINResBlock", "no residual",
         "return x + adain(self.conv2(h, training=training), mean2, std2)",
         "return adain(self.conv2(h, training=training), mean2, std2)"),
        ("munit.adain_res_block", "AdaINResBlock", "params behind stop_gradient",
         "ops.split(params, 4, axis=1)", "ops.split(ops.stop_gradient(params), 4, axis=1)"),
        ("munit.decoder", "Decoder", "every block reads the first slice",
         "x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels],",
         "x = block(x, adain_params[:, :4 * block.channels],"),
        ("munit.decoder", "Decoder", "the slices read in reverse order",
         "        for i, block in enumerate(self.blocks):\n"
         "            x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels],",
         "        for i, block in enumerate(self.blocks):\n"
         "            j = len(self.blocks) - 1 - i\n"
         "            x = block(x, adain_params[:, 4 * j * block.channels:4 * (j + 1) * block.channels],"),
        ("munit.decoder", "Decoder", "upsampling before the blocks",
         _DECODER_KERAS, _DECODER_KERAS.replace("x = content", "x = self.upsample(content, "
                                                "training=training)")
         .replace("return self.upsample(x, training=training)", "return x")),
        ("munit.decoder", "Decoder", "the blocks skipped",
         "return self.upsample(x, training=training)", "return self.upsample(content, training=training)"),
        ("munit.decoder", "Decoder", "adain_params behind stop_gradient",
         "        x = content\n        for i, block",
         "        x = content\n        adain_params = ops.stop_gradient(adain_params)\n"
         "        for i, block"),
        ("munit.translate", "translate_with_styles", "the source's decoder",
         "return gen_target.decode(content, styles, training=False)",
         "return gen_source.decode(content, styles, training=False)"),
        ("munit.translate", "translate_with_styles", "the target's content encoder",
         "content, _ = gen_source.encode(images, training=False)",
         "content, _ = gen_target.encode(images, training=False)"),
        ("munit.translate", "translate_with_styles", "the image's own style",
         "    content, _ = gen_source.encode(images, training=False)  # the source's style is dropped\n"
         "    return gen_target.decode(content, styles, training=False)",
         "    content, style = gen_source.encode(images, training=False)\n"
         "    return gen_target.decode(content, style, training=False)"),
        ("munit.translate", "translate_with_styles", "the styles ignored",
         "return gen_target.decode(content, styles, training=False)",
         "return gen_target.decode(content, ops.zeros_like(styles), training=False)"),
        ("munit.translate", "translate_with_styles", "a dict returned",
         "return gen_target.decode(content, styles, training=False)",
         "return {\"images\": gen_target.decode(content, styles, training=False)}"),
        ("munit.generator_step", "munit_generator_step", "styles against the images' own",
         "recon_loss(s_a_recon, s_a) + recon_loss(s_b_recon, s_b)",
         "recon_loss(s_a_recon, s_a_prime) + recon_loss(s_b_recon, s_b_prime)"),
        ("munit.generator_step", "munit_generator_step", "contents against the wrong codes",
         "recon_loss(c_a_recon, c_a) + recon_loss(c_b_recon, c_b)",
         "recon_loss(c_a_recon, c_b) + recon_loss(c_b_recon, c_a)"),
        ("munit.generator_step", "munit_generator_step", "translations by the wrong decoders",
         "        x_ba = gen_a.decode(c_b, s_a, training=True)  # translations\n"
         "        x_ab = gen_b.decode(c_a, s_b, training=True)",
         "        x_ba = gen_b.decode(c_b, s_a, training=True)\n"
         "        x_ab = gen_a.decode(c_a, s_b, training=True)"),
        ("munit.generator_step", "munit_generator_step", "the adversarial target 0",
         "        loss = (weights[\"gan\"] * (multiscale_lsgan_loss(dis_a(x_ba, training=True), True)\n"
         "                                  + multiscale_lsgan_loss(dis_b(x_ab, training=True), True))",
         "        loss = (weights[\"gan\"] * (multiscale_lsgan_loss(dis_a(x_ba, training=True), False)\n"
         "                                  + multiscale_lsgan_loss(dis_b(x_ab, training=True), False))"),
        ("munit.generator_step", "munit_generator_step", "recon_x's weight not applied",
         "+ weights[\"recon_x\"] * (recon_loss(x_a_recon, x_a)", "+ (recon_loss(x_a_recon, x_a)"),
        ("munit.generator_step", "munit_generator_step", "only gen_a's update applied",
         "    g_optimizers[1].apply_gradients(zip(gradients[len(a_variables):], b_variables, "
         "strict=True))\n", ""),
        ("munit.discriminator_step", "munit_discriminator_step", "only the finest scale",
         _D_LOSS_KERAS, _D_LOSS_KERAS.replace("training=True)", "training=True)[:1]")),
        ("munit.discriminator_step", "munit_discriminator_step", "real and fake targets swapped",
         _D_LOSS_KERAS, _swap_targets(_D_LOSS_KERAS)),
        ("munit.discriminator_step", "munit_discriminator_step", "gan_weight ignored",
         "        loss = gan_weight * (multiscale_lsgan_loss(dis_a(x_ba, training=True), False)",
         "        loss = (multiscale_lsgan_loss(dis_a(x_ba, training=True), False)"),
        ("munit.discriminator_step", "munit_discriminator_step", "the fakes made with swapped styles",
         "    x_ba = gen_a.decode(gen_b.encode(x_b, training=True)[0], s_a, training=True)\n"
         "    x_ab = gen_b.decode(gen_a.encode(x_a, training=True)[0], s_b, training=True)",
         "    x_ba = gen_a.decode(gen_b.encode(x_b, training=True)[0], s_b, training=True)\n"
         "    x_ab = gen_b.decode(gen_a.encode(x_a, training=True)[0], s_a, training=True)"),
        ("munit.discriminator_step", "munit_discriminator_step", "only dis_a's update applied",
         "    d_optimizers[1].apply_gradients(zip(gradients[len(a_variables):], b_variables, "
         "strict=True))\n", ""),
    ],
    "chainer": [
        ("munit.layer_norm", "LayerNorm", "the biased variance",
         "keepdims=True) / (n - 1)  # unbiased", "keepdims=True) / n"),
        ("munit.layer_norm", "LayerNorm", "eps under the square root",
         "x = (x - mean) / (F.sqrt(variance) + self.eps)", "x = (x - mean) / F.sqrt(variance + self.eps)"),
        ("munit.layer_norm", "LayerNorm", "each pixel over its channels",
         _LN_CHAINER, "        n = x.shape[1]\n"
         "        mean = F.mean(x, axis=1, keepdims=True)\n"
         "        variance = F.sum(F.square(x - mean), axis=1, keepdims=True) / (n - 1)\n"),
        ("munit.layer_norm", "LayerNorm", "each channel over its pixels (instance norm)",
         _LN_CHAINER, "        n = x.shape[2] * x.shape[3]\n"
         "        mean = F.mean(x, axis=(2, 3), keepdims=True)\n"
         "        variance = F.sum(F.square(x - mean), axis=(2, 3), keepdims=True) / (n - 1)\n"),
        ("munit.layer_norm", "LayerNorm", "the whole batch's statistics",
         _LN_CHAINER, "        n = x.size\n"
         "        mean = F.mean(x)\n"
         "        variance = F.sum(F.square(x - mean)) / (n - 1)\n"),
        ("munit.adain", "adain", "batch statistics",
         "    mu = F.mean(x, axis=(2, 3), keepdims=True)  # (B, C, 1, 1)\n"
         "    variance = F.mean(F.square(x - mu), axis=(2, 3), keepdims=True)  # biased",
         "    mu = F.mean(x, axis=(0, 2, 3), keepdims=True)\n"
         "    variance = F.mean(F.square(x - mu), axis=(0, 2, 3), keepdims=True)"),
        ("munit.adain", "adain", "the unbiased variance",
         "    variance = F.mean(F.square(x - mu), axis=(2, 3), keepdims=True)  # biased",
         "    n = x.shape[2] * x.shape[3]\n"
         "    variance = F.sum(F.square(x - mu), axis=(2, 3), keepdims=True) / (n - 1)"),
        ("munit.adain", "adain", "mean and std swapped",
         "return std[:, :, None, None] * (x - mu) / F.sqrt(variance + eps) + mean[:, :, None, None]",
         "return mean[:, :, None, None] * (x - mu) / F.sqrt(variance + eps) + std[:, :, None, None]"),
        ("munit.adain", "adain", "eps outside the root",
         "F.sqrt(variance + eps)", "(F.sqrt(variance) + eps)"),
        ("munit.adain", "adain", "the array, not the variable",
         "return std[:, :, None, None] * (x - mu) / F.sqrt(variance + eps) + mean[:, :, None, None]",
         "return (std[:, :, None, None] * (x - mu) / F.sqrt(variance + eps)\n"
         "            + mean[:, :, None, None]).array"),
        ("munit.adain_res_block", "AdaINResBlock", "std and mean swapped",
         "mean1, std1, mean2, std2 = F.split_axis(params, 4, axis=1)",
         "std1, mean1, std2, mean2 = F.split_axis(params, 4, axis=1)"),
        ("munit.adain_res_block", "AdaINResBlock", "the two AdaINs' parameters swapped",
         "mean1, std1, mean2, std2 = F.split_axis(params, 4, axis=1)",
         "mean2, std2, mean1, std1 = F.split_axis(params, 4, axis=1)"),
        ("munit.adain_res_block", "AdaINResBlock", "ReLU after the sum",
         "return x + adain(self.conv2(h), mean2, std2)",
         "return F.relu(x + adain(self.conv2(h), mean2, std2))"),
        ("munit.adain_res_block", "AdaINResBlock", "no residual",
         "return x + adain(self.conv2(h), mean2, std2)", "return adain(self.conv2(h), mean2, std2)"),
        ("munit.adain_res_block", "AdaINResBlock", "params' array: no gradient to the MLP",
         "F.split_axis(params, 4, axis=1)", "F.split_axis(chainer.as_array(params), 4, axis=1)"),
        ("munit.decoder", "Decoder", "every block reads the first slice",
         "x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels])",
         "x = block(x, adain_params[:, :4 * block.channels])"),
        ("munit.decoder", "Decoder", "the slices read in reverse order",
         "x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels])",
         "j = len(self.blocks) - 1 - i\n"
         "            x = block(x, adain_params[:, 4 * j * block.channels:4 * (j + 1) * block.channels])"),
        ("munit.decoder", "Decoder", "upsampling before the blocks",
         _DECODER_TORCH,
         "        x = self.upsample(content)\n"
         "        for i, block in enumerate(self.blocks):\n"
         "            x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * "
         "block.channels])\n"
         "        return x\n"),
        ("munit.decoder", "Decoder", "every block on the content code",
         "x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels])",
         "x = block(content, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels])"),
        ("munit.decoder", "Decoder", "the last slice for every block",
         "x = block(x, adain_params[:, 4 * i * block.channels:4 * (i + 1) * block.channels])",
         "x = block(x, adain_params[:, -4 * block.channels:])"),
        ("munit.translate", "translate_with_styles", "the source's decoder",
         "return gen_target.decode(content, styles).array",
         "return gen_source.decode(content, styles).array"),
        ("munit.translate", "translate_with_styles", "the target's content encoder",
         "content, _ = gen_source.encode(images)  # the source's style is dropped",
         "content, _ = gen_target.encode(images)"),
        ("munit.translate", "translate_with_styles", "the image's own style",
         "        content, _ = gen_source.encode(images)  # the source's style is dropped\n"
         "        return gen_target.decode(content, styles).array",
         "        content, style = gen_source.encode(images)\n"
         "        return gen_target.decode(content, style).array"),
        ("munit.translate", "translate_with_styles", "the styles ignored",
         "return gen_target.decode(content, styles).array",
         "return gen_target.decode(content, styles * 0).array"),
        ("munit.translate", "translate_with_styles", "the content and the style returned",
         "        content, _ = gen_source.encode(images)  # the source's style is dropped\n"
         "        return gen_target.decode(content, styles).array",
         "        content, style = gen_source.encode(images)\n"
         "        return gen_target.decode(content, styles).array, style"),
        ("munit.generator_step", "munit_generator_step", "styles against the images' own",
         "recon_loss(s_a_recon, s_a) + recon_loss(s_b_recon, s_b)",
         "recon_loss(s_a_recon, s_a_prime) + recon_loss(s_b_recon, s_b_prime)"),
        ("munit.generator_step", "munit_generator_step", "contents against the wrong codes",
         "recon_loss(c_a_recon, c_a) + recon_loss(c_b_recon, c_b)",
         "recon_loss(c_a_recon, c_b) + recon_loss(c_b_recon, c_a)"),
        ("munit.generator_step", "munit_generator_step", "translations by the wrong decoders",
         "x_ba, x_ab = gen_a.decode(c_b, s_a), gen_b.decode(c_a, s_b)  # translations",
         "x_ba, x_ab = gen_b.decode(c_b, s_a), gen_a.decode(c_a, s_b)"),
        ("munit.generator_step", "munit_generator_step", "the adversarial target 0",
         "        loss = (weights[\"gan\"] * (multiscale_lsgan_loss(dis_a(x_ba), True)\n"
         "                                  + multiscale_lsgan_loss(dis_b(x_ab), True))",
         "        loss = (weights[\"gan\"] * (multiscale_lsgan_loss(dis_a(x_ba), False)\n"
         "                                  + multiscale_lsgan_loss(dis_b(x_ab), False))"),
        ("munit.generator_step", "munit_generator_step", "the cycle weight not applied",
         "            loss = loss + weights[\"recon_x_cyc\"] * (", "            loss = loss + ("),
        ("munit.generator_step", "munit_generator_step", "gradients never cleared",
         "    gen_a.cleargrads()\n    gen_b.cleargrads()\n", ""),
        ("munit.discriminator_step", "munit_discriminator_step", "the fakes not detached",
         "    with chainer.no_backprop_mode():  # the generators' graph is not needed: the fakes are "
         "inputs\n"
         "        x_ba = gen_a.decode(gen_b.encode(x_b)[0], s_a).array  # (B, C, H, W), a plain array\n"
         "        x_ab = gen_b.decode(gen_a.encode(x_a)[0], s_b).array\n",
         "    x_ba = gen_a.decode(gen_b.encode(x_b)[0], s_a)\n"
         "    x_ab = gen_b.decode(gen_a.encode(x_a)[0], s_b)\n"),
        ("munit.discriminator_step", "munit_discriminator_step", "only the finest scale",
         _D_LOSS_CHAINER, _D_LOSS_CHAINER.replace("(x_ba)", "(x_ba)[:1]").replace("(x_a)", "(x_a)[:1]")
         .replace("(x_ab)", "(x_ab)[:1]").replace("(x_b)", "(x_b)[:1]")),
        ("munit.discriminator_step", "munit_discriminator_step", "real and fake targets swapped",
         _D_LOSS_CHAINER, _swap_targets(_D_LOSS_CHAINER)),
        ("munit.discriminator_step", "munit_discriminator_step", "gan_weight ignored",
         "        loss = gan_weight * (multiscale_lsgan_loss(dis_a(x_ba), False)",
         "        loss = (multiscale_lsgan_loss(dis_a(x_ba), False)"),
        ("munit.discriminator_step", "munit_discriminator_step", "gradients never cleared",
         "    dis_a.cleargrads()\n    dis_b.cleargrads()\n", ""),
    ],
}


def _images(side, channels):
    return [(side, side, channels)]


def _block_inputs(side, channels, blocks=1):
    """Images (or a content code) and AdaIN parameters (B, 4 x channels x blocks)."""
    def inputs(adapter):
        return [adapter.to_layout(np.zeros((2, side, side, channels), np.float32)),
                np.ones((2, 4 * channels * blocks), np.float32)]

    return inputs


PARITY = [
    ("LayerNorm", lambda a: (3,), _images(4, 3)),
    ("Conv2dBlock", lambda a: (3, 4, 3, 1, 1, "instance", "relu"), _images(8, 3)),
    ("Conv2dBlock", lambda a: (3, 4, 5, 1, 2, "layer", "relu"), _images(8, 3)),
    ("Conv2dBlock", lambda a: (2, 5, 4, 2, 1, "none", "lrelu"), _images(8, 2)),
    ("Conv2dBlock", lambda a: (4, 1, 7, 1, 3, "none", "tanh"), _images(8, 4)),
    ("ContentEncoder", lambda a: (2, 1, 3, 4), _images(16, 3)),
    ("StyleEncoder", lambda a: (4, 3, 4, 8), _images(32, 3)),
    ("MLP", lambda a: (8, 24, 16, 3), [(8,)]),
    ("AdaINResBlock", lambda a: (4,), _block_inputs(6, 4)),
    ("Decoder", lambda a: (2, 2, 8, 3), _block_inputs(4, 8, 2)),
    ("MsImageDis", lambda a: (3, 4, 2, 3), _images(32, 3)),  # a list of 3 score maps
    ("AdaINGen", lambda a: (3, 4, 3, 2, 2, 8), _images(32, 3)),  # decode(encode(x)): the smoke profile
]
