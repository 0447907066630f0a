"""The safety survey (trygghetsundersökning): residents rate how safe a place feels, coordinators
run campaigns with a poster, and the results are shown per square of about 150 m, k-anonymous
(docs/survey.md)."""
