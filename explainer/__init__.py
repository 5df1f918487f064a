"""explainer: the pipeline and command line that train, import, render and export."""
