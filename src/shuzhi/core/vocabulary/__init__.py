"""The shared vocabulary: one pure module per concept, each value with its Chinese label.

Models' choices, the engines' enums, forms, workbooks and pages all take their values and
labels from here, so a label can never differ between the form, the page, the export and the
engine. No Django import: the engines, the CLI and the benchmarks use the same classes.
"""
