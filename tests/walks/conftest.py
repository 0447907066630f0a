from tests.notify.conftest import mail_app, smtp  # noqa: F401
from tests.places.conftest import make_area, make_property  # noqa: F401
