"""The same architecture has the same parameter count and output shape in every framework."""

import numpy as np
import pytest

from course_utils import get_adapter
from course_utils.sources import load_reference, read_sections, topic_ids

FRAMEWORKS = ["pytorch", "keras", "chainer"]

# (topic, model, constructor arguments for an adapter, input shape as (H, W, C))
MODELS = [
    ("01_mlp_autoencoder", "MLPAutoencoder", lambda a: (a.image_shape(28, 28, 1), 64), (28, 28, 1)),
    ("01_mlp_autoencoder", "MLPAutoencoder", lambda a: (a.image_shape(32, 32, 3), 16), (32, 32, 3)),
    ("02_conv_autoencoder", "ConvEncoder", lambda a: (1,), (28, 28, 1)),
    ("02_conv_autoencoder", "ConvEncoder", lambda a: (1,), (30, 30, 1)),  # odd after pooling
    ("02_conv_autoencoder", "ConvDecoder", lambda a: (1,), (7, 7, 16)),
    ("02_conv_autoencoder", "ConvAutoencoder", lambda a: (3,), (32, 32, 3)),
]


def _measure(topic, name, arguments, shape, framework):
    adapter = get_adapter(framework)
    reference = load_reference(topic, framework)
    model = reference.place(getattr(reference, name)(*arguments(adapter)))
    output = adapter.call(model, adapter.to_layout(np.zeros((2, *shape), dtype=np.float32)))
    return adapter.count_parameters(model), tuple(adapter.from_layout(output).shape)


@pytest.mark.parametrize(("topic", "name", "arguments", "shape"), MODELS,
                         ids=[f"{m[1]}-{'x'.join(map(str, m[3]))}" for m in MODELS])
def test_parameter_count_and_output_shape_match(topic, name, arguments, shape):
    results = {fw: _measure(topic, name, arguments, shape, fw) for fw in FRAMEWORKS}
    assert len(set(results.values())) == 1, results


@pytest.mark.parametrize("topic", topic_ids())
def test_sections_and_exercises_match(topic):
    layouts = {}
    for framework in FRAMEWORKS:
        sections = read_sections(topic, framework)
        layouts[framework] = [(s.name, s.save, s.is_exercise) for s in sections.values()]
    assert layouts["keras"] == layouts["pytorch"] == layouts["chainer"]
