"""The scenes' toolkit: one way to compute, draw and play each thing the chapters show.

- ``geometry``: pure NumPy (no manim): frames, clipping, sections, contours, Bezier paths.
- ``style``: one mapping from values to colours, and the font.
- ``plane``: the input plane's mobjects: PlaneFrame, ClassifierLine, Heatmap, ContourLine.
- ``clouds``: PointCloud (2-D and 3-D data), LineSet, ArrowField.
- ``readouts``: text and numbers: captions, headings, legends, NumberText, TrainingClock,
  LossCurve.
- ``network_graph``: NetworkGraph, the computational graph.
- ``hidden_space``: the warp's stages, projection to 3-D and the meta classifier's plane.
- ``backprop``: one data point's forward and backward pass, and the moment to show it.
- ``traces``, ``playback``, ``beats``: loading a trace, the trace scene and its player, and
  the beats a scene declares (caption, section, slide break).
- ``reading``, ``voice``: how long a caption stays up, and the voice that speaks it.

Importing ``scenes.toolkit`` or its ``geometry`` does not import manim.
"""
