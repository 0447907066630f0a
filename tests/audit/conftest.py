from tests.places.conftest import make_area, make_property, make_rule, set_org  # noqa: F401
