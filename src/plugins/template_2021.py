"""The 2021 national format."""
from xxgk import hookimpl
from xxgk.templates.y2021 import TEMPLATE


@hookimpl
def xxgk_register_templates(registry):
    registry.add_template(TEMPLATE)
