"""What people sign in with: every test user (the make_user fixture) has this password."""

PASSWORD = "korrekt-hast-batteri"
