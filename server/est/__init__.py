"""EST (effektiv samordning för trygghet): the actions decided at the weekly meeting and their
follow-up (docs/est.md)."""
