"""The features: what rnncalc answers about a spec, each derived from the conventions (explain, layout,
port, diagram, check, solve, sweep, cost, compare) and batches of specs."""
