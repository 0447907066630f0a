"""Signing in: the server's own words when it refuses, and a plain answer without a network."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_wrong_password_is_refused_in_swedish(phone, make_user):
    reporter = make_user("reporter")
    page = phone.page
    phone.open("/")
    page.fill("#signin-email", reporter.email)
    page.fill("#signin-password", "fel-lösenord")
    page.click("#signin-submit")
    expect(page.locator("#signin-error")).to_have_text(
        "Fel e-postadress eller lösenord, eller så är kontot avstängt."
    )
    expect(page.locator("#signin-password")).to_be_focused()
    expect(page.locator("body")).to_have_attribute("data-screen", "signin")


def test_signing_in_needs_a_network_and_says_so(phone, context, make_user):
    reporter = make_user("reporter")
    page = phone.page
    phone.open("/")
    context.set_offline(True)
    page.fill("#signin-email", reporter.email)
    page.fill("#signin-password", "korrekt-hast-batteri")
    page.click("#signin-submit")
    expect(page.locator("#signin-error")).to_contain_text("Du behöver nät för att logga in")


def test_the_session_lasts_across_restarts_without_a_network(phone, context, make_user):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    phone.wait_for_service_worker()
    context.set_offline(True)
    page = phone.page
    page.goto("/")  # the app is opened again, days later, with no coverage
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    expect(page.locator("body")).to_have_attribute("data-screen", "home")
    expect(page.locator("#home-title")).to_have_text("Hej Test reporter")
    expect(page.locator("#net-status")).to_be_visible()
