"""Test cases for topic 06_conditional_gan: typical wrong answers and parity models."""

import numpy as np

_PT_G = ("latent_dim + num_classes, width)\n        ### END SOLUTION\n\n"
         "    def forward(self, z, one_hot):\n        ### BEGIN SOLUTION\n"
         "        zy = torch.cat([z, one_hot], dim=1)")
_PT_D = ("DCGANDiscriminator(channels + num_classes, image_size, width)\n        ### END SOLUTION\n\n"
         "    def forward(self, images, one_hot):\n        ### BEGIN SOLUTION\n"
         "        planes = label_planes(one_hot, images.shape[2], images.shape[3])  # (B, K, H, W)\n"
         "        xy = torch.cat([images, planes], dim=1)")
_PT_D_LOSS = "loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, one_hot))"
_PT_D_FAKE = "fake = generator(z, one_hot).detach()"
_PT_G_LOSS = "loss = generator_loss(discriminator(generator(z, one_hot), one_hot))"

_KERAS_G = ("latent_dim + num_classes, width)\n        ### END SOLUTION\n"
            "        self(keras.Input((latent_dim,)), keras.Input((num_classes,)))  # creates the weights\n\n"
            "    def call(self, z, one_hot, training=False):\n        ### BEGIN SOLUTION\n"
            "        zy = ops.concatenate([z, one_hot], axis=1)")
_KERAS_D = ("DCGANDiscriminator(channels + num_classes, image_size, width)\n        ### END SOLUTION\n"
            "        self(keras.Input((image_size, image_size, channels)), keras.Input((num_classes,)))\n\n"
            "    def call(self, images, one_hot, training=False):\n        ### BEGIN SOLUTION\n"
            "        planes = label_planes(one_hot, images.shape[1], images.shape[2])  # (B, H, W, K)\n"
            "        xy = ops.concatenate([images, planes], axis=-1)")
_KERAS_PLANES = ("planes = ops.expand_dims(ops.expand_dims(one_hot, 1), 1)  # (B, 1, 1, K)\n"
                 "    return ops.tile(planes, (1, height, width, 1))")
_KERAS_D_LOSS = ("loss = discriminator_loss(discriminator(real, one_hot, training=True),\n"
                 "                                  discriminator(fake, one_hot, training=True))")
_KERAS_D_FAKE = "fake = generator(z, one_hot, training=True)  # (B, H, W, C), made outside the tape"
_KERAS_G_LOSS = "loss = generator_loss(discriminator(fake, one_hot, training=True))"
_KERAS_G_FAKE = "        fake = generator(z, one_hot, training=True)  # (B, H, W, C)\n"

_CH_G = ("latent_dim + num_classes, width)\n        ### END SOLUTION\n\n"
         "    def forward(self, z, one_hot):\n        ### BEGIN SOLUTION\n"
         "        zy = F.concat([z, one_hot], axis=1)")
_CH_D = ("DCGANDiscriminator(channels + num_classes, image_size, width)\n        ### END SOLUTION\n\n"
         "    def forward(self, images, one_hot):\n        ### BEGIN SOLUTION\n"
         "        planes = label_planes(one_hot, images.shape[2], images.shape[3])  # (B, K, H, W)\n"
         "        xy = F.concat([images, planes], axis=1)")
_CH_PLANES = ("planes = F.reshape(one_hot, (batch, classes, 1, 1))  # (B, K, 1, 1)\n"
              "    return F.broadcast_to(planes, (batch, classes, height, width))")
_CH_D_LOSS = "loss = discriminator_loss(discriminator(real, one_hot), discriminator(fake, one_hot))"
_CH_D_FAKE = "fake = generator(z, one_hot).array"
_CH_G_LOSS = "loss = generator_loss(discriminator(generator(z, one_hot), one_hot))"

