"""xxgk's builtin plugins, registered through the `xxgk` entry points like any third-party plugin."""
