"""More test cases for topic 02_conv_autoencoder: realistic mistakes, one per row with its hole class
(``cases.HOLE_CLASSES``), and correct answers written another way (``VARIANTS``).

Written as a learner would write them, to harden the graders; merged into ``MUTANTS`` by
``cases/__init__.py``.
"""
E, D = "conv_autoencoder.encoder", "conv_autoencoder.decoder"
EA, DA = "ConvEncoder", "ConvDecoder"

# ---------------------------------------------------------------- PyTorch reference texts
PT_C1 = "nn.Conv2d(channels, 32, kernel_size=3, padding=1),  # (B, 32, H, W)"
PT_P1 = "nn.MaxPool2d(2),  # (B, 32, H/2, W/2)"
PT_C2 = "nn.Conv2d(32, latent_channels, kernel_size=3, padding=1),  # (B, 16, H/2, W/2)"
PT_P2 = "nn.MaxPool2d(2),  # (B, 16, H/4, W/4)"
PT_ENC = (f"            {PT_C1}\n            nn.ReLU(),\n            {PT_P1}\n"
          f"            {PT_C2}\n            nn.ReLU(),\n            {PT_P2}\n")
PT_ENC_FWD = "    def forward(self, x):\n        ### BEGIN SOLUTION\n        return self.layers(x)"
PT_D1 = "nn.ConvTranspose2d(latent_channels, 32, kernel_size=2, stride=2),  # (B, 32, H/2, W/2)"
PT_D2 = "nn.ConvTranspose2d(32, channels, kernel_size=2, stride=2),  # (B, C, H, W)"
PT_DEC = f"            {PT_D1}\n            nn.ReLU(),\n            {PT_D2}\n"

# ---------------------------------------------------------------- Keras reference texts
K_C1 = 'layers.Conv2D(32, 3, padding="same", activation="relu"),  # (B, H, W, 32)'
K_P1 = "layers.MaxPooling2D(2),  # (B, H/2, W/2, 32)"
K_C2 = ('layers.Conv2D(latent_channels, 3, padding="same",\n'
        '                          activation="relu"),  # (B, H/2, W/2, 16)')
K_P2 = "layers.MaxPooling2D(2),  # (B, H/4, W/4, 16)"
K_ENC = f"            {K_C1}\n            {K_P1}\n            {K_C2}\n            {K_P2}\n"
K_D1 = 'layers.Conv2DTranspose(32, 2, strides=2, activation="relu"),  # (B, H/2, W/2, 32)'
K_D2 = "layers.Conv2DTranspose(channels, 2, strides=2),  # (B, H, W, C)"

# ---------------------------------------------------------------- Chainer reference texts
C_L1 = "self.conv1 = L.Convolution2D(channels, 32, ksize=3, pad=1)"
C_L2 = "self.conv2 = L.Convolution2D(32, latent_channels, ksize=3, pad=1)"
C_H1 = "h = F.relu(self.conv1(x))  # (B, 32, H, W)"
C_Q1 = "h = F.max_pooling_2d(h, 2, cover_all=False)  # (B, 32, H/2, W/2), rounding down"
C_H2 = "h = F.relu(self.conv2(h))  # (B, 16, H/2, W/2)"
C_Q2 = "return F.max_pooling_2d(h, 2, cover_all=False)  # (B, 16, H/4, W/4)"
C_ENC_FWD = f"        {C_H1}\n        {C_Q1}\n        {C_H2}\n        {C_Q2}"
C_ENC_ALL = ("with self.init_scope():\n            " + C_L1 + "\n            " + C_L2 + "\n"
             "        ### END SOLUTION\n        glorot_init(self)\n\n    def forward(self, x):\n"
             "        ### BEGIN SOLUTION\n" + C_ENC_FWD)
C_D1 = "self.deconv1 = L.Deconvolution2D(latent_channels, 32, ksize=2, stride=2)"
C_D2 = "self.deconv2 = L.Deconvolution2D(32, channels, ksize=2, stride=2)"
C_G1 = "h = F.relu(self.deconv1(z))  # (B, 32, H/2, W/2)"
C_G2 = "return self.deconv2(h)  # (B, C, H, W)"
C_DEC_ALL = ("with self.init_scope():\n            " + C_D1 + "\n            " + C_D2 + "\n"
             "        ### END SOLUTION\n        glorot_init(self)\n\n    def forward(self, z):\n"
             "        ### BEGIN SOLUTION\n        " + C_G1 + "\n        " + C_G2)

