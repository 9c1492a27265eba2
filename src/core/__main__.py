"""`python -m xxgk` is the `xxgk` command."""
from .cli import main

raise SystemExit(main())
