"""Importers: training runs recorded by other frameworks, turned into traces.

- ``mlp.importers.sklearn``: record a scikit-learn ``MLPClassifier`` as it trains, or import
  a fitted one as a one-snapshot trace.
- ``mlp.importers.torch``: a recorder called inside a PyTorch training loop, for an
  ``nn.Sequential`` of ``Linear`` layers and activations. torch is imported only there;
  reading the trace afterwards needs NumPy alone.
- ``mlp.importers.jsonl``: a plain JSON-lines format any framework can write in a few lines.

Every importer writes the trace conventions (weights as (in, out), the core's activation
names, binary or softmax output) and records where the run came from in
``meta["producer"]`` and how it was mapped in ``meta["import"]``. See docs/trace-format.md.
"""
