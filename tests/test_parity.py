"""The same architecture has the same parameter count and output shape in every framework."""

import numpy as np
import pytest
from cases import PARITY

from course_utils import get_adapter
from course_utils.sources import load_reference, read_sections, topic_ids

FRAMEWORKS = ["pytorch", "keras", "chainer"]


def _inputs(adapter, inputs):
    if callable(inputs):
        return inputs(adapter)
    return [adapter.to_layout(np.zeros((2, *shape), dtype=np.float32)) for shape in inputs]


def _measure(topic, name, arguments, inputs, framework):
    adapter = get_adapter(framework)
    reference = load_reference(topic, framework)
    model = reference.place(getattr(reference, name)(*arguments(adapter)))
    output = adapter.call(model, *_inputs(adapter, inputs))
    outputs = output if isinstance(output, tuple) else (output,)
    return adapter.count_parameters(model), tuple(adapter.from_layout(o).shape for o in outputs)


def _case_id(case):
    topic, name, _, inputs = case
    shapes = "custom" if callable(inputs) else "-".join("x".join(map(str, s)) for s in inputs)
    return f"{topic[:2]}-{name}-{shapes}"


@pytest.mark.parametrize(("topic", "name", "arguments", "inputs"), PARITY,
                         ids=[_case_id(c) for c in PARITY])
def test_parameter_count_and_output_shape_match(topic, name, arguments, inputs):
    results = {fw: _measure(topic, name, arguments, inputs, fw) for fw in FRAMEWORKS}
    assert len(set(results.values())) == 1, results


@pytest.mark.parametrize("topic", topic_ids())
def test_sections_and_exercises_match(topic):
    layouts = {}
    for framework in FRAMEWORKS:
        sections = read_sections(topic, framework)
        layouts[framework] = [(s.name, s.save, s.is_exercise) for s in sections.values()]
    assert layouts["keras"] == layouts["pytorch"] == layouts["chainer"]


def test_every_topic_has_parity_cases():
    assert {case[0] for case in PARITY} == set(topic_ids())