MUTANTS = {
    "pytorch": [
        ("conditional_gan.label_planes", "label_planes", "flat repeat then reshape mixes classes",
         "one_hot[:, :, None, None].expand(-1, -1, height, width)",
         "one_hot.repeat(1, height * width).view(-1, one_hot.shape[1], height, width)"),
        ("conditional_gan.label_planes", "label_planes", "channels last",
         "one_hot[:, :, None, None].expand(-1, -1, height, width)",
         "one_hot[:, None, None, :].expand(-1, height, width, -1)"),
        ("conditional_gan.label_planes", "label_planes", "label in the top-left pixel only",
         "one_hot[:, :, None, None].expand(-1, -1, height, width)",
         "F.pad(one_hot[:, :, None, None], (0, width - 1, 0, height - 1))"),
        ("conditional_gan.label_planes", "label_planes", "one plane with the class index",
         "one_hot[:, :, None, None].expand(-1, -1, height, width)",
         "one_hot.argmax(1).float()[:, None, None, None].expand(-1, 1, height, width)"),
        ("conditional_gan.label_planes", "label_planes", "height and width swapped",
         "expand(-1, -1, height, width)", "expand(-1, -1, width, height)"),
        ("conditional_gan.generator", "ConditionalGenerator", "one-hot label not concatenated to z",
         _PT_G, _PT_G.replace("latent_dim + num_classes", "latent_dim")
         .replace("torch.cat([z, one_hot], dim=1)", "z")),
        ("conditional_gan.generator", "ConditionalGenerator", "dense layer not widened for the label",
         "DCGANGenerator(channels, image_size, latent_dim + num_classes, width)",
         "DCGANGenerator(channels, image_size, latent_dim, width)"),
        ("conditional_gan.generator", "ConditionalGenerator", "class index instead of one-hot",
         _PT_G, _PT_G.replace("latent_dim + num_classes", "latent_dim + 1")
         .replace("[z, one_hot]", "[z, one_hot.argmax(1, keepdim=True).float()]")),
        ("conditional_gan.generator", "ConditionalGenerator", "concatenated along the batch axis",
         "torch.cat([z, one_hot], dim=1)", "torch.cat([z, one_hot], dim=0)"),
        ("conditional_gan.generator", "ConditionalGenerator", "noise replaced by the label",
         "torch.cat([z, one_hot], dim=1)", "torch.cat([torch.zeros_like(z), one_hot], dim=1)"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "label planes not concatenated",
         _PT_D, _PT_D.replace("channels + num_classes", "channels")
         .replace("torch.cat([images, planes], dim=1)", "images")),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "one plane with the class index",
         _PT_D, _PT_D.replace("channels + num_classes", "channels + 1")
         .replace("label_planes(one_hot,", "label_planes(one_hot.argmax(1, keepdim=True).float(),")),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "planes sized from NHWC axes",
         "label_planes(one_hot, images.shape[2], images.shape[3])",
         "label_planes(one_hot, images.shape[1], images.shape[2])"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "sigmoid on the logits",
         "return self.dcgan(xy)  # (B, 1) logits", "return torch.sigmoid(self.dcgan(xy))"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step", "fakes not detached",
         _PT_D_FAKE, "fake = generator(z, one_hot)"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "real images paired with shuffled labels",
         _PT_D_LOSS, _PT_D_LOSS.replace("(real, one_hot)", "(real, one_hot.flip(0))")),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "labels not passed to D for the fakes",
         _PT_D_LOSS, _PT_D_LOSS.replace("(fake, one_hot)", "(fake, torch.zeros_like(one_hot))")),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "fakes made for other labels than D is told",
         _PT_D_FAKE, "fake = generator(z, one_hot[torch.randperm(len(one_hot))]).detach()"),
        ("conditional_gan.generator_step", "conditional_generator_step", "labels not passed to D",
         _PT_G_LOSS, _PT_G_LOSS.replace("), one_hot))", "), torch.zeros_like(one_hot)))")),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "D told other labels than G was given",
         _PT_G_LOSS, _PT_G_LOSS.replace("), one_hot))", "), one_hot.flip(0)))")),
        ("conditional_gan.generator_step", "conditional_generator_step", "label not passed to G",
         _PT_G_LOSS, _PT_G_LOSS.replace("generator(z, one_hot)", "generator(z, torch.zeros_like(one_hot))")),
        ("conditional_gan.generator_step", "conditional_generator_step", "fakes detached",
         _PT_G_LOSS, _PT_G_LOSS.replace("generator(z, one_hot)", "generator(z, one_hot).detach()")),
    ],
    "keras": [
        ("conditional_gan.label_planes", "label_planes", "flat repeat then reshape mixes classes",
         _KERAS_PLANES, "planes = ops.repeat(one_hot, height * width, axis=1)\n"
         "    return ops.reshape(planes, (-1, height, width, one_hot.shape[-1]))"),
        ("conditional_gan.label_planes", "label_planes", "channels first",
         _KERAS_PLANES, "planes = ops.expand_dims(ops.expand_dims(one_hot, -1), -1)  # (B, K, 1, 1)\n"
         "    return ops.tile(planes, (1, 1, height, width))"),
        ("conditional_gan.label_planes", "label_planes", "label in the top-left pixel only",
         "return ops.tile(planes, (1, height, width, 1))",
         "return ops.pad(planes, ((0, 0), (0, height - 1), (0, width - 1), (0, 0)))"),
        ("conditional_gan.label_planes", "label_planes", "height and width swapped",
         "ops.tile(planes, (1, height, width, 1))", "ops.tile(planes, (1, width, height, 1))"),
        ("conditional_gan.generator", "ConditionalGenerator", "one-hot label not concatenated to z",
         _KERAS_G, _KERAS_G.replace("latent_dim + num_classes", "latent_dim")
         .replace("ops.concatenate([z, one_hot], axis=1)", "z")),
        ("conditional_gan.generator", "ConditionalGenerator", "class index instead of one-hot",
         _KERAS_G, _KERAS_G.replace("latent_dim + num_classes", "latent_dim + 1")
         .replace("[z, one_hot]", "[z, ops.cast(ops.argmax(one_hot, 1)[:, None], 'float32')]")),
        ("conditional_gan.generator", "ConditionalGenerator", "concatenated along the batch axis",
         "ops.concatenate([z, one_hot], axis=1)", "ops.concatenate([z, one_hot], axis=0)"),
        ("conditional_gan.generator", "ConditionalGenerator", "noise replaced by the label",
         "ops.concatenate([z, one_hot], axis=1)", "ops.concatenate([ops.zeros_like(z), one_hot], axis=1)"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "label planes not concatenated",
         _KERAS_D, _KERAS_D.replace("channels + num_classes", "channels")
         .replace("ops.concatenate([images, planes], axis=-1)", "images")),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "one plane with the class index",
         _KERAS_D, _KERAS_D.replace("channels + num_classes", "channels + 1")
         .replace("label_planes(one_hot,", "label_planes(ops.cast(ops.argmax(one_hot, 1)[:, None], "
                  "'float32'),")),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "stacked along the height axis",
         "ops.concatenate([images, planes], axis=-1)", "ops.concatenate([images, planes], axis=1)"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "sigmoid on the logits",
         "return self.dcgan(xy, training=training)  # (B, 1) logits",
         "return ops.sigmoid(self.dcgan(xy, training=training))"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "real images paired with shuffled labels",
         _KERAS_D_LOSS, _KERAS_D_LOSS.replace("(real, one_hot,", "(real, ops.flip(one_hot, 0),")),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "labels not passed to D for the fakes",
         _KERAS_D_LOSS, _KERAS_D_LOSS.replace("(fake, one_hot,", "(fake, ops.zeros_like(one_hot),")),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "fakes made for other labels than D is told",
         _KERAS_D_FAKE, _KERAS_D_FAKE.replace("(z, one_hot,", "(z, ops.flip(one_hot, 0),")),
        ("conditional_gan.generator_step", "conditional_generator_step", "labels not passed to D",
         _KERAS_G_LOSS, _KERAS_G_LOSS.replace("(fake, one_hot,", "(fake, ops.zeros_like(one_hot),")),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "D told other labels than G was given",
         _KERAS_G_LOSS, _KERAS_G_LOSS.replace("(fake, one_hot,", "(fake, ops.flip(one_hot, 0),")),
        ("conditional_gan.generator_step", "conditional_generator_step", "label not passed to G",
         _KERAS_G_FAKE, _KERAS_G_FAKE.replace("(z, one_hot,", "(z, ops.zeros_like(one_hot),")),
    ],
    "chainer": [
        ("conditional_gan.label_planes", "label_planes", "flat tile then reshape mixes classes",
         _CH_PLANES, "planes = F.tile(one_hot, (1, height * width))\n"
         "    return F.reshape(planes, (batch, classes, height, width))"),
        ("conditional_gan.label_planes", "label_planes", "channels last",
         _CH_PLANES, "planes = F.reshape(one_hot, (batch, 1, 1, classes))  # (B, 1, 1, K)\n"
         "    return F.broadcast_to(planes, (batch, height, width, classes))"),
        ("conditional_gan.label_planes", "label_planes", "label in the top-left pixel only",
         "return F.broadcast_to(planes, (batch, classes, height, width))",
         'return F.pad(planes, ((0, 0), (0, 0), (0, height - 1), (0, width - 1)), "constant")'),
        ("conditional_gan.label_planes", "label_planes", "height and width swapped",
         "(batch, classes, height, width))", "(batch, classes, width, height))"),
        ("conditional_gan.generator", "ConditionalGenerator", "one-hot label not concatenated to z",
         _CH_G, _CH_G.replace("latent_dim + num_classes", "latent_dim")
         .replace("F.concat([z, one_hot], axis=1)", "z")),
        ("conditional_gan.generator", "ConditionalGenerator", "class index instead of one-hot",
         _CH_G, _CH_G.replace("latent_dim + num_classes", "latent_dim + 1")
         .replace("[z, one_hot]", "[z, one_hot.argmax(1)[:, None].astype(np.float32)]")),
        ("conditional_gan.generator", "ConditionalGenerator", "concatenated along the batch axis",
         "F.concat([z, one_hot], axis=1)", "F.concat([z, one_hot], axis=0)"),
        ("conditional_gan.generator", "ConditionalGenerator", "noise replaced by the label",
         "F.concat([z, one_hot], axis=1)", "F.concat([z * 0, one_hot], axis=1)"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "label planes not concatenated",
         _CH_D, _CH_D.replace("channels + num_classes", "channels")
         .replace("F.concat([images, planes], axis=1)", "images")),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "one plane with the class index",
         _CH_D, _CH_D.replace("channels + num_classes", "channels + 1")
         .replace("label_planes(one_hot,", "label_planes(one_hot.argmax(1)[:, None].astype(np.float32),")),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "planes sized from NHWC axes",
         "label_planes(one_hot, images.shape[2], images.shape[3])",
         "label_planes(one_hot, images.shape[1], images.shape[2])"),
        ("conditional_gan.discriminator", "ConditionalDiscriminator", "sigmoid on the logits",
         "return self.dcgan(xy)  # (B, 1) logits", "return F.sigmoid(self.dcgan(xy))"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step", "fakes not detached",
         _CH_D_FAKE, "fake = generator(z, one_hot)"),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "real images paired with shuffled labels",
         _CH_D_LOSS, _CH_D_LOSS.replace("(real, one_hot)", "(real, one_hot[::-1])")),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "labels not passed to D for the fakes",
         _CH_D_LOSS, _CH_D_LOSS.replace("(fake, one_hot)", "(fake, one_hot * 0)")),
        ("conditional_gan.discriminator_step", "conditional_discriminator_step",
         "fakes made for other labels than D is told",
         _CH_D_FAKE, "fake = generator(z, one_hot[::-1]).array"),
        ("conditional_gan.generator_step", "conditional_generator_step", "labels not passed to D",
         _CH_G_LOSS, _CH_G_LOSS.replace("), one_hot))", "), one_hot * 0))")),
        ("conditional_gan.generator_step", "conditional_generator_step",
         "D told other labels than G was given",
         _CH_G_LOSS, _CH_G_LOSS.replace("), one_hot))", "), one_hot[::-1]))")),
        ("conditional_gan.generator_step", "conditional_generator_step", "label not passed to G",
         _CH_G_LOSS, _CH_G_LOSS.replace("generator(z, one_hot)", "generator(z, one_hot * 0)")),
        ("conditional_gan.generator_step", "conditional_generator_step", "fakes detached",
         _CH_G_LOSS, _CH_G_LOSS.replace("generator(z, one_hot)", "generator(z, one_hot).array")),
    ],
}


def _latent_and_labels(batch: int, latent_dim: int, classes: int):
    def inputs(adapter):
        z = np.random.default_rng(0).standard_normal((batch, latent_dim)).astype(np.float32)
        return [z, np.eye(classes, dtype=np.float32)[np.arange(batch) % classes]]

    return inputs


def _images_and_labels(batch: int, size: int, channels: int, classes: int):
    def inputs(adapter):
        images = np.zeros((batch, size, size, channels), np.float32)
        return [adapter.to_layout(images), np.eye(classes, dtype=np.float32)[np.arange(batch) % classes]]

    return inputs


PARITY = [
    ("ConditionalGenerator", lambda a: (1, 32, 10), _latent_and_labels(2, 100, 10)),
    ("ConditionalGenerator", lambda a: (3, 16, 4, 16, 0.25), _latent_and_labels(2, 16, 4)),
    ("ConditionalDiscriminator", lambda a: (1, 32, 10), _images_and_labels(2, 32, 1, 10)),
    ("ConditionalDiscriminator", lambda a: (3, 16, 4, 0.25), _images_and_labels(2, 16, 3, 4)),
]
