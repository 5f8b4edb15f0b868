"""Truth of the five real seed reports (copies of tests/fixtures/corpus/expected/*.json), shipped
as package data so the simulated web can serve them without the test tree."""
