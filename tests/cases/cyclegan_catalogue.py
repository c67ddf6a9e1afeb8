"""More test cases for topic 09_cyclegan: realistic mistakes, one per row with its hole class
(``cases.HOLE_CLASSES``), and correct answers written another way (``VARIANTS``)."""

MUTANTS = {
    "pytorch": [],
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
}
