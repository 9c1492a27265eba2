"""Report formats declared as data (see `xxgk.template`)."""
