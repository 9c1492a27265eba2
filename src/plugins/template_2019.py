"""The 2019 trial format."""
from xxgk import hookimpl
from xxgk.templates.y2019 import TEMPLATE


@hookimpl
def xxgk_register_templates(registry):
    registry.add_template(TEMPLATE)
