"""Domain events (server/events.py): every event a domain announces is heard by the domain
that must react, once the app is made; an event nobody hears would silently drop a reaction
(a finding never routed, an email held back for ever)."""

from blinker import Signal

from server import events


def every_event() -> dict[str, Signal]:
    return {name: value for name, value in vars(events).items() if isinstance(value, Signal)}


def test_every_event_has_a_subscriber_once_the_app_is_made(app):
    assert every_event()
    unheard = [name for name, event in every_event().items() if not event.receivers]
    assert unheard == []


def test_making_a_second_app_subscribes_nobody_twice(app, make_app):
    before = {name: len(event.receivers) for name, event in every_event().items()}
    make_app()
    assert {name: len(event.receivers) for name, event in every_event().items()} == before