MUTANTS = {
    "pytorch": [
        # ---- encoder
        (E, EA, "latent_channels ignored: second convolution hard-coded to 16 filters",
         PT_C2, "nn.Conv2d(32, 16, kernel_size=3, padding=1),", 2),
        (E, EA, "channels ignored: first convolution hard-coded to 1 input channel (greyscale)",
         PT_C1, "nn.Conv2d(1, 32, kernel_size=3, padding=1),", 2),
        (E, EA, "sigmoid instead of ReLU before the code (bottleneck)",
         "            nn.ReLU(),\n            " + PT_P2,
         "            nn.Sigmoid(),\n            " + PT_P2, 3),
        (E, EA, "no ReLU after the first convolution",
         PT_C1 + "\n            nn.ReLU(),\n", PT_C1 + "\n", 3),
        (E, EA, "LeakyReLU(0.2) instead of ReLU before the code",
         "            nn.ReLU(),\n            " + PT_P2,
         "            nn.LeakyReLU(0.2),\n            " + PT_P2, 3),
        (E, EA, "average pooling instead of max-pooling",
         PT_ENC, PT_ENC.replace("nn.MaxPool2d(2)", "nn.AvgPool2d(2)"), 5),
        (E, EA, "stride-2 convolution instead of the first max-pooling",
         PT_C1 + "\n            nn.ReLU(),\n            " + PT_P1 + "\n",
         "nn.Conv2d(channels, 32, kernel_size=3, stride=2, padding=1),\n            nn.ReLU(),\n", 5),
        (E, EA, "filter counts swapped: latent_channels first, 32 at the code",
         PT_C1 + "\n            nn.ReLU(),\n            " + PT_P1 + "\n            " + PT_C2,
         "nn.Conv2d(channels, latent_channels, kernel_size=3, padding=1),\n"
         "            nn.ReLU(),\n            " + PT_P1 + "\n"
         "            nn.Conv2d(latent_channels, 32, kernel_size=3, padding=1),", 5),
        (E, EA, "code flattened to a vector (topic 01 habit)",
         PT_ENC_FWD, PT_ENC_FWD.replace("self.layers(x)", "self.layers(x).flatten(1)"), 5),
        (E, EA, "forward returns (code, features of the first block)",
         PT_ENC_FWD, PT_ENC_FWD.replace("return self.layers(x)",
                                        "features = self.layers[:3](x)\n"
                                        "        return self.layers[3:](features), features"), 6),
        # ---- decoder
        (D, DA, "latent_channels ignored: first transposed convolution hard-coded to 16 inputs",
         PT_D1, "nn.ConvTranspose2d(16, 32, kernel_size=2, stride=2),", 2),
        (D, DA, "channels ignored: output hard-coded to 1 channel (greyscale)",
         PT_D2, "nn.ConvTranspose2d(32, 1, kernel_size=2, stride=2),", 2),
        (D, DA, "ReLU on the output: it can never reach the -1 background",
         PT_D2, PT_D2 + "\n            nn.ReLU(),", 3),
        (D, DA, "sigmoid between the transposed convolutions instead of ReLU",
         PT_D1 + "\n            nn.ReLU(),", PT_D1 + "\n            nn.Sigmoid(),", 3),
        (D, DA, "LeakyReLU(0.2) between the transposed convolutions instead of ReLU",
         PT_D1 + "\n            nn.ReLU(),", PT_D1 + "\n            nn.LeakyReLU(0.2),", 3),
        (D, DA, "ReLU applied to the code before the first layer instead of between the layers",
         PT_DEC, "            nn.ReLU(),\n            " + PT_D1 + "\n            " + PT_D2 + "\n", 3),
        (D, DA, "sigmoid on the output: it can never reach -1",
         PT_D2, PT_D2 + "\n            nn.Sigmoid(),", 3),
        (D, DA, "kernel 4, stride 2, padding 1 (the DCGAN block) instead of kernel 2",
         PT_D1, "nn.ConvTranspose2d(latent_channels, 32, kernel_size=4, stride=2, padding=1),", 5),
        (D, DA, "last transposed convolution without bias",
         PT_D2, "nn.ConvTranspose2d(32, channels, kernel_size=2, stride=2, bias=False),", 5),
    ],
    "keras": [
        # ---- encoder
        (E, EA, "latent_channels ignored: second convolution hard-coded to 16 filters",
         "layers.Conv2D(latent_channels, 3,", "layers.Conv2D(16, 3,", 2),
        (E, EA, "keras.Input((28, 28, 1)) in the Sequential: channels ignored, input hard-coded to greyscale",
         "self.net = keras.Sequential([\n            " + K_C1,
         "self.net = keras.Sequential([\n            keras.Input((28, 28, 1)),\n            " + K_C1, 2),
        (E, EA, "sigmoid instead of ReLU before the code (bottleneck)",
         K_C2, 'layers.Conv2D(latent_channels, 3, padding="same", activation="sigmoid"),', 3),
        (E, EA, "no ReLU after the first convolution",
         K_C1, 'layers.Conv2D(32, 3, padding="same"),', 3),
        (E, EA, "Keras's leaky_relu (slope 0.2) before the code instead of ReLU",
         K_C2, 'layers.Conv2D(latent_channels, 3, padding="same", activation="leaky_relu"),', 3),
        (E, EA, "average pooling instead of max-pooling",
         K_ENC, K_ENC.replace("layers.MaxPooling2D(2)", "layers.AveragePooling2D(2)"), 5),
        (E, EA, "stride-2 convolution instead of the first max-pooling",
         K_C1 + "\n            " + K_P1,
         'layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),', 5),
        (E, EA, "filter counts swapped: latent_channels first, 32 at the code",
         K_ENC, K_ENC.replace("Conv2D(32, 3", "Conv2D(TMP, 3").replace(
             "Conv2D(latent_channels, 3", "Conv2D(32, 3").replace("Conv2D(TMP, 3",
                                                                  "Conv2D(latent_channels, 3"), 5),
        (E, EA, "channels_first data format (PyTorch habit) on NHWC images",
         K_ENC, K_ENC.replace('padding="same"', 'padding="same", data_format="channels_first"')
         .replace("MaxPooling2D(2)", 'MaxPooling2D(2, data_format="channels_first")'), 5),
        (E, EA, "code flattened to a vector (topic 01 habit)",
         K_P2, K_P2 + "\n            layers.Flatten(),", 5),
        # ---- decoder
        (D, DA, "channels ignored: output hard-coded to 1 channel (greyscale)",
         K_D2, "layers.Conv2DTranspose(1, 2, strides=2),", 2),
        (D, DA, "latent_channels ignored: input hard-coded to 7x7x16 codes with keras.Input",
         "self.net = keras.Sequential([\n            " + K_D1,
         "self.net = keras.Sequential([\n            keras.Input((7, 7, 16)),\n            " + K_D1, 2),
        (D, DA, "ReLU on the output: it can never reach the -1 background",
         K_D2, 'layers.Conv2DTranspose(channels, 2, strides=2, activation="relu"),', 3),
        (D, DA, "sigmoid between the transposed convolutions instead of ReLU",
         K_D1, 'layers.Conv2DTranspose(32, 2, strides=2, activation="sigmoid"),', 3),
        (D, DA, "Keras's leaky_relu (slope 0.2) between the layers instead of ReLU",
         K_D1, 'layers.Conv2DTranspose(32, 2, strides=2, activation="leaky_relu"),', 3),
        (D, DA, "ReLU applied to the code before the first layer instead of between the layers",
         K_D1, "layers.ReLU(),\n            layers.Conv2DTranspose(32, 2, strides=2),", 3),
        (D, DA, "sigmoid on the output: it can never reach -1",
         K_D2, 'layers.Conv2DTranspose(channels, 2, strides=2, activation="sigmoid"),', 3),
        (D, DA, "kernel 3, stride 2, padding same instead of kernel 2",
         K_D1, 'layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu"),', 5),
        (D, DA, "filter counts swapped: channels first, 32 at the output",
         K_D1 + "\n            " + K_D2,
         'layers.Conv2DTranspose(channels, 2, strides=2, activation="relu"),\n'
         "            layers.Conv2DTranspose(32, 2, strides=2),", 5),
    ],
    "chainer": [
        # ---- encoder
        (E, EA, "latent_channels ignored: second convolution hard-coded to 16 filters",
         C_L2, "self.conv2 = L.Convolution2D(32, 16, ksize=3, pad=1)", 2),
        (E, EA, "channels ignored: first convolution hard-coded to 1 input channel (greyscale)",
         C_L1, "self.conv1 = L.Convolution2D(1, 32, ksize=3, pad=1)", 2),
        (E, EA, "sigmoid instead of ReLU before the code (bottleneck)",
         C_H2, "h = F.sigmoid(self.conv2(h))", 3),
        (E, EA, "no ReLU after the first convolution",
         C_H1, "h = self.conv1(x)", 3),
        (E, EA, "F.leaky_relu (default slope 0.2) before the code instead of ReLU",
         C_H2, "h = F.leaky_relu(self.conv2(h))", 3),
        (E, EA, "average pooling instead of max-pooling",
         C_ENC_FWD, C_ENC_FWD.replace("F.max_pooling_2d(h, 2, cover_all=False)",
                                      "F.average_pooling_2d(h, 2)"), 5),
        (E, EA, "stride-2 convolution instead of the first max-pooling",
         C_ENC_ALL, C_ENC_ALL.replace("ksize=3, pad=1)\n            self.conv2",
                                      "ksize=3, stride=2, pad=1)\n            self.conv2")
         .replace(C_Q1 + "\n        ", ""), 5),
        (E, EA, "first block's features taken as .array: conv1 gets no gradient",
         C_H1, "h = F.relu(self.conv1(x)).array", 1),
        (E, EA, "code flattened to a vector (topic 01 habit)",
         C_Q2, "return F.reshape(F.max_pooling_2d(h, 2, cover_all=False), (len(x), -1))", 5),
        (E, EA, "forward returns (code, features of the first block)",
         C_Q2, "return F.max_pooling_2d(h, 2, cover_all=False), x", 6),
        # ---- decoder
        (D, DA, "latent_channels ignored: first deconvolution hard-coded to 16 inputs",
         C_D1, "self.deconv1 = L.Deconvolution2D(16, 32, ksize=2, stride=2)", 2),
        (D, DA, "channels ignored: output hard-coded to 1 channel (greyscale)",
         C_D2, "self.deconv2 = L.Deconvolution2D(32, 1, ksize=2, stride=2)", 2),
        (D, DA, "ReLU on the output: it can never reach the -1 background",
         C_G2, "return F.relu(self.deconv2(h))", 3),
        (D, DA, "sigmoid between the deconvolutions instead of ReLU",
         C_G1, "h = F.sigmoid(self.deconv1(z))", 3),
        (D, DA, "F.leaky_relu (slope 0.2) between the deconvolutions instead of ReLU",
         C_G1, "h = F.leaky_relu(self.deconv1(z))", 3),
        (D, DA, "ReLU applied to the code before the first layer instead of between the layers",
         C_G1, "h = self.deconv1(F.relu(z))", 3),
        (D, DA, "sigmoid on the output: it can never reach -1",
         C_G2, "return F.sigmoid(self.deconv2(h))", 3),
        (D, DA, "ksize 4, stride 2, pad 1 (the DCGAN block) instead of ksize 2",
         C_D1, "self.deconv1 = L.Deconvolution2D(latent_channels, 32, ksize=4, stride=2, pad=1)", 5),
        (D, DA, "last deconvolution without bias",
         C_D2, "self.deconv2 = L.Deconvolution2D(32, channels, ksize=2, stride=2, nobias=True)", 5),
    ],
}

