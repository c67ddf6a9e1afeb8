import numpy as np

from course_utils import viz


def test_grid_tiles_images_with_gaps_and_maps_signed_values():
    images = np.stack([np.full((4, 4, 1), v, np.float32) for v in (-1.0, 0.0, 1.0)])
    grid = viz.image_grid(images, columns=2)
    assert grid.shape == (2 * 5 - 1, 2 * 5 - 1, 1)
    np.testing.assert_allclose(grid[0, 0], 0.0)  # -1 shown as black
    np.testing.assert_allclose(grid[0, 5], 0.5)
    np.testing.assert_allclose(grid[5, 0], 1.0)


def test_figures_are_saved_when_collected(tmp_path, monkeypatch):
    monkeypatch.setenv(viz.FIGURES_VARIABLE, str(tmp_path))
    images = np.random.default_rng(0).uniform(size=(6, 8, 8, 3)).astype(np.float32)
    viz.show_images(images, columns=3, title="sample", name="Sample Grid")
    viz.show_reconstructions(images, images[::-1], name="recon")
    viz.LivePlot("loss", name="live").update({"loss": [1.0, 0.5]})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live.png", "recon.png", "sample-grid.png"]


def test_nothing_is_written_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv(viz.FIGURES_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    viz.plot_history({"loss": [2.0, 1.0]}, name="history")
    assert not list(tmp_path.iterdir())
