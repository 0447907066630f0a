from tests.places.conftest import make_area, make_property  # noqa: F401