VARIANTS = {
    "pytorch": [
        # ---- encoder
        (E, EA, "padding='same'", PT_ENC, PT_ENC.replace("padding=1", 'padding="same"')),
        (E, EA, "ReLU after the pooling (max-pooling and ReLU commute)",
         PT_ENC, (f"            {PT_C1}\n            {PT_P1}\n            nn.ReLU(),\n"
                  f"            {PT_C2}\n            {PT_P2}\n            nn.ReLU(),\n")),
        (E, EA, "MaxPool2d(kernel_size=2, stride=2) and in-place ReLU",
         PT_ENC, PT_ENC.replace("nn.MaxPool2d(2)", "nn.MaxPool2d(kernel_size=2, stride=2)")
         .replace("nn.ReLU()", "nn.ReLU(inplace=True)")),
        (E, EA, "two conv attributes and a functional forward",
         "        self.layers = nn.Sequential(\n" + PT_ENC + "        )\n        ### END SOLUTION\n"
         "        self.apply(glorot_init)\n\n" + PT_ENC_FWD,
         "        self.conv1 = nn.Conv2d(channels, 32, 3, padding=1)\n"
         "        self.conv2 = nn.Conv2d(32, latent_channels, 3, padding=1)\n"
         "        ### END SOLUTION\n        self.apply(glorot_init)\n\n"
         "    def forward(self, x):\n        ### BEGIN SOLUTION\n"
         "        x = nn.functional.max_pool2d(nn.functional.relu(self.conv1(x)), 2)\n"
         "        return nn.functional.max_pool2d(nn.functional.relu(self.conv2(x)), 2)"),
        (E, EA, "two Sequential blocks",
         "        self.layers = nn.Sequential(\n" + PT_ENC + "        )",
         "        self.layers = nn.Sequential(\n"
         "            nn.Sequential(nn.Conv2d(channels, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)),\n"
         "            nn.Sequential(nn.Conv2d(32, latent_channels, 3, padding=1), nn.ReLU(),\n"
         "                          nn.MaxPool2d(2)),\n        )"),
        # ---- decoder
        (D, DA, "tuples for kernel and stride", PT_DEC,
         PT_DEC.replace("kernel_size=2, stride=2", "kernel_size=(2, 2), stride=(2, 2)")),
        (D, DA, "in-place ReLU", PT_DEC, PT_DEC.replace("nn.ReLU()", "nn.ReLU(inplace=True)")),
        (D, DA, "two attributes and nn.functional.relu in forward",
         "        self.layers = nn.Sequential(\n" + PT_DEC + "        )\n        ### END SOLUTION\n"
         "        self.apply(glorot_init)\n\n    def forward(self, z):\n"
         "        ### BEGIN SOLUTION\n        return self.layers(z)",
         "        self.up1 = nn.ConvTranspose2d(latent_channels, 32, 2, 2)\n"
         "        self.up2 = nn.ConvTranspose2d(32, channels, 2, 2)\n"
         "        ### END SOLUTION\n        self.apply(glorot_init)\n\n    def forward(self, z):\n"
         "        ### BEGIN SOLUTION\n        return self.up2(nn.functional.relu(self.up1(z)))"),
        (D, DA, "explicit padding=0 and output_padding=0", PT_DEC,
         PT_DEC.replace("stride=2)", "stride=2, padding=0, output_padding=0)")),
    ],
    "keras": [
        # ---- encoder
        (E, EA, "separate layers.ReLU() layers",
         K_ENC, ('            layers.Conv2D(32, 3, padding="same"),\n            layers.ReLU(),\n'
                 f"            {K_P1}\n"
                 '            layers.Conv2D(latent_channels, 3, padding="same"),\n'
                 f"            layers.ReLU(),\n            {K_P2}\n")),
        (E, EA, "ReLU after the pooling (max-pooling and ReLU commute)",
         K_ENC, (f'            layers.Conv2D(32, 3, padding="same"),\n            {K_P1}\n'
                 '            layers.Activation("relu"),\n'
                 '            layers.Conv2D(latent_channels, 3, padding="same"),\n'
                 f'            {K_P2}\n            layers.Activation("relu"),\n')),
        (E, EA, "tuple kernel/pool sizes and the MaxPool2D alias",
         K_ENC, K_ENC.replace("Conv2D(32, 3,", "Conv2D(32, (3, 3),")
         .replace("Conv2D(latent_channels, 3,", "Conv2D(latent_channels, (3, 3),")
         .replace("MaxPooling2D(2)", "MaxPool2D(pool_size=(2, 2))")),
        (E, EA, "layers as attributes, chained in call",
         "        self.net = keras.Sequential([\n" + K_ENC + "        ])\n        ### END SOLUTION\n\n"
         "    def call(self, x):\n        ### BEGIN SOLUTION\n        return self.net(x)",
         '        self.conv1 = layers.Conv2D(32, 3, padding="same", activation="relu")\n'
         '        self.conv2 = layers.Conv2D(latent_channels, 3, padding="same", activation="relu")\n'
         "        self.pool = layers.MaxPooling2D(2)\n        ### END SOLUTION\n\n"
         "    def call(self, x):\n        ### BEGIN SOLUTION\n"
         "        return self.pool(self.conv2(self.pool(self.conv1(x))))"),
        (E, EA, "keras.Input with the channels argument and any spatial size",
         "self.net = keras.Sequential([\n            " + K_C1,
         "self.net = keras.Sequential([\n            keras.Input((None, None, channels)),\n"
         "            " + K_C1),
        # ---- decoder
        (D, DA, "separate layers.ReLU()", K_D1,
         "layers.Conv2DTranspose(32, 2, strides=2),\n            layers.ReLU(),"),
        (D, DA, "tuple kernel and strides, explicit activation=None", K_D1 + "\n            " + K_D2,
         'layers.Conv2DTranspose(32, (2, 2), strides=(2, 2), activation="relu"),\n'
         "            layers.Conv2DTranspose(channels, (2, 2), strides=(2, 2), activation=None),"),
        (D, DA, "layers.Activation('relu') and padding='valid' spelt out", K_D1,
         'layers.Conv2DTranspose(32, 2, strides=2, padding="valid"),\n'
         '            layers.Activation("relu"),'),
        (D, DA, "keras.Input with latent_channels and any spatial size",
         "self.net = keras.Sequential([\n            " + K_D1,
         "self.net = keras.Sequential([\n            keras.Input((None, None, latent_channels)),\n"
         "            " + K_D1),
    ],
    "chainer": [
        # ---- encoder
        (E, EA, "ReLU after the pooling (max-pooling and ReLU commute)",
         C_ENC_FWD,
         "        h = F.max_pooling_2d(self.conv1(x), 2, cover_all=False)\n"
         "        h = F.relu(h)\n"
         "        h = F.max_pooling_2d(self.conv2(h), 2, cover_all=False)\n"
         "        return F.relu(h)"),
        (E, EA, "positional ksize, stride, pad",
         C_L1 + "\n            " + C_L2,
         "self.conv1 = L.Convolution2D(channels, 32, 3, 1, 1)\n"
         "            self.conv2 = L.Convolution2D(32, latent_channels, 3, 1, 1)"),
        (E, EA, "explicit stride and tuple pooling window",
         C_ENC_FWD, C_ENC_FWD.replace("F.max_pooling_2d(h, 2, cover_all=False)",
                                      "F.max_pooling_2d(h, ksize=(2, 2), stride=2, cover_all=False)")),
        (E, EA, "nested one-line forward", C_ENC_FWD,
         "        pool = lambda h: F.max_pooling_2d(h, 2, cover_all=False)  # noqa: E731\n"
         "        return pool(F.relu(self.conv2(pool(F.relu(self.conv1(x))))))"),
        # ---- decoder
        (D, DA, "positional ksize and stride", C_D1 + "\n            " + C_D2,
         "self.deconv1 = L.Deconvolution2D(latent_channels, 32, 2, 2)\n"
         "            self.deconv2 = L.Deconvolution2D(32, channels, 2, 2)"),
        (D, DA, "explicit pad=0 and tuple ksize", C_D1 + "\n            " + C_D2,
         "self.deconv1 = L.Deconvolution2D(latent_channels, 32, ksize=(2, 2), stride=2, pad=0)\n"
         "            self.deconv2 = L.Deconvolution2D(32, channels, ksize=(2, 2), stride=2, pad=0)"),
        (D, DA, "one-line forward", C_G1 + "\n        " + C_G2,
         "return self.deconv2(F.relu(self.deconv1(z)))"),
        (D, DA, "chainer.Sequential(deconv, F.relu, deconv)", C_DEC_ALL,
         "with self.init_scope():\n            self.net = chainer.Sequential(\n"
         "                L.Deconvolution2D(latent_channels, 32, ksize=2, stride=2), F.relu,\n"
         "                L.Deconvolution2D(32, channels, ksize=2, stride=2))\n"
         "        ### END SOLUTION\n        glorot_init(self)\n\n    def forward(self, z):\n"
         "        ### BEGIN SOLUTION\n        return self.net(z)"),
    ],
}

# Found by the second independent catalogue (holdout): an accepted mistake, then a grader fix.
MUTANTS["chainer"].append(
    ("conv_autoencoder.decoder", "ConvDecoder", "dropout between the layers (active in training)",
     "h = F.relu(self.deconv1(z))", "h = F.dropout(F.relu(self.deconv1(z)), 0.2)", 5))
