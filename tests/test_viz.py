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


def test_live_images_redraw_in_place(tmp_path, monkeypatch):
    monkeypatch.setenv(viz.FIGURES_VARIABLE, str(tmp_path))
    calls = []

    class Handle:
        def update(self, fig):
            calls.append("update")

    def display(fig, display_id):
        calls.append("display")
        return Handle()

    monkeypatch.setattr("IPython.display.display", display)
    grid = viz.LiveImages(columns=4, name="samples")
    for epoch in range(3):
        grid.update(np.full((8, 5, 5, 1), epoch / 2 - 0.5, np.float32), title=f"epoch {epoch}")
    assert calls == ["display", "update", "update"]
    assert [p.name for p in tmp_path.iterdir()] == ["samples.png"]
